package provider_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// The actions on Terraform 1.14+: ghconnector_ingest run directly (a
// quiet run, a run that brings an edit, a full refresh), ghconnector_reconcile
// (a deleted issue found and marked), each reporting its run in the CLI;
// ghconnector_ingest through action_trigger after a repository is created;
// a repository that is not enabled refused on repository. Skips below 1.14
// and on OpenTofu, saying which CLI to use.
func TestAccActions(t *testing.T) {
	acctest.PreCheck(t)
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	for _, name := range []string{"hello-world", "other"} {
		if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: name, Issues: 5}); err != nil {
			t.Fatal(err)
		}
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	action := func(kind, name, repo, extra string) string {
		return `
action "ghconnector_` + kind + `" "` + name + `" {
  config {
    application = "GITHUB_CONNECTOR"
    repository  = "` + repo + `"` + extra + `
  }
}
`
	}
	stack := `terraform {
  required_providers {
    ghconnector = { source = "ghconnector/ghconnector" }
  }
}
` + streamsConfig(gh, `["issues", "comments"]`, true, false) + readExamples(t, "actions/*/action.tf") +
		action("ingest", "full", "octo/hello-world", "\n    full_refresh = true") + action("ingest", "missing", "octo/not-enabled", "")
	cli := acctest.NewCLI(t, stack)
	if name, major, minor := cliVersion(t, cli); name != "Terraform" || major == 1 && minor < 14 {
		t.Skipf("actions need Terraform 1.14 or later (this is %s %d.%d; OpenTofu has none): "+
			"run with TF_ACC_TERRAFORM_PATH=../shared/tools/terraform-1.15.9", name, major, minor)
	}
	cli.Init()
	token := "-var=github_token=" + acctest.GitHubToken
	cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color", token)
	sf.WaitForTasks()

	invoke := func(addr string) string {
		t.Helper()
		code, out := cli.Run("apply", "-auto-approve", "-input=false", "-no-color", "-invoke="+addr, token)
		if code != 0 {
			t.Fatalf("invoking %s exited %d:\n%s", addr, code, out)
		}
		return out
	}
	expect := func(out string, patterns ...string) {
		t.Helper()
		for _, p := range patterns {
			if !regexp.MustCompile(p).MatchString(out) {
				t.Fatalf("the action's output lacks %q:\n%s", p, out)
			}
		}
	}
	// Nothing changed on GitHub: the first run after the backfill reads the
	// lookback window and keeps its ETag; the next is a free 304 per stream.
	expect(invoke("action.ghconnector_ingest.now"), `octo/hello-world issues: SUCCEEDED \(INCREMENTAL\), 1 pages, 0 rows, 1 requests`,
		`octo/hello-world comments: SUCCEEDED \(INCREMENTAL\)`)
	expect(invoke("action.ghconnector_ingest.now"), `octo/hello-world issues: NOT_MODIFIED \(INCREMENTAL\), 0 pages, 0 rows, 1 requests`,
		`octo/hello-world comments: NOT_MODIFIED \(INCREMENTAL\)`)
	// An edit arrives with the next invocation.
	title := "edited for the action"
	if err := gh.UpdateIssue("octo", "hello-world", 2, ghemu.IssueChange{Title: &title}); err != nil {
		t.Fatal(err)
	}
	expect(invoke("action.ghconnector_ingest.now"), `octo/hello-world issues: SUCCEEDED \(INCREMENTAL\), 1 pages, 1 rows`)
	var edited int
	if err := client.DB().QueryRowContext(context.Background(),
		`SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES WHERE TITLE = 'edited for the action'`).Scan(&edited); err != nil || edited != 1 {
		t.Fatalf("the edited issue is in the view %d times after the action (%v), want 1", edited, err)
	}
	// A full refresh reads everything again, without changing the configuration.
	expect(invoke("action.ghconnector_ingest.full"), `octo/hello-world issues: SUCCEEDED \(FULL_REFRESH\), 1 pages`, `octo/hello-world comments: SUCCEEDED \(FULL_REFRESH\)`)
	// A deletion is found by the reconciliation.
	if err := gh.DeleteIssue("octo", "hello-world", 3); err != nil {
		t.Fatal(err)
	}
	expect(invoke("action.ghconnector_reconcile.now"), `octo/hello-world issues: SUCCEEDED \([A-Z_]+\), .*; reconciled: 1 deleted, 0 transferred`)
	if code, out := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", token); code != 0 {
		t.Fatalf("the actions changed the configuration's state (plan exit %d):\n%s", code, out)
	}
	// A repository that is not enabled: refused, naming it.
	code, out := cli.Run("apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.ghconnector_ingest.missing", token)
	if code == 0 || !strings.Contains(out, "octo/not-enabled is not enabled") {
		t.Fatalf("an action on a repository that is not enabled: exit %d:\n%s", code, out)
	}

	// action_trigger: the first ingestion of a new repository, reported
	// by the apply that creates it.
	cli.WriteFile("main.tf", stack+readExamples(t, "actions/ghconnector_ingest/action_trigger.tf"))
	code, out = cli.Run("apply", "-auto-approve", "-input=false", "-no-color", token)
	if code != 0 {
		t.Fatalf("apply with action_trigger exited %d:\n%s", code, out)
	}
	expect(out, `octo/other issues: SUCCEEDED \(BACKFILL\), 1 pages, 5 rows`)
}
