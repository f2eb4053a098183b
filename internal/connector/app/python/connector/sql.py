"""SQL text the connector runs. Identifiers are always double-quoted with
embedded quotes doubled; values always travel as bind parameters."""

import json
import re

APP_SCHEMA_STATE = "STATE"
APP_SCHEMA_TASKS = "TASKS"
DATA_SCHEMA = "GITHUB"

_GITHUB_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_GITHUB_REPO = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def quote(name):
    """Quote one identifier part."""
    return '"' + str(name).replace('"', '""') + '"'


def qualified(*parts):
    return ".".join(quote(p) for p in parts)


def parse_resource_id(resource_id):
    """Split and validate `owner/repo` as GitHub names are; raise ValueError."""
    if not isinstance(resource_id, str) or resource_id.count("/") != 1:
        raise ValueError("resource id %r must be owner/repo" % (resource_id,))
    owner, repo = resource_id.split("/")
    if not _GITHUB_OWNER.match(owner):
        raise ValueError("owner %r is not a valid GitHub user or organization name" % owner)
    if not _GITHUB_REPO.match(repo) or repo in (".", ".."):
        raise ValueError("repository %r is not a valid GitHub repository name" % repo)
    return owner, repo


def _slug(text):
    return re.sub(r"[^A-Z0-9]", "_", text.upper())


def object_names(resource_id):
    """Names of a repository's sink table, view and task (unquoted)."""
    owner, repo = parse_resource_id(resource_id)
    base = _slug(owner) + "__" + _slug(repo)
    return {"table": base + "_ISSUES_RAW", "view": base + "_ISSUES", "view_all": base + "_ISSUES_ALL", "task": "INGEST__" + base}


def merge_page(table):
    """One MERGE per page. The source is the page's JSON array, deduplicated
    by id keeping the newest version; a row never moves back in time, and a
    version already stored (the lookback overlap) is not rewritten, while a
    same-second edit (equal updated_at, different body) still is. An issue
    listed again is live again: its removal markers are cleared."""
    query = (
        "MERGE INTO " + table + " t USING ("
        " SELECT raw, id, updated_at FROM ("
        " SELECT value AS raw, value:id::NUMBER AS id, value:updated_at::TIMESTAMP_NTZ AS updated_at,"
        " ROW_NUMBER() OVER (PARTITION BY value:id::NUMBER ORDER BY value:updated_at::TIMESTAMP_NTZ DESC) AS rn"
        " FROM TABLE(FLATTEN(input => PARSE_JSON(?)))) WHERE rn = 1) s"
        " ON t.ID = s.id"
        " WHEN MATCHED AND (s.updated_at > t.UPDATED_AT OR (s.updated_at = t.UPDATED_AT AND s.raw <> t.RAW)) THEN UPDATE SET RAW = s.raw, UPDATED_AT = s.updated_at, INGESTED_AT = CURRENT_TIMESTAMP(),"
        " REMOVED_AT = NULL, REMOVAL = NULL, TRANSFERRED_TO = NULL"
        " WHEN NOT MATCHED THEN INSERT (ID, UPDATED_AT, RAW, INGESTED_AT) VALUES (s.id, s.updated_at, s.raw, CURRENT_TIMESTAMP())"
    )
    return query


def merge_params(issues):
    return [json.dumps(issues, separators=(",", ":"))]


# Set by reconciliation: when GitHub answered 410 (DELETED) or 301
# (TRANSFERRED, with where to) for an issue no listing shows any more.
MARKER_COLUMNS = (("REMOVED_AT", "TIMESTAMP_NTZ"), ("REMOVAL", "VARCHAR"), ("TRANSFERRED_TO", "VARCHAR"))


def create_sink_table(table):
    return (
        "CREATE TABLE IF NOT EXISTS " + table + " ("
        "ID NUMBER NOT NULL, UPDATED_AT TIMESTAMP_NTZ NOT NULL, RAW VARIANT NOT NULL, INGESTED_AT TIMESTAMP_NTZ, " +
        ", ".join(name + " " + typ for name, typ in MARKER_COLUMNS) + ")"
    )


