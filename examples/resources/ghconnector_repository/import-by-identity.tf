# Terraform 1.12+ and OpenTofu 1.12: the repository by its parts, no
# composite ID to spell.
import {
  to = ghconnector_repository.terraform
  identity = {
    application = "GITHUB_CONNECTOR"
    repository  = "hashicorp/terraform"
  }
}
