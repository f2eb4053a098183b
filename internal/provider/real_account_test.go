package provider_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// The whole stack against a real Snowflake account and api.github.com
// (make testacc-real; skipped otherwise). Every object it creates carries a
// prefix unique to the run, and cleanup drops exactly those objects, by
// name, whatever the outcome: it never touches anything it did not create.
func TestAccRealAccountStack(t *testing.T) {
	client, prefix := acctest.RealAccount(t)
	ctx := context.Background()
	repo := os.Getenv("GHCONNECTOR_REAL_REPOSITORY")
	if repo == "" {
		repo = "octocat/Hello-World"
	}
	setup, app, dest := prefix+"_SETUP", prefix+"_APP", prefix+"_DATA"
	t.Logf("real-account run %s: repository %s, objects named %s_*", prefix, repo, prefix)
	t.Cleanup(func() {
		for _, st := range []snowflake.Statement{
			snowflake.DropApplication{IfExists: true, ID: snowflake.NewAccountObjectIdentifier(app), Cascade: true},
			snowflake.DropApplicationPackage{IfExists: true, ID: snowflake.NewAccountObjectIdentifier(app + "_PKG")},
			snowflake.DropExternalAccessIntegration{IfExists: true, ID: snowflake.NewAccountObjectIdentifier(prefix + "_EAI")},
			snowflake.DropDatabase{IfExists: true, ID: snowflake.NewAccountObjectIdentifier(dest)},
			snowflake.DropDatabase{IfExists: true, ID: snowflake.NewAccountObjectIdentifier(setup)},
		} {
			if err := client.Exec(ctx, st); err != nil {
				text, _ := st.SQL()
				t.Errorf("cleanup %s: %v", text, err)
			}
		}
	})
	acctest.Exec(t, client, snowflake.CreateDatabase{ID: snowflake.NewAccountObjectIdentifier(setup)})

	vars := config.Variables{"github_token": config.StringVariable(os.Getenv("GITHUB_TOKEN"))}
	cfg := func(schedule string) string {
		return fmt.Sprintf(`
variable "github_token" {
  type      = string
  ephemeral = true
}

resource "ghconnector_network_rule" "github" {
  database   = %[2]q
  schema     = "PUBLIC"
  name       = "GITHUB_API"
  value_list = ["api.github.com"]
}

resource "ghconnector_secret" "github" {
  database                 = %[2]q
  schema                   = "PUBLIC"
  name                     = "GITHUB_TOKEN"
  secret_string_wo         = var.github_token
  secret_string_wo_version = 1
}

resource "ghconnector_external_access_integration" "github" {
  name                           = "%[1]s_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github.fully_qualified_name]
}

resource "ghconnector_application" "connector" {
  name               = %[3]q
  cascade_on_destroy = true
}

resource "ghconnector_connector_config" "github" {
  application                 = ghconnector_application.connector.name
  destination_database        = %[4]q
  warehouse                   = %[5]q
  secret                      = ghconnector_secret.github.fully_qualified_name
  external_access_integration = ghconnector_external_access_integration.github.name
}

resource "ghconnector_repository" "repo" {
  application          = ghconnector_connector_config.github.application
  repository           = %[6]q
  schedule             = %[7]q
  streams              = ["issues", "comments"]
  drop_data_on_destroy = true
}

data "ghconnector_ingestion_status" "repo" {
  application = ghconnector_repository.repo.application
  repository  = ghconnector_repository.repo.repository
}
`, prefix, setup, app, dest, os.Getenv("SNOWFLAKE_WAREHOUSE"), repo, schedule)
	}
	repoRef := "ghconnector_repository.repo"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, err := client.Application(ctx, snowflake.NewAccountObjectIdentifier(app)); !snowflake.IsNotFound(err) {
				return fmt.Errorf("application %s still exists after destroy: %v", app, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg("1 HOUR"), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("paused"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("comments_view"), knownvalue.StringRegexp(regexp.MustCompile(`_COMMENTS"$`))),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: repoRef, ImportState: true, ImportStateVerify: true, ConfigVariables: vars,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[repoRef].Primary.ID, nil
				}},
			{
				// In-place change, then a plan with nothing to do.
				Config: cfg("2 HOURS"), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Bad input still fails at plan time against the real services.
				Config: cfg("5 SECONDS"), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)shortest\s+interval`),
			},
		},
	})
}

// The credits query (ghconnector_ingestion_status credits = true, the cost
// guide's) compiles and runs on a real account: on its warehouse and
// serverless, for an application that need not exist (no rows then). A role
// without ACCOUNT_USAGE skips, saying what to grant.
func TestAccRealAccountCreditsQuery(t *testing.T) {
	client, prefix := acctest.RealAccount(t)
	ctx := context.Background()
	app := snowflake.NewAccountObjectIdentifier(prefix + "_APP")
	wh := snowflake.NewAccountObjectIdentifier(os.Getenv("SNOWFLAKE_WAREHOUSE"))
	for _, warehouse := range []*snowflake.AccountObjectIdentifier{&wh, nil} {
		credits, err := client.TaskCredits(ctx, app, warehouse)
		if errors.Is(err, snowflake.ErrInsufficientPrivileges) || errors.Is(err, snowflake.ErrObjectNotFound) {
			t.Skipf("the role cannot read SNOWFLAKE.ACCOUNT_USAGE (grant IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE): %v", err)
		}
		if err != nil {
			t.Fatalf("the credits query failed on a real account (warehouse %v): %v", warehouse, err)
		}
		t.Logf("credits by task of %s: %v", app.Name(), credits)
	}
}
