"""INGEST_DATA: incremental ingestion of one repository's streams.

Each stream (streams.json) has its own cursor, ETag and run record, and
is read by its fetch rule. Listings with `since` (issues, comments, review
comments) are read by keyset, below; what follows says "issues" for any of
them. Pull requests and their reviews, which GitHub lists without
`since`, are read from what the issues stream stored (_sync_changed).

Paging is by keyset, never by offset over a moving order. Each request is
`state=all&sort=updated&direction=asc&per_page=100&since=S`; the next one
restarts with `since` = the newest `updated_at` of the page just read
(`since` is inclusive and the MERGE absorbs the repeats). An issue edited
mid-run moves to the end of the order, where a later request finds it,
and nothing shifts under a request that starts at a timestamp. Following
GitHub's Link next URLs (`page=N` or `after=` offsets) instead loses the
issues that slide across a page boundary when earlier ones are edited.

Only when a whole page shares one `updated_at` (a bulk edit) does the run
page by offset, and only inside that second: it reads the group's pages,
then reads them again until two passes see the same members, so an edit
that moved a member out mid-pass cannot hide another one.

The stored cursor only moves to a point before which everything has been
read: after a full page whose newest `updated_at` is T, everything before
T has been read, and T itself is re-read by the next request or run. Each
page is MERGEd on its own and checkpointed right after. The first request
is sent with If-None-Match, so an unchanged repository costs one 304,
which GitHub does not count against the quota.

Every run has a row in STATE.APP_STATE: RUNNING when it starts, its
outcome, mode and reconciliation counts when it ends. A run that never
ended is marked INTERRUPTED by the next run of the resource.

Reconciliation (see reconcile.py) finds issues deleted or transferred on
GitHub, which no listing shows again; it runs after a successful sync
when due (every `reconcile_interval_hours`, on request, or after a full
refresh).
"""

import json
import time
import uuid
from datetime import timedelta

from . import cursor as cursors
from . import github
from . import redact
from . import retry
from . import streams as declared

ISSUES = declared.ISSUES
STREAMS = declared.STREAMS

BACKFILL = "BACKFILL"
INCREMENTAL = "INCREMENTAL"
FULL_REFRESH = "FULL_REFRESH"


class Clock:
    def now(self):
        return time.time()

    def sleep(self, seconds):
        time.sleep(seconds)


class Settings:
    """Tunables, from the resource's options."""

    def __init__(self, options=None):
        options = options or {}
        self.lookback_seconds = int(options.get("lookback_seconds", cursors.DEFAULT_LOOKBACK_SECONDS))
        self.per_page = min(100, max(1, int(options.get("per_page", 100))))
        self.max_attempts = max(1, int(options.get("max_attempts", 5)))
        self.max_wait = float(options.get("max_wait_seconds", 60))
        self.max_pages = max(1, int(options.get("max_pages_per_run", 10000)))
        self.timeout = float(options.get("request_timeout_seconds", 30))
        self.full_refresh = bool(options.get("full_refresh", False))
        self.reconcile_interval_hours = float(options.get("reconcile_interval_hours", 24))
        if self.reconcile_interval_hours < 0:
            raise ValueError("reconcile_interval_hours must be 0 (never by period) or more")
        self.max_group_passes = max(2, int(options.get("max_group_passes", 6)))


class RunResult:
    def __init__(self, resource_id, stream=None):
        self.run_id = str(uuid.uuid4())
        self.resource_id = resource_id
        self.stream = (stream or ISSUES).name
        self.state = "RUNNING"
        self.mode = INCREMENTAL
        self.pages = 0
        self.requests = 0
        self.rows = 0
        self.error = None
        self.cursor = None
        self.started = None
        self.finished = None
        self.reconcile = None  # a reconcile.Counts when a reconciliation ran

    def stop(self, state, error):
        # The one place a run's error is set: scrubbed here, recorded as is.
        self.state, self.error = state, redact.scrub(error)

    def as_dict(self):
        out = {
            "run_id": self.run_id, "resource_id": self.resource_id, "stream": self.stream, "state": self.state, "mode": self.mode,
            "pages": self.pages, "requests": self.requests, "rows": self.rows, "cursor": self.cursor, "error": self.error,
            "duration_ms": int(round(((self.finished or 0) - (self.started or 0)) * 1000)),
        }
        out["reconcile"] = self.reconcile.as_dict() if self.reconcile is not None else None
        return out


