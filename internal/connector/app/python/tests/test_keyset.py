"""Keyset paging and reconciliation against a fake GitHub whose offset
pages shift when issues are edited between requests, as GitHub's do."""

import random
import unittest

from connector import ingest, links
from connector.github import Response
from tests.fakes import FakeClock, FakeGitHub, MemoryStore

API = "https://api.github.com/"


def run(store, gh, options=None, clock=None):
    return ingest.run(store, gh, clock or FakeClock(gh), "tok", API, "o/r", store.state(), ingest.Settings(options))


def follow_links(store, gh):
    """The old algorithm: follow Link next verbatim (offset pages)."""
    url = API + "repos/o/r/issues?state=all&sort=updated&direction=asc&per_page=100"
    while url:
        response = gh("GET", url, {}, 1)
        import json
        store.merge_page(json.loads(response.body))
        url = links.parse_link_header(response.headers.get("Link")).get("next")


def assert_equals_github(test, store, gh):
    live = {i: row for i, row in store.rows.items() if i not in store.removed}
    test.assertEqual(sorted(live), sorted(i["id"] for i in gh.issues.values()), "missing or stale issues")
    for issue in gh.issues.values():
        test.assertEqual(store.rows[issue["id"]], issue, "issue #%d is not its latest version" % issue["number"])


class KeysetTests(unittest.TestCase):
    def edit_first_page_while_reading_page_two(self, gh):
        # Before the second request, five issues of the first page are edited.
        gh.before_request[2] = lambda: [gh.update(n, title="edited %d" % n) for n in range(1, 6)]

    def test_offset_paging_loses_issues_edited_mid_run(self):
        # The instrument works: following Link next URLs loses five issues.
        gh, store = FakeGitHub(900), MemoryStore()
        self.edit_first_page_while_reading_page_two(gh)
        follow_links(store, gh)
        self.assertEqual(len(store.rows), 895)

    def test_keyset_paging_loses_nothing_when_issues_are_edited_mid_run(self):
        gh, store = FakeGitHub(900), MemoryStore()
        self.edit_first_page_while_reading_page_two(gh)
        r = run(store, gh)
        self.assertEqual(r.state, "SUCCEEDED")
        assert_equals_github(self, store, gh)

    def test_a_page_sharing_one_second_is_read_by_offset_until_stable(self):
        gh, store = FakeGitHub(20), MemoryStore()
        gh.tick()
        for _ in range(250):
            gh.create(same_second=True)  # a bulk change: 250 issues in one second
        gh.create()
        r = run(store, gh)
        self.assertEqual(r.state, "SUCCEEDED")
        assert_equals_github(self, store, gh)
        group = [u for _, u, _ in gh.requests if "page=" in u.replace("per_page=", "")]
        self.assertTrue(group, "the group is paged by offset inside its second")
        self.assertTrue(all("since=" in u for u in group))

    def test_members_edited_while_the_group_is_paged_hide_nothing(self):
        for edits_before in range(2, 9):
            with self.subTest(edits_before=edits_before):
                gh, store = FakeGitHub(5), MemoryStore()
                gh.tick()
                group = [gh.create(same_second=True)["number"] for _ in range(330)]
                # Members already read leave the group just before a later
                # page, sliding unread members across the page boundary.
                gh.before_request[edits_before] = lambda: [gh.update(n, title="moved") for n in group[:7]]
                gh.before_request[edits_before + 3] = lambda: [gh.update(n, title="moved") for n in group[100:103]]
                r = run(store, gh)
                self.assertEqual(r.state, "SUCCEEDED", r.error)
                assert_equals_github(self, store, gh)

    def test_issues_joining_the_current_second_behind_the_pages_read_are_not_lost(self):
        gh, store = FakeGitHub(5), MemoryStore()
        gh.tick()
        for _ in range(50):
            gh.create(same_second=True)
        # Requests: 1 the backfill's first page, 2-3 the group's first pass,
        # 4-5 the second. Before 5, issue #1 is edited in the same (still
        # current) second: it joins the group ahead of everything read.
        gh.before_request[5] = lambda: gh.update(1, same_second=True, title="joined")
        r = run(store, gh, options={"per_page": 30})
        self.assertEqual(r.state, "SUCCEEDED", r.error)
        assert_equals_github(self, store, gh)

    def test_an_unstable_group_stops_without_passing_it(self):
        gh, store = FakeGitHub(5), MemoryStore()
        gh.tick()
        group = [gh.create(same_second=True)["number"] for _ in range(150)]
        before = store.state().get("cursor")
        for k in range(2, 40):
            gh.before_request[k] = (lambda n: lambda: gh.update(n, title="again"))(group[k])
        r = run(store, gh, options={"max_group_passes": 3})
        self.assertEqual(r.state, "PARTIAL")
        self.assertIn("kept changing", r.error)
        self.assertLessEqual(store.state()["cursor"], gh.issues[group[-1]]["created_at"])
        self.assertNotEqual(store.state()["cursor"], before)
        gh.before_request.clear()
        r = run(store, gh)
        self.assertEqual(r.state, "SUCCEEDED")
        assert_equals_github(self, store, gh)

    def test_the_cursor_never_passes_an_unread_issue(self):
        gh, store, clock = FakeGitHub(5), MemoryStore(), FakeClock()
        gh.tick()
        group = [gh.create(same_second=True)["number"] for _ in range(250)]
        gh.before_request[3] = lambda: None
        gh.faults = []
        limited = {"n": 0}
        real = gh.__call__

        def transport(method, url, headers, timeout):
            limited["n"] += 1
            if limited["n"] == 3:
                return Response(429, {"Retry-After": "3600"}, b"")
            return real(method, url, headers, timeout)
        r = ingest.run(store, transport, clock, "tok", API, "o/r", store.state(), ingest.Settings())
        self.assertEqual(r.state, "RATE_LIMITED")
        self.assertEqual(store.state()["cursor"], gh.issues[group[0]]["updated_at"], "stays at the unfinished second")
        r = run(store, gh)
        self.assertEqual(r.state, "SUCCEEDED")
        assert_equals_github(self, store, gh)


    def test_a_304_on_a_full_first_page_is_never_relied_on(self):
        gh, store = FakeGitHub(5), MemoryStore()
        gh.tick()
        for _ in range(40):
            gh.create(same_second=True)  # the lookback window holds a full page
        run(store, gh, options={"per_page": 30})
        gh.tick()
        run(store, gh, options={"per_page": 30})
        gh.create()  # lands after the first page, whose ETag is unchanged
        r = run(store, gh, options={"per_page": 30})
        self.assertEqual(r.state, "SUCCEEDED")
        assert_equals_github(self, store, gh)
        self.assertFalse(any("If-None-Match" in h for _, _, h in gh.requests))


