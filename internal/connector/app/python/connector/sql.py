"""SQL text the connector runs. Identifiers are always double-quoted with
embedded quotes doubled; values always travel as bind parameters."""

import json
import re

from . import streams as declared

APP_SCHEMA_STATE = "STATE"
APP_SCHEMA_TASKS = "TASKS"
DATA_SCHEMA = "GITHUB"

# Every pattern here is applied with fullmatch: `$` also matches before a
# trailing newline, so 'octo/repo\n' would pass a match(...$).
_GITHUB_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_GITHUB_REPO = re.compile(r"[A-Za-z0-9._-]{1,100}")


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
    if not _GITHUB_OWNER.fullmatch(owner):
        raise ValueError("owner %r is not a valid GitHub user or organization name" % owner)
    if not _GITHUB_REPO.fullmatch(repo) or repo in (".", ".."):
        raise ValueError("repository %r is not a valid GitHub repository name" % repo)
    return owner, repo


def _slug(text):
    return re.sub(r"[^A-Z0-9]", "_", text.upper())


def object_names(resource_id):
    """Names (unquoted) of a repository's task and of each declared
    stream's sink table, view and view of everything; table, view and
    view_all are the issues stream's. Two repositories whose names differ
    by a stream's suffix (o/r with review_comments, o/r_review with
    comments) could meet on a table: ENABLE_RESOURCE refuses the second."""
    owner, repo = parse_resource_id(resource_id)
    base = _slug(owner) + "__" + _slug(repo)
    per_stream = {name: s.names(base) for name, s in declared.STREAMS.items()}
    out = dict(per_stream["issues"], task="INGEST__" + base)
    out["streams"] = per_stream
    return out


def merge_page(table, updated="updated_at"):
    """One MERGE per page. The source is the page's JSON array, deduplicated
    by id keeping the newest version; a row never moves back in time, and a
    version already stored (the lookback overlap) is not rewritten, while a
    same-second edit (equal updated_at, different body) still is. An issue
    listed again is live again: its removal markers are cleared. updated
    is the stream's field that says when an item last changed (a review
    has submitted_at only)."""
    if updated not in ("updated_at", "submitted_at"):
        raise ValueError("unknown updated field %r" % updated)
    stamp = "value:" + updated + "::TIMESTAMP_NTZ"
    query = (
        "MERGE INTO " + table + " t USING ("
        " SELECT raw, id, updated_at FROM ("
        " SELECT value AS raw, value:id::NUMBER AS id, " + stamp + " AS updated_at,"
        " ROW_NUMBER() OVER (PARTITION BY value:id::NUMBER ORDER BY " + stamp + " DESC) AS rn"
        " FROM TABLE(FLATTEN(input => PARSE_JSON(?)))) WHERE rn = 1) s"
        " ON t.ID = s.id"
        " WHEN MATCHED AND (s.updated_at > t.UPDATED_AT OR (s.updated_at = t.UPDATED_AT AND s.raw <> t.RAW)) THEN UPDATE SET RAW = s.raw, UPDATED_AT = s.updated_at, INGESTED_AT = CURRENT_TIMESTAMP(),"
        " REMOVED_AT = NULL, REMOVAL = NULL, TRANSFERRED_TO = NULL"
        " WHEN NOT MATCHED THEN INSERT (ID, UPDATED_AT, RAW, INGESTED_AT) VALUES (s.id, s.updated_at, s.raw, CURRENT_TIMESTAMP())"
    )
    return query


# What one MERGE's bind may carry, in UTF-8 bytes: half of Snowflake's
# 16 MB limit on a VARCHAR or VARIANT value, which the page's JSON array
# and its PARSE_JSON must each stay under.
MAX_BIND_BYTES = 8 * 1024 * 1024


def _json_text(item):
    # ensure_ascii=False: an emoji is 4 bytes of UTF-8, not 12 of \ud83d\ude00.
    return json.dumps(item, separators=(",", ":"), ensure_ascii=False)


