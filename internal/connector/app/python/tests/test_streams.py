"""The comments stream: its URLs and SQL, the streams option, stream
add/remove in UPDATE_RESOURCE, run_streams' order and rate-limit stop,
and the comments' reconciliation decisions."""

import json
import unittest

from connector import ingest, procedures, reconcile
from connector import sql, streams
from connector import github
from connector.github import Response
from tests.fakes import FakeClock, MemoryStore, Row
from tests.test_procedures import ResourceTable, provisioned_session

API = "https://api.github.com/"


class CommentSqlTests(unittest.TestCase):
    def test_comments_url_is_the_repository_wide_listing(self):
        self.assertEqual(github.comments_url(API, "o", "r", since="2024-01-01T00:00:00Z", per_page=100),
                         "https://api.github.com/repos/o/r/issues/comments?sort=updated&direction=asc&per_page=100&since=2024-01-01T00%3A00%3A00Z")
        self.assertEqual(github.comments_url(API, "o", "r", per_page=50, page=3, sort="created"),
                         "https://api.github.com/repos/o/r/issues/comments?sort=created&direction=asc&per_page=50&page=3")
        self.assertEqual(github.comment_url(API, "o", "r", 42), "https://api.github.com/repos/o/r/issues/comments/42")

    def test_comments_view(self):
        self.assertEqual(sql.create_view('"D"."GITHUB"."V"', '"D"."GITHUB"."T"', "comments"),
                         'CREATE OR REPLACE VIEW "D"."GITHUB"."V" AS SELECT raw:id::NUMBER AS COMMENT_ID, '
                         "SPLIT_PART(raw:issue_url::VARCHAR, '/', -1)::NUMBER AS ISSUE_NUMBER, raw:user.login::VARCHAR AS AUTHOR,"
                         " raw:author_association::VARCHAR AS AUTHOR_ASSOCIATION, raw:body::VARCHAR AS BODY,"
                         " raw:created_at::TIMESTAMP_NTZ AS CREATED_AT, raw:updated_at::TIMESTAMP_NTZ AS UPDATED_AT,"
                         " raw:reactions AS REACTIONS, raw:html_url::VARCHAR AS HTML_URL"
                         ' FROM "D"."GITHUB"."T" WHERE REMOVED_AT IS NULL')

    def test_stream_state_statements(self):
        # Every stream, issues included, keeps its state the same way.
        self.assertEqual(sql.upsert_resource_state(),
                         'UPDATE "STATE"."STREAM_STATE" SET CURSOR_UPDATED_AT = ?, ETAG = ?, ETAG_URL = ?,'
                         ' UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ? AND STREAM = ?')
        self.assertEqual(sql.state_params("o/r", "issues"), ["o/r", "issues"])
        self.assertEqual(sql.state_params("o/r", "comments"), ["o/r", "comments"])
        self.assertEqual(sql.set_reconciled(),
                         'UPDATE "STATE"."STREAM_STATE" SET LAST_RECONCILED_AT = ?, RECONCILE_PENDING = FALSE WHERE RESOURCE_ID = ? AND STREAM = ?')
        self.assertEqual(sql.request_full_refresh(),
                         'UPDATE "STATE"."STREAM_STATE" SET FULL_REFRESH_PENDING = TRUE, CURSOR_UPDATED_AT = NULL, ETAG = NULL,'
                         ' ETAG_URL = NULL, UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?')


