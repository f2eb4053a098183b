import json
import unittest

from connector import procedures
from connector import sql as connector_sql
from connector.github import Response
from tests.fakes import FakeClock, FakeGitHub, FakeSession, Row

CONFIG = {"destination_database": "GITHUB_DATA", "warehouse": "WH", "github_api_url": "https://api.github.com/",
          "secret": '"SETUP"."PUBLIC"."GITHUB_TOKEN"', "external_access_integration": '"GITHUB_EAI"'}


class SQLError(Exception):
    """A failed statement, as Snowpark raises it: with sql_error_code."""

    def __init__(self, message, code):
        super().__init__(message)
        self.sql_error_code = code


class ResourceTable:
    """RESOURCE_CONFIGURATION and the repository's task, as far as the claim
    goes: CREATE TASK (without OR REPLACE) fails with 002002 when the task
    exists, as Snowflake's unique object names make it."""

    def __init__(self, row=None, task_exists=None):
        self.row = row
        # By default an enabled repository has its task, as ENABLE leaves it.
        self.task_exists = bool(row and row.get("ENABLED")) if task_exists is None else task_exists

    def select(self, query, params):
        return [self.row] if self.row is not None else []

    def create_task(self, query, params):
        if self.task_exists:
            raise SQLError("SQL compilation error:\nObject 'INGEST__O__R' already exists.", 2002)
        self.task_exists = True
        return []

    def upsert(self, query, params):
        self.row = Row(dict(self.row or {}, RESOURCE_ID=params[0], ENABLED=True, SCHEDULE=params[1], OPTIONS=params[6]))
        return []

    def drop_task(self, query, params):
        self.task_exists = False
        return []

    def tasks(self, query, params):
        name = query.split("'")[1]
        return [Row(name=name)] if self.task_exists else []

    def stream_state(self, query, params):
        """STREAM_STATE's rows of the repository's streams (as
        ENABLE_RESOURCE or the upgrade leaves them), with the resource
        row's cursor for issues."""
        if self.row is None or not query.startswith("SELECT STREAM,"):
            return []
        options = json.loads(self.row.get("OPTIONS") or "{}")
        return [Row(STREAM=name, ENABLED=True, CURSOR_UPDATED_AT=self.row.get("CURSOR_UPDATED_AT") if name == "issues" else None,
                    ETAG=None, ETAG_URL=None, LAST_RECONCILED_AT=None, RECONCILE_PENDING=None, FULL_REFRESH_PENDING=None)
                for name in options.get("streams") or ["issues"]]


def provisioned_session(resource_row=None, extra=None, table=None):
    config_rows = [Row(KEY=k, VALUE=json.dumps(v)) for k, v in CONFIG.items()]
    table = table or ResourceTable(resource_row)
    handlers = [("FROM \"STATE\".\"APP_CONFIGURATION\"", config_rows)]
    handlers.extend(extra or [])
    handlers += [("SELECT RESOURCE_ID, ENABLED", table.select), ("FROM \"STATE\".\"STREAM_STATE\" WHERE RESOURCE_ID = ?", table.stream_state), ("MERGE INTO \"STATE\".\"RESOURCE_CONFIGURATION\"", table.upsert),
                 ("SHOW TASKS LIKE", table.tasks), ("CREATE TASK ", table.create_task), ("DROP TASK IF EXISTS", table.drop_task)]
    return FakeSession(handlers)


