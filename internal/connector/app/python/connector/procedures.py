"""Procedure handlers: PROVISION_CONNECTOR, ENABLE_RESOURCE, UPDATE_RESOURCE,
DISABLE_RESOURCE and INGEST_DATA. Each takes the Snowpark session first."""

import json

from . import github
from . import ingest
from . import redact
from . import sql
from . import streams as declared

SECRET_ALIAS = "github_token"
APP_KEY_ALIAS = "github_app_key"
INGEST_PROCEDURE = sql.qualified("PUBLIC", "INGEST_DATA")
VIEWER_ROLE = "APP_USER"  # reads views and status, monitors tasks
ADMIN_ROLE = "APP_ADMIN"  # configures, enables and disables, operates tasks
CHECK_PROCEDURE = sql.qualified("PUBLIC", "CHECK_GITHUB_ACCESS")
STATE = sql.APP_SCHEMA_STATE


def _rows(session, query, params=None):
    return session.sql(query, params=params or []).collect()


def _value(row, name):
    try:
        return row[name]
    except (KeyError, TypeError, IndexError):
        return getattr(row, name)


def _json(value):
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return value
    return json.loads(value)


def load_config(session):
    config = {}
    for row in _rows(session, sql.select_config()):
        config[_value(row, "KEY")] = _json(_value(row, "VALUE"))
    return config


def _require_config(session):
    config = load_config(session)
    if not config.get("destination_database"):
        raise ValueError("the connector is not provisioned: call PUBLIC.PROVISION_CONNECTOR first")
    return config


def provision_connector(session, config):
    """Store the configuration and bind the secret and integration to INGEST_DATA."""
    config = _json(config) or {}
    unknown = set(config) - {"destination_database", "warehouse", "serverless_tasks", "github_api_url", "secret",
                             "github_app", "external_access_integration"}
    if unknown:
        raise ValueError("unknown configuration keys: %s" % ", ".join(sorted(unknown)))
    for key in ("destination_database", "external_access_integration"):
        if not config.get(key):
            raise ValueError("configuration key %s is required" % key)
    app = _github_app(config.get("github_app"))
    if bool(config.get("secret")) == bool(app):
        raise ValueError("exactly one of the configuration keys secret (a token) and github_app (GitHub App "
                         "credentials) is required")
    serverless = config.get("serverless_tasks") is True
    if serverless and config.get("warehouse"):
        raise ValueError("configuration keys warehouse and serverless_tasks exclude each other: choose one")
    if not serverless and not config.get("warehouse"):
        raise ValueError("configuration key warehouse is required (or serverless_tasks = true)")
    secret = sql.checked_fqn(config["secret"], 3, "secret") if not app else ""
    eai = sql.checked_fqn(config["external_access_integration"], 1, "external_access_integration")
    api_url = github.normalize_api_url(config.get("github_api_url"))
    database = str(config["destination_database"])
    warehouse = "" if serverless else str(config["warehouse"])
    before = load_config(session)

    # Statements on the app's own objects come first: CREATE DATABASE and
    # CREATE SCHEMA change the session's current database and schema.
    for statement in _bind_statements(secret, app, eai):
        _rows(session, statement)
    stored = {"destination_database": database, "warehouse": warehouse, "serverless_tasks": serverless, "github_api_url": api_url,
              "secret": secret, "github_app": app, "external_access_integration": eai}
    table = sql.qualified(STATE, "APP_CONFIGURATION")
    for key, value in sorted(stored.items()):
        _rows(session, "MERGE INTO " + table + " t USING (SELECT ? AS KEY, PARSE_JSON(?) AS VALUE) s ON t.KEY = s.KEY"
              " WHEN MATCHED THEN UPDATE SET VALUE = s.VALUE, UPDATED_AT = CURRENT_TIMESTAMP()"
              " WHEN NOT MATCHED THEN INSERT (KEY, VALUE, UPDATED_AT) VALUES (s.KEY, s.VALUE, CURRENT_TIMESTAMP())",
              [key, json.dumps(value)])
    _rows(session, "CREATE DATABASE IF NOT EXISTS " + sql.quote(database))
    _rows(session, "CREATE SCHEMA IF NOT EXISTS " + sql.qualified(database, sql.DATA_SCHEMA))
    _rows(session, "GRANT USAGE ON DATABASE " + sql.quote(database) + " TO APPLICATION ROLE " + sql.quote(VIEWER_ROLE))
    _rows(session, "GRANT USAGE ON SCHEMA " + sql.qualified(database, sql.DATA_SCHEMA) + " TO APPLICATION ROLE " + sql.quote(VIEWER_ROLE))
    moved = 0
    if before.get("destination_database") and (before.get("warehouse") or "") != warehouse:
        moved = _move_tasks(session, stored)
    return {"status": "PROVISIONED", "config": stored, "tasks_moved": moved}


