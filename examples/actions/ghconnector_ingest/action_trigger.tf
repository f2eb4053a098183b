# The first ingestion of a new repository, run by the apply that creates
# it (action_trigger, Terraform 1.14+), its progress in the apply's output.
action "ghconnector_ingest" "other" {
  config {
    application = "GITHUB_CONNECTOR"
    repository  = "octo/other"
  }
}

resource "ghconnector_repository" "other" {
  application          = ghconnector_connector_config.github.application
  repository           = "octo/other"
  paused               = true
  drop_data_on_destroy = true
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.ghconnector_ingest.other]
    }
  }
}