class ProvisionTests(unittest.TestCase):
    def test_provision_binds_secret_and_integration(self):
        s = FakeSession()
        out = procedures.provision_connector(s, json.dumps(CONFIG))
        self.assertEqual(out["status"], "PROVISIONED")
        queries = [q for q, _ in s.calls]
        self.assertIn('CREATE DATABASE IF NOT EXISTS "GITHUB_DATA"', queries)
        self.assertIn('ALTER PROCEDURE "PUBLIC"."INGEST_DATA"(VARCHAR) SET SECRETS = (\'github_token\' = "SETUP"."PUBLIC"."GITHUB_TOKEN") '
                      'EXTERNAL_ACCESS_INTEGRATIONS = ("GITHUB_EAI")', queries)
        stored = {p[0]: json.loads(p[1]) for q, p in s.calls if q.startswith("MERGE INTO \"STATE\".\"APP_CONFIGURATION\"")}
        self.assertEqual(stored["github_api_url"], "https://api.github.com/")
        self.assertEqual(stored["destination_database"], "GITHUB_DATA")

    def test_provision_serverless_stores_no_warehouse(self):
        s = FakeSession()
        config = dict({k: v for k, v in CONFIG.items() if k != "warehouse"}, serverless_tasks=True)
        out = procedures.provision_connector(s, json.dumps(config))
        self.assertEqual(out["config"]["warehouse"], "")
        self.assertIs(out["config"]["serverless_tasks"], True)
        self.assertEqual(out["tasks_moved"], 0, "a first provisioning has no tasks to move")

    def test_provision_moves_enabled_tasks_to_new_compute(self):
        # Provisioned on WH with one enabled repository; re-provisioned serverless.
        config_rows = [Row(KEY=k, VALUE=json.dumps(v)) for k, v in CONFIG.items()]
        s = FakeSession([("FROM \"STATE\".\"APP_CONFIGURATION\"", config_rows),
                         ("SELECT RESOURCE_ID, OPTIONS", [Row(RESOURCE_ID="o/r", OPTIONS=json.dumps({"schedule": "1 HOUR", "paused": True}))]),
                         ("SHOW TASKS LIKE", [Row(name="INGEST__O__R")])])
        config = dict({k: v for k, v in CONFIG.items() if k != "warehouse"}, serverless_tasks=True)
        out = procedures.provision_connector(s, json.dumps(config))
        self.assertEqual(out["tasks_moved"], 1)
        queries = [q for q, _ in s.calls]
        self.assertIn('CREATE OR REPLACE TASK "TASKS"."INGEST__O__R" USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = \'XSMALL\' '
                      'SCHEDULE = \'USING CRON 0 * * * * UTC\' AS CALL "PUBLIC"."INGEST_DATA"(\'o/r\')', queries)
        self.assertNotIn('ALTER TASK "TASKS"."INGEST__O__R" RESUME', queries, "a paused repository stays paused")

    def test_provision_rejects_bad_config(self):
        no_wh = {k: v for k, v in CONFIG.items() if k != "warehouse"}
        for bad, msg in [
            (dict(CONFIG, extra=1), "unknown configuration keys: extra"),
            (no_wh, "warehouse is required"),
            (dict(no_wh, serverless_tasks="yes"), "warehouse is required"),
            (dict(CONFIG, serverless_tasks=True), "warehouse and serverless_tasks exclude each other"),
            (dict(CONFIG, secret="SETUP.PUBLIC.TOKEN"), "must be a quoted name"),
            (dict(CONFIG, external_access_integration='"E"); DROP'), "must be a quoted name"),
            (dict(CONFIG, github_api_url="ftp://x"), "must be an https URL"),
        ]:
            s = FakeSession()
            with self.assertRaises(ValueError) as ctx:
                procedures.provision_connector(s, bad)
            self.assertIn(msg, str(ctx.exception))
            self.assertEqual(s.calls, [], "nothing may run before the config is valid")


