package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// readExamples concatenates the example files matching pattern (under
// examples/), as the docs show them.
func readExamples(t *testing.T, pattern string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples match %s: %v", pattern, err)
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "\n# %s\n%s\n", f, data)
	}
	return b.String()
}

// The examples the docs show (every resource's and data source's) apply
// against the local stack as they are, together, and plan empty after: every
// attribute exists, every value passes the plan-time checks and the apply
// (schedules, names, the GitHub repositories they name, the privileges
// preflight, secrets the integrations allow), every reference resolves, and
// each repository's first run succeeds through a network rule on
// api.github.com:443 (the GitHub emulator stands in for it). Then each
// resource snippet of the guides is applied as the variant of the examples
// it shows. A renamed attribute or a stale example fails here before a
// reader meets it. The stack provides what the examples take as given: the
// GitHub repositories and the App they name, the setup database and
// warehouse, the two other applications the connector_config example
// configures.
func TestAccDocsExamplesApply(t *testing.T) {
	gh := acctest.GitHub(t)
	sf := acctest.SnowflakeWithPublicGitHub(t, gh)
	for _, spec := range []ghemu.RepoSpec{
		{Owner: "hashicorp", Name: "terraform", Issues: 3}, {Owner: "hashicorp", Name: "terraform-provider-aws", Issues: 2},
		{Owner: "hashicorp", Name: "terraform-plugin-framework", Issues: 2},
		{Owner: "my-org", Name: "api", Topics: []string{"ingest-issues"}, Issues: 2}, {Owner: "my-org", Name: "web", Topics: []string{"ingest-issues"}},
		{Owner: "acme", Name: "private", Private: true}, // where githubApp installs the App whose key the example stores
		{Owner: "octo", Name: "hello-world", Issues: 2}, // the ingestion guide's
	} {
		if err := gh.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	acctest.ExecSQL(t, acctest.Client(t, sf), `CREATE DATABASE GITHUB_CONNECTOR_SETUP`, `CREATE WAREHOUSE CONNECTOR_WH`)
	vars := config.Variables{
		"github_token":           config.StringVariable(acctest.GitHubToken),
		"github_app_private_key": config.StringVariable(githubAppAs(t, gh, "Iv23liEXAMPLE", 12345678)),
	}
	provider := fmt.Sprintf(`
provider "ghconnector" {
  github {
    token   = %q
    api_url = %q
  }
}
`, acctest.GitHubToken, gh.URL())
	scaffold := `
resource "ghconnector_application" "other" {
  name               = "GITHUB_CONNECTOR_OTHER"
  cascade_on_destroy = true
}

resource "ghconnector_application" "third" {
  name               = "GITHUB_CONNECTOR_THIRD"
  cascade_on_destroy = true
}
`
	examples := provider + scaffold + readExamples(t, "resources/*/resource.tf")
	steps := []resource.TestStep{{
		Config: examples, ConfigVariables: vars,
		ConfigStateChecks: append(documentedImportIDs(t), checkFunc(func() error {
			// Every repository's first run, through the network rule on
			// api.github.com:443 and the default API URL.
			sf.WaitForTasks()
			rows, err := acctest.Client(t, sf).Query(context.Background(), snowflake.SelectIngestionStatus{Application: snowflake.NewAccountObjectIdentifier("GITHUB_CONNECTOR")})
			if err != nil || len(rows) != 5 {
				return fmt.Errorf("ingestion status: %d rows, want 5 (%v)", len(rows), err)
			}
			for _, r := range rows {
				if r.String("last_state") != "SUCCEEDED" {
					return fmt.Errorf("%s: last run %s %q", r.String("resource_id"), r.String("last_state"), r.String("last_error"))
				}
			}
			return nil
		})),
	}}
	// The guides' snippets, each applied as the variant of the examples it
	// shows (README's and the guides' provider and installation blocks are
	// TestAccDocsInstallAndProviderSnippets').
	for _, s := range resourceSnippets(t) {
		steps = append(steps, resource.TestStep{Config: withSnippet(t, examples, s), ConfigVariables: vars})
	}
	dataSources := provider + readExamples(t, "data-sources/*/data-source.tf") + readExamples(t, "resources/ghconnector_application/resource.tf")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: append(steps,
			resource.TestStep{
				// The data sources' examples, with the application the
				// ingestion status one reads (from the application example).
				Config: dataSources,
			},
			resource.TestStep{
				// The application example keeps its destination database on
				// destroy (cascade_on_destroy = false), so the destroy at the
				// end would fail: its owner drops both out of band.
				PreConfig: func() { acctest.ExecSQL(t, acctest.Client(t, sf), `DROP APPLICATION GITHUB_CONNECTOR CASCADE`) },
				Config:    provider,
			},
		),
	})
}

// documentedImportIDs checks that the import IDs the docs show (the import
// blocks and the terraform import commands of examples/) are the IDs of the
// resources the examples create.
func documentedImportIDs(t *testing.T) []statecheck.StateCheck {
	t.Helper()
	var checks []statecheck.StateCheck
	add := func(address, id string) {
		checks = append(checks, statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(id)))
	}
	blocks := regexp.MustCompile(`to = (\S+)\n\s*id = ("(?:[^"\\]|\\.)*")`).FindAllStringSubmatch(readExamples(t, "resources/*/import-by-string-id.tf"), -1)
	commands := regexp.MustCompile(`terraform import (\S+) '([^']*)'`).FindAllStringSubmatch(readExamples(t, "resources/*/import.sh"), -1)
	if len(blocks) < 6 || len(blocks) != len(commands) {
		t.Fatalf("%d import blocks and %d import commands in examples/", len(blocks), len(commands))
	}
	for _, m := range blocks {
		id, err := strconv.Unquote(m[2])
		if err != nil {
			t.Fatalf("import id %s: %v", m[2], err)
		}
		add(m[1], id)
	}
	for _, m := range commands {
		add(m[1], m[2])
	}
	return checks
}

// setupObjectLists are the list examples of the setup objects: the network
// rules and secrets of a schema and the account's applications.
func setupObjectLists(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, name := range []string{"ghconnector_network_rule", "ghconnector_secret", "ghconnector_application"} {
		b.WriteString(readExamples(t, "list-resources/"+name+"/list-resource.tfquery.hcl"))
	}
	return b.String()
}
