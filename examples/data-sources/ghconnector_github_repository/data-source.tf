data "ghconnector_github_repository" "terraform" {
  full_name = "hashicorp/terraform"
}

output "terraform_open_issues" {
  value = data.ghconnector_github_repository.terraform.open_issues
}
