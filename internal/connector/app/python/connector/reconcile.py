"""Reconciliation: find issues (and comments) deleted or transferred on GitHub.

No listing shows a deleted or transferred issue again, so an incremental
sync never learns of them. Reconciliation lists the repository's current
issue numbers (`sort=created&direction=asc`: creation order does not move
when issues are edited, so following the Link next URLs is safe here; an
issue deleted mid-listing can make the listing skip another, which the
check below then finds alive), and checks each stored issue missing from
the listing with a single-issue GET:

* 410 Gone: deleted. The row is marked DELETED.
* 301 Moved Permanently: transferred. The row is marked TRANSFERRED, with
  where it went (the new issue's html_url when the token can read it,
  else the redirect's URL), at the cost of one more request.
* 200: still here (the listing skipped it); its latest version is merged.
* 404: the token cannot tell. GitHub answers 404 for an issue transferred
  to (or deleted from) a repository the token cannot read, which is every
  transfer for an installation token scoped to one repository. A 404 is
  never read as a deletion: the row is marked UNVERIFIED (hidden from the
  view like the others, kept in the _ALL view) and its comments follow it.
  An UNVERIFIED row is checked again at each reconciliation: listed or
  readable again, its marker is cleared; answered 410 or 301 once the
  token can tell, it gets that marker.

Marked rows keep their raw JSON; the view hides them and the _ALL view
shows them with the markers. Cost: ceil(N / 100) listing requests for N
issues and pull requests, plus one per missing issue and one more per
transfer, all counted in the run's REQUESTS and RECONCILE_REQUESTS.
"""

import json

from . import cursor as cursors
from . import github
from . import retry
from . import sql
from .links import parse_link_header


class Counts:
    def __init__(self):
        self.requests = 0
        self.listed = 0
        self.missing = 0
        self.deleted = 0
        self.transferred = 0
        self.unverified = 0
        self.complete = False

    def as_dict(self):
        return {"requests": self.requests, "listed": self.listed, "missing": self.missing, "deleted": self.deleted,
                "transferred": self.transferred, "unverified": self.unverified, "complete": self.complete}


def due(state, settings, now, mode):
    """A reconciliation runs on request, after a requested full refresh
    (resync_trigger), and when the period has passed since the last one; the
    first complete sync (which has just read every issue) starts the period.
    The full_refresh option, which rereads everything on every run, does not
    reconcile each time: it keeps to the period like an incremental run."""
    if state.get("reconcile_pending") or mode == "FULL_REFRESH" and state.get("full_refresh_pending"):
        return True
    last = cursors.parse_timestamp(state.get("last_reconciled_at"))
    if settings.reconcile_interval_hours <= 0 or last is None:
        return False
    return now - last.timestamp() >= settings.reconcile_interval_hours * 3600


def run(store, fetcher, api_url, owner, repo, result, clock, stream=None):
    """Reconcile one stream (default: issues) by its declared rule (streams.py)."""
    from . import streams as declared
    stream = stream or declared.ISSUES
    counts = result.reconcile = Counts()
    before = result.requests
    rule = {"issues": _reconcile, "comments": _reconcile_children, "parent": _follow_parent, "reread": _reread}[stream.reconcile]
    try:
        if rule(store, fetcher, api_url, owner, repo, result, counts, stream):
            counts.complete = True
            store.reconciled(cursors.format_epoch(clock.now()))
        elif result.error:
            result.error = "reconciliation stopped: " + result.error
    finally:
        counts.requests = result.requests - before


def _list_all(fetcher, url, key):
    """The set of `key` over every page of a creation-order listing,
    following Link next; None when the run had to stop.

    A next link is resolved against the page it came with and followed only
    to the configured API (the token goes with it), never to a page already
    read, and never beyond max_pages_per_run pages: a hostile or broken
    Link header cannot send the token elsewhere, read a local file or loop."""
    listed, seen = set(), set()
    while url:
        if url in seen:
            fetcher.result.stop("FAILED", "GitHub's Link header led back to a page already read (%s)" % url)
            return None
        if len(seen) >= fetcher.settings.max_pages:
            fetcher.result.stop("FAILED", "the listing has more than max_pages_per_run (%d) pages; raise max_pages_per_run "
                                "so that reconciliation can read it whole" % fetcher.settings.max_pages)
            return None
        seen.add(url)
        response, items = fetcher.listing(url)
        if items is None:
            return None
        listed.update(i.get(key) for i in items)
        following = parse_link_header(github.header(response.headers, "link")).get("next")
        if not following:
            return listed
        target = github.urljoin(url, following)
        if not fetcher.on_api(url, target):
            fetcher.result.stop("FAILED", "GitHub's Link header points off the API (%s): not followed" % target)
            return None
        url = target
    return listed