class Store:
    """What ingestion needs from Snowflake; the procedure passes a Snowpark-backed one."""

    def merge_page(self, issues):  # returns rows merged
        raise NotImplementedError

    def checkpoint(self, cursor_value, etag, etag_url):
        raise NotImplementedError

    def start_run(self, result):
        """Mark earlier runs that never ended, then record this one as RUNNING."""

    def record_run(self, result):
        raise NotImplementedError

    def full_refresh_done(self):
        """Clear a requested full refresh once one has completed."""

    def active_issues(self):
        """{number: id} of the stored issues to verify: not marked, or
        marked UNVERIFIED."""
        raise NotImplementedError

    def active_children(self):
        """{id: parent number} of the stored rows to verify (a comment's
        issue, a review comment's pull request)."""
        raise NotImplementedError

    def changed_pull_requests(self, after, upto, inclusive):
        """[(number, updated_at)] of the stored issues that are pull
        requests changed after `after` (exclusive, None: all) and up to
        `upto` (inclusive or not, None: no bound), oldest change first;
        updated_at as GitHub wrote it."""
        raise NotImplementedError

    def unverified(self):
        """The ids of this stream's rows marked UNVERIFIED."""
        raise NotImplementedError

    def removed_parents(self):
        """{number: (DELETED|TRANSFERRED|UNVERIFIED, transferred_to)} of the
        parent stream's marked rows (the issues, for comments): children
        follow them."""
        raise NotImplementedError

    def mark_removed(self, item_id, removal, transferred_to):
        """Mark a stored item DELETED, TRANSFERRED or UNVERIFIED; its raw
        JSON stays. DELETED and TRANSFERRED are final; UNVERIFIED may later
        become either."""
        raise NotImplementedError

    def restore(self, item_id):
        """Clear an UNVERIFIED marker: the item is readable again."""
        raise NotImplementedError

    def reconciled(self, moment):
        """Record when the last complete reconciliation ended (ISO UTC)."""


