# The GitHub issues connector: egress network rule, secret and external
# access integration, the Native App and its configuration, and one
# ingestion per repository.

resource "ghconnector_network_rule" "github" {
  database   = var.setup_database
  schema     = var.setup_schema
  name       = "${var.name}_GITHUB_API"
  value_list = [var.github_host_port]
}

resource "ghconnector_secret" "github" {
  database                 = var.setup_database
  schema                   = var.setup_schema
  name                     = "${var.name}_GITHUB_TOKEN"
  secret_string_wo         = var.github_token
  secret_string_wo_version = var.github_token_version
}

resource "ghconnector_external_access_integration" "github" {
  name                           = "${var.name}_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github.fully_qualified_name]
}

resource "ghconnector_application" "connector" {
  name               = var.name
  cascade_on_destroy = var.drop_data_on_destroy
}

resource "ghconnector_connector_config" "github" {
  application                 = ghconnector_application.connector.name
  destination_database        = var.destination_database
  warehouse                   = var.warehouse
  serverless_tasks            = var.serverless_tasks
  secret                      = ghconnector_secret.github.fully_qualified_name
  external_access_integration = ghconnector_external_access_integration.github.name
  github_api_url              = var.github_api_url
}

resource "ghconnector_repository" "this" {
  for_each                 = var.repositories
  application              = ghconnector_connector_config.github.application
  repository               = each.value
  schedule                 = var.schedule
  drop_data_on_destroy     = var.drop_data_on_destroy
  resync_trigger           = var.resync_trigger
  reconcile_interval_hours = var.reconcile_interval_hours
}

data "ghconnector_ingestion_status" "this" {
  application = ghconnector_application.connector.name
  depends_on  = [ghconnector_repository.this]
}