def migrate_sink_table(table):
    """Sink tables made by earlier versions lack the marker columns."""
    return ["ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + name + " " + typ for name, typ in MARKER_COLUMNS]


def select_active_issues(table):
    return "SELECT RAW:number::NUMBER AS NUMBER, ID FROM " + table + " WHERE REMOVED_AT IS NULL"


def mark_removed(table):
    return ("UPDATE " + table + " SET REMOVED_AT = CURRENT_TIMESTAMP(), REMOVAL = ?, TRANSFERRED_TO = ?"
            " WHERE ID = ? AND REMOVED_AT IS NULL")


VIEW_COLUMNS = (
    "raw:id::NUMBER AS ID, raw:number::NUMBER AS NUMBER, raw:title::VARCHAR AS TITLE, raw:state::VARCHAR AS STATE,"
    " raw:state_reason::VARCHAR AS STATE_REASON, raw:user.login::VARCHAR AS AUTHOR, raw:labels AS LABELS,"
    " raw:assignees AS ASSIGNEES, raw:milestone.title::VARCHAR AS MILESTONE, raw:comments::NUMBER AS COMMENTS,"
    " raw:created_at::TIMESTAMP_NTZ AS CREATED_AT, raw:updated_at::TIMESTAMP_NTZ AS UPDATED_AT,"
    " raw:closed_at::TIMESTAMP_NTZ AS CLOSED_AT, raw:pull_request IS NOT NULL AS IS_PULL_REQUEST,"
    " raw:html_url::VARCHAR AS HTML_URL, raw:body::VARCHAR AS BODY"
)


def create_view(view, table):
    """The issues as GitHub shows them now: deleted and transferred ones hidden."""
    return "CREATE OR REPLACE VIEW " + view + " AS SELECT " + VIEW_COLUMNS + " FROM " + table + " WHERE REMOVED_AT IS NULL"


def create_view_all(view, table):
    """Every issue ever ingested, with the removal markers and its raw JSON."""
    return ("CREATE OR REPLACE VIEW " + view + " AS SELECT " + VIEW_COLUMNS + ", REMOVED_AT, REMOVAL, TRANSFERRED_TO, RAW FROM " + table)


def create_task(task, warehouse, schedule, procedure, resource_id):
    """The task inlines its argument (tasks take no binds); resource_id has
    passed parse_resource_id, whose alphabet has no quote or backslash."""
    parse_resource_id(resource_id)
    # No warehouse: a serverless task; Snowflake sizes it from its history,
    # starting from the smallest size.
    wh = " WAREHOUSE = " + quote(warehouse) if warehouse else " USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL'"
    return (
        "CREATE OR REPLACE TASK " + task + wh + " SCHEDULE = '" + schedule_literal(schedule) + "'"
        " AS CALL " + procedure + "('" + resource_id + "')"
    )


_QUOTED_PART = r'"(?:[^"]|"")+"'
_FQN3 = re.compile(r"^" + _QUOTED_PART + r"\." + _QUOTED_PART + r"\." + _QUOTED_PART + r"$")
_FQN1 = re.compile(r"^" + _QUOTED_PART + r"$")


def checked_fqn(value, parts, what):
    """Accept only a fully quoted name ("DB"."SCHEMA"."NAME" or "NAME"), so it
    can be placed in DDL as it is."""
    pattern = _FQN3 if parts == 3 else _FQN1
    if not isinstance(value, str) or not pattern.match(value):
        form = '"DB"."SCHEMA"."NAME"' if parts == 3 else '"NAME"'
        raise ValueError("%s %r must be a quoted name such as %s" % (what, value, form))
    return value


_SCHEDULE = re.compile(r"^(?:([1-9][0-9]{0,5}) (SECONDS?|MINUTES?|HOURS?)|USING CRON [0-9A-Za-z*,/ -]+ [A-Za-z_/+-]+)$", re.IGNORECASE)
_UNIT_SECONDS = {"S": 1, "M": 60, "H": 3600}
MAX_INTERVAL_SECONDS = 8 * 24 * 3600  # 11520 MINUTES: Snowflake never runs a task scheduled less often


def schedule_literal(schedule):
    """Validate a task schedule; it is inlined, so nothing but the grammar
    passes: an interval of 10 SECONDS to 8 days, or USING CRON."""
    text = " ".join(str(schedule).split())
    m = _SCHEDULE.match(text)
    if m and m.group(1):
        seconds = int(m.group(1)) * _UNIT_SECONDS[m.group(2)[0].upper()]
        if seconds < 10 or seconds > MAX_INTERVAL_SECONDS:
            m = None
    if not m:
        raise ValueError("schedule %r must be an interval of 10 SECONDS to 8 days such as '30 MINUTES' or '1 HOUR', "
                         "or 'USING CRON 0 * * * * UTC'" % (schedule,))
    return text.upper() if not text.upper().startswith("USING CRON") else "USING CRON" + text[len("USING CRON"):]


# State tables (setup.sql creates them).
def upsert_resource_state():
    return (
        "UPDATE " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") +
        " SET CURSOR_UPDATED_AT = ?, ETAG = ?, ETAG_URL = ?, UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?"
    )


def select_resource():
    return (
        "SELECT RESOURCE_ID, ENABLED, SCHEDULE, SINK_TABLE, VIEW_NAME, TASK_NAME, CURSOR_UPDATED_AT, ETAG, ETAG_URL, OPTIONS,"
        " LAST_RECONCILED_AT, RECONCILE_PENDING, FULL_REFRESH_PENDING, CLAIM"
        " FROM " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") + " WHERE RESOURCE_ID = ?"
    )


def set_reconciled():
    return ("UPDATE " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") +
            " SET LAST_RECONCILED_AT = ?, RECONCILE_PENDING = FALSE WHERE RESOURCE_ID = ?")


def clear_full_refresh():
    return ("UPDATE " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") +
            " SET FULL_REFRESH_PENDING = FALSE WHERE RESOURCE_ID = ?")


def request_full_refresh():
    """The next run reads everything again from the start (and reconciles);
    an interrupted full refresh resumes from its checkpoint."""
    return ("UPDATE " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") +
            " SET FULL_REFRESH_PENDING = TRUE, CURSOR_UPDATED_AT = NULL, ETAG = NULL, ETAG_URL = NULL,"
            " UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?")


def request_reconciliation():
    return ("UPDATE " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") +
            " SET RECONCILE_PENDING = TRUE, UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?")


def claim_resource(previous_claim_is_null, reenable):
    """Enable a repository only if nobody else holds it: compare-and-swap on
    CLAIM, so of two concurrent ENABLE_RESOURCE calls exactly one wins.
    reenable (the row's task is gone) lets an enabled row be taken over."""
    cas = "t.CLAIM IS NULL" if previous_claim_is_null else "t.CLAIM = ?"
    free = "(t.ENABLED IS NULL OR t.ENABLED = FALSE" + (" OR TRUE" if reenable else "") + ")"
    return (
        "MERGE INTO " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") + " t USING (SELECT ? AS RESOURCE_ID) s"
        " ON t.RESOURCE_ID = s.RESOURCE_ID"
        " WHEN MATCHED AND " + free + " AND " + cas + " THEN UPDATE SET ENABLED = TRUE, CLAIM = ?, SCHEDULE = ?, SINK_TABLE = ?,"
        " VIEW_NAME = ?, VIEW_ALL_NAME = ?, TASK_NAME = ?, OPTIONS = PARSE_JSON(?), UPDATED_AT = CURRENT_TIMESTAMP()"
        " WHEN NOT MATCHED THEN INSERT (RESOURCE_ID, ENABLED, CLAIM, SCHEDULE, SINK_TABLE, VIEW_NAME, VIEW_ALL_NAME, TASK_NAME,"
        " OPTIONS, UPDATED_AT) VALUES (s.RESOURCE_ID, TRUE, ?, ?, ?, ?, ?, ?, PARSE_JSON(?), CURRENT_TIMESTAMP())"
    )


INTERRUPTED_REASON = ("interrupted: the run ended without recording an outcome (its process, warehouse or Snowflake "
                      "stopped mid-run); the next run resumed from the last checkpoint")


def mark_interrupted_runs():
    """Runs of the resource still RUNNING when a new one starts never ended
    (tasks do not overlap); a run that does end later overwrites this."""
    return (
        "UPDATE " + qualified(APP_SCHEMA_STATE, "APP_STATE") +
        " SET STATE = 'INTERRUPTED', ERROR = ? WHERE RESOURCE_ID = ? AND STATE = 'RUNNING'"
    )


def insert_app_state():
    return (
        "INSERT INTO " + qualified(APP_SCHEMA_STATE, "APP_STATE") +
        " (RUN_ID, RESOURCE_ID, STARTED_AT, STATE, MODE, PAGES, REQUESTS, ROWS_MERGED, CURSOR_UPDATED_AT)"
        " SELECT ?, ?, TO_TIMESTAMP_NTZ(?), 'RUNNING', ?, 0, 0, 0, ?"
    )


def finish_app_state():
    return (
        "UPDATE " + qualified(APP_SCHEMA_STATE, "APP_STATE") +
        " SET FINISHED_AT = TO_TIMESTAMP_NTZ(?), STATE = ?, PAGES = ?, REQUESTS = ?, ROWS_MERGED = ?, DURATION_MS = ?,"
        " CURSOR_UPDATED_AT = ?, ERROR = ?, RECONCILE_REQUESTS = ?, ISSUES_DELETED = ?, ISSUES_TRANSFERRED = ?,"
        " ISSUES_UNVERIFIED = ? WHERE RUN_ID = ?"
    )


def select_config():
    return "SELECT KEY, VALUE FROM " + qualified(APP_SCHEMA_STATE, "APP_CONFIGURATION")