class Fetcher:
    """Requests with retries, redirects and the run's counters. Every URL it
    sends the token to is on the configured API (api_url): a redirect or a
    Link elsewhere is refused, never followed."""

    def __init__(self, transport, clock, settings, token, result, api_url=None):
        self.transport, self.clock, self.settings, self.token, self.result = transport, clock, settings, token, result
        self.api_url = api_url
        self.repository_id = None  # learned from a rename's redirect, or looked up (reconcile.py)

    def _bearer(self):
        """The token for the next request: a personal access token (a str,
        or a source read lazily from the secret), or an App installation
        token (appauth.InstallationTokens), minted when none is cached or
        the cached one is about to expire."""
        if not hasattr(self.token, "token"):
            return redact.checked_token(self.token, "GitHub token secret") if self.token else self.token
        before = self.token.mints
        token = self.token.token()
        self.result.requests += self.token.mints - before
        return token

    def get(self, url, etag=None):
        """One logical request with retries. Returns (response, decision)."""
        if self.api_url is not None and not github.within_api(self.api_url, url):
            raise ValueError("refused to send the token to %s: not under the configured GitHub API URL" % url)
        attempt = 0
        while True:
            attempt += 1
            self.result.requests += 1
            response = self.transport("GET", url, github.request_headers(self._bearer(), etag), self.settings.timeout)
            if response.status == 401 and hasattr(self.token, "refresh_after_401") and self.token.refresh_after_401():
                continue  # an installation token that expired mid-run: mint once more
            detail = None
            if response.status is None and response.body:
                detail = redact.scrub(response.body.decode("utf-8", "replace")[:200])
            decision = retry.decide(response.status, response.headers, attempt, self.clock.now(),
                                    max_attempts=self.settings.max_attempts, max_wait=self.settings.max_wait, detail=detail)
            if decision.action != retry.RETRY:
                return response, decision
            self.clock.sleep(decision.wait)

    # How many requests one logical request may take, redirects followed.
    MAX_HOPS = 4

    def get_following(self, url, follow, etag=None):
        """get(), following each redirect whose target follow(url, target)
        accepts, up to MAX_HOPS requests: (url answered, response,
        decision). A redirect not followed (or one too many) is returned
        as it is, for the caller to classify."""
        for hop in range(self.MAX_HOPS):
            response, decision = self.get(url, etag)
            if decision.action != retry.REDIRECT:
                break
            location = header(response.headers, "location")
            target = github.urljoin(url, location) if location else None
            if not target or not follow(url, target) or hop == self.MAX_HOPS - 1:
                break
            url = target
        return url, response, decision

    def listing(self, url, etag=None):
        """A page of a listing: (response, items), following a repository
        rename's redirect on the API. items is None when the run must
        stop; the result then says why. A 304 gives (response, [])."""
        url, response, decision = self.get_following(url, self._follow_listing, etag)
        if decision.action == retry.REDIRECT:
            location = header(response.headers, "location")
            target = github.urljoin(url, location) if location else None
            if target and self.on_api(url, target):
                self.result.stop("FAILED", "too many redirects from %s" % url)
            else:
                self.result.stop("FAILED", "%s to %r: not followed off the API host" % (decision.reason, location))
            return response, None
        return response, self._items(response, decision)

    def _follow_listing(self, url, target):
        """A listing follows redirects on the API. It is redirected only by
        a rename: the target names the repository by id, which tells a
        later single item's redirect within the repository from a transfer
        out of it."""
        if not self.on_api(url, target):
            return False
        self.repository_id = github.repository_id_of(self.api_url, target) or self.repository_id
        return True

    def on_api(self, url, target):
        """Whether target (absolute) may receive the token: on the
        configured API, or, without one, on url's scheme and host."""
        if self.api_url is not None:
            return github.within_api(self.api_url, target)
        return github.same_origin(url, target)

    def _items(self, response, decision):
        if decision.action == retry.NOT_MODIFIED:
            return []
        if decision.action == retry.STOP_RATE_LIMITED:
            self.result.stop("RATE_LIMITED", decision.reason + "; stopped at the last checkpoint, the next run resumes")
            return None
        if decision.action != retry.OK:
            self.result.stop("FAILED", decision.reason)
            return None
        items = json.loads(response.body.decode("utf-8") or "[]")
        if not isinstance(items, list):
            raise ValueError("GitHub returned %s instead of a list" % type(items).__name__)
        return items


def run(store, transport, clock, token, api_url, resource_id, state, settings, stream=ISSUES, bound=None):
    """Ingest one stream of one repository. state holds the stream's
    cursor, etag and etag_url, and optionally full_refresh_pending,
    reconcile_pending, last_reconciled_at. bound is the issues stream's
    result of this run, for the streams read from what it stored."""
    from .sql import parse_resource_id
    from . import reconcile

    result = RunResult(resource_id, stream)
    result.started = clock.now()
    # full_refresh (an option) ignores the cursor on every run; a requested
    # one (resync_trigger) had its cursor cleared by UPDATE_RESOURCE, so an
    # interrupted full refresh resumes from its checkpoint.
    full = settings.full_refresh
    pending = bool(state.get("full_refresh_pending"))
    result.mode = FULL_REFRESH if full or pending else (INCREMENTAL if state.get("cursor") else BACKFILL)
    result.cursor = state.get("cursor")
    store.start_run(result)
    try:
        owner, repo = parse_resource_id(resource_id)
        fetcher = Fetcher(transport, clock, settings, token, result, github.normalize_api_url(api_url))
        due = reconcile.due(state, settings, clock.now(), result.mode)
        rule = stream.fetch["rule"]
        if rule == "keyset":
            listing = lambda api, o, r, **q: github.listing_url(api, o, r, stream.fetch["path"], stream.fetch.get("params"), **q)  # noqa: E731
            _sync(store, fetcher, settings, listing, api_url, owner, repo, state, result, full)
        else:
            # A stream reconciled by reading everything again does so on
            # its fetch rule, ignoring its cursor.
            _sync_changed(store, fetcher, settings, stream, api_url, owner, repo, state, result,
                          full or (due and stream.reconcile == "reread"), bound)
        if result.state in ("SUCCEEDED", "NOT_MODIFIED"):
            if pending:
                store.full_refresh_done()
            if due:
                reconcile.run(store, fetcher, api_url, owner, repo, result, clock, stream)
            elif not state.get("last_reconciled_at"):
                # The first complete sync has just read every item: the
                # reconciliation period starts now.
                store.reconciled(cursors.format_epoch(clock.now()))
    except Exception as err:  # recorded in APP_STATE, then re-raised by the caller
        result.stop("FAILED", redact.describe(err))
    result.finished = clock.now()
    store.record_run(result)
    return result


