package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// A role without what the stack needs fails the plan, before anything is
// created, with every missing privilege and the GRANT that fixes each; once
// granted (through an inherited role too), the plan goes through.
func TestAccPreflightReportsEveryMissingPrivilege(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 3}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`,
		`CREATE ROLE TF_LIMITED`, `CREATE ROLE TF_PACKAGES`,
		`GRANT CREATE APPLICATION PACKAGE ON ACCOUNT TO ROLE TF_PACKAGES`, `GRANT ROLE TF_PACKAGES TO ROLE TF_LIMITED`,
		`GRANT ROLE SYSADMIN TO ROLE TF_LIMITED`,
		`CREATE USER TF PASSWORD = 'tf-pw' DEFAULT_ROLE = TF_LIMITED`, `GRANT ROLE TF_LIMITED TO USER TF`)
	t.Setenv("SNOWFLAKE_USER", "TF")
	t.Setenv("SNOWFLAKE_PASSWORD", "tf-pw")
	t.Setenv("SNOWFLAKE_ROLE", "TF_LIMITED")
	t.Setenv("SNOWFLAKE_WAREHOUSE", "WH")
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	cfg := stackConfig(gh.HostPort(), gh.URL(), "octo/hello-world", "30 MINUTES", false)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg, ConfigVariables: vars, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Missing Snowflake privileges for\s+ghconnector_external_access_integration.*` +
					`GRANT\s+CREATE\s+INTEGRATION\s+ON\s+ACCOUNT\s+TO\s+ROLE\s+"TF_LIMITED";`),
			},
			{
				Config: cfg, ConfigVariables: vars, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Missing Snowflake privileges for\s+ghconnector_application.*` +
					`GRANT\s+CREATE\s+APPLICATION\s+ON\s+ACCOUNT\s+TO\s+ROLE\s+"TF_LIMITED";.*` +
					`GRANT\s+MANAGE\s+GRANTS\s+ON\s+ACCOUNT\s+TO\s+ROLE\s+"TF_LIMITED";.*` +
					`GRANT\s+USAGE\s+ON\s+WAREHOUSE\s+"WH"\s+TO\s+ROLE\s+"TF_LIMITED";`),
			},
			{
				// Granted, CREATE APPLICATION through the inherited TF_PACKAGES:
				// the plan goes through.
				PreConfig: func() {
					acctest.ExecSQL(t, client, `GRANT CREATE INTEGRATION ON ACCOUNT TO ROLE TF_LIMITED`,
						`GRANT CREATE APPLICATION ON ACCOUNT TO ROLE TF_PACKAGES`, `GRANT MANAGE GRANTS ON ACCOUNT TO ROLE TF_LIMITED`,
						`GRANT USAGE ON WAREHOUSE WH TO ROLE TF_LIMITED`)
				},
				Config: cfg, ConfigVariables: vars, PlanOnly: true, ExpectNonEmptyPlan: true,
			},
		},
	})
}

// A warehouse that does not exist is named as such, not met with a GRANT
// that could not work: the role (ACCOUNTADMIN) sees every warehouse, so one
// SHOW WAREHOUSES does not list does not exist.
func TestAccPreflightNamesAMissingWarehouse(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 3}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	t.Setenv("SNOWFLAKE_WAREHOUSE", "WHX")
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: stackConfig(gh.HostPort(), gh.URL(), "octo/hello-world", "30 MINUTES", false), ConfigVariables: vars, PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)warehouse\s+"WHX",\s+which\s+does\s+not\s+exist.*CREATE\s+WAREHOUSE\s+"WHX"`),
		}},
	})
}
