"""The repository procedures: ENABLE_RESOURCE, UPDATE_RESOURCE,
REQUEST_RECONCILIATION and DISABLE_RESOURCE create, change and remove a
repository's sink tables, views, state and task."""

import json

from . import objects
from . import sql
from . import streams as declared
from .provisioning import require_config
from .session import parse_json as _json, rows as _rows, value as _value

ALREADY_ENABLED = "is already enabled"

# Snowflake's error number for "Object '…' already exists." (decided on
# the number, never on the message's words).
ALREADY_EXISTS = 2002


def _error_code(err):
    """The Snowflake error number of a failed statement, or None."""
    try:
        return int(getattr(err, "sql_error_code", None))
    except (TypeError, ValueError):
        return None


def enable_resource(session, resource_id, options=None):
    """Create the sink table, views and task for a repository and start it.

    The claim is the task. Its name is derived from the repository, and
    CREATE TASK without OR REPLACE either creates it or fails with 002002
    because it exists. Snowflake keeps object names unique, so of any number
    of concurrent calls for one repository exactly one creates the task and
    goes on; the others are refused and change nothing. A MERGE on
    RESOURCE_CONFIGURATION cannot be the claim: Snowflake enforces no key,
    and two concurrent MERGEs each read a snapshot without the other's row.
    A repository whose task was dropped out of band can be enabled again."""
    config = require_config(session)
    sql.parse_resource_id(resource_id)
    options = objects.checked_options(options)
    names = objects.names_of(config, resource_id)
    _refuse_shared_tables(session, resource_id, names, options["streams"])
    try:
        _rows(session, sql.create_task(names["task"], config.get("warehouse"), options["schedule"], objects.INGEST_PROCEDURE, resource_id,
                                       replace=False))
    except Exception as err:
        if _error_code(err) == ALREADY_EXISTS:
            raise ValueError("%s %s in this application; manage it with one resource (UPDATE_RESOURCE changes it)"
                             % (resource_id, ALREADY_ENABLED)) from None
        raise
    try:
        _rows(session, sql.upsert_resource(), [resource_id, options["schedule"], names["table"], names["view"], names["view_all"],
                                               names["task"], json.dumps(options)])
        for stream in options["streams"]:
            _create_stream_objects(session, resource_id, names, stream)
        objects.grant_task(session, names["task"])
        if not options.get("paused"):
            _rows(session, "ALTER TASK " + names["task"] + " RESUME")
            _rows(session, "EXECUTE TASK " + names["task"])
    except Exception:
        # Release the claim, so that the call can be made again.
        _rows(session, "DROP TASK IF EXISTS " + names["task"])
        raise
    return dict(_objects(names, options["streams"]), status="ENABLED", resource_id=resource_id, paused=bool(options.get("paused")))


def _objects(names, streams):
    """The repository's objects as a procedure returns them, so that its
    caller needs no read back."""
    return {"sink_table": names["table"], "view": names["view"], "view_all": names["view_all"], "task": names["task"],
            "objects": {s: dict(zip(("table", "view", "view_all"), names["streams"][s])) for s in streams}}


def _refuse_shared_tables(session, resource_id, names, streams):
    """Refuse streams whose sink table another repository's stream uses
    (names that differ by a stream's suffix, object_names)."""
    tables = [names["streams"][s][0] for s in streams]
    clash = _rows(session, sql.table_users(len(tables)), tables + [resource_id])
    if clash:
        raise ValueError("%s maps to table %s, already used by the %s stream of %s" % (
            resource_id, _value(clash[0], "SINK_TABLE"), _value(clash[0], "STREAM"), _value(clash[0], "RESOURCE_ID")))


def _create_stream_objects(session, resource_id, names, stream):
    """A stream's sink table (kept if it exists), its views and its state
    row (a kept one goes on from its cursor)."""
    table, view, view_all = names["streams"][stream]
    _rows(session, sql.create_sink_table(table))
    for statement in sql.migrate_sink_table(table):
        _rows(session, statement)
    _rows(session, sql.create_view(view, table, stream))
    _rows(session, sql.create_view_all(view_all, table, stream))
    if stream == "issues":
        _rows(session, sql.adopt_issues_state(), [resource_id])
    _rows(session, sql.enable_stream(), [resource_id, stream, table, view, view_all, table, view, view_all])
    for v in (view, view_all):
        _rows(session, "GRANT SELECT ON VIEW " + v + " TO APPLICATION ROLE " + sql.quote(objects.VIEWER_ROLE))


def _drop_stream_objects(session, names, stream):
    table, view, view_all = names["streams"][stream]
    _rows(session, "DROP VIEW IF EXISTS " + view)
    _rows(session, "DROP VIEW IF EXISTS " + view_all)
    _rows(session, "DROP TABLE IF EXISTS " + table)


