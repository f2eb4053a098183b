"""Test doubles: a GitHub issues endpoint that behaves like the real one
(state filter, sort, since, per_page, Link with an after cursor, ETag and
304, deep-page 422) and a Snowpark session that records SQL."""

import hashlib
import json
import urllib.parse
from datetime import datetime, timedelta, timezone

from connector.github import Response


def http_date(seconds):
    base = datetime(2024, 1, 1, tzinfo=timezone.utc)
    return (base + timedelta(seconds=seconds)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def ts(seconds):
    base = datetime(2024, 1, 1, tzinfo=timezone.utc)
    return (base + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeGitHub:
    """Issues with GitHub's listing semantics: offset pages (`page`, or an
    `after` offset past max_page) over the live sorted list, so an edit
    between two requests shifts later items across a page boundary, exactly
    as on GitHub; single-issue GETs answering 410 for deleted and 301 for
    transferred issues; hooks that mutate before the Nth request."""

    def __init__(self, count=0, max_page=10):
        self.issues = {}
        self.gone = {}  # number -> ("deleted", None) or ("transferred", new html_url)
        self.clock = 0
        self.max_page = max_page
        self.requests = []
        self.faults = []  # responses served before real ones
        self.before_request = {}  # request index (1-based) -> callable
        for _ in range(count):
            self.create()

    def tick(self, seconds=600):
        # Ten minutes between events by default, longer than the default
        # lookback, so the lookback window covers only recent changes.
        self.clock += seconds
        return ts(self.clock)

    def create(self, pull_request=False, same_second=False):
        number = len(self.issues) + len(self.gone) + 1
        now = ts(self.clock) if same_second else self.tick()
        issue = {"id": 1000 + number, "number": number, "title": "Issue %d" % number, "state": "open",
                 "state_reason": None, "user": {"login": "octocat"}, "labels": [], "assignees": [],
                 "milestone": None, "comments": 0, "created_at": now, "updated_at": now, "closed_at": None,
                 "html_url": "https://github.com/o/r/issues/%d" % number, "body": "body"}
        if pull_request:
            issue["pull_request"] = {"url": "https://api.github.com/repos/o/r/pulls/%d" % number}
        self.issues[number] = issue
        return issue

    def update(self, number, same_second=False, **fields):
        issue = self.issues[number]
        issue.update(fields)
        issue["updated_at"] = ts(self.clock) if same_second else self.tick()
        return issue

    def close(self, number):
        return self.update(number, state="closed", state_reason="completed", closed_at=ts(self.clock + 1))

    def delete(self, number):
        self.issues.pop(number)
        self.gone[number] = ("deleted", None)

    def transfer(self, number, to="o/elsewhere"):
        self.issues.pop(number)
        self.gone[number] = ("transferred", "https://github.com/%s/issues/%d" % (to, number))

    def __call__(self, method, url, headers, timeout):
        self.requests.append((method, url, dict(headers)))
        hook = self.before_request.pop(len(self.requests), None)
        if hook:
            hook()
        if self.faults:
            return self.faults.pop(0)
        parts = urllib.parse.urlsplit(url)
        if parts.path == "/repos/o/r":
            return Response(200, {}, json.dumps({"id": 41, "full_name": "o/r"}).encode())
        if parts.path.startswith("/repositories/"):
            number = int(parts.path.rsplit("/", 1)[1])
            return Response(200, {}, json.dumps({"number": number, "html_url": self.gone[number][1]}).encode())
        tail = parts.path.rsplit("/issues", 1)[1] if "/issues" in parts.path else ""
        if tail.startswith("/"):
            return self._one(int(tail[1:]))
        q = dict(urllib.parse.parse_qsl(parts.query))
        state = q.get("state", "open")
        items = [i for i in self.issues.values() if state == "all" or i["state"] == state]
        if "since" in q:
            items = [i for i in items if i["updated_at"] >= q["since"]]
        key = "updated_at" if q.get("sort") == "updated" else "created_at"
        items.sort(key=lambda i: (i[key], i["id"]), reverse=q.get("direction", "desc") == "desc")
        per_page = min(100, int(q.get("per_page", 30)))
        if "after" in q:
            start = int(q["after"])
        else:
            page = int(q.get("page", 1))
            if page > self.max_page:
                return Response(422, {}, b'{"message":"Pagination with the page parameter is not supported for large datasets, please use cursor based pagination (after/before)"}')
            start = (page - 1) * per_page
        chunk = items[start:start + per_page]
        body = json.dumps(chunk).encode()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()
        if headers.get("If-None-Match") == etag:
            return Response(304, {"ETag": etag}, b"")
        out = {"ETag": etag, "x-ratelimit-remaining": "4999", "x-ratelimit-reset": "0", "Date": http_date(self.clock)}
        if start + per_page < len(items):
            nq = dict(q)
            nq.pop("page", None)
            nq.pop("after", None)
            next_page = start // per_page + 2
            if "after" in q or next_page > self.max_page:
                nq["after"] = str(start + per_page)
            else:
                nq["page"] = str(next_page)
            out["Link"] = '<%s?%s>; rel="next"' % (url.split("?")[0], urllib.parse.urlencode(nq))
        return Response(200, out, body)

    def _one(self, number):
        if number in self.issues:
            return Response(200, {}, json.dumps(self.issues[number]).encode())
        if number in self.gone:
            kind, _ = self.gone[number]
            if kind == "deleted":
                return Response(410, {}, b'{"message":"This issue was deleted"}')
            return Response(301, {"Location": "https://api.github.com/repositories/42/issues/%d" % number},
                            b'{"message":"Moved Permanently"}')
        return Response(404, {}, b'{"message":"Not Found"}')


class FakeClock:
    """Time for the run; a linked FakeGitHub's clock moves on with sleeps."""

    def __init__(self, github=None):
        self.t = 1_700_000_000.0
        self.slept = []
        self.github = github

    def now(self):
        return self.t

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.t += seconds
        if self.github is not None:
            self.github.clock += int(seconds)


class MemoryStore:
    """An ingest.Store keeping rows by id with the never-backwards rule."""

    def __init__(self):
        self.rows = {}
        self.merges = 0
        self.checkpoints = []
        self.runs = []
        self.removed = {}  # id -> (DELETED|TRANSFERRED, where)
        self.last_reconciled_at = None
        self.full_refresh_pending = False

    def merge_page(self, issues):
        self.merges += 1
        n = 0
        for issue in issues:
            old = self.rows.get(issue["id"])
            if old is None or issue["updated_at"] > old["updated_at"] or (issue["updated_at"] == old["updated_at"] and issue != old):
                self.rows[issue["id"]] = dict(issue)
                self.removed.pop(issue["id"], None)
                n += 1
        return n

    def checkpoint(self, cursor_value, etag, etag_url):
        self.checkpoints.append((cursor_value, etag, etag_url))

    def start_run(self, result):
        for run in self.runs:
            if run["state"] == "RUNNING":
                run["state"] = "INTERRUPTED"
        self.runs.append(result.as_dict())

    def record_run(self, result):
        self.runs[-1] = result.as_dict()

    def _to_verify(self, i):
        return i not in self.removed or self.removed[i][0] == "UNVERIFIED"

    def active_issues(self):
        return {row["number"]: i for i, row in self.rows.items() if self._to_verify(i)}

    def active_children(self):
        """{id: parent number}: a comment's issue, a review comment's or
        review's pull request, a pull request's own number."""
        def parent(row):
            url = row.get("issue_url") or row.get("pull_request_url")
            return int(url.rsplit("/", 1)[1]) if url else row["number"]
        return {i: parent(row) for i, row in self.rows.items() if self._to_verify(i)}

    def changed_pull_requests(self, after, upto, inclusive):
        """From issues_store (set it for a pull request or review store), as
        sql.select_changed_pull_requests (times as 'YYYY-MM-DD HH:MM:SS')."""
        def key(row):
            return row["updated_at"].replace("T", " ").rstrip("Z")
        rows = [r for r in self.issues_store.rows.values() if r.get("pull_request") and (after is None or key(r) > after) and
                (upto is None or (key(r) <= upto if inclusive else key(r) < upto))]
        rows.sort(key=lambda r: (r["updated_at"], r["number"]))
        return [(r["number"], r["updated_at"]) for r in rows]

    def unverified(self):
        return {i for i, (removal, _) in self.removed.items() if removal == "UNVERIFIED"}

    def restore(self, item_id):
        if self.removed.get(item_id, ("",))[0] == "UNVERIFIED":
            del self.removed[item_id]

    def removed_parents(self):
        """Set removed_issue_marks ({number: (removal, to)}) for a comments store."""
        return dict(getattr(self, "removed_issue_marks", {}))

    def mark_removed(self, issue_id, removal, transferred_to):
        # As sql.mark_removed: final markers stay; UNVERIFIED may become final.
        if issue_id not in self.removed or (self.removed[issue_id][0] == "UNVERIFIED" and removal != "UNVERIFIED"):
            self.removed[issue_id] = (removal, transferred_to)

    def reconciled(self, moment):
        self.last_reconciled_at = moment

    def full_refresh_done(self):
        self.full_refresh_pending = False

    def state(self):
        out = {"last_reconciled_at": self.last_reconciled_at, "full_refresh_pending": self.full_refresh_pending}
        if self.checkpoints:
            c, e, u = self.checkpoints[-1]
            out.update({"cursor": c, "etag": e, "etag_url": u})
        return out


class Row(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as err:
            raise AttributeError(name) from err


class FakeSession:
    """Records session.sql(query, params).collect(); answers with handlers."""

    def __init__(self, handlers=None):
        self.calls = []
        self.handlers = handlers or []

    def sql(self, query, params=None):
        session = self

        class _Result:
            def collect(self_inner):
                session.calls.append((query, list(params or [])))
                for match, answer in session.handlers:
                    if match in query:
                        return answer(query, params) if callable(answer) else answer
                return []
        return _Result()
