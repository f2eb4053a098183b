package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Every repository of an org with a topic is enabled through for_each; the
// next run brings exactly GitHub's changes; repositories leaving the set are
// disabled, their data dropped or kept as drop_data_on_destroy says.
// viewRows counts the rows of a view the connector shares with consumers
// (its raw tables are private to the app); -1 when it does not exist.
func viewRows(client *snowflake.Client, name string) int {
	var n int
	if err := client.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM "GITHUB_DATA"."GITHUB".`+name).Scan(&n); err != nil {
		return -1
	}
	return n
}

// forEachOverOrg enables the repositories of acme with a topic.
const forEachOverOrg = `
variable "topic" {
  type = string
}

data "ghconnector_github_repositories" "acme" {
  owner  = "acme"
  topics = [var.topic]
}

resource "ghconnector_repository" "all" {
  for_each             = toset(data.ghconnector_github_repositories.acme.full_names)
  application          = ghconnector_connector_config.github.application
  repository           = each.value
  drop_data_on_destroy = each.value == "acme/cli"
}
`

func TestAccRepositoriesForEachOverOrg(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	for _, spec := range []ghemu.RepoSpec{
		{Owner: "acme", Name: "api", Topics: []string{"ingest", "keep", "main"}, Issues: 130, PullRequests: 12},
		{Owner: "acme", Name: "web", Topics: []string{"ingest", "keep"}, Issues: 9},
		{Owner: "acme", Name: "cli", Topics: []string{"ingest"}, Issues: 4},
		{Owner: "acme", Name: "attic", Topics: []string{"ingest"}, Archived: true, Issues: 2},
	} {
		if err := gh.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := func(topic string) config.Variables {
		return config.Variables{"github_token": config.StringVariable(acctest.GitHubToken), "topic": config.StringVariable(topic)}
	}
	cfg := baseStackConfig(gh.HostPort(), gh.URL()) + forEachOverOrg
	ctx := context.Background()
	rows := func(name string) int { return viewRows(client, name) }
	expectViewsMatchGitHub := func(names ...string) error {
		sf.WaitForTasks()
		for _, name := range names {
			view := map[string]string{"api": "ACME__API_ISSUES", "web": "ACME__WEB_ISSUES", "cli": "ACME__CLI_ISSUES"}[name]
			if got, want := rows(view), gh.IssueCount("acme", name); got != want {
				return fmt.Errorf("view of acme/%s has %d rows, GitHub %d issues and pull requests", name, got, want)
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg, ConfigVariables: vars("ingest"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(`ghconnector_repository.all["acme/api"]`, tfjsonpath.New("view"), knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."ACME__API_ISSUES"`)),
					statecheck.ExpectKnownValue(`ghconnector_repository.all["acme/cli"]`, tfjsonpath.New("drop_data_on_destroy"), knownvalue.Bool(true)),
					checkFunc(func() error {
						if err := expectViewsMatchGitHub("api", "web", "cli"); err != nil {
							return err
						}
						if n := rows("ACME__ATTIC_ISSUES"); n != -1 {
							return fmt.Errorf("archived acme/attic was enabled")
						}
						// GitHub changes; the next run brings exactly them.
						closed, title := "closed", "Renamed"
						if err := gh.UpdateIssue("acme", "api", 7, ghemu.IssueChange{State: &closed}); err != nil {
							return err
						}
						if err := gh.UpdateIssue("acme", "api", 8, ghemu.IssueChange{Title: &title}); err != nil {
							return err
						}
						if _, err := gh.CreateIssue("acme", "api", ghemu.IssueChange{Title: &title}); err != nil {
							return err
						}
						gh.ResetStats()
						if _, err := client.DB().ExecContext(ctx, `EXECUTE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__ACME__API"`); err != nil {
							return err
						}
						if err := expectViewsMatchGitHub("api"); err != nil {
							return err
						}
						if st := gh.Stats(); st.Requests != 1 {
							return fmt.Errorf("the incremental run made %d requests, want 1 page", st.Requests)
						}
						var state, renamed string
						if err := client.DB().QueryRowContext(ctx, `SELECT STATE FROM "GITHUB_DATA"."GITHUB"."ACME__API_ISSUES" WHERE NUMBER = 7`).Scan(&state); err != nil || state != "closed" {
							return fmt.Errorf("issue 7 in the view: %q %v", state, err)
						}
						if err := client.DB().QueryRowContext(ctx, `SELECT TITLE FROM "GITHUB_DATA"."GITHUB"."ACME__API_ISSUES" WHERE NUMBER = 8`).Scan(&renamed); err != nil || renamed != "Renamed" {
							return fmt.Errorf("issue 8 in the view: %q %v", renamed, err)
						}
						// Nothing changed: one conditional request, a 304, no rows
						// merged. (The first run after a change re-reads the
						// lookback window once, under a new since; the steady
						// state is measured.)
						for range 2 {
							gh.ResetStats()
							if _, err := client.DB().ExecContext(ctx, `EXECUTE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__ACME__API"`); err != nil {
								return err
							}
							sf.WaitForTasks()
						}
						status, err := client.IngestionStatuses(ctx, snowflake.NewAccountObjectIdentifier("GITHUB_CONNECTOR"), "acme/api")
						if err != nil || len(status) != 1 {
							return fmt.Errorf("status: %v %v", status, err)
						}
						if st := gh.Stats(); st.Requests != 1 || st.NotModified != 1 || status[0].LastState != "NOT_MODIFIED" || status[0].LastRows != 0 {
							return fmt.Errorf("quiet run: %+v, GitHub %+v; want one 304 and no rows", status[0], st)
						}
						return nil
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// acme/cli leaves the set: disabled, and its data dropped.
				Config: cfg, ConfigVariables: vars("keep"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`ghconnector_repository.all["acme/cli"]`, plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction(`ghconnector_repository.all["acme/api"]`, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error {
					if n := rows("ACME__CLI_ISSUES"); n != -1 {
						return fmt.Errorf("acme/cli's data survived with drop_data_on_destroy = true (%d rows)", n)
					}
					return expectViewsMatchGitHub("api", "web")
				})},
			},
			{
				// acme/web leaves the set: disabled, its data kept.
				Config: cfg, ConfigVariables: vars("main"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`ghconnector_repository.all["acme/web"]`, plancheck.ResourceActionDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error {
					if got, want := rows("ACME__WEB_ISSUES"), gh.IssueCount("acme", "web"); got != want {
						return fmt.Errorf("acme/web's view has %d rows after disabling, want %d kept", got, want)
					}
					n := 0
					rs, err := client.DB().QueryContext(ctx, `SHOW TASKS LIKE 'INGEST__ACME__WEB' IN SCHEMA "GITHUB_CONNECTOR"."TASKS"`)
					if err != nil {
						return err
					}
					for rs.Next() {
						n++
					}
					_ = rs.Close()
					if n != 0 {
						return fmt.Errorf("acme/web's task survived disabling")
					}
					return expectViewsMatchGitHub("api")
				})},
			},
			{
				// No repository matches: every instance is destroyed (the
				// test framework cannot read for_each instances at its end).
				Config: cfg, ConfigVariables: vars("none"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`ghconnector_repository.all["acme/api"]`, plancheck.ResourceActionDestroy),
				}},
			},
		},
	})
}

// checkFunc runs f as a state check: the legacy Check functions cannot read
// for_each resources.
type checkFunc func() error

func (f checkFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := f(); err != nil {
		resp.Error = err
	}
}
