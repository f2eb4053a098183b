data "ghconnector_ingestion_status" "connector" {
  application = ghconnector_application.connector.name
}

# Fail `terraform plan` loudly when a repository's last run failed.
check "ingestion_healthy" {
  assert {
    condition = alltrue([
      for r in data.ghconnector_ingestion_status.connector.repositories : r.state != "FAILED"
    ])
    error_message = "A repository's last ingestion failed; see data.ghconnector_ingestion_status.connector."
  }
}

# The same per stream (issues, and comments where added).
check "comments_healthy" {
  assert {
    condition = alltrue(flatten([
      for r in data.ghconnector_ingestion_status.connector.repositories : [
        for s in r.streams : s.state != "FAILED" if s.enabled
      ]
    ]))
    error_message = "A stream's last ingestion failed; see data.ghconnector_ingestion_status.connector.repositories[*].streams."
  }
}
