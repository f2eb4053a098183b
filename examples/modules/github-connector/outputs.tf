output "application" {
  description = "Name of the connector application."
  value       = ghconnector_application.connector.name
}

output "views" {
  description = "The flattened issue view of each repository."
  value       = { for k, r in ghconnector_repository.this : k => r.view }
}

output "views_all" {
  description = "The view of every issue ever ingested, deleted and transferred ones marked, of each repository."
  value       = { for k, r in ghconnector_repository.this : k => r.view_all }
}

output "comments_views" {
  description = "The flattened comment view of each repository ingesting the comments stream (ISSUE_NUMBER joins the issue view's NUMBER)."
  value       = { for k, r in ghconnector_repository.this : k => r.stream_objects["comments"].view if contains(keys(r.stream_objects), "comments") }
}

output "stream_views" {
  description = "Each repository's flattened view of each of its streams, by repository then stream (issues, comments, pull_requests, reviews, review_comments)."
  value       = { for k, r in ghconnector_repository.this : k => { for s, o in r.stream_objects : s => o.view } }
}

output "tasks" {
  description = "The ingestion task of each repository."
  value       = { for k, r in ghconnector_repository.this : k => r.task }
}

output "ingestion" {
  description = "Outcome of each repository's last ingestion run (as of this plan or refresh), with ingestion_status = true; null otherwise."
  value = !var.ingestion_status ? null : { for r in data.ghconnector_ingestion_status.this[0].repositories : r.repository => {
    state           = r.state
    mode            = r.mode
    rows            = r.rows
    requests        = r.requests
    pages           = r.pages
    cursor          = r.cursor
    last_reconciled = r.last_reconciled
    error           = r.last_error
    started         = r.last_run_started
    # Every stream's last run (issues, comments), each with its own cursor.
    streams = { for s in r.streams : s.stream => {
      state    = s.state
      rows     = s.rows
      requests = s.requests
      cursor   = s.cursor
      started  = s.last_run_started
      error    = s.last_error
    } if s.enabled }
  } }
}
