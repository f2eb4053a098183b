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

output "tasks" {
  description = "The ingestion task of each repository."
  value       = { for k, r in ghconnector_repository.this : k => r.task }
}

output "ingestion" {
  description = "Outcome of each repository's last ingestion run (as of this plan or refresh)."
  value = { for r in data.ghconnector_ingestion_status.this.repositories : r.repository => {
    state           = r.state
    mode            = r.mode
    rows            = r.rows
    requests        = r.requests
    pages           = r.pages
    cursor          = r.cursor
    last_reconciled = r.last_reconciled
    error           = r.last_error
  } }
}
