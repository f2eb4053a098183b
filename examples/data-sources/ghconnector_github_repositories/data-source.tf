# Public, non-archived, non-fork repositories of an organization that carry
# a topic; feed full_names to ghconnector_repository with for_each.
data "ghconnector_github_repositories" "ingested" {
  owner      = "my-org"
  visibility = "public"
  topics     = ["ingest-issues"]
}
