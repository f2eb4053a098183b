import {
  to = ghconnector_network_rule.github
  id = "\"GITHUB_CONNECTOR_SETUP\".\"PUBLIC\".\"GITHUB_API\""
}