def merge_batches(items, max_bytes=MAX_BIND_BYTES):
    """The page's items as JSON arrays of at most max_bytes UTF-8 bytes each,
    in order, every item in exactly one: a page of large items becomes
    several MERGEs instead of one value Snowflake refuses. An item that
    alone exceeds the bound is refused, naming it, rather than cut."""
    batches, current, size = [], [], 2  # the brackets
    for item in items:
        text = _json_text(item)
        length = len(text.encode("utf-8"))
        if length + 2 > max_bytes:
            raise ValueError("GitHub item id %s is %d bytes as JSON, more than one statement may carry (%d bytes)"
                             % (item.get("id") if isinstance(item, dict) else "?", length, max_bytes))
        if current and size + 1 + length > max_bytes:
            batches.append("[" + ",".join(current) + "]")
            current, size = [], 2
        size += length + (1 if current else 0)
        current.append(text)
    if current:
        batches.append("[" + ",".join(current) + "]")
    return batches


def merge_params(issues):
    """The binds of one MERGE of a page that fits one statement."""
    batches = merge_batches(issues)
    if len(batches) != 1:
        raise ValueError("the page needs %d statements; use merge_batches" % len(batches))
    return [batches[0]]


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


# Rows reconciliation checks: not marked, or marked UNVERIFIED (a 404: the
# token could not tell), which are checked again each time.
UNVERIFIED = "UNVERIFIED"
TO_VERIFY = "(REMOVED_AT IS NULL OR REMOVAL = '" + UNVERIFIED + "')"


def select_active_issues(table):
    return "SELECT RAW:number::NUMBER AS NUMBER, ID FROM " + table + " WHERE " + TO_VERIFY


def select_unverified(table):
    return "SELECT ID FROM " + table + " WHERE REMOVAL = '" + UNVERIFIED + "'"


def restore(table):
    """Clear an UNVERIFIED marker; final markers stay."""
    return ("UPDATE " + table + " SET REMOVED_AT = NULL, REMOVAL = NULL, TRANSFERRED_TO = NULL"
            " WHERE ID = ? AND REMOVAL = '" + UNVERIFIED + "'")


def select_active_children(table, stream):
    """The stream's rows to verify with their parent's number (a comment's
    issue, a review's pull request), from the declaration's parent SQL."""
    return "SELECT ID, " + declared.get(stream).parent["sql"] + " AS PARENT_NUMBER FROM " + table + " WHERE " + TO_VERIFY


def select_removed_parents(table):
    return "SELECT RAW:number::NUMBER AS NUMBER, REMOVAL, TRANSFERRED_TO FROM " + table + " WHERE REMOVED_AT IS NOT NULL"


def select_changed_pull_requests(issues_table, after, upto, inclusive):
    """The pull requests among the stored issues changed after `after`
    (exclusive; None: all) and up to `upto` (inclusive or not; None: no
    bound), oldest change first, with their issue's updated_at as GitHub
    wrote it. Binds: after, then upto, each when given."""
    where = ["RAW:pull_request IS NOT NULL"]
    if after is not None:
        where.append("UPDATED_AT > TO_TIMESTAMP_NTZ(?)")
    if upto is not None:
        where.append("UPDATED_AT " + ("<=" if inclusive else "<") + " TO_TIMESTAMP_NTZ(?)")
    return ("SELECT RAW:number::NUMBER AS NUMBER, RAW:updated_at::VARCHAR AS UPDATED_AT FROM " + issues_table +
            " WHERE " + " AND ".join(where) + " ORDER BY UPDATED_AT, NUMBER")


def mark_removed(table):
    """Binds: removal, transferred_to, id, removal. An unmarked row takes any
    marker; an UNVERIFIED one only a final marker (DELETED, TRANSFERRED)."""
    return ("UPDATE " + table + " SET REMOVED_AT = CURRENT_TIMESTAMP(), REMOVAL = ?, TRANSFERRED_TO = ?"
            " WHERE ID = ? AND (REMOVED_AT IS NULL OR (REMOVAL = '" + UNVERIFIED + "' AND ? <> '" + UNVERIFIED + "'))")


def view_columns(stream):
    return ", ".join(c.sql + " AS " + c.name for c in declared.get(stream).columns)


def create_view(view, table, stream="issues"):
    """The stream's items as GitHub shows them now: removed ones hidden."""
    return "CREATE OR REPLACE VIEW " + view + " AS SELECT " + view_columns(stream) + " FROM " + table + " WHERE REMOVED_AT IS NULL"


def create_view_all(view, table, stream="issues"):
    """Every item ever ingested, with the removal markers and its raw JSON."""
    return ("CREATE OR REPLACE VIEW " + view + " AS SELECT " + view_columns(stream) + ", REMOVED_AT, REMOVAL, TRANSFERRED_TO, RAW FROM " +
            table)