class ResourceTests(unittest.TestCase):
    def test_enable_creates_table_view_task_and_starts_it(self):
        s = provisioned_session()
        out = procedures.enable_resource(s, "octo/hello-world", {"schedule": "15 MINUTES"})
        self.assertEqual(out["task"], '"TASKS"."INGEST__OCTO__HELLO_WORLD"')
        queries = [q for q, _ in s.calls]
        self.assertTrue(any(q.startswith('CREATE TABLE IF NOT EXISTS "GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES_RAW"') for q in queries))
        self.assertTrue(any(q.startswith('CREATE OR REPLACE VIEW "GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES"') for q in queries))
        self.assertIn('CREATE TASK "TASKS"."INGEST__OCTO__HELLO_WORLD" WAREHOUSE = "WH" SCHEDULE = \'USING CRON */15 * * * * UTC\' '
                      'AS CALL "PUBLIC"."INGEST_DATA"(\'octo/hello-world\')', queries)
        self.assertEqual(queries[-2:], ['ALTER TASK "TASKS"."INGEST__OCTO__HELLO_WORLD" RESUME', 'EXECUTE TASK "TASKS"."INGEST__OCTO__HELLO_WORLD"'])

    def test_enable_paused_does_not_start(self):
        s = provisioned_session()
        procedures.enable_resource(s, "o/r", {"paused": True})
        self.assertFalse(any("RESUME" in q or "EXECUTE TASK" in q for q, _ in s.calls))

    def test_enable_validates_before_running_anything(self):
        for rid, options, msg in [("o/r/x", None, "must be owner/repo"), ("o/r", {"schedule": "soon"}, "schedule"),
                                  ("o/r", {"colour": "red"}, "unknown options")]:
            s = provisioned_session()
            with self.assertRaises(ValueError) as ctx:
                procedures.enable_resource(s, rid, options)
            self.assertIn(msg, str(ctx.exception))
            self.assertFalse(any(q.startswith("CREATE") for q, _ in s.calls))

    def test_enable_requires_provisioning(self):
        with self.assertRaises(ValueError) as ctx:
            procedures.enable_resource(FakeSession(), "o/r")
        self.assertIn("PROVISION_CONNECTOR first", str(ctx.exception))

    def test_enable_refuses_a_repository_already_enabled_and_changes_nothing(self):
        """The task is the claim: its CREATE fails (002002) and nothing else runs."""
        table = ResourceTable(Row(RESOURCE_ID="o/r", ENABLED=True, SCHEDULE="30 MINUTES", OPTIONS=None), task_exists=True)
        s = provisioned_session(table=table)
        with self.assertRaises(ValueError) as ctx:
            procedures.enable_resource(s, "o/r", {"schedule": "1 HOUR"})
        self.assertIn("o/r is already enabled", str(ctx.exception))
        self.assertEqual(table.row["SCHEDULE"], "30 MINUTES")
        changes = [q for q, _ in s.calls if q.startswith(("CREATE", "ALTER", "EXECUTE", "GRANT", "DROP", "MERGE"))]
        self.assertEqual(changes, ['CREATE TASK "TASKS"."INGEST__O__R" WAREHOUSE = "WH" SCHEDULE = \'USING CRON 0 * * * * UTC\' AS CALL "PUBLIC"."INGEST_DATA"(\'o/r\')'])

    def test_a_failure_after_the_claim_releases_it(self):
        table = ResourceTable(None, task_exists=False)
        s = provisioned_session(table=table, extra=[("CREATE TABLE IF NOT EXISTS", lambda q, p: (_ for _ in ()).throw(SQLError("boom", 3001)))])
        with self.assertRaises(SQLError):
            procedures.enable_resource(s, "o/r")
        self.assertFalse(table.task_exists)
        self.assertEqual(procedures.enable_resource(provisioned_session(table=table), "o/r")["status"], "ENABLED")

    def test_enable_takes_over_a_repository_whose_task_is_gone_or_that_was_disabled(self):
        for row in [Row(RESOURCE_ID="o/r", ENABLED=True, SCHEDULE="old", OPTIONS=None),
                    Row(RESOURCE_ID="o/r", ENABLED=False, SCHEDULE="old", OPTIONS=None), None]:
            table = ResourceTable(row, task_exists=False)
            out = procedures.enable_resource(provisioned_session(table=table), "o/r")
            self.assertEqual(out["status"], "ENABLED")
            self.assertEqual((table.row["ENABLED"], table.row["SCHEDULE"], table.task_exists), (True, "30 MINUTES", True))

    def test_enable_refuses_a_name_clash(self):
        s = provisioned_session(extra=[("WHERE SINK_TABLE IN (", [Row(RESOURCE_ID="o/r.x", STREAM="issues",
                                                                       SINK_TABLE='"GITHUB_DATA"."GITHUB"."O__R_X_ISSUES_RAW"')])])
        with self.assertRaises(ValueError) as ctx:
            procedures.enable_resource(s, "o/r-x")
        self.assertIn("already used by the issues stream of o/r.x", str(ctx.exception))
        self.assertFalse(any(q.startswith("CREATE TASK") for q, _ in s.calls), "refused before the claim")

    def test_a_table_of_another_repositorys_stream_is_refused(self):
        """o/r's review_comments and o/r_review's comments would share a table."""
        tables = []

        def users(query, params):
            tables.extend(params[:-1])
            clash = '"GITHUB_DATA"."GITHUB"."O__R_REVIEW_COMMENTS_RAW"'
            return [Row(RESOURCE_ID="o/r", STREAM="review_comments", SINK_TABLE=clash)] if clash in params else []
        s = provisioned_session(extra=[("WHERE SINK_TABLE IN (", users)])
        with self.assertRaises(ValueError) as ctx:
            procedures.enable_resource(s, "o/r_review", {"streams": ["issues", "comments"]})
        self.assertIn("already used by the review_comments stream of o/r", str(ctx.exception))
        self.assertEqual(tables, ['"GITHUB_DATA"."GITHUB"."O__R_REVIEW_ISSUES_RAW"', '"GITHUB_DATA"."GITHUB"."O__R_REVIEW_COMMENTS_RAW"'])

    def test_disable_keeps_or_drops_data(self):
        s = provisioned_session()
        procedures.disable_resource(s, "o/r")
        queries = [q for q, _ in s.calls]
        self.assertIn('DROP TASK IF EXISTS "TASKS"."INGEST__O__R"', queries)
        self.assertFalse(any("DROP TABLE" in q for q in queries))
        s = provisioned_session()
        procedures.disable_resource(s, "o/r", True)
        self.assertIn('DROP TABLE IF EXISTS "GITHUB_DATA"."GITHUB"."O__R_ISSUES_RAW"', [q for q, _ in s.calls])
        self.assertIn('DROP VIEW IF EXISTS "GITHUB_DATA"."GITHUB"."O__R_ISSUES_ALL"', [q for q, _ in s.calls])

    def test_update_changes_schedule_in_place(self):
        row = Row(RESOURCE_ID="o/r", ENABLED=True, SCHEDULE="30 MINUTES", SINK_TABLE="t", VIEW_NAME="v", TASK_NAME="k",
                  CURSOR_UPDATED_AT=None, ETAG=None, ETAG_URL=None, OPTIONS=json.dumps({"schedule": "30 MINUTES"}))
        s = provisioned_session(row)
        out = procedures.update_resource(s, "o/r", {"schedule": "1 HOUR"})
        self.assertEqual(out["schedule"], "1 HOUR")
        queries = [q for q, _ in s.calls]
        self.assertFalse(any("DROP TABLE" in q or "CREATE TABLE" in q for q in queries))
        self.assertTrue(any("SCHEDULE = 'USING CRON 0 * * * * UTC'" in q for q in queries))
        self.assertFalse(any("FULL_REFRESH_PENDING = TRUE" in q for q in queries))

    def test_a_new_resync_trigger_requests_a_full_refresh_and_starts_it(self):
        row = Row(RESOURCE_ID="o/r", ENABLED=True, OPTIONS=json.dumps({"schedule": "30 MINUTES", "resync_trigger": "1"}))
        s = provisioned_session(row)
        out = procedures.update_resource(s, "o/r", {"resync_trigger": "2"})
        self.assertTrue(out["full_refresh_requested"])
        queries = [q for q, _ in s.calls]
        self.assertIn(connector_sql.request_full_refresh(), queries)
        self.assertEqual(queries[-1], 'EXECUTE TASK "TASKS"."INGEST__O__R"')
        s = provisioned_session(row)
        self.assertFalse(procedures.update_resource(s, "o/r", {"resync_trigger": "1"})["full_refresh_requested"])

    def test_request_reconciliation(self):
        row = Row(RESOURCE_ID="o/r", ENABLED=True, OPTIONS=json.dumps({"paused": True}))
        s = provisioned_session(row)
        out = procedures.request_reconciliation(s, "o/r")
        self.assertEqual((out["status"], out["started"]), ("RECONCILIATION_REQUESTED", False))
        self.assertIn((connector_sql.request_reconciliation(), ["o/r"]), s.calls)
        with self.assertRaises(ValueError):
            procedures.request_reconciliation(provisioned_session(), "o/x")

    def test_request_full_refresh_changes_no_option_and_starts_nothing(self):
        row = Row(RESOURCE_ID="o/r", ENABLED=True, OPTIONS=json.dumps({"paused": False}))
        s = provisioned_session(row)
        self.assertEqual(procedures.request_full_refresh(s, "o/r")["status"], "FULL_REFRESH_REQUESTED")
        self.assertIn((connector_sql.request_full_refresh(), ["o/r"]), s.calls)
        queries = [q for q, _ in s.calls]
        self.assertFalse([q for q in queries if q.startswith("EXECUTE TASK") or "RESOURCE_CONFIGURATION SET" in q], queries)
        with self.assertRaisesRegex(ValueError, "o/x is not enabled"):
            procedures.request_full_refresh(provisioned_session(), "o/x")