DELETED, TRANSFERRED, UNVERIFIED = "DELETED", "TRANSFERRED", sql.UNVERIFIED


def _mark(store, counts, item_id, removal, where=None):
    store.mark_removed(item_id, removal, where)
    if removal == TRANSFERRED:
        counts.transferred += 1
    elif removal == UNVERIFIED:
        counts.unverified += 1
    else:
        counts.deleted += 1


def _reconcile(store, fetcher, api_url, owner, repo, result, counts, stream):
    listed = _list_all(fetcher, github.listing_url(api_url, owner, repo, stream.fetch["path"], stream.fetch.get("params"), sort="created"),
                       "number")
    if listed is None:
        return False
    counts.listed = len(listed)
    active = store.active_issues()  # live and UNVERIFIED rows
    unverified = store.unverified()
    for number, item_id in active.items():
        if number in listed and item_id in unverified:
            store.restore(item_id)
    missing = sorted(n for n in active if n not in listed)
    counts.missing = len(missing)
    for number in missing:
        url, response, decision = _get_item(fetcher, api_url, owner, repo,
                                            github.item_url(api_url, owner, repo, stream.fetch["item"], number=number))
        if decision.action == retry.OK:
            issue = json.loads(response.body.decode("utf-8"))
            result.rows += store.merge_page([issue])
            if active[number] in unverified:
                store.restore(active[number])
        elif response.status == 410:
            _mark(store, counts, active[number], DELETED)
        elif response.status == 301:
            _mark(store, counts, active[number], TRANSFERRED, _destination(fetcher, url, github.header(response.headers, "location")))
        elif response.status == 404:
            _mark(store, counts, active[number], UNVERIFIED)
        elif decision.action == retry.STOP_RATE_LIMITED:
            result.stop("RATE_LIMITED", decision.reason + "; the next run reconciles again")
            return False
        else:
            result.stop("FAILED", "checking issue #%d: %s" % (number, decision.reason))
            return False
    return True


def _reconcile_children(store, fetcher, api_url, owner, repo, result, counts, stream):
    """Comments (of issues, or of pull requests' diffs): list every comment
    id in creation order (ascending ids, which edits do not move), then
    settle each stored comment missing from the listing:

    * its issue is marked DELETED, TRANSFERRED or UNVERIFIED: the comment
      went with it and gets the same marker (no request);
    * otherwise one GET of the comment: 200 merges it (the listing
      skipped it); 404 means deleted when its issue is still readable
      (one GET of the issue per such issue), and otherwise follows the
      issue: 410 deleted with it, 301 transferred with it, 404 UNVERIFIED
      (never DELETED: the token cannot tell).
    UNVERIFIED comments are checked again like UNVERIFIED issues."""
    listed = _list_all(fetcher, github.listing_url(api_url, owner, repo, stream.fetch["path"], stream.fetch.get("params"), sort="created"),
                       "id")
    if listed is None:
        return False
    counts.listed = len(listed)
    active = store.active_children()  # live and UNVERIFIED rows
    unverified = store.unverified()
    for comment_id in active:
        if comment_id in listed and comment_id in unverified:
            store.restore(comment_id)
    missing = sorted(c for c in active if c not in listed)
    counts.missing = len(missing)
    gone = dict(store.removed_parents())
    for comment_id in missing:
        number = active[comment_id]
        if number not in gone:
            _, response, decision = _get_item(fetcher, api_url, owner, repo,
                                              github.item_url(api_url, owner, repo, stream.fetch["item"], id=comment_id))
            if decision.action == retry.OK:
                result.rows += store.merge_page([json.loads(response.body.decode("utf-8"))])
                if comment_id in unverified:
                    store.restore(comment_id)
                continue
            if decision.action == retry.STOP_RATE_LIMITED:
                result.stop("RATE_LIMITED", decision.reason + "; the next run reconciles again")
                return False
            if response.status != 404:
                result.stop("FAILED", "checking comment %d: %s" % (comment_id, decision.reason))
                return False
            gone[number] = _issue_fate(fetcher, api_url, owner, repo, number, result, stream.parent["item"])
            if gone[number] is False:
                return False
        removal, where = gone[number]
        _mark(store, counts, comment_id, removal, where)
    return True


