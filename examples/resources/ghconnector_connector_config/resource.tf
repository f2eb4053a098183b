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
