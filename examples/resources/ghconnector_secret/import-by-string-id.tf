import {
  to = ghconnector_secret.github
  id = "\"GITHUB_CONNECTOR_SETUP\".\"PUBLIC\".\"GITHUB_TOKEN\""
}
