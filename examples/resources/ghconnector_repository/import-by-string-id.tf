import {
  to = ghconnector_repository.terraform
  id = "\"GITHUB_CONNECTOR\"/hashicorp/terraform"
}
