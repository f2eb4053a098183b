# Grants the application the secret, the external access integration and the
# warehouse, then provisions the connector: the destination database and the
# GitHub settings every repository's ingestion uses.
resource "ghconnector_connector_config" "github" {
  application                 = ghconnector_application.connector.name
  destination_database        = "GITHUB_DATA"
  warehouse                   = "CONNECTOR_WH"
  secret                      = ghconnector_secret.github.fully_qualified_name
  external_access_integration = ghconnector_external_access_integration.github.name
}

# The same connector with serverless ingestion tasks: no warehouse, Snowflake
# sizes the compute (EXECUTE MANAGED TASK is granted instead of USAGE on a
# warehouse). Credits trade-off: docs/guides/real-account.md.
resource "ghconnector_connector_config" "serverless" {
  application                 = ghconnector_application.other.name
  destination_database        = "GITHUB_DATA_2"
  serverless_tasks            = true
  secret                      = ghconnector_secret.github.fully_qualified_name
  external_access_integration = ghconnector_external_access_integration.github.name
}

# Authenticating as a GitHub App installation instead of with a token: the
# App's private key is in a secret (ghconnector_secret, write-only), each run
# mints an hour-long installation token scoped to its repository with
# issues: read. Setup: docs/guides/github-app.md.
resource "ghconnector_connector_config" "app" {
  application          = ghconnector_application.third.name
  destination_database = "GITHUB_DATA_3"
  warehouse            = "CONNECTOR_WH"
  github_app = {
    client_id          = "Iv23liEXAMPLE"
    installation_id    = 12345678
    private_key_secret = ghconnector_secret.github_app_key.fully_qualified_name
  }
  external_access_integration = ghconnector_external_access_integration.github_app.name
}
