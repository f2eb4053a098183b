import {
  to = ghconnector_connector_config.github
  identity = {
    application = "GITHUB_CONNECTOR"
  }
}