class StreamsOptionTests(unittest.TestCase):
    def test_streams_default_order_and_refusals(self):
        self.assertEqual(streams.resolve(None), ["issues"])
        self.assertEqual(streams.resolve(["comments", "issues"]), ["issues", "comments"])
        for bad, msg in [(["comments"], "stream comments needs issues"), (["issues", "bogus"], "unknown streams: bogus"),
                         (["issues", "reviews"], "stream reviews needs pull_requests"),
                         ("comments", "must be a list"), ([1], "must be a list")]:
            with self.assertRaises(ValueError) as ctx:
                streams.resolve(bad)
            self.assertIn(msg, str(ctx.exception))

    def test_enable_with_comments_creates_both_streams_objects(self):
        s = provisioned_session()
        procedures.enable_resource(s, "o/r", {"streams": ["issues", "comments"], "paused": True})
        queries = [q for q, _ in s.calls]
        created = [q[:q.index(" (")] for q in queries if q.startswith("CREATE TABLE")]
        self.assertEqual(created, ['CREATE TABLE IF NOT EXISTS "GITHUB_DATA"."GITHUB"."O__R_ISSUES_RAW"',
                                   'CREATE TABLE IF NOT EXISTS "GITHUB_DATA"."GITHUB"."O__R_COMMENTS_RAW"'])
        self.assertIn('GRANT SELECT ON VIEW "GITHUB_DATA"."GITHUB"."O__R_COMMENTS_ALL" TO APPLICATION ROLE "APP_USER"', queries)
        merge = [(q, p) for q, p in s.calls if q.startswith('MERGE INTO "STATE"."STREAM_STATE"')]
        self.assertEqual([p[:2] for _, p in merge], [["o/r", "issues"], ["o/r", "comments"]])

    def test_update_adds_keeps_or_drops_a_stream(self):
        def session(streams):
            row = Row(RESOURCE_ID="o/r", ENABLED=True, OPTIONS=json.dumps({"schedule": "30 MINUTES", "streams": streams}))
            return provisioned_session(table=ResourceTable(row))
        s = session(["issues"])
        procedures.update_resource(s, "o/r", {"streams": ["issues", "comments"]})
        queries = [q for q, _ in s.calls]
        self.assertTrue(any(q.startswith('CREATE TABLE IF NOT EXISTS "GITHUB_DATA"."GITHUB"."O__R_COMMENTS_RAW"') for q in queries))
        self.assertFalse(any("O__R_ISSUES_RAW" in q and q.startswith("CREATE TABLE") for q in queries), "issues objects are not recreated")
        stored = [p for q, p in s.calls if q.startswith('UPDATE "STATE"."RESOURCE_CONFIGURATION" SET SCHEDULE')][0]
        self.assertEqual(json.loads(stored[1])["streams"], ["issues", "comments"])

        s = session(["issues", "comments"])
        procedures.update_resource(s, "o/r", {"streams": ["issues"]})
        self.assertIn(('UPDATE "STATE"."STREAM_STATE" SET ENABLED = FALSE, UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ? AND STREAM = ?',
                       ["o/r", "comments"]), s.calls)
        self.assertFalse(any(q.startswith("DROP") for q, _ in s.calls))

        s = session(["issues", "comments"])
        procedures.update_resource(s, "o/r", {"streams": ["issues"], "drop_removed_streams": True})
        queries = [q for q, _ in s.calls]
        self.assertIn('DROP TABLE IF EXISTS "GITHUB_DATA"."GITHUB"."O__R_COMMENTS_RAW"', queries)
        self.assertFalse(any("O__R_ISSUES" in q and q.startswith("DROP") for q in queries))
        stored = [p for q, p in s.calls if q.startswith('UPDATE "STATE"."RESOURCE_CONFIGURATION" SET SCHEDULE')][0]
        self.assertNotIn("drop_removed_streams", json.loads(stored[1]), "the transient flag is not stored")

        s = session(["issues"])
        with self.assertRaises(ValueError):
            procedures.update_resource(s, "o/r", {"drop_removed_streams": "yes"})


def Store(issues=None):
    """A comments (or issues) store whose issues carry the given marks."""
    store = MemoryStore()
    store.removed_issue_marks = issues or {}
    return store


def comment(cid, number):
    return {"id": cid, "issue_url": API + "repos/o/r/issues/%d" % number, "updated_at": "2024-01-01T00:00:00Z"}


