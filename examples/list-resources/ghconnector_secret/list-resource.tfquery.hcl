# terraform query (Terraform 1.14+): the secrets of the schema that holds
# the connector's setup objects, each with its identity; a secret's value
# is never read back.
list "ghconnector_secret" "setup" {
  provider = ghconnector
  config {
    database = "SETUP"
    schema   = "PUBLIC"
  }
}