def create_task(task, warehouse, schedule, procedure, resource_id, replace=True):
    """The task inlines its argument (tasks take no binds); resource_id has
    passed parse_resource_id, whose alphabet has no quote or backslash.
    replace=False fails (002002) when the task exists: ENABLE_RESOURCE's claim."""
    parse_resource_id(resource_id)
    # No warehouse: a serverless task; Snowflake sizes it from its history,
    # starting from the smallest size.
    wh = " WAREHOUSE = " + quote(warehouse) if warehouse else " USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL'"
    return (
        ("CREATE OR REPLACE TASK " if replace else "CREATE TASK ") + task + wh + " SCHEDULE = '" + task_schedule(schedule) + "'"
        " AS CALL " + procedure + "('" + resource_id + "')"
    )


_QUOTED_PART = r'"(?:[^"]|"")+"'
_FQN3 = re.compile(_QUOTED_PART + r"\." + _QUOTED_PART + r"\." + _QUOTED_PART)
_FQN1 = re.compile(_QUOTED_PART)


def checked_fqn(value, parts, what):
    """Accept only a fully quoted name ("DB"."SCHEMA"."NAME" or "NAME"), so it
    can be placed in DDL as it is."""
    pattern = _FQN3 if parts == 3 else _FQN1
    if not isinstance(value, str) or not pattern.fullmatch(value):
        form = '"DB"."SCHEMA"."NAME"' if parts == 3 else '"NAME"'
        raise ValueError("%s %r must be a quoted name such as %s" % (what, value, form))
    return value


_SCHEDULE = re.compile(r"(?:([1-9][0-9]{0,5}) (SECONDS?|MINUTES?|HOURS?)|USING CRON [0-9A-Za-z*,/ -]+ [A-Za-z_/+-]+)", re.IGNORECASE)
_UNIT_SECONDS = {"S": 1, "M": 60, "H": 3600}
MAX_INTERVAL_SECONDS = 8 * 24 * 3600  # 11520 MINUTES: Snowflake never runs a task scheduled less often


def schedule_literal(schedule):
    """Validate a task schedule; it is inlined, so nothing but the grammar
    passes: an interval of 10 SECONDS to 8 days, or USING CRON."""
    text = " ".join(str(schedule).split())
    m = _SCHEDULE.fullmatch(text)
    if m and m.group(1):
        seconds = int(m.group(1)) * _UNIT_SECONDS[m.group(2)[0].upper()]
        if seconds < 10 or seconds > MAX_INTERVAL_SECONDS:
            m = None
    if not m:
        raise ValueError("schedule %r must be an interval of 10 SECONDS to 8 days such as '30 MINUTES' or '1 HOUR', "
                         "or 'USING CRON 0 * * * * UTC'" % (schedule,))
    return text.upper() if not text.upper().startswith("USING CRON") else "USING CRON" + text[len("USING CRON"):]


def task_schedule(schedule):
    """The schedule a repository's task runs on. An interval that divides a
    day into whole minutes is the UTC CRON that fires at the same moments
    for every repository ('30 MINUTES': at :00 and :30), so the
    repositories due together share one warehouse wake-up, and pausing,
    resuming or changing one never moves it off them (an interval counts
    from the task's last resume; CRON from the clock). Any other schedule
    is kept as given. Cases: internal/connector/testdata/task-schedules.json."""
    text = schedule_literal(schedule)
    m = _SCHEDULE.fullmatch(text)
    if not m.group(1):
        return text
    seconds = int(m.group(1)) * _UNIT_SECONDS[m.group(2)[0].upper()]
    minutes, rest = divmod(seconds, 60)
    if rest:
        return text
    if minutes < 60 and 60 % minutes == 0:
        return "USING CRON " + ("*" if minutes == 1 else "*/%d" % minutes) + " * * * * UTC"
    hours, rest = divmod(minutes, 60)
    if rest or 24 % hours:
        return text
    return "USING CRON 0 " + {1: "*", 24: "0"}.get(hours, "*/%d" % hours) + " * * * UTC"


