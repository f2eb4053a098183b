"""The application's procedure handlers, as setup.sql names them
(connector.procedures.<handler>); each takes the Snowpark session first
and lives in the module of its concern."""

from .provisioning import provision_connector, restore_bindings
from .resources import disable_resource, enable_resource, request_full_refresh, request_reconciliation, update_resource
from .runs import check_github_access, ingest_data

__all__ = ["provision_connector", "restore_bindings", "enable_resource", "update_resource", "request_reconciliation", "request_full_refresh",
           "disable_resource", "ingest_data", "check_github_access"]
