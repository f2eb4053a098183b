"""The procedures that call GitHub: INGEST_DATA (a run of a repository's
streams) and CHECK_GITHUB_ACCESS."""

import json

from . import appauth
from . import credentials as creds
from . import github
from . import ingest
from . import objects
from . import redact
from . import sql
from . import streams as declared
from .provisioning import require_config
from .session import parse_json as _json, rows as _rows, value as _value
from .store import SnowparkStore


def ingest_data(session, resource_id, transport=None, clock=None, token=None):
    """Run one incremental sync of each of the repository's streams, issues
    first; raise when one failed so the task run fails too. A rate limit
    ends the run: the streams after it wait for the next one."""
    config = require_config(session)
    row = objects.resource_row(session, resource_id)
    if row is None:
        raise ValueError("%s is not enabled: call PUBLIC.ENABLE_RESOURCE first" % resource_id)
    names = objects.names_of(config, resource_id)
    options = _json(_value(row, "OPTIONS")) or {}
    streams = declared.resolve(options.get("streams"))
    _rows(session, sql.adopt_issues_state(), [resource_id])  # from a version that kept it in RESOURCE_CONFIGURATION
    states = {}
    for r in _rows(session, sql.select_stream_state(), [resource_id]):
        states[_value(r, "STREAM")] = {
            "cursor": _value(r, "CURSOR_UPDATED_AT"), "etag": _value(r, "ETAG"), "etag_url": _value(r, "ETAG_URL"),
            "last_reconciled_at": _value(r, "LAST_RECONCILED_AT"), "reconcile_pending": bool(_value(r, "RECONCILE_PENDING")),
            "full_refresh_pending": bool(_value(r, "FULL_REFRESH_PENDING"))}
    settings = ingest.Settings(options)
    transport, clock = transport or github.urllib_transport, clock or ingest.Clock()
    credentials = creds.of_config(config, resource_id, transport, clock, token)
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


def check_github_access(session, transport=None, clock=None, token=None):
    """Check the configured credentials against GitHub: mint an installation
    token and list the installation's repositories (GitHub App), or read
    the token's rate limit. Raises with what to fix."""
    config = require_config(session)
    transport, clock = transport or github.urllib_transport, clock or ingest.Clock()
    api = github.normalize_api_url(config.get("github_api_url"))
    credentials = creds.of_config(config, None, transport, clock, token)
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