# Every stream keeps its state in a row of STATE.STREAM_STATE (issues
# kept theirs in RESOURCE_CONFIGURATION before version 0.5; setup.sql and
# adopt_issues_state move it). Statements on one stream's state bind the
# resource id, then the stream name.
STREAM_STATE = qualified(APP_SCHEMA_STATE, "STREAM_STATE")
_ONE_STREAM = " WHERE RESOURCE_ID = ? AND STREAM = ?"


def state_params(resource_id, stream):
    return [resource_id, stream]


def upsert_resource_state():
    return "UPDATE " + STREAM_STATE + " SET CURSOR_UPDATED_AT = ?, ETAG = ?, ETAG_URL = ?, UPDATED_AT = CURRENT_TIMESTAMP()" + _ONE_STREAM


def select_stream_state():
    return ("SELECT STREAM, ENABLED, CURSOR_UPDATED_AT, ETAG, ETAG_URL, LAST_RECONCILED_AT, RECONCILE_PENDING, FULL_REFRESH_PENDING"
            " FROM " + STREAM_STATE + " WHERE RESOURCE_ID = ?")


def adopt_issues_state(every=False):
    """The issues stream's row, from RESOURCE_CONFIGURATION where an earlier
    version kept it (cursor, ETag, reconciliation); a no-op once the row
    exists. Bind: the resource id, or nothing for every repository."""
    return (
        "INSERT INTO " + STREAM_STATE + " (RESOURCE_ID, STREAM, ENABLED, SINK_TABLE, VIEW_NAME, VIEW_ALL_NAME, CURSOR_UPDATED_AT, ETAG,"
        " ETAG_URL, LAST_RECONCILED_AT, RECONCILE_PENDING, FULL_REFRESH_PENDING, UPDATED_AT)"
        " SELECT r.RESOURCE_ID, 'issues', r.ENABLED, r.SINK_TABLE, r.VIEW_NAME, r.VIEW_ALL_NAME, r.CURSOR_UPDATED_AT, r.ETAG, r.ETAG_URL,"
        " r.LAST_RECONCILED_AT, r.RECONCILE_PENDING, r.FULL_REFRESH_PENDING, CURRENT_TIMESTAMP()"
        " FROM " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") + " r WHERE " + ("" if every else "r.RESOURCE_ID = ? AND ") +
        "NOT EXISTS ("
        "SELECT 1 FROM " + STREAM_STATE + " s WHERE s.RESOURCE_ID = r.RESOURCE_ID AND s.STREAM = 'issues')"
    )


def enable_stream():
    """A stream added to a repository: a new row, or the kept row of a
    stream removed earlier without dropping its data (its cursor goes on).
    Binds: resource id, stream, then table, view, view_all twice."""
    return (
        "MERGE INTO " + STREAM_STATE + " t USING (SELECT ? AS RESOURCE_ID, ? AS STREAM) s"
        " ON t.RESOURCE_ID = s.RESOURCE_ID AND t.STREAM = s.STREAM"
        " WHEN MATCHED THEN UPDATE SET ENABLED = TRUE, SINK_TABLE = ?, VIEW_NAME = ?, VIEW_ALL_NAME = ?, UPDATED_AT = CURRENT_TIMESTAMP()"
        " WHEN NOT MATCHED THEN INSERT (RESOURCE_ID, STREAM, ENABLED, SINK_TABLE, VIEW_NAME, VIEW_ALL_NAME, UPDATED_AT)"
        " VALUES (s.RESOURCE_ID, s.STREAM, TRUE, ?, ?, ?, CURRENT_TIMESTAMP())"
    )


def disable_stream():
    return "UPDATE " + STREAM_STATE + " SET ENABLED = FALSE, UPDATED_AT = CURRENT_TIMESTAMP()" + _ONE_STREAM


def forget_stream():
    return "DELETE FROM " + STREAM_STATE + _ONE_STREAM


def forget_streams():
    return "DELETE FROM " + STREAM_STATE + " WHERE RESOURCE_ID = ?"


def disable_streams():
    return "UPDATE " + STREAM_STATE + " SET ENABLED = FALSE, UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?"


def table_users(count):
    """Which other repository's stream uses one of `count` sink tables.
    Binds: the tables, then the resource id."""
    return ("SELECT RESOURCE_ID, STREAM, SINK_TABLE FROM " + STREAM_STATE + " WHERE SINK_TABLE IN (" + ", ".join(["?"] * count) +
            ") AND RESOURCE_ID <> ?")