class IngestProcedureTests(unittest.TestCase):
    def test_ingest_merges_pages_and_records_the_run(self):
        row = Row(RESOURCE_ID="o/r", ENABLED=True, SCHEDULE="30 MINUTES", SINK_TABLE="t", VIEW_NAME="v", TASK_NAME="k",
                  CURSOR_UPDATED_AT=None, ETAG=None, ETAG_URL=None, OPTIONS=None,
                  LAST_RECONCILED_AT=None, RECONCILE_PENDING=None, FULL_REFRESH_PENDING=None)
        s = provisioned_session(row, extra=[("MERGE INTO \"GITHUB_DATA\"", [Row(**{"number of rows inserted": 100, "number of rows updated": 0})])])
        out = procedures.ingest_data(s, "o/r", transport=FakeGitHub(150), clock=FakeClock(), token="tok")
        self.assertEqual((out["state"], out["pages"]), ("SUCCEEDED", 2))
        merges = [p for q, p in s.calls if q.startswith('MERGE INTO "GITHUB_DATA"."GITHUB"."O__R_ISSUES_RAW"')]
        self.assertEqual(len(merges), 2)
        self.assertEqual(len(json.loads(merges[0][0])), 100)
        started = [p for q, p in s.calls if q.startswith('INSERT INTO "STATE"."APP_STATE"')]
        finished = [p for q, p in s.calls if q.startswith('UPDATE "STATE"."APP_STATE" SET FINISHED_AT')]
        self.assertEqual(len(started), 1)
        self.assertEqual((finished[0][1], finished[0][-1]), ("SUCCEEDED", started[0][0]))
        interrupted = [p for q, p in s.calls if q.startswith('UPDATE "STATE"."APP_STATE" SET STATE = \'INTERRUPTED\'')]
        self.assertEqual(interrupted, [[connector_sql.INTERRUPTED_REASON, "o/r", "issues"]])
        checkpoints = [p for q, p in s.calls if q.startswith('UPDATE "STATE"."STREAM_STATE" SET CURSOR_UPDATED_AT')]
        self.assertEqual(len(checkpoints), 2)
        self.assertEqual(checkpoints[-1][-2:], ["o/r", "issues"])
        adopted = [p for q, p in s.calls if q == connector_sql.adopt_issues_state()]
        self.assertEqual(adopted, [["o/r"]], "the issues state of an earlier version is adopted before the run")

    def test_failed_ingest_raises_after_recording(self):
        from connector.github import Response
        row = Row(RESOURCE_ID="o/r", ENABLED=True, SCHEDULE="30 MINUTES", SINK_TABLE="t", VIEW_NAME="v", TASK_NAME="k",
                  CURSOR_UPDATED_AT=None, ETAG=None, ETAG_URL=None, OPTIONS=None,
                  LAST_RECONCILED_AT=None, RECONCILE_PENDING=None, FULL_REFRESH_PENDING=None)
        s = provisioned_session(row)
        gh = FakeGitHub(1)
        gh.faults = [Response(404, {}, b"")]
        with self.assertRaises(RuntimeError):
            procedures.ingest_data(s, "o/r", transport=gh, clock=FakeClock(), token="tok")
        finished = [p for q, p in s.calls if q.startswith('UPDATE "STATE"."APP_STATE" SET FINISHED_AT')]
        self.assertEqual(finished[0][1], "FAILED")



