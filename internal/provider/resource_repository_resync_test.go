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

// resync_trigger, reconcile_interval_hours and view_all, and a second
// resource for a repository that is enabled already.
func TestAccRepositoryResyncReconcileAndDuplicates(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 60}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	repoRef := "ghconnector_repository.hello"
	cfg := func(trigger string, hours int, extra string) string {
		return baseStackConfig(gh.HostPort(), gh.URL()) + fmt.Sprintf(`
resource "ghconnector_repository" "hello" {
  application              = ghconnector_connector_config.github.application
  repository               = "octo/hello-world"
  resync_trigger           = %q
  reconcile_interval_hours = %d
}
`, trigger, hours) + extra
	}
	duplicate := `
resource "ghconnector_repository" "again" {
  application = ghconnector_connector_config.github.application
  repository  = "octo/hello-world"
  schedule    = "5 MINUTES"
  depends_on  = [ghconnector_repository.hello]
}
`
	ctx := context.Background()
	lastRun := func() (mode, state string, err error) {
		sf.WaitForTasks()
		err = client.DB().QueryRowContext(ctx, `SELECT MODE, STATE FROM "GITHUB_CONNECTOR"."PUBLIC"."RUN_HISTORY" ORDER BY STARTED_AT DESC LIMIT 1`).Scan(&mode, &state)
		return mode, state, err
	}
	count := func(view string) (n int, err error) {
		err = client.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM "GITHUB_DATA"."GITHUB".`+snowflake.QuoteIdentifier(view)).Scan(&n)
		return n, err
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg("one", 0, ""), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("view_all"), knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES_ALL"`)),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("reconcile_interval_hours"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("resync_trigger"), knownvalue.StringExact("one")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if mode, state, err := lastRun(); err != nil || mode != "BACKFILL" || state != "SUCCEEDED" {
						return fmt.Errorf("first run: %s %s %v", mode, state, err)
					}
					return nil
				},
			},
			{ResourceName: repoRef, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_CONNECTOR"/octo/hello-world`, ConfigVariables: vars},
			{
				// GitHub deletes an issue; a new trigger makes a full refresh
				// that reconciles: hidden in the view, marked in view_all.
				PreConfig: func() {
					if err := gh.DeleteIssue("octo", "hello-world", 4); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg("two", 0, ""), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if mode, state, err := lastRun(); err != nil || mode != "FULL_REFRESH" || state != "SUCCEEDED" {
						return fmt.Errorf("run after the new trigger: %s %s %v", mode, state, err)
					}
					live, err1 := count("OCTO__HELLO_WORLD_ISSUES")
					all, err2 := count("OCTO__HELLO_WORLD_ISSUES_ALL")
					if err1 != nil || err2 != nil || live != 59 || all != 60 {
						return fmt.Errorf("view %d, view_all %d (%v %v), want 59 and 60", live, all, err1, err2)
					}
					var removal string
					if err := client.DB().QueryRowContext(ctx, `SELECT REMOVAL FROM "GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES_ALL" WHERE NUMBER = 4`).Scan(&removal); err != nil || removal != "DELETED" {
						return fmt.Errorf("issue 4 marked %q (%v)", removal, err)
					}
					return nil
				},
			},
			{
				// A second resource for the same repository is refused by
				// the plan already (the application lists it)...
				Config: cfg("two", 0, duplicate), ConfigVariables: vars, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Repository already enabled.*octo/hello-world is already enabled in application\s+GITHUB_CONNECTOR.*terraform import`),
			},
			{
				// ... and by the apply, changing nothing.
				Config: cfg("two", 0, duplicate), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)Repository already enabled.*octo/hello-world is already enabled in application\s+GITHUB_CONNECTOR.*Nothing was changed.*terraform import\s+'ghconnector_repository.<name>'\s+'"GITHUB_CONNECTOR"/octo/hello-world'`),
			},
			{
				Config: cfg("two", 0, ""), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					st, err := client.TaskState(ctx, snowflake.NewSchemaObjectIdentifier("GITHUB_CONNECTOR", "TASKS", "INGEST__OCTO__HELLO_WORLD"))
					if err != nil || st.Schedule != "USING CRON */30 * * * * UTC" || st.State != "started" {
						return fmt.Errorf("the refused duplicate changed the task: %+v %v", st, err)
					}
					return nil
				},
			},
			{
				// The period is drift-checked like everything else.
				PreConfig: func() {
					acctest.ExecSQL(t, client, `CALL "GITHUB_CONNECTOR"."PUBLIC"."UPDATE_RESOURCE"('octo/hello-world', PARSE_JSON('{"reconcile_interval_hours": 6}'))`)
				},
				Config: cfg("two", 0, ""), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(repoRef, tfjsonpath.New("reconcile_interval_hours"), knownvalue.Int64Exact(0))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: cfg("two", -1, ""), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)reconcile_interval_hours.*between 0 and 8760`),
			},
			{
				// Back to a valid configuration, so destroy runs on it.
				Config: cfg("two", 0, ""), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// A destination database that exists and belongs to another role fails
// with the field named, not a bare error from inside the procedure.
func TestAccConnectorConfigDestinationTaken(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`, `CREATE DATABASE GITHUB_DATA`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: baseStackConfig(gh.HostPort(), gh.URL()), ConfigVariables: config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)},
			ExpectError: regexp.MustCompile(`(?s)Destination database not usable.*destination_database\s+"GITHUB_DATA".*owns\s+it`),
		}},
	})
}