def _follow_parent(store, fetcher, api_url, owner, repo, result, counts, stream):
    """Rows that follow their parent (pull requests, their issue): each
    takes its parent's marker, and an UNVERIFIED one whose parent is live
    again is restored. No request."""
    gone = store.removed_parents()
    unverified = store.unverified()
    active = store.active_children()
    counts.listed = len(active)
    for item_id, number in active.items():
        if number in gone:
            removal, where = gone[number]
            if item_id not in unverified or removal != UNVERIFIED:
                _mark(store, counts, item_id, removal, where)
        elif item_id in unverified:
            store.restore(item_id)
    return True


def _reread(store, fetcher, api_url, owner, repo, result, counts, stream):
    """A stream reread in full by its fetch rule this run (ingest.py):
    nothing left to do but to count."""
    return True


def _issue_fate(fetcher, api_url, owner, repo, number, result, template="issues/{number}"):
    """Why an issue's comment is gone: (DELETED, None) when the issue is
    there (the comment alone was deleted) or deleted (410), (TRANSFERRED,
    where) when it moved (301), (UNVERIFIED, None) when the token cannot
    tell (404); False when the run must stop."""
    url, response, decision = _get_item(fetcher, api_url, owner, repo, github.item_url(api_url, owner, repo, template, number=number))
    if response.status == 301:
        return TRANSFERRED, _destination(fetcher, url, github.header(response.headers, "location"))
    if response.status == 404:
        return UNVERIFIED, None
    if decision.action == retry.OK or response.status == 410:
        return DELETED, None
    if decision.action == retry.STOP_RATE_LIMITED:
        result.stop("RATE_LIMITED", decision.reason + "; the next run reconciles again")
    else:
        result.stop("FAILED", "checking issue #%d: %s" % (number, decision.reason))
    return False


def _get_item(fetcher, api_url, owner, repo, url):
    """GET one issue or comment: (url answered, response, decision). GitHub
    answers a repository's former name with 301 to /repositories/{id}/…
    for single items too; such a redirect within this repository (a
    rename) is followed, so that what is classified is the item's own
    answer, while one to another repository (a transfer) is returned as it
    is. Telling them apart needs this repository's id: from the listing's
    rename redirect, else one GET of the repository, made only when a run
    first meets a redirect."""
    def within_repository(url, target):
        target_id = github.repository_id_of(api_url, target)
        return target_id is not None and fetcher.on_api(url, target) and target_id == _repository_id(fetcher, api_url, owner, repo)
    return fetcher.get_following(url, within_repository)


def _repository_id(fetcher, api_url, owner, repo):
    """This repository's id (None when it cannot be read): GET /repos/o/r,
    following a rename's redirect, once per run."""
    if fetcher.repository_id is None:
        _, response, decision = fetcher.get_following(github.repository_url(api_url, owner, repo), fetcher.on_api)
        if decision.action == retry.OK:
            try:
                fetcher.repository_id = int(json.loads(response.body.decode("utf-8"))["id"])
            except (ValueError, KeyError, TypeError):
                pass
    return fetcher.repository_id


def _destination(fetcher, url, location):
    """Where a transferred issue went: its new html_url when readable."""
    if not location:
        return None
    target = github.urljoin(url, location)
    if not fetcher.on_api(url, target):
        return target
    response, decision = fetcher.get(target)
    if decision.action == retry.OK:
        try:
            return json.loads(response.body.decode("utf-8")).get("html_url") or target
        except ValueError:
            return target
    return target
