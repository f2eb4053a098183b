package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

func TestAccGitHubRepositoryDataSources(t *testing.T) {
	_ = acctest.Snowflake(t) // the provider needs an account even for GitHub-only reads; it clears GITHUB_* so comes first
	gh := acctest.GitHub(t)
	for _, spec := range []ghemu.RepoSpec{
		{Owner: "acme", Name: "api", Topics: []string{"ingest", "go"}, Issues: 3},
		{Owner: "acme", Name: "web", Topics: []string{"ingest"}},
		{Owner: "acme", Name: "old", Archived: true, Topics: []string{"ingest"}},
		{Owner: "acme", Name: "fork", Fork: true},
		{Owner: "acme", Name: "secret", Private: true, Topics: []string{"ingest"}},
	} {
		if err := gh.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
data "ghconnector_github_repository" "api" {
  full_name = "acme/api"
}
data "ghconnector_github_repositories" "all" {
  owner = "acme"
}
data "ghconnector_github_repositories" "public_ingest" {
  owner      = "acme"
  visibility = "public"
  topics     = ["ingest"]
}
data "ghconnector_github_repositories" "everything" {
  owner            = "acme"
  include_archived = true
  include_forks    = true
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ghconnector_github_repository.api", tfjsonpath.New("owner"), knownvalue.StringExact("acme")),
					statecheck.ExpectKnownValue("data.ghconnector_github_repository.api", tfjsonpath.New("archived"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.ghconnector_github_repository.api", tfjsonpath.New("topics"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("go"), knownvalue.StringExact("ingest")})),
					statecheck.ExpectKnownValue("data.ghconnector_github_repositories.all", tfjsonpath.New("full_names"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("acme/api"), knownvalue.StringExact("acme/secret"), knownvalue.StringExact("acme/web")})),
					statecheck.ExpectKnownValue("data.ghconnector_github_repositories.public_ingest", tfjsonpath.New("full_names"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("acme/api"), knownvalue.StringExact("acme/web")})),
					statecheck.ExpectKnownValue("data.ghconnector_github_repositories.everything", tfjsonpath.New("full_names"), knownvalue.ListSizeExact(5)),
				},
			},
			{
				Config:      `data "ghconnector_github_repository" "x" { full_name = "acme/nope" }`,
				ExpectError: regexp.MustCompile(`(?s)acme/nope`),
			},
			{
				Config:      `data "ghconnector_github_repository" "x" { full_name = "acme" }`,
				ExpectError: regexp.MustCompile(`(?s)full_name.*owner/name`),
			},
			{
				Config: `
data "ghconnector_github_repositories" "x" {
  owner      = "acme"
  visibility = "secret"
}`,
				ExpectError: regexp.MustCompile(`(?s)visibility.*must be one of`),
			},
			{
				// The owner is a segment of the request path: orgs/../user/repos
				// would list the token's own repositories instead.
				Config:      `data "ghconnector_github_repositories" "x" { owner = "../user" }`,
				ExpectError: regexp.MustCompile(`(?s)owner.*must be a GitHub login`),
			},
			// Destroy runs on the last step's configuration, so end on a valid one.
			{Config: `data "ghconnector_github_repository" "x" { full_name = "acme/web" }`},
		},
	})
}

func TestAccIngestionStatusDataSource(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 7}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	stack := stackConfig(gh.HostPort(), gh.URL(), "octo/hello-world", "30 MINUTES", false)
	status := "data.ghconnector_ingestion_status.all"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: stack, ConfigVariables: vars},
			{
				PreConfig: sf.WaitForTasks,
				Config: stack + `
data "ghconnector_ingestion_status" "all" {
  application = ghconnector_repository.hello.application
}
data "ghconnector_ingestion_status" "none" {
  application = ghconnector_repository.hello.application
  repository  = "octo/other"
}`,
				ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(status, tfjsonpath.New("repositories"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"repository": knownvalue.StringExact("octo/hello-world"),
							"enabled":    knownvalue.Bool(true),
							"schedule":   knownvalue.StringExact("30 MINUTES"),
							"view":       knownvalue.StringExact(`"GITHUB_DATA"."GITHUB"."OCTO__HELLO_WORLD_ISSUES"`),
							"state":      knownvalue.StringExact("SUCCEEDED"),
							"rows":       knownvalue.Int64Exact(7),
							"last_error": knownvalue.StringExact(""),
						}),
					})),
					statecheck.ExpectKnownValue("data.ghconnector_ingestion_status.none", tfjsonpath.New("repositories"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				Config:          stack + `data "ghconnector_ingestion_status" "x" { application = "NO_SUCH_APP" }`,
				ConfigVariables: vars,
				ExpectError:     regexp.MustCompile(`(?s)NO_SUCH_APP`),
			},
			{Config: stack, ConfigVariables: vars},
		},
	})
}