def update_resource(session, resource_id, options=None):
    """Change schedule, pause or streams in place; data and cursors are
    kept. A stream removed keeps its table and cursor (added again, it
    goes on from there) unless the transient option drop_removed_streams
    is true, which drops them."""
    config = require_config(session)
    row = objects.resource_row(session, resource_id)
    if row is None or not _value(row, "ENABLED"):
        raise ValueError("%s is not enabled" % resource_id)
    _rows(session, sql.adopt_issues_state(), [resource_id])  # state an earlier version kept elsewhere
    stored = _json(_value(row, "OPTIONS")) or {}
    merged = dict(stored)
    merged.update(_json(options) or {})
    drop_removed = merged.pop("drop_removed_streams", False)
    if not isinstance(drop_removed, bool):
        raise ValueError("drop_removed_streams must be true or false")
    options = objects.checked_options(merged)
    names = objects.names_of(config, resource_id)
    before = declared.resolve(stored.get("streams"))
    added = [s for s in options["streams"] if s not in before]
    if added:
        _refuse_shared_tables(session, resource_id, names, added)
    for stream in added:
        _create_stream_objects(session, resource_id, names, stream)
    for stream in before:
        if stream not in options["streams"]:
            if drop_removed:
                _drop_stream_objects(session, names, stream)
                _rows(session, sql.forget_stream(), [resource_id, stream])
            else:
                _rows(session, sql.disable_stream(), [resource_id, stream])
    resync = options.get("resync_trigger") != stored.get("resync_trigger")
    if resync:
        _rows(session, sql.request_full_refresh(), [resource_id])
    _rows(session, "ALTER TASK IF EXISTS " + names["task"] + " SUSPEND")
    _rows(session, sql.create_task(names["task"], config.get("warehouse"), options["schedule"], objects.INGEST_PROCEDURE, resource_id))
    objects.grant_task(session, names["task"])
    if not options.get("paused"):
        _rows(session, "ALTER TASK " + names["task"] + " RESUME")
    _rows(session, "UPDATE " + sql.qualified(objects.STATE, "RESOURCE_CONFIGURATION") +
          " SET SCHEDULE = ?, OPTIONS = PARSE_JSON(?), UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?",
          [options["schedule"], json.dumps(options), resource_id])
    if resync and not options.get("paused"):
        _rows(session, "EXECUTE TASK " + names["task"])
    return dict(_objects(names, options["streams"]), status="UPDATED", resource_id=resource_id, paused=bool(options.get("paused")),
                schedule=options["schedule"], streams=options["streams"], full_refresh_requested=resync)


def request_reconciliation(session, resource_id):
    """Reconcile deletions and transfers on the next run, started now
    unless the task is suspended."""
    config = require_config(session)
    row = objects.resource_row(session, resource_id)
    if row is None or not _value(row, "ENABLED"):
        raise ValueError("%s is not enabled" % resource_id)
    _rows(session, sql.adopt_issues_state(), [resource_id])
    _rows(session, sql.request_reconciliation(), [resource_id])
    names = objects.names_of(config, resource_id)
    paused = bool((_json(_value(row, "OPTIONS")) or {}).get("paused"))
    if not paused:
        _rows(session, "EXECUTE TASK " + names["task"])
    return {"status": "RECONCILIATION_REQUESTED", "resource_id": resource_id, "started": not paused}


def request_full_refresh(session, resource_id):
    """Make the next run a full refresh (every stream read again from the
    start by keyset, and reconciled), as a changed resync_trigger does but
    without changing the repository's options. The run is not started:
    the caller runs the task (EXECUTE TASK)."""
    _require_enabled(session, resource_id)
    _rows(session, sql.adopt_issues_state(), [resource_id])
    _rows(session, sql.request_full_refresh(), [resource_id])
    return {"status": "FULL_REFRESH_REQUESTED", "resource_id": resource_id}


def _require_enabled(session, resource_id):
    require_config(session)
    row = objects.resource_row(session, resource_id)
    if row is None or not _value(row, "ENABLED"):
        raise ValueError("%s is not enabled" % resource_id)
    return row


def disable_resource(session, resource_id, drop_data=False):
    """Stop ingestion; keep the table and view unless drop_data."""
    config = require_config(session)
    sql.parse_resource_id(resource_id)
    names = objects.names_of(config, resource_id)
    _rows(session, "DROP TASK IF EXISTS " + names["task"])
    if drop_data:
        for stream in declared.ORDER:  # a stream removed earlier may have kept its table
            _drop_stream_objects(session, names, stream)
        _rows(session, sql.forget_streams(), [resource_id])
        _rows(session, "DELETE FROM " + sql.qualified(objects.STATE, "RESOURCE_CONFIGURATION") + " WHERE RESOURCE_ID = ?", [resource_id])
    else:
        _rows(session, sql.disable_streams(), [resource_id])
        _rows(session, "UPDATE " + sql.qualified(objects.STATE, "RESOURCE_CONFIGURATION") +
              " SET ENABLED = FALSE, UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?", [resource_id])
    return {"status": "DISABLED", "resource_id": resource_id, "data_dropped": bool(drop_data)}
