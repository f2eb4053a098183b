# Egress to the GitHub REST API, for the connector's external access integration.
resource "ghconnector_network_rule" "github" {
  database   = "GITHUB_CONNECTOR_SETUP"
  schema     = "PUBLIC"
  name       = "GITHUB_API"
  value_list = ["api.github.com:443"]
  comment    = "GitHub REST API for the issues connector"
}

# GitHub Enterprise Server: allow its API host instead.
resource "ghconnector_network_rule" "ghes" {
  database   = "GITHUB_CONNECTOR_SETUP"
  schema     = "PUBLIC"
  name       = "GHES_API"
  value_list = ["github.example.com:443"]
}
