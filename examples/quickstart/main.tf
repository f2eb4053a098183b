# The whole connector in one configuration: the network rule, secret and
# external access integration the connector reaches GitHub through, the
# Native App, its configuration, and one ingested repository.
#
# `make demo` applies it to the local emulators. Against a real account, set
# the SNOWFLAKE_* environment (or a provider block), pass a GitHub token with
# TF_VAR_github_token, and keep the defaults of github_host_port and
# github_api_url.

terraform {
  required_version = ">= 1.11"
  required_providers {
    ghconnector = {
      source = "ghconnector/ghconnector"
    }
  }
}

provider "ghconnector" {}

variable "github_token" {
  description = "GitHub token the connector ingests with. Ephemeral: it reaches Snowflake, never the state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "github_token_version" {
  description = "Bump to rotate the token stored in the secret."
  type        = number
  default     = 1
}

variable "github_host_port" {
  description = "Host (and port) of the GitHub API, for the network rule."
  type        = string
  default     = "api.github.com"
}

variable "github_api_url" {
  description = "Base URL of the GitHub API."
  type        = string
  default     = "https://api.github.com/"
}

variable "setup_database" {
  description = "Existing database that holds the network rule and the secret."
  type        = string
  default     = "SETUP"
}

variable "warehouse" {
  description = "Existing warehouse the ingestion tasks run on."
  type        = string
  default     = "WH"
}

variable "repositories" {
  description = "Repositories to ingest, owner/name."
  type        = set(string)
  default     = ["octocat/hello-world"]
}

resource "ghconnector_network_rule" "github" {
  database   = var.setup_database
  schema     = "PUBLIC"
  name       = "GITHUB_API"
  value_list = [var.github_host_port]
}

resource "ghconnector_secret" "github" {
  database                 = var.setup_database
  schema                   = "PUBLIC"
  name                     = "GITHUB_TOKEN"
  secret_string_wo         = var.github_token
  secret_string_wo_version = var.github_token_version
}

resource "ghconnector_external_access_integration" "github" {
  name                           = "GITHUB_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github.fully_qualified_name]
}

resource "ghconnector_application" "connector" {
  name      = "GITHUB_CONNECTOR"
  warehouse = var.warehouse
  # A demo: destroy removes the ingested data too.
  cascade_on_destroy = true
}

resource "ghconnector_connector_config" "github" {
  application                 = ghconnector_application.connector.name
  destination_database        = "GITHUB_DATA"
  warehouse                   = var.warehouse
  secret                      = ghconnector_secret.github.fully_qualified_name
  external_access_integration = ghconnector_external_access_integration.github.name
  github_api_url              = var.github_api_url
}

resource "ghconnector_repository" "this" {
  for_each    = var.repositories
  application = ghconnector_connector_config.github.application
  repository  = each.value
  schedule    = "30 MINUTES"
}

data "ghconnector_ingestion_status" "connector" {
  application = ghconnector_application.connector.name
  depends_on  = [ghconnector_repository.this]
}

output "views" {
  description = "The flattened issue view of each repository."
  value       = { for k, r in ghconnector_repository.this : k => r.view }
}

output "ingestion" {
  description = "Outcome of each repository's last ingestion run."
  value = { for r in data.ghconnector_ingestion_status.connector.repositories : r.repository => {
    state    = r.state
    rows     = r.rows
    requests = r.requests
    cursor   = r.cursor
  } }
}
