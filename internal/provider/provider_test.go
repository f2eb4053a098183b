package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

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

// A provider setting that is only known after apply (here the account comes
// from another resource) must not fail the plan; apply then configures the
// provider with the real value.
func TestAccProviderConfigurationUnknownAtPlan(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.Database(t, client, "TF_DB")
	t.Setenv("SNOWFLAKE_ACCOUNT", "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "account" {
  input = "LOCAL"
}

provider "ghconnector" {
  account = terraform_data.account.output
}

resource "ghconnector_network_rule" "test" {
  database   = "TF_DB"
  schema     = "PUBLIC"
  name       = "LATE_BOUND"
  value_list = ["api.github.com"]
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("ghconnector_network_rule.test", plancheck.ResourceActionCreate)},
			},
		}},
	})
}
