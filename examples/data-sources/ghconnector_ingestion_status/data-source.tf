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
