"""Provisioning: the connector's configuration (PROVISION_CONNECTOR), the
binding of its credentials and integration to the procedures that call
GitHub, and their restoration after an upgrade (RESTORE_BINDINGS)."""

import json

from . import github
from . import objects
from . import sql
from .credentials import APP_KEY_ALIAS, SECRET_ALIAS
from .session import parse_json as _json, rows as _rows, value as _value

CHECK_PROCEDURE = sql.qualified("PUBLIC", "CHECK_GITHUB_ACCESS")


def load_config(session):
    config = {}
    for row in _rows(session, sql.select_config()):
        config[_value(row, "KEY")] = _json(_value(row, "VALUE"))
    return config


def require_config(session):
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
    table = sql.qualified(objects.STATE, "APP_CONFIGURATION")
    for key, value in sorted(stored.items()):
        _rows(session, "MERGE INTO " + table + " t USING (SELECT ? AS KEY, PARSE_JSON(?) AS VALUE) s ON t.KEY = s.KEY"
              " WHEN MATCHED THEN UPDATE SET VALUE = s.VALUE, UPDATED_AT = CURRENT_TIMESTAMP()"
              " WHEN NOT MATCHED THEN INSERT (KEY, VALUE, UPDATED_AT) VALUES (s.KEY, s.VALUE, CURRENT_TIMESTAMP())",
              [key, json.dumps(value)])
    _rows(session, "CREATE DATABASE IF NOT EXISTS " + sql.quote(database))
    _rows(session, "CREATE SCHEMA IF NOT EXISTS " + sql.qualified(database, sql.DATA_SCHEMA))
    _rows(session, "GRANT USAGE ON DATABASE " + sql.quote(database) + " TO APPLICATION ROLE " + sql.quote(objects.VIEWER_ROLE))
    _rows(session, "GRANT USAGE ON SCHEMA " + sql.qualified(database, sql.DATA_SCHEMA) + " TO APPLICATION ROLE " + sql.quote(objects.VIEWER_ROLE))
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
    return ["ALTER PROCEDURE " + objects.INGEST_PROCEDURE + "(VARCHAR)" + tail, "ALTER PROCEDURE " + CHECK_PROCEDURE + "()" + tail]


def _move_tasks(session, config):
    """Recreate every enabled repository's task on the configured compute, so
    that no task is left on a warehouse whose grant is about to be revoked."""
    rows = _rows(session, "SELECT RESOURCE_ID, OPTIONS FROM " + sql.qualified(objects.STATE, "RESOURCE_CONFIGURATION") + " WHERE ENABLED")
    moved = 0
    for row in rows:
        resource_id = _value(row, "RESOURCE_ID")
        options = objects.checked_options(_json(_value(row, "OPTIONS")) or {})
        names = objects.names_of(config, resource_id)
        if not objects.task_exists(session, names["plain"]["task"]):
            continue
        _rows(session, "ALTER TASK IF EXISTS " + names["task"] + " SUSPEND")
        _rows(session, sql.create_task(names["task"], config.get("warehouse"), options["schedule"], objects.INGEST_PROCEDURE, resource_id))
        objects.grant_task(session, names["task"])
        if not options.get("paused"):
            _rows(session, "ALTER TASK " + names["task"] + " RESUME")
        moved += 1
    return moved


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
    for row in _rows(session, "SELECT RESOURCE_ID FROM " + sql.qualified(objects.STATE, "RESOURCE_CONFIGURATION") + " WHERE ENABLED"):
        names = objects.names_of(config, _value(row, "RESOURCE_ID"))
        if objects.task_exists(session, names["plain"]["task"]):
            objects.grant_task(session, names["task"])
    return {"status": "RESTORED"}
