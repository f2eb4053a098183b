package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
)

// Real terraform loads the provider and rejects bad provider blocks with
// diagnostics that name the attribute and its environment variable.
func TestAccProviderConfigurationErrors(t *testing.T) {
	acctest.ClearProviderEnv(t)
	const ds = `
data "ghconnector_current_account" "this" {}
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `provider "ghconnector" {
  account  = "acct"
  password = "p"
}` + ds,
				ExpectError: regexp.MustCompile(`(?s)Missing Snowflake user.*SNOWFLAKE_USER`),
			},
			{
				Config: `provider "ghconnector" {
  account  = "acct"
  user     = "u"
  password = "p"
  host     = "acme.snowflakecomputing.com"
  protocol = "http"
}` + ds,
				ExpectError: regexp.MustCompile(`Plain http refused for a remote host`),
			},
			{
				Config: `provider "ghconnector" {
  account  = "acct"
  user     = "u"
  password = "p"
  protocol = "gopher"
}` + ds,
				ExpectError: regexp.MustCompile(`(?s)protocol.*value must be one of`),
			},
			{
				Config: `provider "ghconnector" {
  account     = "acct"
  user        = "u"
  password    = "p"
  private_key = "not a key"
}` + ds,
				ExpectError: regexp.MustCompile(`(?s)Conflicting Snowflake credentials`),
			},
			{
				Config: `provider "ghconnector" {
  github {
    api_url = "http://github.example.com"
  }
}` + ds,
				ExpectError: regexp.MustCompile(`(?s)Invalid GitHub API URL.*GITHUB_API_URL`),
			},
			{
				Config:      `provider "ghconnector" {}` + ds,
				ExpectError: regexp.MustCompile(`(?s)Snowflake connection not configured.*SNOWFLAKE_ACCOUNT`),
			},
		},
	})
}
