terraform {
  required_version = ">= 1.11"
  required_providers {
    ghconnector = {
      source = "ghconnector/ghconnector"
    }
  }
}
