import {
  to = ghconnector_external_access_integration.github
  identity = {
    name = "GITHUB_CONNECTOR_EAI"
  }
}
