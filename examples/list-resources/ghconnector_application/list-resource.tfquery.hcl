# terraform query (Terraform 1.14+): the account's applications, each with
# its identity.
list "ghconnector_application" "all" {
  provider = ghconnector
}
