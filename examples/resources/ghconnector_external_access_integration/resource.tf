resource "ghconnector_external_access_integration" "github" {
  name                           = "GITHUB_CONNECTOR_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github.fully_qualified_name]
  comment                        = "Lets the issues connector call the GitHub API with its token"
}

# A connector authenticating as a GitHub App reads the App's private key:
# its integration allows that secret (a secret the integration does not
# list is refused when the connector is provisioned).
resource "ghconnector_external_access_integration" "github_app" {
  name                           = "GITHUB_CONNECTOR_APP_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github_app_key.fully_qualified_name]
}
