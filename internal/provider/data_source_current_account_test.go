package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
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

// The official Snowflake provider's ways to name the account work here too,
// through real terraform: SNOWFLAKE_ORGANIZATION_NAME and
// SNOWFLAKE_ACCOUNT_NAME instead of SNOWFLAKE_ACCOUNT, and a profile of its
// TOML file (SNOWFLAKE_PROFILE, SNOWFLAKE_CONFIG_PATH) that supplies the
// user and password.
func TestAccOfficialProviderConfigurationSchemes(t *testing.T) {
	sf := acctest.Snowflake(t)
	env := sf.ProviderEnv()
	check := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.ghconnector_current_account.this", tfjsonpath.New("account"), knownvalue.StringExact("LOCAL")),
		statecheck.ExpectKnownValue("data.ghconnector_current_account.this", tfjsonpath.New("user"), knownvalue.StringExact("ADMIN")),
	}
	t.Setenv("SNOWFLAKE_ACCOUNT", "")
	t.Setenv("SNOWFLAKE_ORGANIZATION_NAME", "LOCALORG")
	t.Setenv("SNOWFLAKE_ACCOUNT_NAME", "LOCAL")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: `data "ghconnector_current_account" "this" {}`, ConfigStateChecks: check}},
	})

	path := filepath.Join(t.TempDir(), "config")
	profile := fmt.Sprintf("[pipeline]\norganization_name = \"LOCALORG\"\naccount_name = \"LOCAL\"\nuser = %q\npassword = %q\n",
		env["SNOWFLAKE_USER"], env["SNOWFLAKE_PASSWORD"])
	if err := os.WriteFile(path, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"SNOWFLAKE_ORGANIZATION_NAME", "SNOWFLAKE_ACCOUNT_NAME", "SNOWFLAKE_USER", "SNOWFLAKE_PASSWORD"} {
		t.Setenv(k, "")
	}
	t.Setenv("SNOWFLAKE_CONFIG_PATH", path)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            "provider \"ghconnector\" {\n  profile = \"pipeline\"\n}\ndata \"ghconnector_current_account\" \"this\" {}\n",
			ConfigStateChecks: check,
		}},
	})
}
