# The whole connector through the reusable module in examples/modules:
# every public, non-archived, non-fork repository of an owner that carries
# a topic is ingested.
#
# `make demo` applies it to the local emulators. Against a real account: set
# SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_PRIVATE_KEY (key-pair auth;
# or SNOWFLAKE_PASSWORD), SNOWFLAKE_ROLE and SNOWFLAKE_WAREHOUSE, GITHUB_TOKEN
# and TF_VAR_github_token, and TF_VAR_github_owner; keep the GitHub defaults.
# Prerequisites (privileges, no trial account, Anaconda terms):
# docs/guides/real-account.md.

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
  description = "GitHub token the connector ingests with (unused with github_app). Ephemeral: it reaches Snowflake, never the state."
  type        = string
  sensitive   = true
  ephemeral   = true
  default     = null
}

# GitHub App authentication instead of a token (`make demo-app` on the local
# stack; docs/guides/github-app.md on github.com).
variable "github_app" {
  description = "The GitHub App's client ID (or App ID) and installation ID; null to use github_token."
  type = object({
    client_id       = string
    installation_id = number
  })
  default = null
}

variable "github_app_private_key" {
  description = "The GitHub App's private key (its .pem file's contents), with github_app. Ephemeral."
  type        = string
  sensitive   = true
  ephemeral   = true
  default     = null
}

variable "github_owner" {
  description = "Organization or user whose repositories are ingested."
  type        = string
  default     = "octocat"
}

variable "github_owner_type" {
  description = "org or user."
  type        = string
  default     = "user"
}

variable "github_topic" {
  description = "Only repositories with this topic are ingested."
  type        = string
  default     = "ingest-issues"
}

variable "github_host_port" {
  description = "Host (and port) of the GitHub API."
  type        = string
  default     = "api.github.com"
}

variable "github_api_url" {
  description = "Base URL of the GitHub API."
  type        = string
  default     = "https://api.github.com/"
}

variable "setup_database" {
  description = "Existing database for the network rule and the secret."
  type        = string
  default     = "SETUP"
}

variable "warehouse" {
  description = "Existing warehouse for the ingestion tasks."
  type        = string
  default     = "WH"
}

variable "schedule" {
  description = "Ingestion schedule."
  type        = string
  default     = "30 MINUTES"
}

variable "repository_settings" {
  description = "Repositories with settings of their own (schedule, streams, paused), by owner/name; see the module's variable."
  type = map(object({
    schedule = optional(string)
    streams  = optional(set(string))
    paused   = optional(bool)
  }))
  default = {}
}

variable "drop_data_on_destroy" {
  description = "Drop the ingested data when the connector or a repository is destroyed. Off: destroy keeps the tables."
  type        = bool
  default     = false
}

variable "ingestion_status" {
  description = "Show each repository's last run in the ingestion output. It changes with every run, so plans show changes after runs: off by default."
  type        = bool
  default     = false
}

data "ghconnector_github_repositories" "ingested" {
  owner      = var.github_owner
  owner_type = var.github_owner_type
  visibility = "public"
  topics     = [var.github_topic]
}

module "connector" {
  source = "../modules/github-connector"

  setup_database         = var.setup_database
  warehouse              = var.warehouse
  github_token           = var.github_token
  github_app             = var.github_app
  github_app_private_key = var.github_app_private_key
  github_host_port       = var.github_host_port
  github_api_url         = var.github_api_url
  repositories           = toset(data.ghconnector_github_repositories.ingested.full_names)
  repository_settings    = var.repository_settings
  schedule               = var.schedule
  # Issues and their conversation, pull requests with their reviews and
  # diff comments: each stream gets a table and views beside the issues
  # (docs/guides/streams.md).
  streams = ["issues", "comments", "pull_requests", "reviews", "review_comments"]
  # Destroy keeps the ingested data unless drop_data_on_destroy = true.
  drop_data_on_destroy = var.drop_data_on_destroy
  ingestion_status     = var.ingestion_status
}

output "views" {
  description = "The flattened issue view of each repository."
  value       = module.connector.views
}

output "stream_views" {
  description = "Each repository's view of each stream, by repository then stream."
  value       = module.connector.stream_views
}

output "comments_views" {
  description = "The flattened comment view of each repository."
  value       = module.connector.comments_views
}

output "ingestion" {
  description = "Outcome of each repository's last ingestion run, with ingestion_status = true (null otherwise: drift checks stay quiet after runs)."
  value       = module.connector.ingestion
}
