"""A repository's objects in the application: their names, the options
its ingestion is enabled with, and its task's grants. Shared by
provisioning (which moves tasks) and the repository procedures."""

from . import ingest
from . import sql
from . import streams as declared
from .session import parse_json as _json, rows as _rows, value as _value

INGEST_PROCEDURE = sql.qualified("PUBLIC", "INGEST_DATA")
VIEWER_ROLE = "APP_USER"  # reads views and status, monitors tasks
ADMIN_ROLE = "APP_ADMIN"  # configures, enables and disables, operates tasks
STATE = sql.APP_SCHEMA_STATE


def resource_row(session, resource_id):
    rows = _rows(session, sql.select_resource(), [resource_id])
    return rows[0] if rows else None


def names_of(config, resource_id):
    names = sql.object_names(resource_id)
    db = config["destination_database"]
    return {
        "table": sql.qualified(db, sql.DATA_SCHEMA, names["table"]),
        "view": sql.qualified(db, sql.DATA_SCHEMA, names["view"]),
        "view_all": sql.qualified(db, sql.DATA_SCHEMA, names["view_all"]),
        "task": sql.qualified(sql.APP_SCHEMA_TASKS, names["task"]),
        "plain": names,
        # Each declared stream's sink table, view and view of everything.
        "streams": {name: tuple(sql.qualified(db, sql.DATA_SCHEMA, n[k]) for k in ("table", "view", "view_all"))
                    for name, n in names["streams"].items()},
    }


def checked_options(options):
    options = _json(options) or {}
    allowed = {"schedule", "paused", "lookback_seconds", "per_page", "max_attempts", "max_wait_seconds",
               "max_pages_per_run", "request_timeout_seconds", "full_refresh", "reconcile_interval_hours",
               "max_group_passes", "resync_trigger", "streams"}
    unknown = set(options) - allowed
    if unknown:
        raise ValueError("unknown options: %s" % ", ".join(sorted(unknown)))
    options["streams"] = declared.resolve(options.get("streams"))
    options.setdefault("schedule", "30 MINUTES")
    sql.schedule_literal(options["schedule"])
    ingest.Settings(options)  # validates the numbers
    return options


def task_exists(session, task_name):
    # SHOW takes no binds; task names are [A-Z0-9_] (object_names), and '_'
    # matching any character is made exact by the comparison below.
    rows = _rows(session, "SHOW TASKS LIKE '" + task_name + "' IN SCHEMA " + sql.quote(sql.APP_SCHEMA_TASKS))
    return any(_value(r, "name") == task_name for r in rows)


def grant_task(session, task):
    """Let viewers see the task and administrators run and pause it
    (CREATE OR REPLACE drops grants)."""
    for statement in task_grants(task):
        _rows(session, statement)


def task_grants(task):
    """The task's grants; OPERATE was the viewer's before the roles were
    split, so it is revoked from it (a no-op when it was never granted)."""
    return ["GRANT MONITOR ON TASK " + task + " TO APPLICATION ROLE " + sql.quote(VIEWER_ROLE),
            "GRANT OPERATE ON TASK " + task + " TO APPLICATION ROLE " + sql.quote(ADMIN_ROLE),
            "REVOKE OPERATE ON TASK " + task + " FROM APPLICATION ROLE " + sql.quote(VIEWER_ROLE)]
