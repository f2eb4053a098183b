# The ID is the quoted application name, a slash and the repository.
terraform import ghconnector_repository.terraform '"GITHUB_CONNECTOR"/hashicorp/terraform'
