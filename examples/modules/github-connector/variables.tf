variable "name" {
  description = "Prefix of the account objects and name of the application."
  type        = string
  default     = "GITHUB_CONNECTOR"
}

variable "setup_database" {
  description = "Existing database that holds the network rule and the secret."
  type        = string
}

variable "setup_schema" {
  description = "Schema of setup_database for the network rule and the secret."
  type        = string
  default     = "PUBLIC"
}

variable "warehouse" {
  description = "Existing warehouse the ingestion tasks run on; null with serverless_tasks = true."
  type        = string
  default     = null
}

variable "serverless_tasks" {
  description = "Run the ingestion tasks on serverless compute instead of warehouse (see the real-account guide for the credits trade-off)."
  type        = bool
  default     = false

  validation {
    condition     = var.serverless_tasks != (var.warehouse != null)
    error_message = "Set exactly one of warehouse and serverless_tasks = true."
  }
}

variable "destination_database" {
  description = "Database the connector creates for the ingested issues."
  type        = string
  default     = "GITHUB_DATA"
}

variable "github_token" {
  description = "GitHub token the connector ingests with (unused when github_app is set). Ephemeral: it reaches Snowflake, never the state."
  type        = string
  sensitive   = true
  ephemeral   = true
  default     = null
}

variable "github_app" {
  description = "Authenticate as a GitHub App installation instead of with github_token: the App's client ID (or App ID) and the installation ID. Its private key is github_app_private_key."
  type = object({
    client_id       = string
    installation_id = number
  })
  default = null
}

variable "github_app_private_key" {
  description = "The GitHub App's private key (the contents of its .pem file), when github_app is set. Ephemeral: it reaches Snowflake, never the state."
  type        = string
  sensitive   = true
  ephemeral   = true
  default     = null
}

variable "github_app_private_key_version" {
  description = "Bump to store a new App private key in the secret."
  type        = number
  default     = 1
}

variable "github_token_version" {
  description = "Bump to store a new token in the secret."
  type        = number
  default     = 1
}

variable "github_host_port" {
  description = "Host (and port) of the GitHub API, for the egress network rule."
  type        = string
  default     = "api.github.com"
}

variable "github_api_url" {
  description = "Base URL of the GitHub API; GitHub Enterprise: https://<host>/api/v3/."
  type        = string
  default     = "https://api.github.com/"
}

variable "repositories" {
  description = "Repositories to ingest (owner/name), with the fleet's settings (schedule, streams, not paused)."
  type        = set(string)
  default     = []
}

variable "repository_settings" {
  description = <<-EOT
    Repositories with settings of their own, by owner/name: schedule, streams and paused, each falling back to the fleet's
    (schedule, streams, not paused) when null or left out. A repository here is ingested whether or not it is also in
    repositories.
  EOT
  type = map(object({
    schedule = optional(string)
    streams  = optional(set(string))
    paused   = optional(bool)
  }))
  default = {}
}

variable "ingestion_status" {
  description = <<-EOT
    Read each repository's last run into the ingestion output. The status changes with every run, so with this on a plan
    after a run shows changes (exit code 2 with -detailed-exitcode), which drift checks would read as drift: keep it off
    where plans check drift, and read the ghconnector_ingestion_status data source or the application's INGESTION_STATUS
    view when you need the runs.
  EOT
  type        = bool
  default     = false
}

variable "schedule" {
  description = "Ingestion schedule of every repository without its own: 'N MINUTES' or 'USING CRON ...'."
  type        = string
  default     = "30 MINUTES"
}

variable "drop_data_on_destroy" {
  description = "Drop the application's data (and each repository's table) on destroy instead of keeping it."
  type        = bool
  default     = false
}

variable "resync_trigger" {
  description = "Change it to make every repository's next run a full refresh that also reconciles deletions and transfers (null: never)."
  type        = string
  default     = null
}

variable "reconcile_interval_hours" {
  description = "How often each repository's run also reconciles issues deleted or transferred on GitHub (0: only on request)."
  type        = number
  default     = 24
}

variable "streams" {
  description = "What each repository's task ingests: issues (always) and any of comments, pull_requests, reviews (with pull_requests) and review_comments (with pull_requests), each with its own table and views (docs/guides/streams.md)."
  type        = set(string)
  default     = ["issues"]
}
