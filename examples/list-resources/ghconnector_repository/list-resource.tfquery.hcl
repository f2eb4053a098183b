# terraform query (Terraform 1.14+): every repository the application
# ingests, with its identity. With -generate-config-out=adopted.tf,
# Terraform writes a ghconnector_repository and an import block for each:
# an installation set up by hand or by an earlier tool, adopted.
list "ghconnector_repository" "all" {
  provider = ghconnector
  config {
    application = "GITHUB_CONNECTOR"
  }
}
