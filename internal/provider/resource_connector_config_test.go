package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
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

// Serverless ingestion tasks: switching compute moves the existing task in
// place, flips the one grant the configuration owns (USAGE on the warehouse
// or EXECUTE MANAGED TASK), and the moved task still ingests.
func TestAccConnectorConfigServerlessTasks(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 30}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`, `CREATE WAREHOUSE WH2`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	cfgRef := "ghconnector_connector_config.github"
	task := snowflake.NewSchemaObjectIdentifier("GITHUB_CONNECTOR", "TASKS", "INGEST__OCTO__HELLO_WORLD")
	compute := func(lines string) string {
		return strings.Replace(stackConfig(gh.HostPort(), gh.URL(), "octo/hello-world", "30 MINUTES", false),
			"  warehouse                   = \"WH\"\n", lines, 1)
	}
	grants := func(want ...string) func(*terraform.State) error {
		return func(*terraform.State) error {
			shown, err := client.GrantsToApplication(context.Background(), snowflake.NewAccountObjectIdentifier("GITHUB_CONNECTOR"))
			if err != nil {
				return err
			}
			var got []string
			for _, g := range shown {
				if g.GrantedOn == "WAREHOUSE" || g.Privilege == "EXECUTE MANAGED TASK" {
					got = append(got, g.Privilege+" "+g.Name)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("compute grants to the application: %v, want %v", got, want)
			}
			return nil
		}
	}
	runsOn := func(warehouse string) func(*terraform.State) error {
		return func(*terraform.State) error {
			st, err := client.TaskState(context.Background(), task)
			if err != nil || st.Warehouse != warehouse || st.State != "started" {
				return fmt.Errorf("task: %+v %v, want it started on warehouse %q", st, err, warehouse)
			}
			acctest.ExecSQL(t, client, `EXECUTE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__OCTO__HELLO_WORLD"`)
			sf.WaitForTasks()
			rows, err := client.Query(context.Background(), snowflake.SelectIngestionStatus{Application: snowflake.NewAccountObjectIdentifier("GITHUB_CONNECTOR"), Resource: "octo/hello-world"})
			if err != nil || len(rows) != 1 || (rows[0].String("last_state") != "SUCCEEDED" && rows[0].String("last_state") != "NOT_MODIFIED") {
				return fmt.Errorf("the run after the move: %v %v", rows, err)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: compute("  warehouse                   = \"WH\"\n"), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeTestCheckFunc(grants("USAGE WH"), runsOn("WH")),
			},
			{
				Config: compute("  serverless_tasks            = true\n"), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(cfgRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(cfgRef, tfjsonpath.New("warehouse"), knownvalue.Null()),
					statecheck.ExpectKnownValue(cfgRef, tfjsonpath.New("granted_privileges"), knownvalue.SetPartial([]knownvalue.Check{
						knownvalue.StringExact("EXECUTE MANAGED TASK ON ACCOUNT")})),
				},
				Check: resource.ComposeTestCheckFunc(grants("EXECUTE MANAGED TASK "+sf.Account()), runsOn("")),
			},
			{ResourceName: cfgRef, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_CONNECTOR"`, ConfigVariables: vars,
				ImportStateVerifyIgnore: []string{"github_api_url"}},
			{
				// The managed-task grant revoked out of band is drift.
				PreConfig: func() {
					acctest.ExecSQL(t, client, `REVOKE EXECUTE MANAGED TASK ON ACCOUNT FROM APPLICATION GITHUB_CONNECTOR`)
				},
				Config: compute("  serverless_tasks            = true\n"), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(cfgRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: compute("  serverless_tasks            = true\n  warehouse                   = \"WH\"\n"), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)Conflicting task compute.*exclude\s+each\s+other`),
			},
			{
				Config: compute(""), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)Missing task compute.*Set\s+warehouse.*or\s+serverless_tasks\s+=\s+true`),
			},
			{
				// Back to a warehouse, another one: the task moves again.
				Config: compute("  warehouse                   = \"WH2\"\n"), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeTestCheckFunc(grants("USAGE WH2"), runsOn("WH2")),
			},
		},
	})
}
