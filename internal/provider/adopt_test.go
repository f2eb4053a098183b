package provider_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// The installation guide's adoption: terraform query -generate-config-out
// writes a ghconnector_repository and an import block for a repository
// enabled outside Terraform, and applying them adopts it with nothing
// changed, after which the plan is empty. Terraform 1.14+
// (TF_ACC_TERRAFORM_PATH=../shared/tools/terraform-1.15.9).
func TestAccAdoptWithGenerateConfigOut(t *testing.T) {
	acctest.PreCheck(t)
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	for _, name := range []string{"hello-world", "by-hand"} {
		if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: name, Issues: 2}); err != nil {
			t.Fatal(err)
		}
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	cli := acctest.NewCLI(t, `terraform {
  required_providers {
    ghconnector = { source = "ghconnector/ghconnector" }
  }
}
`+streamsConfig(gh, `["issues"]`, false, false))
	if name, major, minor := cliVersion(t, cli); name != "Terraform" || major == 1 && minor < 14 {
		t.Skipf("terraform query needs Terraform 1.14 or later (this is %s %d.%d; OpenTofu has no list resources): "+
			"run with TF_ACC_TERRAFORM_PATH=../shared/tools/terraform-1.15.9", name, major, minor)
	}
	cli.Init()
	token := "-var=github_token=" + acctest.GitHubToken
	cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color", token)
	acctest.ExecSQL(t, client, `CALL "GITHUB_CONNECTOR"."PUBLIC"."ENABLE_RESOURCE"('octo/by-hand', PARSE_JSON('{"paused":true}'))`)

	cli.WriteFile("adopt.tfquery.hcl", readExamples(t, "list-resources/ghconnector_repository/list-resource.tfquery.hcl"))
	cli.MustRun("query", "-generate-config-out=adopted.tf", "-no-color", token)
	generated := cli.ReadFile("adopted.tf")
	t.Logf("adopted.tf:\n%s", generated)
	for _, want := range []string{`resource "ghconnector_repository"`, `import {`, `octo/by-hand`} {
		if !strings.Contains(generated, want) {
			t.Fatalf("adopted.tf lacks %q:\n%s", want, generated)
		}
	}
	// The one already managed is listed too; keep only the by-hand one's
	// blocks, as a user adopting it would.
	blocks := adoptedBlocks(generated, "octo/by-hand")
	if len(blocks) != 2 {
		t.Fatalf("%d blocks for octo/by-hand in adopted.tf, want a resource and an import:\n%s", len(blocks), generated)
	}
	cli.WriteFile("adopted.tf", strings.Join(blocks, "\n\n")+"\n")
	code, out := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", token)
	if code != 2 || !strings.Contains(out, "1 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the adopted configuration plans more than the import (exit %d):\n%s", code, out)
	}
	cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color", token)
	if code, out := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", token); code != 0 {
		t.Fatalf("after adoption the plan is not empty (exit %d):\n%s", code, out)
	}

	// The same for a network rule made by hand: its generated resource
	// carries what Snowflake holds, and adopting it changes nothing.
	acctest.ExecSQL(t, client, `CREATE NETWORK RULE SETUP.PUBLIC.BY_HAND TYPE = HOST_PORT VALUE_LIST = ('example.com:443') MODE = EGRESS`)
	cli.WriteFile("adopt.tfquery.hcl", setupObjectLists(t))
	cli.MustRun("query", "-generate-config-out=rules.tf", "-no-color", token)
	rules := adoptedBlocks(cli.ReadFile("rules.tf"), "BY_HAND")
	if len(rules) < 2 || !strings.Contains(strings.Join(rules, "\n"), `"example.com:443"`) {
		t.Fatalf("no generated network rule BY_HAND with its value list:\n%s", cli.ReadFile("rules.tf"))
	}
	var keep []string
	for _, b := range rules {
		if strings.Contains(b, "ghconnector_network_rule") {
			keep = append(keep, b)
		}
	}
	cli.WriteFile("rules.tf", strings.Join(keep, "\n\n")+"\n")
	code, out = cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", token)
	if code != 2 || !strings.Contains(out, "1 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("adopting the network rule plans more than the import (exit %d):\n%s\n%s", code, out, strings.Join(keep, "\n\n"))
	}
}

// adoptedBlocks returns the top-level blocks of generated configuration
// that mention repo.
func adoptedBlocks(hcl, repo string) []string {
	var blocks []string
	for _, b := range regexp.MustCompile(`(?m)^\S[^\n]*\{\n(?:[^\n]*\n)*?\}`).FindAllString(hcl, -1) {
		if strings.Contains(b, `"`+repo+`"`) {
			blocks = append(blocks, b)
		}
	}
	return blocks
}

// cliVersion is the CLI's name and major and minor version.
func cliVersion(t *testing.T, cli *acctest.CLI) (name string, major, minor int) {
	t.Helper()
	_, out := cli.Run("version")
	m := regexp.MustCompile(`(Terraform|OpenTofu) v([0-9]+)\.([0-9]+)\.`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no version in %q", out)
	}
	major, _ = strconv.Atoi(m[2])
	minor, _ = strconv.Atoi(m[3])
	return m[1], major, minor
}
