# Enables ingestion of one repository: a sink table of raw issue JSON, a
# flattened view and a task that ingests incrementally on the schedule.
resource "ghconnector_repository" "terraform" {
  application = ghconnector_connector_config.github.application
  repository  = "hashicorp/terraform"
  schedule    = "30 MINUTES"
}

# Every repository of an organization with a topic, one resource each.
data "ghconnector_github_repositories" "ingested" {
  owner  = "my-org"
  topics = ["ingest-issues"]
}

resource "ghconnector_repository" "org" {
  for_each    = toset(data.ghconnector_github_repositories.ingested.full_names)
  application = ghconnector_connector_config.github.application
  repository  = each.value
  schedule    = "USING CRON 0 * * * * UTC"
}

# After a data incident: a new resync_trigger makes the next run read every
# issue again and reconcile deletions and transfers. Reconciliation also runs
# every reconcile_interval_hours (default 24).
resource "ghconnector_repository" "audited" {
  application              = ghconnector_connector_config.github.application
  repository               = "hashicorp/terraform-provider-aws"
  resync_trigger           = "2025-06-01"
  reconcile_interval_hours = 6
}

# Issues with their comments, pull requests with their reviews and diff
# comments: a table and views per stream (…_COMMENTS, …_PULL_REQUESTS,
# …_REVIEWS, …_REVIEW_COMMENTS), joined by number, read by the same task
# run. Removing a stream later keeps its table unless drop_data_on_destroy.
resource "ghconnector_repository" "conversations" {
  application = ghconnector_connector_config.github.application
  repository  = "hashicorp/terraform-plugin-framework"
  streams     = ["issues", "comments", "pull_requests", "reviews", "review_comments"]
}

output "pull_requests_view" {
  value = ghconnector_repository.conversations.stream_objects["pull_requests"].view
}
