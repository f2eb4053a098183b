"""INGEST_DATA: incremental issue ingestion for one repository.

Per run: `state=all&sort=updated&direction=asc&per_page=100&since=<cursor -
lookback>`, following the Link rel="next" URL verbatim. Each page is
MERGEd on its own (one statement) and the cursor is checkpointed right
after it (one state write), so an interrupted run resumes where it
stopped. The first page is sent with If-None-Match, so an unchanged
repository costs one 304, which GitHub does not count against the quota.
Every run has a row in STATE.APP_STATE: RUNNING when it starts, its
outcome when it ends. A run that never ended (its process or Snowflake
stopped mid-run) is marked INTERRUPTED by the next run of the resource.
"""

import json
import time
import uuid

from . import cursor as cursors
from . import github
from . import retry
from .links import parse_link_header


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


class RunResult:
    def __init__(self, resource_id):
        self.run_id = str(uuid.uuid4())
        self.resource_id = resource_id
        self.state = "RUNNING"
        self.pages = 0
        self.requests = 0
        self.rows = 0
        self.error = None
        self.cursor = None
        self.started = None
        self.finished = None

    def as_dict(self):
        return {
            "run_id": self.run_id, "resource_id": self.resource_id, "state": self.state, "pages": self.pages,
            "requests": self.requests, "rows": self.rows, "cursor": self.cursor, "error": self.error,
            "duration_ms": int(round(((self.finished or 0) - (self.started or 0)) * 1000)),
        }


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


def fetch(transport, clock, settings, url, headers, result):
    """One logical request with retries. Returns (response, decision)."""
    attempt = 0
    while True:
        attempt += 1
        result.requests += 1
        response = transport("GET", url, headers, settings.timeout)
        detail = None
        if response.status is None and response.body:
            detail = response.body.decode("utf-8", "replace")[:200]
        decision = retry.decide(response.status, response.headers, attempt, clock.now(),
                                max_attempts=settings.max_attempts, max_wait=settings.max_wait, detail=detail)
        if decision.action != retry.RETRY:
            return response, decision
        clock.sleep(decision.wait)


def run(store, transport, clock, token, api_url, resource_id, state, settings):
    """Ingest one repository. state holds cursor, etag and etag_url."""
    from .sql import parse_resource_id

    result = RunResult(resource_id)
    result.started = clock.now()
    store.start_run(result)
    cursor_value = None if settings.full_refresh else state.get("cursor")
    etag = None if settings.full_refresh else state.get("etag")
    etag_url = state.get("etag_url")
    result.cursor = state.get("cursor")
    try:
        owner, repo = parse_resource_id(resource_id)
        since = cursors.since_for(cursor_value, settings.lookback_seconds)
        url = github.issues_url(api_url, owner, repo, since=since, per_page=settings.per_page)
        first_url = url
        first = True
        while url:
            headers = github.request_headers(token, etag if (first and etag and etag_url == url) else None)
            response, decision = fetch(transport, clock, settings, url, headers, result)
            if decision.action == retry.NOT_MODIFIED:
                result.state = "NOT_MODIFIED"
                break
            if decision.action == retry.STOP_RATE_LIMITED:
                result.state = "RATE_LIMITED"
                result.error = decision.reason + "; stopped at the last checkpoint, the next run resumes"
                break
            if decision.action == retry.FAIL:
                result.state = "FAILED"
                result.error = decision.reason
                break
            issues = json.loads(response.body.decode("utf-8") or "[]")
            if not isinstance(issues, list):
                raise ValueError("GitHub returned %s instead of a list of issues" % type(issues).__name__)
            result.pages += 1
            new_etag = None
            for key, value in response.headers.items():
                if key.lower() == "etag":
                    new_etag = value
            if issues:
                result.rows += store.merge_page(issues)
                cursor_value = cursors.advance(cursor_value, [i.get("updated_at") for i in issues])
            if first:
                # Remember the first page's validator: a quiet next run sends
                # the same URL (the cursor did not move) and gets a free 304.
                etag, etag_url = new_etag, first_url
            if issues or first:
                store.checkpoint(cursor_value, etag, etag_url)
            result.cursor = cursor_value
            first = False
            next_url = parse_link_header(_header(response.headers, "link")).get("next")
            if next_url and result.pages >= settings.max_pages:
                result.state = "PARTIAL"
                result.error = "stopped after %d pages; the next run continues from the checkpoint" % result.pages
                break
            url = next_url
        if result.state == "RUNNING":
            result.state = "SUCCEEDED"
    except Exception as err:  # recorded in APP_STATE, then re-raised by the caller
        result.state = "FAILED"
        result.error = "%s: %s" % (type(err).__name__, err)
    result.finished = clock.now()
    store.record_run(result)
    return result


def _header(headers, name):
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None
