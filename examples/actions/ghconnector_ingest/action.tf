# Actions (Terraform 1.14+): terraform apply -invoke=action.ghconnector_ingest.now
# runs the repository's ingestion once, now, and reports each stream's run.
action "ghconnector_ingest" "now" {
  config {
    application = "GITHUB_CONNECTOR"
    repository  = "octo/hello-world"
  }
}
