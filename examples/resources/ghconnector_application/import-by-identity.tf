import {
  to = ghconnector_application.connector
  identity = {
    name = "GITHUB_CONNECTOR"
  }
}