APP = {"client_id": "Iv23liX", "installation_id": 42, "private_key_secret": '"SETUP"."PUBLIC"."APP_KEY"'}


class GitHubAppConfigTests(unittest.TestCase):
    def app_config(self, **app):
        config = {k: v for k, v in CONFIG.items() if k != "secret"}
        config["github_app"] = dict(APP, **app)
        return config

    def test_provision_binds_the_key_to_both_github_procedures(self):
        s = FakeSession()
        out = procedures.provision_connector(s, json.dumps(self.app_config()))
        self.assertEqual(out["config"]["github_app"], APP)
        self.assertEqual(out["config"]["secret"], "")
        binds = [q for q, _ in s.calls if q.startswith("ALTER PROCEDURE")]
        self.assertEqual(binds, [
            'ALTER PROCEDURE "PUBLIC"."INGEST_DATA"(VARCHAR) SET SECRETS = (\'github_app_key\' = "SETUP"."PUBLIC"."APP_KEY") '
            'EXTERNAL_ACCESS_INTEGRATIONS = ("GITHUB_EAI")',
            'ALTER PROCEDURE "PUBLIC"."CHECK_GITHUB_ACCESS"() SET SECRETS = (\'github_app_key\' = "SETUP"."PUBLIC"."APP_KEY") '
            'EXTERNAL_ACCESS_INTEGRATIONS = ("GITHUB_EAI")'])

    def test_bad_app_configurations_are_refused_naming_the_key(self):
        cases = [
            (dict(self.app_config(), secret=CONFIG["secret"]), "exactly one of"),
            ({k: v for k, v in CONFIG.items() if k != "secret"}, "exactly one of"),
            (self.app_config(installation_id=0), "github_app.installation_id"),
            (self.app_config(installation_id="abc"), "github_app.installation_id"),
            (self.app_config(client_id="Iv23 li"), "github_app.client_id"),
            (self.app_config(private_key_secret="APP_KEY"), "github_app.private_key_secret"),
            (dict(self.app_config(), github_app=dict(APP, pem="x")), "unknown github_app keys"),
        ]
        for config, message in cases:
            with self.subTest(message=message):
                s = FakeSession()
                with self.assertRaises(ValueError) as ctx:
                    procedures.provision_connector(s, json.dumps(config))
                self.assertIn(message, str(ctx.exception))
                self.assertFalse(any(q.startswith("ALTER PROCEDURE") for q, _ in s.calls), "nothing is bound on a refusal")

    def test_check_github_access_with_a_token(self):
        s = provisioned_session()
        ok = lambda method, url, headers, timeout, body=None: Response(200, {}, b"{}")  # noqa: E731
        self.assertEqual(procedures.check_github_access(s, transport=ok, clock=FakeClock(), token="tok"), {"auth": "token"})
        refused = lambda method, url, headers, timeout, body=None: Response(401, {}, b"{}")  # noqa: E731
        with self.assertRaises(RuntimeError) as ctx:
            procedures.check_github_access(s, transport=refused, clock=FakeClock(), token="bad")
        self.assertIn("HTTP 401", str(ctx.exception))


