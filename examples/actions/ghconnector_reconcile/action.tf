# terraform apply -invoke=action.ghconnector_reconcile.now checks the
# repository's deletions and transfers now and reports what it found.
action "ghconnector_reconcile" "now" {
  config {
    application = "GITHUB_CONNECTOR"
    repository  = "octo/hello-world"
  }
}
