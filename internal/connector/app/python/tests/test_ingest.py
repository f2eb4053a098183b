import unittest

from connector import ingest
from connector.github import Response
from tests.fakes import FakeClock, FakeGitHub, MemoryStore

API = "https://api.github.com/"


def run(store, gh, clock=None, options=None, state=None, token="tok"):
    return ingest.run(store, gh, clock or FakeClock(), token, API, "o/r",
                      state if state is not None else store.state(), ingest.Settings(options))


class IngestTests(unittest.TestCase):
    def test_backfill_pages_merges_and_checkpoints_once_per_page(self):
        gh, store = FakeGitHub(250), MemoryStore()
        gh.close(3)
        gh.create(pull_request=True)
        r = run(store, gh)
        self.assertEqual(r.state, "SUCCEEDED")
        self.assertEqual((r.pages, r.requests, store.merges, len(store.checkpoints)), (3, 3, 3, 3))
        self.assertEqual(len(store.rows), 251)
        self.assertEqual(store.rows[1003]["state"], "closed")
        self.assertEqual(r.cursor, max(i["updated_at"] for i in gh.issues.values()))
        first = gh.requests[0][1]
        for part in ("state=all", "sort=updated", "direction=asc", "per_page=100"):
            self.assertIn(part, first)
        self.assertNotIn("since=", first)
        self.assertEqual(gh.requests[0][2]["Authorization"], "Bearer tok")
        # Keyset: the next page restarts at the newest updated_at read, never an offset.
        by_number = sorted(gh.issues.values(), key=lambda i: i["updated_at"])
        self.assertIn("since=" + by_number[99]["updated_at"].replace(":", "%3A"), gh.requests[1][1])
        for _, url, _ in gh.requests:
            self.assertNotIn("page=", url.replace("per_page=", ""))
            self.assertNotIn("after=", url)
        self.assertEqual((store.runs[-1]["state"], store.runs[-1]["mode"]), ("SUCCEEDED", "BACKFILL"))

    def test_a_run_killed_mid_backfill_is_marked_interrupted_and_the_next_resumes(self):
        class Killed(BaseException):
            """The process ending: not an error the run can catch and record."""

        class DyingStore(MemoryStore):
            def merge_page(self, issues):
                if self.merges == 2:
                    raise Killed()
                return super().merge_page(issues)

        gh, store = FakeGitHub(450), DyingStore()
        with self.assertRaises(Killed):
            run(store, gh)
        self.assertEqual([r["state"] for r in store.runs], ["RUNNING"])
        store.__class__ = MemoryStore
        gh.requests.clear()
        r = run(store, gh)
        self.assertEqual([x["state"] for x in store.runs], ["INTERRUPTED", "SUCCEEDED"])
        self.assertEqual(len(store.rows), 450)
        self.assertIn("since=", gh.requests[0][1], "the next run must resume from the checkpoint")
        self.assertEqual(r.pages, 3)

    def test_quiet_repository_costs_one_free_304(self):
        gh, store = FakeGitHub(120), MemoryStore()
        run(store, gh)           # backfill
        run(store, gh)           # learns the ETag of the steady-state URL
        gh.requests.clear()
        merges = store.merges
        r = run(store, gh)
        self.assertEqual((r.state, r.requests, r.pages, r.rows), ("NOT_MODIFIED", 1, 0, 0))
        self.assertEqual(store.merges, merges)
        self.assertIn("If-None-Match", gh.requests[0][2])
        self.assertIn("since=", gh.requests[0][1])

    def test_fifty_changes_cost_one_request(self):
        gh, store = FakeGitHub(20000 // 100), MemoryStore()
        run(store, gh)
        run(store, gh)
        for n in range(1, 51):
            gh.update(n, title="changed %d" % n)
        gh.requests.clear()
        r = run(store, gh)
        self.assertEqual((r.state, r.requests, r.pages), ("SUCCEEDED", 1, 1))
        self.assertEqual(r.rows, 50)
        self.assertEqual(store.rows[1001]["title"], "changed 1")

    def test_full_refresh_ignores_cursor_and_etag(self):
        gh, store = FakeGitHub(150), MemoryStore()
        run(store, gh)
        gh.requests.clear()
        r = run(store, gh, options={"full_refresh": True})
        # Every page is read again by keyset; the stored versions are not
        # rewritten, and the option does not reconcile on every run.
        self.assertEqual((r.state, r.mode, r.pages, r.rows, r.requests), ("SUCCEEDED", "FULL_REFRESH", 2, 0, 2))
        self.assertIsNone(r.reconcile)
        # A requested full refresh (resync_trigger) does reconcile.
        r = run(store, gh, state=dict(store.state(), cursor=None, etag=None, full_refresh_pending=True))
        self.assertEqual((r.mode, r.requests, r.reconcile.requests, r.reconcile.listed), ("FULL_REFRESH", 4, 2, 150))
        self.assertNotIn("since=", gh.requests[0][1])
        self.assertNotIn("If-None-Match", gh.requests[0][2])

    def test_server_errors_are_retried_with_backoff(self):
        gh, store, clock = FakeGitHub(10), MemoryStore(), FakeClock()
        gh.faults = [Response(502, {}, b""), Response(None, {}, b"reset"), Response(503, {}, b"")]
        r = run(store, gh, clock=clock)
        self.assertEqual((r.state, r.requests, len(store.rows)), ("SUCCEEDED", 4, 10))
        self.assertEqual(clock.slept, [1.0, 2.0, 4.0])

    def test_persistent_failure_is_recorded(self):
        gh, store = FakeGitHub(10), MemoryStore()
        gh.faults = [Response(500, {}, b"")] * 5
        r = run(store, gh)
        self.assertEqual(r.state, "FAILED")
        self.assertIn("HTTP 500 after 5 attempts", r.error)
        self.assertEqual(store.runs[-1]["state"], "FAILED")

    def test_short_retry_after_is_honoured(self):
        gh, store, clock = FakeGitHub(10), MemoryStore(), FakeClock()
        gh.faults = [Response(429, {"Retry-After": "7"}, b"")]
        r = run(store, gh, clock=clock)
        self.assertEqual(r.state, "SUCCEEDED")
        self.assertEqual(clock.slept, [7.0])

    def test_rate_limit_mid_backfill_checkpoints_and_resumes(self):
        gh, store, clock = FakeGitHub(350), MemoryStore(), FakeClock()
        real = gh.__call__
        calls = {"n": 0}

        def limited(method, url, headers, timeout):
            calls["n"] += 1
            if calls["n"] == 3:
                return Response(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(clock.now() + 3000))}, b"")
            return real(method, url, headers, timeout)
        r = ingest.run(store, limited, clock, "tok", API, "o/r", {}, ingest.Settings())
        self.assertEqual(r.state, "RATE_LIMITED")
        self.assertEqual(clock.slept, [], "must not sleep past the bound")
        # Two pages, the second starting at the first's newest issue.
        self.assertEqual((r.pages, len(store.rows)), (2, 199))
        checkpoint = store.state()["cursor"]
        self.assertEqual(checkpoint, max(i["updated_at"] for i in list(store.rows.values())))
        gh.requests.clear()
        r2 = run(store, gh)
        self.assertEqual(r2.state, "SUCCEEDED")
        self.assertIn("since=", gh.requests[0][1], "the next run resumes from the checkpoint")
        self.assertEqual(len(store.rows), 350)
        self.assertLessEqual(r2.pages, 2)

    def test_pages_stay_shallow_on_large_repositories(self):
        gh, store = FakeGitHub(1200, max_page=3), MemoryStore()
        r = run(store, gh)
        self.assertEqual((r.state, r.pages, len(store.rows)), ("SUCCEEDED", 13, 1200))
        self.assertFalse(any("page=" in u.replace("per_page=", "") for _, u, _ in gh.requests))

    def test_a_422_is_still_reported(self):
        gh, store = FakeGitHub(10), MemoryStore()
        gh.faults = [Response(422, {}, b'{"message":"Pagination with the page parameter is not supported"}')]
        r = run(store, gh)
        self.assertEqual(r.state, "FAILED")
        self.assertIn("HTTP 422", r.error)

    def test_rows_never_go_back_in_time(self):
        store = MemoryStore()
        store.merge_page([{"id": 1, "updated_at": "2024-01-02T00:00:00Z", "title": "new"}])
        store.merge_page([{"id": 1, "updated_at": "2024-01-01T00:00:00Z", "title": "old"}])
        self.assertEqual(store.rows[1]["title"], "new")

    def test_bad_token_fails_clearly(self):
        gh, store = FakeGitHub(1), MemoryStore()
        gh.faults = [Response(401, {}, b'{"message":"Bad credentials"}')]
        r = run(store, gh)
        self.assertEqual(r.state, "FAILED")
        self.assertIn("token is invalid", r.error)

    def test_max_pages_stops_with_partial(self):
        gh, store = FakeGitHub(300), MemoryStore()
        r = run(store, gh, options={"max_pages_per_run": 1})
        self.assertEqual((r.state, r.pages, len(store.rows)), ("PARTIAL", 1, 100))
        r = run(store, gh)
        self.assertEqual((r.state, len(store.rows)), ("SUCCEEDED", 300))

    def test_enterprise_url(self):
        gh, store = FakeGitHub(1), MemoryStore()
        ingest.run(store, gh, FakeClock(), "t", "https://ghe.example.com", "o/r", {}, ingest.Settings())
        self.assertTrue(gh.requests[0][1].startswith("https://ghe.example.com/api/v3/repos/o/r/issues?"))


if __name__ == "__main__":
    unittest.main()
