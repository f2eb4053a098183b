# terraform query (Terraform 1.14+): the network rules of the schema that
# holds the connector's setup objects, each with its identity
# (-generate-config-out writes their resources and import blocks).
list "ghconnector_network_rule" "setup" {
  provider = ghconnector
  config {
    database = "SETUP"
    schema   = "PUBLIC"
  }
}
