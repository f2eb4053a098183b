package provider_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// scaleStack is the whole connector stack with n repositories enabled
// through for_each, driven by the terraform CLI one command at a time.
type scaleStack struct {
	sf  *sfemu.Server
	gh  *ghemu.Server
	cli *acctest.CLI
}

func newScaleStack(tb testing.TB, n int) *scaleStack {
	return newScaleStackWith(tb, n, acctest.NewCLI)
}

// newScaleStackWith runs terraform through newCLI: acctest.NewCLI serves the
// provider in this process; acctest.NewPluginCLI runs it as a binary, so
// each command's CPU time counts it.
func newScaleStackWith(tb testing.TB, n int, newCLI func(testing.TB, string) *acctest.CLI) *scaleStack {
	tb.Helper()
	sf := acctest.Snowflake(tb)
	gh := acctest.GitHub(tb)
	for i := range n {
		if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "scale", Name: fmt.Sprintf("repo-%03d", i), Issues: 1}); err != nil {
			tb.Fatal(err)
		}
	}
	acctest.ExecSQL(tb, acctest.Client(tb, sf), `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	s := &scaleStack{sf: sf, gh: gh}
	s.cli = newCLI(tb, scaleConfig(gh, n))
	s.cli.Init()
	return s
}

func scaleConfig(gh *ghemu.Server, n int) string {
	return `
terraform {
  required_providers {
    ghconnector = { source = "ghconnector/ghconnector" }
  }
}
` + baseStackConfig(gh.HostPort(), gh.URL()) + fmt.Sprintf(`
resource "ghconnector_repository" "scale" {
  for_each             = toset(%s)
  application          = ghconnector_connector_config.github.application
  repository           = each.key
  paused               = true
  drop_data_on_destroy = true
}
`, scaleRepositories(n))
}

// scaleRepositories is an HCL expression for the n repositories
// scale/repo-000 …; Terraform's range stops at 1,024 values, so it ranges
// in blocks of 1,000.
func scaleRepositories(n int) string {
	return fmt.Sprintf(`flatten([for b in range(ceil(%[1]d / 1000)) : [for i in range(min(1000, %[1]d - b * 1000)) : format("scale/repo-%%03d", b * 1000 + i)]])`, n)
}

func (s *scaleStack) vars() string { return "-var=github_token=" + acctest.GitHubToken }

// plan runs a refreshing plan that must be empty and returns its wall time
// and the SQL statements it cost.
func (s *scaleStack) plan(tb testing.TB) (time.Duration, []sfemu.QueryRecord) {
	tb.Helper()
	s.sf.ResetQueryHistory()
	start := time.Now()
	code, out := s.cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", s.vars())
	took := time.Since(start)
	if code != 0 {
		tb.Fatalf("plan after apply exited %d (2 = changes, a perpetual diff):\n%s", code, tail(out, 4000))
	}
	return took, s.sf.QueryHistory()
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// scaleResult is one apply → plan → destroy cycle.
type scaleResult struct {
	apply, plan, destroy time.Duration
	// CPU time of each command: terraform's, and the provider's with a
	// plugin CLI (newScaleStackWith)
	applyCPU, planCPU, destroyCPU time.Duration
	planStatements                int // SQL statements the refreshing plan ran
	// statements the provider sent in apply and destroy (not those the
	// connector's procedures ran)
	applyStatements, destroyStatements int
	byResource                         map[string]int // the same, by resource type (tracking comments)
}

// providerStatements counts the statements the provider sent (each
// carries its tracking comment), not those procedures ran for it.
func providerStatements(history []sfemu.QueryRecord) int {
	n := 0
	for _, r := range history {
		if _, _, ok := snowflake.ParseTrackingComment(r.Text); ok {
			n++
		}
	}
	return n
}

// runScale applies n repositories with terraform's default parallelism,
// checks every one is enabled, runs a plan that must be empty, destroys,
// and checks nothing the stack created is left.
func runScale(tb testing.TB, n int) scaleResult {
	return runScaleWith(tb, n, acctest.NewCLI)
}

func runScaleWith(tb testing.TB, n int, newCLI func(testing.TB, string) *acctest.CLI) scaleResult {
	s := newScaleStackWith(tb, n, newCLI)
	var res scaleResult
	s.sf.ResetQueryHistory()
	res.apply = s.cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color", s.vars())
	res.applyCPU = s.cli.CPU()
	res.applyStatements = providerStatements(s.sf.QueryHistory())

	client := acctest.Client(tb, s.sf)
	ctx := context.Background()
	count := func(q string) int {
		tb.Helper()
		rows, err := client.DB().QueryContext(ctx, q)
		if err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
		defer func() { _ = rows.Close() }()
		k := 0
		for rows.Next() {
			k++
		}
		return k
	}
	if got := count(`SELECT RESOURCE_ID FROM GITHUB_CONNECTOR.PUBLIC.INGESTION_STATUS WHERE ENABLED`); got != n {
		tb.Fatalf("%d repositories enabled after apply, want %d", got, n)
	}
	if got := count(`SHOW TASKS IN SCHEMA GITHUB_CONNECTOR.TASKS`); got != n {
		tb.Fatalf("%d tasks after apply, want %d", got, n)
	}

	var history []sfemu.QueryRecord
	res.plan, history = s.plan(tb)
	res.planCPU = s.cli.CPU()
	res.planStatements = len(history)
	res.byResource = map[string]int{}
	for _, r := range history {
		resource, op, ok := snowflake.ParseTrackingComment(r.Text)
		if !ok || op != "read" {
			tb.Fatalf("a refresh statement without a read tracking comment: %q", r.Text)
		}
		res.byResource[resource]++
	}
	if got := res.byResource["ghconnector_repository"]; got != 2 {
		tb.Fatalf("the repositories' refresh cost %d statements, want 2 (one shared listing): %v", got, res.byResource)
	}
	if perRepo := float64(res.planStatements) / float64(n); perRepo > 2 {
		kinds := map[string]int{}
		for _, r := range history {
			kinds[r.Type]++
		}
		tb.Fatalf("refresh cost %d statements for %d repositories (%.2f each, target ≤ 2): %v", res.planStatements, n, perRepo, kinds)
	}

	s.sf.ResetQueryHistory()
	res.destroy = s.cli.MustRun("destroy", "-auto-approve", "-input=false", "-no-color", s.vars())
	res.destroyCPU = s.cli.CPU()
	res.destroyStatements = providerStatements(s.sf.QueryHistory())
	for _, q := range []string{
		`SHOW APPLICATIONS LIKE 'GITHUB_CONNECTOR'`, `SHOW DATABASES LIKE 'GITHUB_DATA'`,
		`SHOW SECRETS IN SCHEMA SETUP.PUBLIC`, `SHOW NETWORK RULES IN SCHEMA SETUP.PUBLIC`, `SHOW EXTERNAL ACCESS INTEGRATIONS`,
	} {
		if got := count(q); got != 0 {
			tb.Errorf("%s: %d objects left after destroy", q, got)
		}
	}
	return res
}

// Scale: 500 repositories applied with terraform's default parallelism,
// an empty plan after it at most 2 statements per repository, and a
// destroy that removes every object the stack created.
func TestAccScale500Repositories(t *testing.T) {
	acctest.PreCheck(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	const n = 500
	res := runScale(t, n)
	t.Logf("%d repositories: apply %s, plan %s (%d statements: %v), destroy %s", n, res.apply.Round(time.Millisecond),
		res.plan.Round(time.Millisecond), res.planStatements, res.byResource, res.destroy.Round(time.Millisecond))
}

// One provider server serving several terraform commands (as with -debug
// or reattach) reads afresh in each: drift made between two plans shows.
func TestAccDriftSeenAcrossCommandsOfOneProviderServer(t *testing.T) {
	acctest.PreCheck(t)
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	s := newScaleStack(t, 2)
	s.cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color", s.vars())
	s.plan(t)
	acctest.ExecSQL(t, acctest.Client(t, s.sf), `ALTER TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__SCALE__REPO_001" RESUME`)
	code, out := s.cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", s.vars())
	if code != 2 || !strings.Contains(out, `ghconnector_repository.scale["scale/repo-001"] will be updated in-place`) {
		t.Fatalf("the resumed task is not in the next plan (exit %d):\n%s", code, tail(out, 3000))
	}
}

