import {
  to = ghconnector_external_access_integration.github
  id = "\"GITHUB_CONNECTOR_EAI\""
}