def run_streams(stores, transport, clock, token, api_url, resource_id, states, settings, streams, bound=None):
    """One run of a repository: each stream in run order (issues first:
    its reconciliation marks the issues other streams follow, and pull
    requests are read from what it stored), each with its own store,
    state and result; a rate limit ends the run, the streams after it
    wait for the next one. Returns {stream: result}. bound is the issues
    run that bounds the streams read from its rows when issues are not
    among streams (a test runs streams one at a time)."""
    results = {}
    for name in streams:
        result = run(stores[name], transport, clock, token, api_url, resource_id, states[name], settings, STREAMS[name],
                     results.get("issues", bound))
        results[name] = result
        if result.state == "RATE_LIMITED":
            break
    return results


def _sync(store, fetcher, settings, listing, api_url, owner, repo, state, result, full):
    cursor_value = None if full else state.get("cursor")
    etag = None if full else state.get("etag")
    etag_url = state.get("etag_url")
    per_page = settings.per_page
    since = cursors.since_for(cursor_value, settings.lookback_seconds)
    first = True

    def read(url, conditional=None):
        response, items = fetcher.listing(url, conditional)
        if items is None or response.status == 304:
            return response, items
        result.pages += 1
        if items:
            result.rows += store.merge_page(items)
        return response, items

    while True:
        url = listing(api_url, owner, repo, since=since, per_page=per_page)
        response, issues = read(url, etag if (first and etag and etag_url == url) else None)
        if issues is None:
            return
        if response.status == 304:
            result.state = "NOT_MODIFIED"
            return
        if first:
            # Remember the first page's validator: a quiet next run sends
            # the same URL (the cursor did not move) and gets a free 304.
            # Only a short page is the whole answer: the ETag of a full one
            # says nothing of the pages after it, where changes arrive.
            etag, etag_url = (header(response.headers, "etag"), url) if len(issues) < per_page else (None, None)
            first = False
        stamps = [cursors.parse_timestamp(i.get("updated_at")) for i in issues]
        if len(issues) == per_page and min(stamps) == max(stamps):
            # A whole page in one second: read the group by offset until
            # stable, then go on by keyset from the next second (the page
            # on which the group ended came by offset, so it proves nothing
            # about what follows).
            moment = issues[0].get("updated_at")
            cursor_value = cursors.advance(cursor_value, [moment])
            store.checkpoint(cursor_value, etag, etag_url)
            result.cursor = cursor_value
            if not _read_group(read, fetcher.clock, settings, lambda **q: listing(api_url, owner, repo, **q), issues,
                               server_time(response), result):
                return
            since = cursors.format_timestamp(min(stamps) + timedelta(seconds=1))
            continue
        newest = cursors.format_timestamp(max(stamps)) if issues else None
        if newest:
            # A full page: everything before `newest` has been read. A short
            # page: everything up to it has.
            cursor_value = cursors.advance(cursor_value, [newest])
        store.checkpoint(cursor_value, etag, etag_url)
        result.cursor = cursor_value
        if len(issues) < per_page:
            result.state = "SUCCEEDED"
            return
        if result.pages >= settings.max_pages:
            result.stop("PARTIAL", "stopped after %d pages; the next run continues from the checkpoint" % result.pages)
            return
        since = newest


