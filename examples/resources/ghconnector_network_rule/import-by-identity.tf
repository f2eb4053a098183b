import {
  to = ghconnector_network_rule.github
  identity = {
    database = "GITHUB_CONNECTOR_SETUP"
    schema   = "PUBLIC"
    name     = "GITHUB_API"
  }
}
