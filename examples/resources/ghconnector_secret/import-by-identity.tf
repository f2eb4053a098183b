import {
  to = ghconnector_secret.github
  identity = {
    database = "GITHUB_CONNECTOR_SETUP"
    schema   = "PUBLIC"
    name     = "GITHUB_TOKEN"
  }
}
