package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
)

func TestAccCurrentAccountDataSource(t *testing.T) {
	acctest.Snowflake(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "ghconnector" {
  role = "SYSADMIN"
}
data "ghconnector_current_account" "this" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.ghconnector_current_account.this", tfjsonpath.New("account"), knownvalue.StringExact("LOCAL")),
				statecheck.ExpectKnownValue("data.ghconnector_current_account.this", tfjsonpath.New("user"), knownvalue.StringExact("ADMIN")),
				statecheck.ExpectKnownValue("data.ghconnector_current_account.this", tfjsonpath.New("role"), knownvalue.StringExact("SYSADMIN")),
				statecheck.ExpectKnownValue("data.ghconnector_current_account.this", tfjsonpath.New("warehouse"), knownvalue.StringExact("COMPUTE_WH")),
			},
		}},
	})
}
