import {
  to = ghconnector_application.connector
  id = "\"GITHUB_CONNECTOR\""
}