def _github_app(value):
    """GitHub App credentials: {client_id, installation_id, private_key_secret}, checked; None when absent."""
    value = _json(value)
    if not value:
        return None
    if not isinstance(value, dict):
        raise ValueError("github_app must be an object with client_id, installation_id and private_key_secret")
    unknown = set(value) - {"client_id", "installation_id", "private_key_secret"}
    if unknown:
        raise ValueError("unknown github_app keys: %s" % ", ".join(sorted(unknown)))
    client_id = str(value.get("client_id") or "").strip()
    if not client_id or any(c.isspace() for c in client_id):
        raise ValueError("github_app.client_id is required: the App's client ID (Iv…) or its numeric App ID")
    try:
        installation = int(value.get("installation_id"))
    except (TypeError, ValueError):
        installation = 0
    if installation <= 0:
        raise ValueError("github_app.installation_id must be the installation's positive number "
                         "(github.com/settings/installations/<id>)")
    key = sql.checked_fqn(value.get("private_key_secret") or "", 3, "github_app.private_key_secret")
    return {"client_id": client_id, "installation_id": installation, "private_key_secret": key}


def _bind_statements(secret, app, eai):
    """Bind the token secret, or the App's private key secret, and the
    integration to the procedures that call GitHub."""
    if app:
        binding = "'" + APP_KEY_ALIAS + "' = " + app["private_key_secret"]
    else:
        binding = "'" + SECRET_ALIAS + "' = " + secret
    tail = " SET SECRETS = (" + binding + ") EXTERNAL_ACCESS_INTEGRATIONS = (" + eai + ")"
    return ["ALTER PROCEDURE " + INGEST_PROCEDURE + "(VARCHAR)" + tail, "ALTER PROCEDURE " + CHECK_PROCEDURE + "()" + tail]


def _move_tasks(session, config):
    """Recreate every enabled repository's task on the configured compute, so
    that no task is left on a warehouse whose grant is about to be revoked."""
    rows = _rows(session, "SELECT RESOURCE_ID, OPTIONS FROM " + sql.qualified(STATE, "RESOURCE_CONFIGURATION") + " WHERE ENABLED")
    moved = 0
    for row in rows:
        resource_id = _value(row, "RESOURCE_ID")
        options = _options(_json(_value(row, "OPTIONS")) or {})
        names = _names(config, resource_id)
        if not _task_exists(session, names["plain"]["task"]):
            continue
        _rows(session, "ALTER TASK IF EXISTS " + names["task"] + " SUSPEND")
        _rows(session, sql.create_task(names["task"], config.get("warehouse"), options["schedule"], INGEST_PROCEDURE, resource_id))
        _grant_task(session, names["task"])
        if not options.get("paused"):
            _rows(session, "ALTER TASK " + names["task"] + " RESUME")
        moved += 1
    return moved


def _resource_row(session, resource_id):
    rows = _rows(session, sql.select_resource(), [resource_id])
    return rows[0] if rows else None


def _names(config, resource_id):
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


_streams = declared.resolve  # the `streams` option, in run order