class ReconcileTests(unittest.TestCase):
    def test_deleted_and_transferred_issues_are_marked_not_dropped(self):
        gh, store, clock = FakeGitHub(250), MemoryStore(), FakeClock()
        r = run(store, gh, clock=clock)
        self.assertEqual(r.mode, "BACKFILL")
        self.assertIsNone(r.reconcile, "a backfill starts the period, it does not reconcile")
        gh.delete(3)
        gh.transfer(120, to="o/other")
        r = run(store, gh, clock=clock)
        self.assertIsNone(r.reconcile, "not due yet")
        clock.t += 25 * 3600
        r = run(store, gh, clock=clock)
        self.assertEqual(r.state, "NOT_MODIFIED")
        c = r.reconcile
        self.assertEqual((c.listed, c.missing, c.deleted, c.transferred, c.unverified, c.complete), (248, 2, 1, 1, 0, True))
        # 3 listing pages, 2 single-issue GETs, 1 to learn this repository's
        # id (a 301 to another one is a transfer, not a rename), 1 to learn
        # where #120 went.
        self.assertEqual(c.requests, 7)
        self.assertEqual(store.removed[1003], ("DELETED", None))
        self.assertEqual(store.removed[1120], ("TRANSFERRED", "https://github.com/o/other/issues/120"))
        self.assertIn(1003, store.rows, "the raw JSON is kept")
        assert_equals_github(self, store, gh)
        r = run(store, gh, clock=clock)
        self.assertIsNone(r.reconcile, "the period restarts")

    def test_reconciliation_on_request_and_skipped_issues(self):
        gh, store = FakeGitHub(150), MemoryStore()
        run(store, gh)
        # A deletion while the listing runs makes it skip an issue; the
        # single-issue check finds it alive.
        # Requests: the sync's one page, listing page 1, listing page 2.
        gh.before_request[len(gh.requests) + 3] = lambda: gh.delete(1)
        state = dict(store.state(), reconcile_pending=True)
        r = ingest.run(store, gh, FakeClock(), "tok", API, "o/r", state, ingest.Settings())
        c = r.reconcile
        # #1 was listed before it went; #101 slid onto page 1 and was checked.
        self.assertEqual((c.deleted, c.missing, c.complete), (0, 1, True))
        self.assertTrue(gh.requests[-1][1].endswith("/issues/101"))
        r = ingest.run(store, gh, FakeClock(), "tok", API, "o/r", dict(store.state(), reconcile_pending=True), ingest.Settings())
        self.assertEqual((r.reconcile.deleted, list(store.removed)), (1, [1001]))

    def test_404_is_not_taken_for_a_deletion(self):
        """A 404 (the token cannot tell) marks the row UNVERIFIED, never
        DELETED; it is checked again at each reconciliation: back in the
        listing, its marker goes; answered 301 later, it becomes TRANSFERRED."""
        gh, store = FakeGitHub(3), MemoryStore()
        run(store, gh)
        reconcile = lambda: ingest.run(store, gh, FakeClock(), "tok", API, "o/r", dict(store.state(), reconcile_pending=True),
                                       ingest.Settings())
        hidden = gh.issues.pop(2)
        r = reconcile()
        self.assertEqual((r.reconcile.unverified, r.reconcile.deleted), (1, 0))
        self.assertEqual(store.removed, {1002: ("UNVERIFIED", None)})
        r = reconcile()  # still 404: stays UNVERIFIED, checked again
        self.assertEqual((r.reconcile.missing, r.reconcile.unverified), (1, 1))
        self.assertEqual(store.removed, {1002: ("UNVERIFIED", None)})
        gh.issues[2] = hidden  # readable again (access granted back)
        reconcile()
        self.assertEqual(store.removed, {})
        gh.issues.pop(2)
        reconcile()
        gh.gone[2] = ("transferred", "https://github.com/o/elsewhere/issues/9")
        r = reconcile()
        self.assertEqual(r.reconcile.transferred, 1)
        self.assertEqual(store.removed, {1002: ("TRANSFERRED", "https://github.com/o/elsewhere/issues/9")})

    def test_a_rate_limit_stops_the_reconciliation_and_it_runs_again(self):
        gh, store = FakeGitHub(30), MemoryStore()
        run(store, gh)
        started = store.last_reconciled_at
        gh.delete(5)
        gh.before_request[len(gh.requests) + 3] = lambda: gh.faults.append(Response(429, {"Retry-After": "3600"}, b""))
        r = ingest.run(store, gh, FakeClock(), "tok", API, "o/r", dict(store.state(), reconcile_pending=True), ingest.Settings())
        self.assertEqual(r.state, "RATE_LIMITED")
        self.assertIn("reconciliation stopped", r.error)
        self.assertEqual(store.last_reconciled_at, started)
        self.assertNotIn(1005, store.removed)
        r = ingest.run(store, gh, FakeClock(), "tok", API, "o/r", dict(store.state(), reconcile_pending=True), ingest.Settings())
        self.assertEqual((r.state, r.reconcile.deleted), ("NOT_MODIFIED", 1))

    def test_a_row_seen_again_is_live_again(self):
        gh, store = FakeGitHub(3), MemoryStore()
        run(store, gh)
        store.mark_removed(1002, "DELETED", None)
        gh.update(2, title="back")
        run(store, gh)
        self.assertNotIn(1002, store.removed)