class CommentReconcileTests(unittest.TestCase):
    def test_each_missing_comment_is_settled_by_its_issue_or_one_get(self):
        store = Store(issues={7: ("TRANSFERRED", "https://github.com/o/x/issues/1"), 8: ("DELETED", None)})
        for cid, number in [(1, 1), (2, 7), (3, 8), (4, 2), (5, 3), (6, 4)]:
            store.rows[cid] = comment(cid, number)
        calls = []

        def transport(method, url, headers, timeout):
            calls.append(url)
            if "/issues/comments?" in url:
                return Response(200, {}, json.dumps([comment(1, 1)]).encode())
            if url.endswith("/comments/4"):
                return Response(200, {}, json.dumps(comment(4, 2)).encode())  # the listing skipped it
            if url.endswith("/comments/5") or url.endswith("/comments/6"):
                return Response(404, {}, b'{"message":"Not Found"}')
            if url.endswith("/issues/3"):
                return Response(200, {}, b'{"number":3}')  # the issue is there: the comment alone was deleted
            if url.endswith("/issues/4"):
                return Response(301, {"Location": API + "repositories/9/issues/2"}, b"{}")
            if url == API + "repos/o/r":
                return Response(200, {}, b'{"id": 1}')  # this repository: a 301 to repository 9 is a transfer
            if "/repositories/9/" in url:
                return Response(200, {}, b'{"html_url":"https://github.com/o/y/issues/2"}')
            raise AssertionError(url)

        result = ingest.RunResult("o/r", ingest.STREAMS["comments"])
        fetcher = ingest.Fetcher(transport, FakeClock(), ingest.Settings(), "tok", result)
        reconcile.run(store, fetcher, API, "o", "r", result, FakeClock(), ingest.STREAMS["comments"])
        self.assertEqual(store.removed, {2: ("TRANSFERRED", "https://github.com/o/x/issues/1"), 3: ("DELETED", None),
                                         5: ("DELETED", None), 6: ("TRANSFERRED", "https://github.com/o/y/issues/2")})
        self.assertTrue(result.reconcile.complete)
        self.assertEqual((result.reconcile.deleted, result.reconcile.transferred, result.reconcile.missing), (2, 2, 5))
        self.assertFalse(any(u.endswith("/comments/2") or u.endswith("/comments/3") for u in calls),
                         "comments of issues already marked cost no request")

    def test_a_404_issue_makes_its_comments_unverified_never_deleted(self):
        """An issue transferred to a repository the token cannot read answers
        404 (always so for an installation token scoped to one repository):
        its comments are UNVERIFIED like it, never DELETED; those of an issue
        already marked UNVERIFIED follow it without a request."""
        store = Store(issues={9: ("UNVERIFIED", None)})
        for cid, number in [(1, 5), (2, 5), (3, 9)]:
            store.rows[cid] = comment(cid, number)

        def transport(method, url, headers, timeout):
            if "/issues/comments?" in url:
                return Response(200, {}, b"[]")
            if url.endswith("/comments/1") or url.endswith("/comments/2") or url.endswith("/issues/5"):
                return Response(404, {}, b'{"message":"Not Found"}')
            raise AssertionError(url)

        result = ingest.RunResult("o/r", ingest.STREAMS["comments"])
        fetcher = ingest.Fetcher(transport, FakeClock(), ingest.Settings(), "tok", result)
        reconcile.run(store, fetcher, API, "o", "r", result, FakeClock(), ingest.STREAMS["comments"])
        self.assertEqual(store.removed, {1: ("UNVERIFIED", None), 2: ("UNVERIFIED", None), 3: ("UNVERIFIED", None)})
        self.assertEqual((result.reconcile.deleted, result.reconcile.unverified), (0, 3))

    def test_a_rate_limited_check_stops_the_reconciliation(self):
        store = Store(issues={})
        store.rows[5] = comment(5, 3)

        def transport(method, url, headers, timeout):
            if "/issues/comments?" in url:
                return Response(200, {}, b"[]")
            return Response(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "99999999999"}, b'{"message":"API rate limit exceeded"}')

        result = ingest.RunResult("o/r", ingest.STREAMS["comments"])
        reconcile.run(store, ingest.Fetcher(transport, FakeClock(), ingest.Settings(), "tok", result), API, "o", "r", result, FakeClock(), ingest.STREAMS["comments"])
        self.assertEqual(result.state, "RATE_LIMITED")
        self.assertFalse(result.reconcile.complete)
        self.assertEqual(store.removed, {})


class RunStreamsTests(unittest.TestCase):
    def test_issues_first_and_a_rate_limit_ends_the_run(self):
        seen = []

        def transport(method, url, headers, timeout):
            seen.append(url)
            return Response(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "99999999999"}, b'{"message":"API rate limit exceeded"}')

        issues = Store(issues={})
        stores = {"issues": issues, "comments": Store(issues={})}
        states = {"issues": {}, "comments": {}}
        results = ingest.run_streams(stores, transport, FakeClock(), "tok", API, "o/r", states, ingest.Settings(), ["issues", "comments"])
        self.assertEqual(list(results), ["issues"])
        self.assertEqual(results["issues"].state, "RATE_LIMITED")
        self.assertTrue(all("/issues?" in u for u in seen), seen)

    def test_both_streams_run_with_their_own_results(self):
        def transport(method, url, headers, timeout):
            body = [comment(1, 1)] if "/comments?" in url else [{"id": 10, "number": 1, "updated_at": "2024-01-01T00:00:00Z"}]
            return Response(200, {"ETag": '"e"'}, json.dumps(body).encode())

        stores = {"issues": Store(issues={}), "comments": Store(issues={})}
        results = ingest.run_streams(stores, transport, FakeClock(), "tok", API, "o/r", {"issues": {}, "comments": {}}, ingest.Settings(),
                                     ["issues", "comments"])
        self.assertEqual([(s, r.stream, r.state, r.rows, r.mode) for s, r in results.items()],
                         [("issues", "issues", "SUCCEEDED", 1, "BACKFILL"), ("comments", "comments", "SUCCEEDED", 1, "BACKFILL")])
        self.assertIn(1, stores["comments"].rows)
        self.assertIn(10, stores["issues"].rows)


if __name__ == "__main__":
    unittest.main()
