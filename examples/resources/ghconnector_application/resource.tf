# Installs the GitHub issues connector as a Snowflake Native App and grants
# it what its manifest requests (CREATE DATABASE, EXECUTE TASK) plus the
# warehouse its ingestion tasks run on.
resource "ghconnector_application" "connector" {
  name      = "GITHUB_CONNECTOR"
  warehouse = "CONNECTOR_WH"
  comment   = "GitHub issues ingestion"

  # Keep the destination database (and the ingested issues) when the
  # application is destroyed; destroy fails while it exists.
  cascade_on_destroy = false
}