class RandomizedChurnTests(unittest.TestCase):
    """Many small scenarios: random sizes and mutations between requests;
    after each successful run the store equals GitHub."""

    def test_churn(self):
        seeds = range(300)
        for seed in seeds:
            rng = random.Random(seed)
            gh, store = FakeGitHub(), MemoryStore()
            clock = FakeClock(gh)
            for _ in range(rng.randint(0, 4 * 30)):
                gh.create(pull_request=rng.random() < 0.1, same_second=rng.random() < 0.5)
            options = {"per_page": 30, "reconcile_interval_hours": 0, "max_attempts": 2, "max_wait_seconds": 0}
            for _ in range(rng.randint(1, 4)):
                for k in range(1, 12):
                    if rng.random() < 0.4:
                        gh.before_request[len(gh.requests) + k] = self.mutation(rng, gh)
                state = dict(store.state(), reconcile_pending=rng.random() < 0.3)
                r = ingest.run(store, gh, clock, "tok", API, "o/r", state, ingest.Settings(options))
                gh.before_request.clear()
                gh.faults.clear()
                r = ingest.run(store, gh, clock, "tok", API, "o/r", dict(store.state(), reconcile_pending=True),
                               ingest.Settings(options))
                if r.state not in ("SUCCEEDED", "NOT_MODIFIED"):
                    self.fail("seed %d: quiet run ended %s: %s" % (seed, r.state, r.error))
                try:
                    assert_equals_github(self, store, gh)
                    self.assertEqual(set(store.removed), {1000 + n for n in gh.gone if 1000 + n in store.rows})
                except AssertionError as err:
                    raise AssertionError("seed %d: %s" % (seed, err)) from None

    @staticmethod
    def mutation(rng, gh):
        def act():
            numbers = list(gh.issues)
            kind = rng.choice(["create", "edit", "close", "label", "delete", "transfer", "tie", "fault"])
            same = rng.random() < 0.5
            if kind == "create" or not numbers:
                gh.create(same_second=same)
            elif kind == "edit":
                gh.update(rng.choice(numbers), same_second=same, title="t%d" % rng.randint(0, 9))
            elif kind == "close":
                gh.update(rng.choice(numbers), same_second=same, state=rng.choice(["open", "closed"]))
            elif kind == "label":
                gh.update(rng.choice(numbers), same_second=same, labels=[{"name": "l%d" % rng.randint(0, 3)}])
            elif kind == "delete":
                gh.delete(rng.choice(numbers))
            elif kind == "transfer":
                gh.transfer(rng.choice(numbers))
            elif kind == "tie":
                gh.tick()
                for n in rng.sample(numbers, min(len(numbers), rng.randint(1, 40))):
                    gh.update(n, same_second=True, title="bulk")
            else:
                gh.faults.append(rng.choice([Response(502, {}, b""), Response(None, {}, b"reset"),
                                             Response(429, {"Retry-After": "3600"}, b"")]))
        return act


if __name__ == "__main__":
    unittest.main()