def _read_group(read, clock, settings, url_for, first_page, first_date, result):
    """Read every item updated in the second of first_page (all of which
    share it) by offset pages of `since` = that second, pass after pass
    until two passes see the same members. Returns True when every member
    has been read, False when the run stopped (the result says why).

    Once GitHub's clock (its Date header) is past that second, members can
    only leave it (an edit moves them to now). A departure can only hide an
    issue when the departed one was already read in that pass, and it is
    then missing from the next pass; so two equal passes, the first begun
    after the second had closed, prove nothing was hidden. While the second
    is still current, issues edited in it join the group anywhere, even
    behind the pages already read, so no pass can be trusted yet."""
    moment = first_page[0].get("updated_at")
    at = cursors.parse_timestamp(moment)
    previous, previous_closed = None, False
    for attempt in range(settings.max_group_passes):
        members, page_no, page, began = set(), 1, None, first_date
        if attempt == 0:
            page = first_page
        while True:
            if page is None:
                if result.pages >= settings.max_pages:
                    result.stop("PARTIAL", "stopped after %d pages inside the %s updated at %s; the next run reads them again"
                                % (result.pages, result.stream, moment))
                    return False
                response, page = read(url_for(since=moment, per_page=settings.per_page, page=page_no))
                if page is None:
                    return False
                if page_no == 1:
                    began = server_time(response)
            inside = [i for i in page if cursors.parse_timestamp(i.get("updated_at")) == at]
            members.update(i.get("id") for i in inside)
            if len(page) < settings.per_page or len(inside) < len(page):
                break
            page_no, page = page_no + 1, None
        if members == previous and previous_closed:
            return True
        closed = began is not None and began.replace(microsecond=0) > at
        if members == previous and not closed:
            clock.sleep(1)  # the second is still current on GitHub: let it end
        previous, previous_closed = members, closed
    result.stop("PARTIAL", "the %d %s updated at %s kept changing while they were read (%d passes); the next run reads them again"
                % (len(previous or ()), result.stream, moment, settings.max_group_passes))
    return False


def _sync_changed(store, fetcher, settings, stream, api_url, owner, repo, state, result, full, bound):
    """Pull requests (or their reviews) whose issue changed, one GET each.

    GitHub lists pull requests without `since`, by offset pages that move
    while people work. But a pull request is an issue, and every change to
    it (an edit, a push, a review requested or submitted, a review
    comment, a merge, a close) moves its issue's updated_at, which the
    issues stream reads by keyset. So this stream reads nothing but the
    pull requests that the issues stream stored with an updated_at after
    this stream's cursor, oldest first, each with one GET (GET /pulls/{n},
    or its reviews' pages).

    Why nothing is lost. Say a pull request changed at T after this
    stream's cursor C (T > C). (1) The issues stream stores its issue with
    updated_at >= T: once its own cursor passes T, its proof says it has
    read every issue changed before; until then, `bound` (its result of
    this run) keeps this stream below: up to its cursor when its run
    completed, before it otherwise. (2) Whatever is stored within bounds
    after C is fetched; the GET answers with the pull request as it is at
    that moment, T's change included. (3) The cursor moves to a stored
    updated_at U only when every pull request stored at or before U has
    been fetched, and only when the GET's Date (GitHub's clock) was past
    U's second: a change later than that GET gets an updated_at after U.
    A pull request changed again within U's second, after its GET, would
    otherwise be missed; so an unsettled one holds the cursor back and is
    fetched again next run. The only requests are one per changed pull
    request (GitHub's 304-free listing of issues says which changed); a
    quiet repository costs none.

    What does not move the pull request's updated_at (a dismissed review,
    an edited review body) arrives when the pull request next changes, or
    at the reviews' reconciliation, which reads every pull request's
    reviews again (full)."""
    issues_done = bound is not None and bound.state in ("SUCCEEDED", "NOT_MODIFIED")
    upto = cursors.parse_timestamp(bound.cursor) if bound is not None and bound.cursor else None
    if upto is None:  # the issues stream has stored nothing yet
        if issues_done:
            result.state = "SUCCEEDED"
        else:
            result.stop("PARTIAL", "waiting for the issues stream, which has not completed a run")
        return
    cursor_value = None if full else state.get("cursor")
    after = cursors.parse_timestamp(cursor_value) if cursor_value else None
    candidates = store.changed_pull_requests(_sql_time(after), _sql_time(upto), issues_done)
    url = github.item_url
    page, safe, blocked = [], cursor_value, False
    for k, (number, updated) in enumerate(candidates):
        at = cursors.parse_timestamp(updated)
        if stream.fetch["rule"] == "changed_pull_requests":
            _, response, decision = fetcher.get_following(url(api_url, owner, repo, stream.fetch["item"], number=number), fetcher.on_api)
            items = [json.loads(response.body.decode("utf-8"))] if decision.action == retry.OK else None
        else:
            response, items = _read_all_pages(fetcher, url(api_url, owner, repo, stream.fetch["path"], number=number) +
                                              "?per_page=%d" % settings.per_page, settings)
            decision = None
        if items is None:
            if not _stop_for(fetcher, result, response, decision, number):
                return
            continue
        page.extend(i for i in items if i.get(stream.updated))
        date = server_time(response)
        if date is None or date.replace(microsecond=0) <= at:
            blocked = True  # its second was still open on GitHub: fetch it again next run
        last_of_second = k + 1 == len(candidates) or candidates[k + 1][1] != updated
        if last_of_second and not blocked:
            safe = cursors.format_timestamp(at)
        if len(page) >= settings.per_page or k + 1 == len(candidates):
            if page:
                result.rows += store.merge_page(page)
            result.pages += 1
            page = []
            store.checkpoint(safe, None, None)
            result.cursor = safe
            if result.pages >= settings.max_pages and k + 1 < len(candidates):
                result.stop("PARTIAL", "stopped after %d pages; the next run continues from the checkpoint" % result.pages)
                return
    if issues_done:
        result.state = "SUCCEEDED"
    else:
        result.stop("PARTIAL", "read up to where the issues stream got this run (%s); the next run goes on" % bound.state)


