import json
import os
import unittest

from connector import sql, streams


class SqlTests(unittest.TestCase):
    def test_task_schedules_align(self):
        """Aligned task schedules, the cases the provider's test reads too."""
        path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "testdata", "task-schedules.json")
        with open(path) as f:
            cases = json.load(f)["cases"]
        self.assertGreater(len(cases), 10)
        for given, want in cases:
            self.assertEqual(sql.task_schedule(given), want, given)

    def test_quote(self):
        self.assertEqual(sql.quote('a"b'), '"a""b"')
        self.assertEqual(sql.qualified("DB", "S", 'x"; DROP'), '"DB"."S"."x""; DROP"')

    def test_resource_ids(self):
        self.assertEqual(sql.parse_resource_id("octo-cat/hello.world_1"), ("octo-cat", "hello.world_1"))
        for bad in ["octocat", "a/b/c", "-bad/repo", "bad-/repo", "o/", "/r", "o/..", "o/r'; DROP", "o/r\"", "o/" + "x" * 101, 5]:
            with self.assertRaises(ValueError, msg=bad):
                sql.parse_resource_id(bad)

    def test_object_names(self):
        names = sql.object_names("octo-cat/hello.world")
        self.assertEqual({k: v for k, v in names.items() if k != "streams"},
                         {"table": "OCTO_CAT__HELLO_WORLD_ISSUES_RAW", "view": "OCTO_CAT__HELLO_WORLD_ISSUES",
                          "view_all": "OCTO_CAT__HELLO_WORLD_ISSUES_ALL", "task": "INGEST__OCTO_CAT__HELLO_WORLD"})
        self.assertEqual(names["streams"]["comments"], {"table": "OCTO_CAT__HELLO_WORLD_COMMENTS_RAW", "view": "OCTO_CAT__HELLO_WORLD_COMMENTS",
                                                        "view_all": "OCTO_CAT__HELLO_WORLD_COMMENTS_ALL"})
        self.assertEqual(names["streams"]["pull_requests"]["view"], "OCTO_CAT__HELLO_WORLD_PULL_REQUESTS")
        # Names of one kind never meet names of another kind, whatever the
        # repositories: a raw table, a view, a view of everything. Tables
        # of two repositories meet only where one stream's suffix ends
        # with another's (REVIEW_COMMENTS, COMMENTS): ENABLE_RESOURCE
        # refuses those (test_procedures).
        kinds = {}
        for repo in ("o/r", "o/r_comments", "o/r_issues", "o/r-raw", "o/r_all", "o/r_pull", "o/r_review", "o/r_reviews"):
            for stream, n in sql.object_names(repo)["streams"].items():
                for kind, name in n.items():
                    kinds.setdefault(name, set()).add(kind)
        self.assertEqual({n: k for n, k in kinds.items() if len(k) > 1}, {})
        suffixes = [s.suffix for s in streams.STREAMS.values()]
        overlapping = {(a, b) for a in suffixes for b in suffixes if a != b and a.endswith("_" + b)}
        self.assertEqual(overlapping, {("REVIEW_COMMENTS", "COMMENTS")}, "a new overlap needs the same refusal")
        self.assertNotEqual(sql.object_names("a-b/c")["table"], sql.object_names("a/b-c")["table"])

    def test_schedule(self):
        self.assertEqual(sql.schedule_literal("30 minutes"), "30 MINUTES")
        self.assertEqual(sql.schedule_literal("1  HOUR"), "1 HOUR")
        self.assertEqual(sql.schedule_literal("USING CRON 0 * * * * UTC"), "USING CRON 0 * * * * UTC")
        self.assertEqual(sql.schedule_literal("11520 minutes"), "11520 MINUTES")
        self.assertEqual(sql.schedule_literal("10 seconds"), "10 SECONDS")
        for bad in ["", "0 MINUTES", "30 fortnights", "30 MINUTES'; DROP", "USING CRON 0 * * * * UTC'", "5 SECONDS", "11521 MINUTES", "193 HOURS"]:
            with self.assertRaises(ValueError, msg=bad):
                sql.schedule_literal(bad)

    def test_task_inlines_only_validated_values(self):
        text = sql.create_task('"TASKS"."T"', 'WH"1', "30 MINUTES", '"PUBLIC"."INGEST_DATA"', "o/r")
        self.assertEqual(text, 'CREATE OR REPLACE TASK "TASKS"."T" WAREHOUSE = "WH""1" SCHEDULE = \'USING CRON */30 * * * * UTC\' AS CALL "PUBLIC"."INGEST_DATA"(\'o/r\')')
        with self.assertRaises(ValueError):
            sql.create_task('"T"', "WH", "30 MINUTES", '"P"', "o/r'); DROP TABLE x; --")

    def test_merge_is_one_statement_with_one_parameter(self):
        text = sql.merge_page('"D"."GITHUB"."T"')
        self.assertEqual(text.count("?"), 1)
        self.assertIn("WHEN MATCHED AND (s.updated_at > t.UPDATED_AT OR (s.updated_at = t.UPDATED_AT AND s.raw <> t.RAW)) THEN UPDATE", text)
        self.assertIn("ROW_NUMBER() OVER (PARTITION BY", text)
        params = sql.merge_params([{"id": 1, "title": "it's \"quoted\""}])
        self.assertEqual(json.loads(params[0]), [{"id": 1, "title": "it's \"quoted\""}])

    def test_checked_fqn(self):
        self.assertEqual(sql.checked_fqn('"D"."S"."N"', 3, "secret"), '"D"."S"."N"')
        self.assertEqual(sql.checked_fqn('"a""b"', 1, "eai"), '"a""b"')
        for bad in ['D.S.N', '"D"."S"', '"D"."S"."N"; DROP', '"x"; DROP', None]:
            with self.assertRaises(ValueError, msg=bad):
                sql.checked_fqn(bad, 3 if bad and bad.count(".") else 1, "x")


if __name__ == "__main__":
    unittest.main()
