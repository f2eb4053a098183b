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
)

// streamsConfig is the stack with one repository ingesting streams (a
// Terraform list expression), optionally with the status data source.
func streamsConfig(gh *ghemu.Server, streams string, drop, status bool) string {
	out := baseStackConfig(gh.HostPort(), gh.URL()) + fmt.Sprintf(`
resource "ghconnector_repository" "hello" {
  application          = ghconnector_connector_config.github.application
  repository           = "octo/hello-world"
  schedule             = "11520 MINUTES"
  streams              = %s
  drop_data_on_destroy = %t
}
`, streams, drop)
	if status {
		out += `
data "ghconnector_ingestion_status" "hello" {
  application = ghconnector_repository.hello.application
  repository  = ghconnector_repository.hello.repository
}
`
	}
	return out
}

// Both streams end to end through terraform: the comments table and views
// in state, the comments ingested by the first run, per-stream status,
// import, drift (the stream removed outside Terraform), removal keeping
// the data, bad stream sets refused at plan time, removal dropping it.
func TestAccRepositoryStreams(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 90, PullRequests: 10}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	repoRef, statusRef := "ghconnector_repository.hello", "data.ghconnector_ingestion_status.hello"
	const commentsView = `"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_COMMENTS"`
	comments := func() (int, error) {
		sf.WaitForTasks()
		var n int
		err := client.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+commentsView).Scan(&n)
		return n, err
	}
	expectComments := func(*terraform.State) error {
		n, err := comments()
		if err != nil {
			return err
		}
		if want := len(gh.CommentSnapshot("octo", "hello-world", gh.URL()).Live); n != want || want == 0 {
			return fmt.Errorf("the comments view has %d comments, GitHub %d", n, want)
		}
		return nil
	}
	both := `["issues", "comments"]`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: streamsConfig(gh, both, false, false), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("streams"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("issues"), knownvalue.StringExact("comments")})),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("comments_view"), knownvalue.StringExact(commentsView)),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("comments_view_all"), knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_COMMENTS_ALL"`)),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("comments_sink_table"), knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_COMMENTS_RAW"`)),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("stream_objects"), knownvalue.MapExact(map[string]knownvalue.Check{
						"issues": knownvalue.ObjectExact(map[string]knownvalue.Check{
							"table":    knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES_RAW"`),
							"view":     knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES"`),
							"view_all": knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES_ALL"`)}),
						"comments": knownvalue.ObjectExact(map[string]knownvalue.Check{
							"table":    knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_COMMENTS_RAW"`),
							"view":     knownvalue.StringExact(commentsView),
							"view_all": knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_COMMENTS_ALL"`)}),
					})),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            expectComments,
			},
			{ResourceName: repoRef, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_CONNECTOR"/octo/hello-world`, ConfigVariables: vars},
			{
				// Per-stream status: both streams ran their backfill.
				Config: streamsConfig(gh, both, false, true), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(statusRef, tfjsonpath.New("repositories").AtSliceIndex(0).AtMapKey("streams"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"stream": knownvalue.StringExact("comments"), "enabled": knownvalue.Bool(true),
							"state": knownvalue.StringExact("SUCCEEDED"), "mode": knownvalue.StringExact("BACKFILL"), "view": knownvalue.StringExact(commentsView),
							"rows": knownvalue.Int64Exact(int64(len(gh.CommentSnapshot("octo", "hello-world", gh.URL()).Live)))}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"stream": knownvalue.StringExact("issues"), "enabled": knownvalue.Bool(true),
							"state": knownvalue.StringExact("SUCCEEDED"), "rows": knownvalue.Int64Exact(100)}),
					})),
				},
			},
			{
				// The stream removed outside Terraform is drift; apply adds it back.
				PreConfig: func() {
					acctest.ExecSQL(t, client, `CALL "GITHUB_CONNECTOR"."PUBLIC"."UPDATE_RESOURCE"('octo/hello-world', PARSE_JSON('{"streams":["issues"]}'))`)
				},
				Config: streamsConfig(gh, both, false, false), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(repoRef, tfjsonpath.New("comments_view")),
						plancheck.ExpectUnknownValue(repoRef, tfjsonpath.New("stream_objects").AtMapKey("comments"))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectComments,
			},
			{
				// Removed in place, data kept (drop_data_on_destroy = false).
				Config: streamsConfig(gh, `["issues"]`, false, false), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(repoRef, tfjsonpath.New("comments_view"), knownvalue.Null()),
						plancheck.ExpectKnownValue(repoRef, tfjsonpath.New("stream_objects"), knownvalue.MapSizeExact(1))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectComments,
			},
			{
				Config: streamsConfig(gh, `["comments"]`, false, false), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)Stream without what it needs.*comments needs issues.*streams\s+=\s+\["issues",\s+"comments"\]`),
			},
			{
				Config: streamsConfig(gh, `["issues", "reviews"]`, false, false), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)reviews needs pull_requests.*\["issues",\s+"pull_requests",\s+"reviews"\]`),
			},
			{
				Config: streamsConfig(gh, `["issues", "bogus"]`, false, false), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)streams.*value\s+must\s+be\s+one\s+of.*"review_comments"`),
			},
			{
				// Added back with drop_data_on_destroy, then removed: dropped.
				Config: streamsConfig(gh, both, true, false), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            expectComments,
			},
			{
				Config: streamsConfig(gh, `["issues"]`, true, false), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if _, err := comments(); err == nil {
						return fmt.Errorf("the comments view survived removing the stream with drop_data_on_destroy")
					}
					return nil
				},
			},
		},
	})
}

// The pull request streams end to end through terraform: every stream's
// objects in stream_objects, pull requests, reviews and review comments
// ingested by the first run, per-stream status, import, drift (streams
// removed outside Terraform), and a stream without what it needs refused
// at plan time.
func TestAccRepositoryPullRequestStreams(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 40, PullRequests: 20}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	repoRef, statusRef := "ghconnector_repository.hello", "data.ghconnector_ingestion_status.hello"
	all := `["issues", "comments", "pull_requests", "reviews", "review_comments"]`
	objects := map[string]knownvalue.Check{}
	for _, stream := range []string{"issues", "comments", "pull_requests", "reviews", "review_comments"} {
		name := `"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_` + map[string]string{"issues": "ISSUES", "comments": "COMMENTS",
			"pull_requests": "PULL_REQUESTS", "reviews": "REVIEWS", "review_comments": "REVIEW_COMMENTS"}[stream]
		objects[stream] = knownvalue.ObjectExact(map[string]knownvalue.Check{"table": knownvalue.StringExact(name + `_RAW"`),
			"view": knownvalue.StringExact(name + `"`), "view_all": knownvalue.StringExact(name + `_ALL"`)})
	}
	ingested := func(*terraform.State) error {
		sf.WaitForTasks()
		base := gh.URL() + "api/v3/"
		for view, want := range map[string]int{"PULL_REQUESTS": len(gh.PullSnapshot("octo", "hello-world", base).Live),
			"REVIEWS": len(gh.ReviewSnapshot("octo", "hello-world", base).Live), "REVIEW_COMMENTS": len(gh.ReviewCommentSnapshot("octo", "hello-world", base).Live)} {
			var n int
			if err := client.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM "GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_`+view+`"`).Scan(&n); err != nil {
				return err
			}
			if n != want || want == 0 {
				return fmt.Errorf("%s: %d rows, GitHub has %d", view, n, want)
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: streamsConfig(gh, all, false, false), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("stream_objects"), knownvalue.MapExact(objects)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            ingested,
			},
			{ResourceName: repoRef, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_CONNECTOR"/octo/hello-world`, ConfigVariables: vars},
			{
				Config: streamsConfig(gh, all, false, true), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(statusRef, tfjsonpath.New("repositories").AtSliceIndex(0).AtMapKey("streams"), knownvalue.ListSizeExact(5)),
				},
			},
			{
				// Streams removed outside Terraform are drift; apply adds them back.
				PreConfig: func() {
					acctest.ExecSQL(t, client, `CALL "GITHUB_CONNECTOR"."PUBLIC"."UPDATE_RESOURCE"('octo/hello-world', PARSE_JSON('{"streams":["issues","pull_requests"]}'))`)
				},
				Config: streamsConfig(gh, all, false, false), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(repoRef, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(repoRef, tfjsonpath.New("stream_objects").AtMapKey("pull_requests"), objects["pull_requests"]),
						plancheck.ExpectUnknownValue(repoRef, tfjsonpath.New("stream_objects").AtMapKey("reviews"))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("stream_objects"), knownvalue.MapExact(objects)),
				},
			},
			{
				Config: streamsConfig(gh, `["issues", "reviews", "review_comments"]`, false, false), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)reviews needs pull_requests; review_comments needs pull_requests`),
			},
			{
				// Back to a valid configuration, so destroy runs on it.
				Config: streamsConfig(gh, all, false, false), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