def _sql_time(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment is not None else None


def _stop_for(fetcher, result, response, decision, number):
    """A pull request that could not be read: 404 (gone from the token's
    view) is skipped; anything else stops the run (False)."""
    if response is not None and response.status == 404:
        return True
    if response is not None and response.status == 403:
        result.stop("FAILED", "HTTP 403 reading pull request #%d: a GitHub App needs the Pull requests permission "
                    "(read-only) for the %s stream" % (number, result.stream))
        return False
    if decision is not None and decision.action == retry.STOP_RATE_LIMITED:
        result.stop("RATE_LIMITED", decision.reason + "; stopped at the last checkpoint, the next run resumes")
    elif result.state == "RUNNING":
        result.stop("FAILED", "reading pull request #%d: %s" % (number, decision.reason if decision else "failed"))
    return False


def _read_all_pages(fetcher, url, settings):
    """Every item of a short per-item listing (a pull request's reviews),
    following Link next on the API: (last response, items), or (response,
    None) when it could not be read (the result says why, unless 404)."""
    from .links import parse_link_header
    items, seen, response = [], set(), None
    while url and url not in seen and len(seen) < settings.max_pages:
        seen.add(url)
        url, response, decision = fetcher.get_following(url, fetcher.on_api)
        if decision.action != retry.OK:
            if decision.action == retry.STOP_RATE_LIMITED:
                fetcher.result.stop("RATE_LIMITED", decision.reason + "; stopped at the last checkpoint, the next run resumes")
            elif response.status not in (403, 404):
                fetcher.result.stop("FAILED", decision.reason)
            return response, None
        items.extend(json.loads(response.body.decode("utf-8") or "[]"))
        following = parse_link_header(header(response.headers, "link")).get("next")
        target = github.urljoin(url, following) if following else None
        url = target if target and fetcher.on_api(url, target) else None
    return response, items


def server_time(response):
    """GitHub's clock, from the response's Date header (None without one)."""
    from email.utils import parsedate_to_datetime

    value = header(response.headers if response is not None else None, "date")
    try:
        return parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


header = github.header
