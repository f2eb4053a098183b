"""INGEST_DATA: incremental ingestion of one repository's streams.

Each stream (issues; comments, the repository-wide issue comment listing)
is read the same way, with its own cursor, ETag and run record; what
follows says "issues" for either.

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

class Stream:
    """What a stream lists: its name (as in the `streams` option), its
    listing URL (keyset-paged by updated_at) and the noun for messages."""

    def __init__(self, name, listing, noun):
        self.name, self.listing, self.noun = name, listing, noun


ISSUES = Stream("issues", github.issues_url, "issues")
COMMENTS = Stream("comments", github.comments_url, "comments")
STREAMS = {s.name: s for s in (ISSUES, COMMENTS)}

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

    def active_comments(self):
        """{comment id: issue number} of the stored comments to verify."""
        raise NotImplementedError

    def unverified(self):
        """The ids of this stream's rows marked UNVERIFIED."""
        raise NotImplementedError

    def removed_issues(self):
        """{number: (DELETED|TRANSFERRED|UNVERIFIED, transferred_to)} of the
        issues reconciliation has marked: their comments follow them."""
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


def run(store, transport, clock, token, api_url, resource_id, state, settings, stream=ISSUES):
    """Ingest one stream of one repository. state holds the stream's
    cursor, etag and etag_url, and optionally full_refresh_pending,
    reconcile_pending, last_reconciled_at."""
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
        _sync(store, fetcher, settings, stream.listing, api_url, owner, repo, state, result, full)
        if result.state in ("SUCCEEDED", "NOT_MODIFIED"):
            if pending:
                store.full_refresh_done()
            if reconcile.due(state, settings, clock.now(), result.mode):
                reconcile.run(store, fetcher, api_url, owner, repo, result, clock, stream.name)
            elif not state.get("last_reconciled_at"):
                # The first complete sync has just read every issue: the
                # reconciliation period starts now.
                store.reconciled(cursors.format_epoch(clock.now()))
    except Exception as err:  # recorded in APP_STATE, then re-raised by the caller
        result.stop("FAILED", redact.describe(err))
    result.finished = clock.now()
    store.record_run(result)
    return result


def run_streams(stores, transport, clock, token, api_url, resource_id, states, settings, streams):
    """One run of a repository: each stream in turn (issues first, whose
    reconciliation marks the issues the comments' reconciliation follows),
    each with its own store, state and result; a rate limit ends the run,
    the streams after it wait for the next one. Returns {stream: result}."""
    results = {}
    for name in streams:
        result = run(stores[name], transport, clock, token, api_url, resource_id, states[name], settings, STREAMS[name])
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


def server_time(response):
    """GitHub's clock, from the response's Date header (None without one)."""
    from email.utils import parsedate_to_datetime

    value = header(response.headers if response is not None else None, "date")
    try:
        return parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


header = github.header
