"""The streams read from what the issues stream stored: pull requests (one
GET each) and their reviews; the cursor moves only over pull requests
fetched after their change's second closed on GitHub, and never past the
issues stream's own bound."""

import json
import unittest

from connector import ingest
from connector.github import Response
from tests.fakes import FakeClock, MemoryStore, http_date, ts

API = "https://api.github.com/"


def issues_with(*pulls):
    """An issues store holding pull requests (number, updated seconds)."""
    store = MemoryStore()
    for number, seconds in pulls:
        store.rows[number] = {"id": number, "number": number, "updated_at": ts(seconds), "pull_request": {"url": API + "repos/o/r/pulls/%d" % number}}
    return store


def pull_store(issues, stream="pull_requests"):
    store = MemoryStore()
    store.issues_store = issues
    return store


def bound(state, cursor_seconds):
    result = ingest.RunResult("o/r")
    result.state, result.cursor = state, ts(cursor_seconds)
    return result


class ChangedPullRequestTests(unittest.TestCase):
    def transport(self, date_seconds, calls, status=200, reviews=None):
        def answer(method, url, headers, timeout):
            calls.append(url)
            number = int(url.split("/pulls/")[1].split("/")[0].split("?")[0])
            if status != 200:
                return Response(status, {"Date": http_date(date_seconds)}, b'{"message":"Resource not accessible by integration"}')
            if "/reviews" in url:
                return Response(200, {"Date": http_date(date_seconds)}, json.dumps(reviews[number]).encode())
            return Response(200, {"Date": http_date(date_seconds)},
                            json.dumps({"id": 3000 + number, "number": number, "updated_at": ts(0), "merged": False}).encode())
        return answer

    def ingest_once(self, store, transport, state, issues_run, stream="pull_requests"):
        return ingest.run(store, transport, FakeClock(), "tok", API, "o/r", state, ingest.Settings({"per_page": 2}),
                          ingest.STREAMS[stream], issues_run)

    def test_settled_pull_requests_move_the_cursor_and_a_quiet_run_costs_nothing(self):
        issues = issues_with((1, 100), (2, 200), (3, 300))
        store, calls = pull_store(issues), []
        result = self.ingest_once(store, self.transport(400, calls), {}, bound("SUCCEEDED", 300))
        self.assertEqual((result.state, len(calls), sorted(store.rows)), ("SUCCEEDED", 3, [3001, 3002, 3003]))
        self.assertEqual(store.checkpoints[-1][0], ts(300))
        calls.clear()
        again = self.ingest_once(store, self.transport(500, calls), store.state(), bound("NOT_MODIFIED", 300))
        self.assertEqual((again.state, calls), ("SUCCEEDED", []))

    def test_a_pull_request_fetched_within_its_changes_second_is_fetched_again(self):
        issues = issues_with((1, 100), (2, 300), (3, 300))
        store, calls = pull_store(issues), []
        self.ingest_once(store, self.transport(300, calls), {}, bound("SUCCEEDED", 300))  # GitHub's clock still at 300
        self.assertEqual(store.checkpoints[-1][0], ts(100), "the cursor stops before the open second")
        calls.clear()
        self.ingest_once(store, self.transport(301, calls), store.state(), bound("NOT_MODIFIED", 300))
        self.assertEqual([u.rsplit("/", 1)[1] for u in calls], ["2", "3"])
        self.assertEqual(store.checkpoints[-1][0], ts(300))

    def test_an_unfinished_issues_run_bounds_the_read_before_its_cursor(self):
        issues = issues_with((1, 100), (2, 200), (3, 200))
        store, calls = pull_store(issues), []
        result = self.ingest_once(store, self.transport(900, calls), {}, bound("PARTIAL", 200))
        self.assertEqual([u.rsplit("/", 1)[1] for u in calls], ["1"], "pull requests at the issues cursor wait")
        self.assertEqual(result.state, "PARTIAL")
        waiting = self.ingest_once(pull_store(issues_with()), self.transport(900, []), {}, ingest.RunResult("o/r"))
        self.assertEqual(waiting.state, "PARTIAL")

    def test_a_missing_permission_fails_the_run_saying_which(self):
        store = pull_store(issues_with((1, 100)))
        result = self.ingest_once(store, self.transport(900, [], status=403), {}, bound("SUCCEEDED", 100))
        self.assertEqual(result.state, "FAILED")
        self.assertIn("Pull requests permission", result.error)

    def test_reviews_of_changed_pull_requests_keyed_by_submitted_at(self):
        reviews = {1: [{"id": 11, "state": "APPROVED", "submitted_at": ts(50), "pull_request_url": API + "repos/o/r/pulls/1"},
                       {"id": 12, "state": "PENDING", "pull_request_url": API + "repos/o/r/pulls/1"}],
                   2: []}
        store, calls = pull_store(issues_with((1, 100), (2, 200))), []
        result = self.ingest_once(store, self.transport(900, calls, reviews=reviews), {}, bound("SUCCEEDED", 200), "reviews")
        self.assertEqual((result.state, sorted(store.rows), len(calls)), ("SUCCEEDED", [11], 2))
        self.assertTrue(all("/reviews?per_page=2" in u for u in calls), calls)


if __name__ == "__main__":
    unittest.main()
