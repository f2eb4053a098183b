# The GitHub issues connector: egress network rule, secret and external
# access integration, the Native App and its configuration, and one
# ingestion per repository.

resource "ghconnector_network_rule" "github" {
  database   = var.setup_database
  schema     = var.setup_schema
  name       = "${var.name}_GITHUB_API"
  value_list = [var.github_host_port]
}

# The connector authenticates with a token, or as a GitHub App when
# github_app is set: then the secret holds the App's private key.
resource "ghconnector_secret" "github" {
  count                    = var.github_app == null ? 1 : 0
  database                 = var.setup_database
  schema                   = var.setup_schema
  name                     = "${var.name}_GITHUB_TOKEN"
  secret_string_wo         = var.github_token
  secret_string_wo_version = var.github_token_version
}

moved {
  from = ghconnector_secret.github
  to   = ghconnector_secret.github[0]
}

resource "ghconnector_secret" "github_app_key" {
  count                    = var.github_app == null ? 0 : 1
  database                 = var.setup_database
  schema                   = var.setup_schema
  name                     = "${var.name}_GITHUB_APP_KEY"
  secret_string_wo         = var.github_app_private_key
  secret_string_wo_version = var.github_app_private_key_version
}

resource "ghconnector_external_access_integration" "github" {
  name                           = "${var.name}_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = concat(ghconnector_secret.github[*].fully_qualified_name, ghconnector_secret.github_app_key[*].fully_qualified_name)
}

resource "ghconnector_application" "connector" {
  name               = var.name
  cascade_on_destroy = var.drop_data_on_destroy
}

resource "ghconnector_connector_config" "github" {
  application          = ghconnector_application.connector.name
  destination_database = var.destination_database
  warehouse            = var.warehouse
  serverless_tasks     = var.serverless_tasks
  secret               = one(ghconnector_secret.github[*].fully_qualified_name)
  github_app = var.github_app == null ? null : {
    client_id          = var.github_app.client_id
    installation_id    = var.github_app.installation_id
    private_key_secret = ghconnector_secret.github_app_key[0].fully_qualified_name
  }
  external_access_integration = ghconnector_external_access_integration.github.name
  github_api_url              = var.github_api_url
}

locals {
  # Every repository with its settings: its own where it has them, the
  # fleet's otherwise.
  repositories = { for r in setunion(var.repositories, keys(var.repository_settings)) : r => {
    schedule = coalesce(try(var.repository_settings[r].schedule, null), var.schedule)
    streams  = coalesce(try(var.repository_settings[r].streams, null), var.streams)
    paused   = coalesce(try(var.repository_settings[r].paused, null), false)
  } }
}

resource "ghconnector_repository" "this" {
  for_each                 = local.repositories
  application              = ghconnector_connector_config.github.application
  repository               = each.key
  schedule                 = each.value.schedule
  streams                  = each.value.streams
  paused                   = each.value.paused
  drop_data_on_destroy     = var.drop_data_on_destroy
  resync_trigger           = var.resync_trigger
  reconcile_interval_hours = var.reconcile_interval_hours
}

# Read only when asked for (ingestion_status): it changes with every run.
data "ghconnector_ingestion_status" "this" {
  count       = var.ingestion_status ? 1 : 0
  application = ghconnector_application.connector.name
  depends_on  = [ghconnector_repository.this]
}