def _options(options):
    options = _json(options) or {}
    allowed = {"schedule", "paused", "lookback_seconds", "per_page", "max_attempts", "max_wait_seconds",
               "max_pages_per_run", "request_timeout_seconds", "full_refresh", "reconcile_interval_hours",
               "max_group_passes", "resync_trigger", "streams"}
    unknown = set(options) - allowed
    if unknown:
        raise ValueError("unknown options: %s" % ", ".join(sorted(unknown)))
    options["streams"] = _streams(options.get("streams"))
    options.setdefault("schedule", "30 MINUTES")
    sql.schedule_literal(options["schedule"])
    ingest.Settings(options)  # validates the numbers
    return options


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
    config = _require_config(session)
    sql.parse_resource_id(resource_id)
    options = _options(options)
    names = _names(config, resource_id)
    _refuse_shared_tables(session, resource_id, names, options["streams"])
    try:
        _rows(session, sql.create_task(names["task"], config.get("warehouse"), options["schedule"], INGEST_PROCEDURE, resource_id,
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
        _grant_task(session, names["task"])
        if not options.get("paused"):
            _rows(session, "ALTER TASK " + names["task"] + " RESUME")
            _rows(session, "EXECUTE TASK " + names["task"])
    except Exception:
        # Release the claim, so that the call can be made again.
        _rows(session, "DROP TASK IF EXISTS " + names["task"])
        raise
    return {"status": "ENABLED", "resource_id": resource_id, "sink_table": names["table"], "view": names["view"],
            "view_all": names["view_all"], "task": names["task"], "paused": bool(options.get("paused"))}


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
        _rows(session, "GRANT SELECT ON VIEW " + v + " TO APPLICATION ROLE " + sql.quote(VIEWER_ROLE))


def _drop_stream_objects(session, names, stream):
    table, view, view_all = names["streams"][stream]
    _rows(session, "DROP VIEW IF EXISTS " + view)
    _rows(session, "DROP VIEW IF EXISTS " + view_all)
    _rows(session, "DROP TABLE IF EXISTS " + table)


def _task_exists(session, task_name):
    # SHOW takes no binds; task names are [A-Z0-9_] (object_names), and '_'
    # matching any character is made exact by the comparison below.
    rows = _rows(session, "SHOW TASKS LIKE '" + task_name + "' IN SCHEMA " + sql.quote(sql.APP_SCHEMA_TASKS))
    return any(_value(r, "name") == task_name for r in rows)


def _grant_task(session, task):
    """Let viewers see the task and administrators run and pause it
    (CREATE OR REPLACE drops grants)."""
    for statement in _task_grants(task):
        _rows(session, statement)


def _task_grants(task):
    """The task's grants; OPERATE was the viewer's before the roles were
    split, so it is revoked from it (a no-op when it was never granted)."""
    return ["GRANT MONITOR ON TASK " + task + " TO APPLICATION ROLE " + sql.quote(VIEWER_ROLE),
            "GRANT OPERATE ON TASK " + task + " TO APPLICATION ROLE " + sql.quote(ADMIN_ROLE),
            "REVOKE OPERATE ON TASK " + task + " FROM APPLICATION ROLE " + sql.quote(VIEWER_ROLE)]


def update_resource(session, resource_id, options=None):
    """Change schedule, pause or streams in place; data and cursors are
    kept. A stream removed keeps its table and cursor (added again, it
    goes on from there) unless the transient option drop_removed_streams
    is true, which drops them."""
    config = _require_config(session)
    row = _resource_row(session, resource_id)
    if row is None or not _value(row, "ENABLED"):
        raise ValueError("%s is not enabled" % resource_id)
    _rows(session, sql.adopt_issues_state(), [resource_id])  # state an earlier version kept elsewhere
    stored = _json(_value(row, "OPTIONS")) or {}
    merged = dict(stored)
    merged.update(_json(options) or {})
    drop_removed = merged.pop("drop_removed_streams", False)
    if not isinstance(drop_removed, bool):
        raise ValueError("drop_removed_streams must be true or false")
    options = _options(merged)
    names = _names(config, resource_id)
    before = _streams(stored.get("streams"))
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
    _rows(session, sql.create_task(names["task"], config.get("warehouse"), options["schedule"], INGEST_PROCEDURE, resource_id))
    _grant_task(session, names["task"])
    if not options.get("paused"):
        _rows(session, "ALTER TASK " + names["task"] + " RESUME")
    _rows(session, "UPDATE " + sql.qualified(STATE, "RESOURCE_CONFIGURATION") +
          " SET SCHEDULE = ?, OPTIONS = PARSE_JSON(?), UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?",
          [options["schedule"], json.dumps(options), resource_id])
    if resync and not options.get("paused"):
        _rows(session, "EXECUTE TASK " + names["task"])
    return {"status": "UPDATED", "resource_id": resource_id, "paused": bool(options.get("paused")), "schedule": options["schedule"],
            "streams": options["streams"], "full_refresh_requested": resync}


def request_reconciliation(session, resource_id):
    """Reconcile deletions and transfers on the next run, started now
    unless the task is suspended."""
    config = _require_config(session)
    row = _resource_row(session, resource_id)
    if row is None or not _value(row, "ENABLED"):
        raise ValueError("%s is not enabled" % resource_id)
    _rows(session, sql.adopt_issues_state(), [resource_id])
    _rows(session, sql.request_reconciliation(), [resource_id])
    names = _names(config, resource_id)
    paused = bool((_json(_value(row, "OPTIONS")) or {}).get("paused"))
    if not paused:
        _rows(session, "EXECUTE TASK " + names["task"])
    return {"status": "RECONCILIATION_REQUESTED", "resource_id": resource_id, "started": not paused}


def disable_resource(session, resource_id, drop_data=False):
    """Stop ingestion; keep the table and view unless drop_data."""
    config = _require_config(session)
    sql.parse_resource_id(resource_id)
    names = _names(config, resource_id)
    _rows(session, "DROP TASK IF EXISTS " + names["task"])
    if drop_data:
        for stream in declared.ORDER:  # a stream removed earlier may have kept its table
            _drop_stream_objects(session, names, stream)
        _rows(session, sql.forget_streams(), [resource_id])
        _rows(session, "DELETE FROM " + sql.qualified(STATE, "RESOURCE_CONFIGURATION") + " WHERE RESOURCE_ID = ?", [resource_id])
    else:
        _rows(session, sql.disable_streams(), [resource_id])
        _rows(session, "UPDATE " + sql.qualified(STATE, "RESOURCE_CONFIGURATION") +
              " SET ENABLED = FALSE, UPDATED_AT = CURRENT_TIMESTAMP() WHERE RESOURCE_ID = ?", [resource_id])
    return {"status": "DISABLED", "resource_id": resource_id, "data_dropped": bool(drop_data)}


class SnowparkStore(ingest.Store):
    """One stream's sink table and state. parent_table is the table of
    the stream's parent (the issues table for comments), whose markers its
    reconciliation follows; issues_table is the repository's issues table,
    which names the pull requests that changed."""

    def __init__(self, session, resource_id, table, stream="issues", parent_table=None, issues_table=None):
        self.session = session
        self.resource_id = resource_id
        self.table = table
        self.stream = stream
        self.parent_table = parent_table or table
        self.issues_table = issues_table or table
        self._where = sql.state_params(resource_id, stream)

    def merge_page(self, items):
        """One MERGE per batch of the page that fits a statement (usually one)."""
        total = 0
        for batch in sql.merge_batches(items):
            rows = _rows(self.session, sql.merge_page(self.table, declared.get(self.stream).updated), [batch])
            for name in ("number of rows inserted", "number of rows updated"):
                try:
                    total += int(_value(rows[0], name) or 0) if rows else 0
                except (AttributeError, KeyError, TypeError, ValueError):
                    pass
        return total

    def checkpoint(self, cursor_value, etag, etag_url):
        _rows(self.session, sql.upsert_resource_state(), [cursor_value, etag, etag_url] + self._where)

    def start_run(self, result):
        _rows(self.session, sql.mark_interrupted_runs(), [sql.INTERRUPTED_REASON, result.resource_id, self.stream])
        _rows(self.session, sql.insert_app_state(), [result.run_id, result.resource_id, self.stream, _iso(result.started),
                                                     result.mode, result.cursor])

    def record_run(self, result):
        d = result.as_dict()
        rec = d["reconcile"] or {}
        _rows(self.session, sql.finish_app_state(), [
            _iso(result.finished), d["state"], d["pages"], d["requests"], d["rows"], d["duration_ms"], d["cursor"], d["error"],
            rec.get("requests"), rec.get("deleted"), rec.get("transferred"), rec.get("unverified"), d["run_id"]])

    def full_refresh_done(self):
        _rows(self.session, sql.clear_full_refresh(), list(self._where))

    def active_issues(self):
        return {int(_value(r, "NUMBER")): int(_value(r, "ID")) for r in _rows(self.session, sql.select_active_issues(self.table))}

    def active_children(self):
        return {int(_value(r, "ID")): int(_value(r, "PARENT_NUMBER"))
                for r in _rows(self.session, sql.select_active_children(self.table, self.stream))}

    def changed_pull_requests(self, after, upto, inclusive):
        binds = [v for v in (after, upto) if v is not None]
        return [(int(_value(r, "NUMBER")), _value(r, "UPDATED_AT"))
                for r in _rows(self.session, sql.select_changed_pull_requests(self.issues_table, after, upto, inclusive), binds)]

    def removed_parents(self):
        return {int(_value(r, "NUMBER")): (_value(r, "REMOVAL"), _value(r, "TRANSFERRED_TO"))
                for r in _rows(self.session, sql.select_removed_parents(self.parent_table))}

    def unverified(self):
        return {int(_value(r, "ID")) for r in _rows(self.session, sql.select_unverified(self.table))}

    def mark_removed(self, item_id, removal, transferred_to):
        _rows(self.session, sql.mark_removed(self.table), [removal, transferred_to, item_id, removal])

    def restore(self, item_id):
        _rows(self.session, sql.restore(self.table), [item_id])

    def reconciled(self, moment):
        _rows(self.session, sql.set_reconciled(), [moment] + self._where)


def _iso(epoch):
    import datetime
    return datetime.datetime.fromtimestamp(epoch or 0, tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def _secret(alias=SECRET_ALIAS):
    """A bound secret's value, checked where it is read: a token with a
    line break or any control character, or a key with a control character
    other than its line breaks, is refused with a message quoting nothing."""
    import _snowflake  # provided by the Snowflake Python runtime
    what = "GitHub App private key" if alias == APP_KEY_ALIAS else "GitHub token"
    try:
        value = _snowflake.get_generic_secret_string(alias)
    except Exception as e:  # the runtime raises its own error types
        # After an upgrade the procedure is new and unbound until
        # RESTORE_BINDINGS runs (terraform apply does it right away).
        raise RuntimeError("the %s secret is not bound to INGEST_DATA (%s); run terraform apply, "
                           "or CALL PUBLIC.RESTORE_BINDINGS() as the application's owner" % (what, redact.describe(e))) from None
    if alias == APP_KEY_ALIAS:
        return redact.checked_key(value, what + " secret")
    return redact.checked_token(value, what + " secret")


class SecretToken:
    """The bound personal access token, read (and checked) at the run's
    first request, so that a refused token fails the run with its reason
    recorded like any other failure."""

    mints = 0

    def __init__(self):
        self._value = None

    def __repr__(self):  # never the token
        return "SecretToken()"

    def token(self):
        if self._value is None:
            self._value = _secret()
        return self._value


def _credentials(config, resource_id, transport, clock, token):
    """The run's token source: the bound personal access token, or an App
    installation token source for the repository."""
    if token is not None:
        return token
    app = config.get("github_app")
    if not app:
        return SecretToken()
    from . import appauth
    return appauth.InstallationTokens(transport, clock, github.normalize_api_url(config.get("github_api_url")),
                                      lambda: _secret(APP_KEY_ALIAS), app["client_id"], app["installation_id"], resource_id)


def ingest_data(session, resource_id, transport=None, clock=None, token=None):
    """Run one incremental sync of each of the repository's streams, issues
    first; raise when one failed so the task run fails too. A rate limit
    ends the run: the streams after it wait for the next one."""
    config = _require_config(session)
    row = _resource_row(session, resource_id)
    if row is None:
        raise ValueError("%s is not enabled: call PUBLIC.ENABLE_RESOURCE first" % resource_id)
    names = _names(config, resource_id)
    options = _json(_value(row, "OPTIONS")) or {}
    streams = _streams(options.get("streams"))
    _rows(session, sql.adopt_issues_state(), [resource_id])  # from a version that kept it in RESOURCE_CONFIGURATION
    states = {}
    for r in _rows(session, sql.select_stream_state(), [resource_id]):
        states[_value(r, "STREAM")] = {
            "cursor": _value(r, "CURSOR_UPDATED_AT"), "etag": _value(r, "ETAG"), "etag_url": _value(r, "ETAG_URL"),
            "last_reconciled_at": _value(r, "LAST_RECONCILED_AT"), "reconcile_pending": bool(_value(r, "RECONCILE_PENDING")),
            "full_refresh_pending": bool(_value(r, "FULL_REFRESH_PENDING"))}
    settings = ingest.Settings(options)
    transport, clock = transport or github.urllib_transport, clock or ingest.Clock()
    credentials = _credentials(config, resource_id, transport, clock, token)
    missing = [s for s in streams if s not in states]
    if missing:
        raise ValueError("%s has no state for its %s stream: run terraform apply (UPDATE_RESOURCE) to recreate it"
                         % (resource_id, missing[0]))
    tables = {s: names["streams"][s][0] for s in declared.ORDER}
    stores = {s: SnowparkStore(session, resource_id, tables[s], s, tables[declared.get(s).parent["stream"]] if declared.get(s).parent else None,
                               tables["issues"]) for s in streams}
    results = ingest.run_streams(stores, transport, clock, credentials, config.get("github_api_url"), resource_id, states, settings,
                                 streams)
    outcomes = {s: r.as_dict() for s, r in results.items()}
    failed = [s for s, o in outcomes.items() if o["state"] == "FAILED"]
    if failed:
        raise RuntimeError(redact.scrub("ingestion of %s failed: %s" % (resource_id, "; ".join(
            (outcomes[s]["error"] if s == "issues" else "%s stream: %s" % (s, outcomes[s]["error"])) for s in failed))))
    outcome = dict(outcomes["issues"])
    outcome["streams"] = outcomes
    return outcome


def restore_bindings(session):
    """Re-apply the SECRETS / integration binding of INGEST_DATA after an
    upgrade replaced the procedure; a no-op before provisioning."""
    config = load_config(session)
    app = _github_app(config.get("github_app"))
    if not (config.get("secret") or app) or not config.get("external_access_integration"):
        return {"status": "NOT_PROVISIONED"}
    secret = "" if app else sql.checked_fqn(config["secret"], 3, "secret")
    eai = sql.checked_fqn(config["external_access_integration"], 1, "external_access_integration")
    for statement in _bind_statements(secret, app, eai):
        _rows(session, statement)
    _rows(session, sql.adopt_issues_state(every=True))  # state an earlier version kept elsewhere
    # Installations from before the roles were split gave viewers OPERATE
    # on the tasks: an upgrade moves it to the administrators.
    for row in _rows(session, "SELECT RESOURCE_ID FROM " + sql.qualified(STATE, "RESOURCE_CONFIGURATION") + " WHERE ENABLED"):
        names = _names(config, _value(row, "RESOURCE_ID"))
        if _task_exists(session, names["plain"]["task"]):
            _grant_task(session, names["task"])
    return {"status": "RESTORED"}


def check_github_access(session, transport=None, clock=None, token=None):
    """Check the configured credentials against GitHub: mint an installation
    token and list the installation's repositories (GitHub App), or read
    the token's rate limit. Raises with what to fix."""
    from . import appauth
    config = _require_config(session)
    transport, clock = transport or github.urllib_transport, clock or ingest.Clock()
    api = github.normalize_api_url(config.get("github_api_url"))
    credentials = _credentials(config, None, transport, clock, token)
    if isinstance(credentials, appauth.InstallationTokens):
        try:
            bearer = credentials.token()
        except appauth.AppAuthError as err:
            raise appauth.AppAuthError(redact.scrub(err)) from None
        response = transport("GET", api + "installation/repositories?per_page=100", github.request_headers(bearer), 30)
        if response.status != 200:
            raise appauth.AppAuthError("HTTP %s listing the installation's repositories" % response.status)
        doc = json.loads(response.body.decode("utf-8"))
        names = sorted(r.get("full_name", "") for r in doc.get("repositories") or [])
        return {"auth": "github_app", "installation_id": config["github_app"]["installation_id"],
                "repositories": names, "total_count": doc.get("total_count", len(names))}
    bearer = credentials.token() if hasattr(credentials, "token") else redact.checked_token(credentials, "GitHub token secret")
    response = transport("GET", api + "rate_limit", github.request_headers(bearer), 30)
    if response.status == 401:
        raise RuntimeError("HTTP 401: GitHub refused the token; store a valid one with ghconnector_secret")
    if response.status != 200:
        raise RuntimeError("HTTP %s checking the token" % response.status)
    return {"auth": "token"}
