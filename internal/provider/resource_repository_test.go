package provider_test

import (
	"context"
	"fmt"
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
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// stackConfig is baseStackConfig with one repository.
func stackConfig(githubHostPort, githubURL, repo, schedule string, paused bool) string {
	return baseStackConfig(githubHostPort, githubURL) + fmt.Sprintf(`
resource "ghconnector_repository" "hello" {
  application = ghconnector_connector_config.github.application
  repository  = %q
  schedule    = %q
  paused      = %t
}
`, repo, schedule, paused)
}

// baseStackConfig is every resource but the repositories.
func baseStackConfig(githubHostPort, githubURL string) string {
	return fmt.Sprintf(`
variable "github_token" {
  type      = string
  ephemeral = true
}

resource "ghconnector_network_rule" "github" {
  database   = "SETUP"
  schema     = "PUBLIC"
  name       = "GITHUB_API"
  value_list = [%[1]q]
}

resource "ghconnector_secret" "github" {
  database                 = "SETUP"
  schema                   = "PUBLIC"
  name                     = "GITHUB_TOKEN"
  secret_string_wo         = var.github_token
  secret_string_wo_version = 1
}

resource "ghconnector_external_access_integration" "github" {
  name                           = "GITHUB_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github.fully_qualified_name]
}

resource "ghconnector_application" "connector" {
  name               = "GITHUB_CONNECTOR"
  cascade_on_destroy = true
}

resource "ghconnector_connector_config" "github" {
  application                 = ghconnector_application.connector.name
  destination_database        = "GITHUB_DATA"
  warehouse                   = "WH"
  secret                      = ghconnector_secret.github.fully_qualified_name
  external_access_integration = ghconnector_external_access_integration.github.name
  github_api_url              = %[2]q
}
`, githubHostPort, githubURL)
}

func TestAccConnectorConfigAndRepository(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 120, PullRequests: 10}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	repoRef, cfgRef := "ghconnector_repository.hello", "ghconnector_connector_config.github"
	task := snowflake.NewSchemaObjectIdentifier("GITHUB_CONNECTOR", "TASKS", "INGEST__OCTO__HELLO_WORLD")
	viewCount := func() (int, error) {
		sf.WaitForTasks()
		rows, err := client.Query(context.Background(), snowflake.SelectIngestionStatus{Application: snowflake.NewAccountObjectIdentifier("GITHUB_CONNECTOR"), Resource: "octo/hello-world"})
		if err != nil || len(rows) != 1 {
			return 0, fmt.Errorf("status: %v %v", rows, err)
		}
		if rows[0].String("last_state") != "SUCCEEDED" {
			return 0, fmt.Errorf("last run: %v", rows[0])
		}
		var n int
		err = client.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM "GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES"`).Scan(&n)
		return n, err
	}
	cfg := func(repo, schedule string, paused bool) string {
		return stackConfig(gh.HostPort(), gh.URL(), repo, schedule, paused)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg("octo/hello-world", "30 MINUTES", false), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("id"), knownvalue.StringExact(`"GITHUB_CONNECTOR"/octo/hello-world`)),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("view"), knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES"`)),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("task"), knownvalue.StringExact(task.FullyQualifiedName())),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("paused"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(cfgRef, tfjsonpath.New("granted_privileges"), knownvalue.SetSizeExact(5)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					// The first run was started by apply: issues are in the view.
					n, err := viewCount()
					if err != nil {
						return err
					}
					if n != gh.IssueCount("octo", "hello-world") {
						return fmt.Errorf("view has %d issues, GitHub %d", n, gh.IssueCount("octo", "hello-world"))
					}
					return nil
				},
			},
			{ResourceName: repoRef, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_CONNECTOR"/octo/hello-world`, ConfigVariables: vars},
			{ResourceName: cfgRef, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_CONNECTOR"`, ConfigVariables: vars,
				ImportStateVerifyIgnore: []string{"github_api_url"}},
			{
				// Schedule and pause change in place; data stays.
				Config: cfg("octo/hello-world", "1 HOUR", true), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					st, err := client.TaskState(context.Background(), task)
					if err != nil || st.State != "suspended" || st.Schedule != "USING CRON 0 * * * * UTC" {
						return fmt.Errorf("task after update: %+v %v", st, err)
					}
					return nil
				},
			},
			{
				// The task resumed outside Terraform is drift; apply pauses it again.
				PreConfig: func() {
					acctest.ExecSQL(t, client, `ALTER TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__OCTO__HELLO_WORLD" RESUME`)
				},
				Config: cfg("octo/hello-world", "1 HOUR", true), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A grant revoked outside Terraform is drift; apply grants it again.
				PreConfig: func() {
					acctest.ExecSQL(t, client, `REVOKE READ ON SECRET SETUP.PUBLIC.GITHUB_TOKEN FROM APPLICATION GITHUB_CONNECTOR`)
				},
				Config: cfg("octo/hello-world", "1 HOUR", true), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(cfgRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A repository GitHub does not have fails the plan.
				Config: cfg("octo/does-not-exist", "1 HOUR", true), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)GitHub repository not found.*octo/does-not-exist does not exist`),
			},
			{
				Config: cfg("octo/hello-world", "10 fortnights", true), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)schedule.*must\s+be\s+an\s+interval`),
			},
			{
				// What CREATE TASK refuses fails the plan, not the apply.
				Config: cfg("octo/hello-world", "5 SECONDS", true), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)schedule.*shortest\s+interval\s+Snowflake\s+schedules\s+is\s+10\s+SECONDS`),
			},
			{
				Config: cfg("octo/hello-world", "11521 MINUTES", true), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)schedule.*longest\s+interval\s+is\s+8\s+days`),
			},
			{
				Config: cfg("octo/hello-world", "USING CRON 0 * * * * Mars/Olympus", true), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)schedule.*not\s+an\s+IANA\s+time\s+zone`),
			},
			{
				// Spacing and case the connector normalizes cause no perpetual diff.
				Config: cfg("octo/hello-world", "using cron 0  */2 * * *  UTC", true), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: cfg("octo/not a repo", "1 HOUR", true), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)repository.*must be owner/name`),
			},
			{
				// Back to a valid configuration, so destroy runs on it.
				Config: cfg("octo/hello-world", "using cron 0  */2 * * *  UTC", true), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// A repository (or configuration) naming an application that does not
// exist fails at plan with an error on `application` that says so and how
// to reference it, not at apply with Snowflake's "Database … does not
// exist"; an application this plan creates is not missing, once the
// repository is ordered after it (a reference or depends_on).
func TestAccRepositoryNamesAMissingApplication(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 3}); err != nil {
		t.Fatal(err)
	}
	acctest.ExecSQL(t, acctest.Client(t, sf), `CREATE WAREHOUSE WH`)
	provider := fmt.Sprintf(`
provider "ghconnector" {
  github {
    token   = %q
    api_url = %q
  }
}
`, acctest.GitHubToken, gh.URL())
	repository := func(app, dependsOn string) string {
		return fmt.Sprintf(`
resource "ghconnector_repository" "x" {
  application = %q
  repository  = "octo/hello-world"
  depends_on  = [%s]
}
`, app, dependsOn)
	}
	const application = `
resource "ghconnector_application" "app" {
  name = "GITHUB_CONNECTOR"
}
`
	missing := func(resource string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)Application not found.*with ` + regexp.QuoteMeta(resource) + `.*application "[A-Z_0-9]+" does not exist.*ghconnector_application`)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: provider + repository("NO_SUCH_APP", ""), PlanOnly: true, ExpectError: missing("ghconnector_repository.x")},
			{
				Config: provider + `
resource "ghconnector_connector_config" "x" {
  application                 = "NO_SUCH_APP"
  destination_database        = "GITHUB_DATA"
  warehouse                   = "WH"
  secret                      = "DB.S.GITHUB_TOKEN"
  external_access_integration = "GITHUB_EAI"
}`, PlanOnly: true, ExpectError: missing("ghconnector_connector_config.x"),
			},
			// The application is created by this configuration, under
			// another name than the repository's: still missing.
			{Config: provider + application + repository("GITHUB_CONNECTOR_2", "ghconnector_application.app"), PlanOnly: true, ExpectError: missing("ghconnector_repository.x")},
			{
				Config: provider + application + repository("GITHUB_CONNECTOR", "ghconnector_application.app"), PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ghconnector_repository.x", plancheck.ResourceActionCreate)}},
			},
		},
	})
}
