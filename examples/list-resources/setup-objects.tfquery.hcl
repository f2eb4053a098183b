# terraform query (Terraform 1.14+): the network rules and secrets of the
# schema that holds the connector's setup objects, and the account's
# applications, each with its identity (-generate-config-out writes their
# resources and import blocks; a secret's value is never read back).
list "ghconnector_network_rule" "setup" {
  provider = ghconnector
  config {
    database = "SETUP"
    schema   = "PUBLIC"
  }
}

list "ghconnector_secret" "setup" {
  provider = ghconnector
  config {
    database = "SETUP"
    schema   = "PUBLIC"
  }
}

list "ghconnector_application" "all" {
  provider = ghconnector
}