class BindingTests(unittest.TestCase):
    def test_restore_bindings(self):
        self.assertEqual(procedures.restore_bindings(FakeSession())["status"], "NOT_PROVISIONED")
        s = provisioned_session()
        self.assertEqual(procedures.restore_bindings(s)["status"], "RESTORED")
        self.assertTrue(any(q.startswith('ALTER PROCEDURE "PUBLIC"."INGEST_DATA"(VARCHAR) SET SECRETS') for q, _ in s.calls))

    def test_restore_bindings_moves_operate_on_tasks_from_viewers_to_administrators(self):
        """Installations from before the roles were split gave APP_USER
        OPERATE on every task; the upgrade's RESTORE_BINDINGS moves it."""
        s = provisioned_session(extra=[("WHERE ENABLED", [Row(RESOURCE_ID="octo/hello")])], table=ResourceTable(task_exists=True))
        procedures.restore_bindings(s)
        task = '"TASKS"."INGEST__OCTO__HELLO"'
        self.assertEqual([q for q, _ in s.calls if "ON TASK" in q], [
            "GRANT MONITOR ON TASK " + task + ' TO APPLICATION ROLE "APP_USER"',
            "GRANT OPERATE ON TASK " + task + ' TO APPLICATION ROLE "APP_ADMIN"',
            "REVOKE OPERATE ON TASK " + task + ' FROM APPLICATION ROLE "APP_USER"'])


if __name__ == "__main__":
    unittest.main()
