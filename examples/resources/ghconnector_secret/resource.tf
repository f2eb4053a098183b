# Pass the token through an ephemeral variable: Terraform keeps it out of
# state and plan files, and the write-only argument keeps it out of the
# provider's state as well.
variable "github_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "ghconnector_secret" "github" {
  database                 = "GITHUB_CONNECTOR_SETUP"
  schema                   = "PUBLIC"
  name                     = "GITHUB_TOKEN"
  secret_string_wo         = var.github_token
  secret_string_wo_version = 1 # increment to rotate the token
  comment                  = "GitHub token for the issues connector"
}

# A GitHub App's private key, for ghconnector_connector_config.github_app:
# the .pem file GitHub generated (PKCS#1 or PKCS#8), checked at plan time,
# equally write-only and rotated by version.
variable "github_app_private_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "ghconnector_secret" "github_app_key" {
  database                 = "GITHUB_CONNECTOR_SETUP"
  schema                   = "PUBLIC"
  name                     = "GITHUB_APP_KEY"
  secret_string_wo         = var.github_app_private_key
  secret_string_wo_version = 1 # increment after generating a new key
}
