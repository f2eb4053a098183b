resource "ghconnector_external_access_integration" "github" {
  name                           = "GITHUB_CONNECTOR_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github.fully_qualified_name]
  comment                        = "Lets the issues connector call the GitHub API with its token"
}
