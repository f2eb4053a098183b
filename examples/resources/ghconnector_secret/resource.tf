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