// floorConfig is n terraform_data resources through for_each: what
// Terraform itself costs for as many resources, with no provider.
func floorConfig(n int) string {
	return fmt.Sprintf(`
resource "terraform_data" "floor" {
  for_each = toset(%s)
  input    = each.key
}
`, scaleRepositories(n))
}

// runFloor creates, plans (refreshing, empty) and destroys n
// terraform_data resources, as runScale does the repositories.
func runFloor(tb testing.TB, n int) scaleResult {
	cli := acctest.NewBareCLI(tb, floorConfig(n))
	cli.Init()
	var res scaleResult
	res.apply = cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	res.applyCPU = cli.CPU()
	start := time.Now()
	if code, out := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		tb.Fatalf("the floor's plan exited %d:\n%s", code, tail(out, 2000))
	}
	res.plan, res.planCPU = time.Since(start), cli.CPU()
	res.destroy = cli.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	res.destroyCPU = cli.CPU()
	return res
}

// BenchmarkRepositories: terraform apply, refreshing plan and destroy of
// n repositories, the provider running as a plugin binary as users run it,
// beside Terraform's floor (n terraform_data) measured in the same run:
// wall and CPU time of each command (terraform with its provider) and their
// ratios to the floor's. Sizes: BENCH_REPOSITORIES (default 100,500,2000).
func BenchmarkRepositories(b *testing.B) {
	if os.Getenv("TF_ACC") == "" {
		b.Skip("runs terraform: set TF_ACC=1 (make bench does)")
	}
	sizes := []int{100, 500, 2000}
	if v := os.Getenv("BENCH_REPOSITORIES"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				b.Fatalf("BENCH_REPOSITORIES: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var res, floor scaleResult
			for b.Loop() {
				floor = runFloor(b, n)
				res = runScaleWith(b, n, acctest.NewPluginCLI)
			}
			for _, m := range []struct {
				name           string
				wall, cpu      time.Duration
				floorW, floorC time.Duration
			}{
				{"apply", res.apply, res.applyCPU, floor.apply, floor.applyCPU},
				{"plan", res.plan, res.planCPU, floor.plan, floor.planCPU},
				{"destroy", res.destroy, res.destroyCPU, floor.destroy, floor.destroyCPU},
			} {
				b.ReportMetric(m.wall.Seconds(), m.name+"-s")
				b.ReportMetric(m.cpu.Seconds(), m.name+"-cpu-s")
				b.ReportMetric(m.wall.Seconds()/m.floorW.Seconds(), m.name+"-wall-x-floor")
				b.ReportMetric(m.cpu.Seconds()/m.floorC.Seconds(), m.name+"-cpu-x-floor")
			}
			b.ReportMetric(float64(res.planStatements), "plan-statements")
			b.ReportMetric(float64(res.applyStatements)/float64(n), "apply-statements/repository")
			b.ReportMetric(float64(res.destroyStatements)/float64(n), "destroy-statements/repository")
			b.ReportMetric(float64(res.planStatements)/float64(n), "statements/repository")
		})
	}
}
