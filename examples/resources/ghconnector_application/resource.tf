# Installs the GitHub issues connector as a Snowflake Native App and grants
# it the account privileges its manifest requests (CREATE DATABASE, EXECUTE
# TASK). Grants on the warehouse, secret and integration belong to
# ghconnector_connector_config.
resource "ghconnector_application" "connector" {
  name    = "GITHUB_CONNECTOR"
  comment = "GitHub issues ingestion"

  # Keep the destination database (and the ingested issues) when the
  # application is destroyed; destroy fails while it exists.
  cascade_on_destroy = false
}