def select_resource():
    return (
        "SELECT RESOURCE_ID, ENABLED, SCHEDULE, SINK_TABLE, VIEW_NAME, TASK_NAME, CURSOR_UPDATED_AT, ETAG, ETAG_URL, OPTIONS,"
        " LAST_RECONCILED_AT, RECONCILE_PENDING, FULL_REFRESH_PENDING"
        " FROM " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") + " WHERE RESOURCE_ID = ?"
    )


def set_reconciled():
    return "UPDATE " + STREAM_STATE + " SET LAST_RECONCILED_AT = ?, RECONCILE_PENDING = FALSE" + _ONE_STREAM


def clear_full_refresh():
    return "UPDATE " + STREAM_STATE + " SET FULL_REFRESH_PENDING = FALSE" + _ONE_STREAM


def request_full_refresh():
    """The next run reads every stream of the repository again from the
    start (and reconciles); an interrupted full refresh resumes from its
    checkpoint. Bind: the resource id."""
    return ("UPDATE " + STREAM_STATE + " SET FULL_REFRESH_PENDING = TRUE, CURSOR_UPDATED_AT = NULL, ETAG = NULL, ETAG_URL = NULL,"
            " UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?")


def request_reconciliation():
    """As request_full_refresh: every stream of the repository."""
    return "UPDATE " + STREAM_STATE + " SET RECONCILE_PENDING = TRUE, UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?"


def upsert_resource():
    """The enabled repository's row, written by the ENABLE_RESOURCE call that
    holds the claim (created the task), so no compare-and-swap is needed.
    Its cursors and reconciliation state are kept."""
    return (
        "MERGE INTO " + qualified(APP_SCHEMA_STATE, "RESOURCE_CONFIGURATION") + " t USING (SELECT ? AS RESOURCE_ID, ? AS SCHEDULE,"
        " ? AS SINK_TABLE, ? AS VIEW_NAME, ? AS VIEW_ALL_NAME, ? AS TASK_NAME, PARSE_JSON(?) AS OPTIONS) s"
        " ON t.RESOURCE_ID = s.RESOURCE_ID"
        " WHEN MATCHED THEN UPDATE SET ENABLED = TRUE, SCHEDULE = s.SCHEDULE, SINK_TABLE = s.SINK_TABLE, VIEW_NAME = s.VIEW_NAME,"
        " VIEW_ALL_NAME = s.VIEW_ALL_NAME, TASK_NAME = s.TASK_NAME, OPTIONS = s.OPTIONS, UPDATED_AT = CURRENT_TIMESTAMP()"
        " WHEN NOT MATCHED THEN INSERT (RESOURCE_ID, ENABLED, SCHEDULE, SINK_TABLE, VIEW_NAME, VIEW_ALL_NAME, TASK_NAME, OPTIONS,"
        " UPDATED_AT) VALUES (s.RESOURCE_ID, TRUE, s.SCHEDULE, s.SINK_TABLE, s.VIEW_NAME, s.VIEW_ALL_NAME, s.TASK_NAME, s.OPTIONS,"
        " CURRENT_TIMESTAMP())"
    )


INTERRUPTED_REASON = ("interrupted: the run ended without recording an outcome (its process, warehouse or Snowflake "
                      "stopped mid-run); the next run resumed from the last checkpoint")


def mark_interrupted_runs():
    """Runs of the resource's stream still RUNNING when a new one starts
    never ended (tasks do not overlap); a run that does end later
    overwrites this. Rows from before streams have no STREAM: issues."""
    return (
        "UPDATE " + qualified(APP_SCHEMA_STATE, "APP_STATE") +
        " SET STATE = 'INTERRUPTED', ERROR = ? WHERE RESOURCE_ID = ? AND COALESCE(STREAM, 'issues') = ? AND STATE = 'RUNNING'"
    )


def insert_app_state():
    return (
        "INSERT INTO " + qualified(APP_SCHEMA_STATE, "APP_STATE") +
        " (RUN_ID, RESOURCE_ID, STREAM, STARTED_AT, STATE, MODE, PAGES, REQUESTS, ROWS_MERGED, CURSOR_UPDATED_AT)"
        " SELECT ?, ?, ?, TO_TIMESTAMP_NTZ(?), 'RUNNING', ?, 0, 0, 0, ?"
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
