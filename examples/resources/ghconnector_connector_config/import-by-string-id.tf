import {
  to = ghconnector_connector_config.github
  id = "\"GITHUB_CONNECTOR\""
}
