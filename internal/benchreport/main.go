// Command benchreport turns `go test -bench` output (stdin) into the
// benchmark guide, templates/guides/benchmarks.md.tmpl, which `make docs`
// renders to docs/guides/benchmarks.md. Every figure is printed with the
// command that reproduces it.
package main

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"sort"
	"strings"
)

func repositoriesTitle(n int) string {
	return fmt.Sprintf("Provider: terraform apply, refreshing plan (empty) and destroy of %d repositories, the provider running as a plugin "+
		"binary; wall and CPU time (terraform with its provider) and their ratios to %d terraform_data measured in the same run; plan "+
		"statements from the emulator's query history", n, n)
}

const (
	repositoriesTarget = "plan ≤ 1.5× the floor's wall time and ≤ 3× its CPU (issue 29, not met yet: see below); " +
		"≤ 2 statements per repository on refresh (one cached listing per plan)"
	repositoriesCommand = "TF_ACC=1 go test -run '^$' -bench Repositories -benchtime 1x ./internal/provider/"
)

// benchmark describes one benchmark for the guide.
type benchmark struct {
	title, target, command string
}

var known = map[string]benchmark{
	"BenchmarkShowRoundTrip": {"Emulator: SHOW … LIKE … IN SCHEMA round trip through gosnowflake (50 objects)", "",
		"go test -run '^$' -bench ShowRoundTrip -benchtime 2000x ./internal/emulator/snowflake/"},
	"BenchmarkMillionRowSelect": {"Emulator: a 1,000,000-row SELECT read through gosnowflake (1,000 rows inline, the rest in 20,000-row chunks downloaded as read); peak heap of the emulator and the driver together", "",
		"go test -run '^$' -bench MillionRowSelect -benchtime 1x ./internal/emulator/snowflake/"},
	"BenchmarkMerge100Rows": {"Emulator: the per-page MERGE of 100 issues (50 new, 50 updated) into a 10,000-row sink table", "",
		"go test -run '^$' -bench Merge100Rows -benchtime 50x ./internal/emulator/snowflake/"},
	"BenchmarkBackfill": {"Initial backfill of 20,000 issues: GitHub emulator → INGEST_DATA → MERGE per page → view (statements counted in the emulator's query history)", "one MERGE and at most one state write per page",
		"go test -run '^$' -bench Backfill -benchtime 1x ./internal/connector/"},
	"BenchmarkReferenceBaseline": {"The reference connector's algorithm (no query string: state=open, 30 per page, everything refetched each run) against this connector on the same 20,000-issue repository after a day of changes (50 closed, 50 edited, 10 opened, 5 deleted, 5 transferred): requests of one run each, issues each copy gets wrong afterwards (missing, stale, closed left open, deleted or transferred still shown), and the reconciliation that fixes the last",
		"0 closed left open, 0 wrong after reconciliation",
		"go test -run '^$' -bench ReferenceBaseline -benchtime 1x ./internal/connector/"},
	"BenchmarkRepositories/n=100":  {repositoriesTitle(100), repositoriesTarget, repositoriesCommand},
	"BenchmarkRepositories/n=500":  {repositoriesTitle(500), repositoriesTarget, repositoriesCommand},
	"BenchmarkRepositories/n=2000": {repositoriesTitle(2000), repositoriesTarget, repositoriesCommand},
	"BenchmarkCommentsStreamRun/changed=0": {"Run of both streams, 20,000 comments on 6,667 issues, nothing changed, incremental", "2 requests (a free 304 per stream)",
		"go test -run '^$' -bench CommentsStreamRun -benchtime 1x ./internal/connector/"},
	"BenchmarkCommentsStreamRun/changed=50": {"Run of both streams, 20,000 comments on 6,667 issues, 50 comments edited, incremental", "1 request per stream, 50 comment rows",
		"go test -run '^$' -bench CommentsStreamRun -benchtime 1x ./internal/connector/"},
	"BenchmarkPullRequestStreamsRun/changed=0": {"Run of all five streams, 5,000 pull requests with 20,000 reviews among 10,000 issues, nothing changed: requests per stream",
		"1 free 304 for issues, none for pull requests and reviews",
		"go test -run '^$' -bench PullRequestStreamsRun -benchtime 1x ./internal/connector/"},
	"BenchmarkPullRequestStreamsRun/changed=50": {"Run of all five streams, 5,000 pull requests with 20,000 reviews, 50 pull requests pushed to or reviewed: requests per stream",
		"one request per changed pull request for pull requests and for reviews, never one per pull request of the repository",
		"go test -run '^$' -bench PullRequestStreamsRun -benchtime 1x ./internal/connector/"},
	"BenchmarkSteadyStateRun/incremental/changed=0": {"Steady-state run, 20,000 issues, nothing changed, incremental", "1 request (a free 304), 0 rows",
		"go test -run '^$' -bench SteadyStateRun -benchtime 1x ./internal/connector/"},
	"BenchmarkSteadyStateRun/incremental/changed=50": {"Steady-state run, 20,000 issues, 50 changed, incremental", "1 request",
		"go test -run '^$' -bench SteadyStateRun -benchtime 1x ./internal/connector/"},
	"BenchmarkSteadyStateRun/full-refresh/changed=0": {"Steady-state run, 20,000 issues, nothing changed, full refresh", "≈ 203 requests (by keyset each page restarts at the last issue read)",
		"go test -run '^$' -bench SteadyStateRun -benchtime 1x ./internal/connector/"},
	"BenchmarkSteadyStateRun/full-refresh/changed=50": {"Steady-state run, 20,000 issues, 50 changed, full refresh", "≈ 203 requests (by keyset each page restarts at the last issue read)",
		"go test -run '^$' -bench SteadyStateRun -benchtime 1x ./internal/connector/"},
}

var line = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)

func main() {
	rows, cpu, err := parse(os.Stdin)
	if err != nil {
		log.Fatal(err)
	}
	if len(rows) == 0 {
		log.Fatal("benchreport: no benchmark results on stdin")
	}
	fmt.Print(render(rows, cpu))
}

type result struct {
	name    string
	metrics []string // "value unit"
}

func parse(r io.Reader) ([]result, string, error) {
	var out []result
	cpu := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		text := sc.Text()
		if c, ok := strings.CutPrefix(text, "cpu: "); ok {
			cpu = c
		}
		m := line.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		fields := strings.Fields(m[3])
		var metrics []string
		for i := 0; i+1 < len(fields); i += 2 {
			metrics = append(metrics, humanize(fields[i], fields[i+1]))
		}
		out = append(out, result{name: m[1], metrics: metrics})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, cpu, sc.Err()
}

// humanize shows ns/op in the unit a reader expects.
func humanize(value, unit string) string {
	if unit == "ns/op" {
		var ns float64
		_, _ = fmt.Sscan(value, &ns)
		switch {
		case ns >= 1e9:
			return fmt.Sprintf("%.1f s/op", ns/1e9)
		case ns >= 1e6:
			return fmt.Sprintf("%.2f ms/op", ns/1e6)
		}
	}
	return value + " " + unit
}

func render(rows []result, cpu string) string {
	var b strings.Builder
	b.WriteString(`---
page_title: "Benchmarks"
subcategory: ""
description: |-
  Measured cost of the connector and the provider: GitHub requests, rows merged, throughput.
---

# Benchmarks

Generated by ` + "`make bench`" + ` from ` + "`go test -bench`" + ` output; do not edit. Figures come from the local emulators
on a shared 2-core machine (` + cpu + `), so times are indicative; request and row counts are exact.

| benchmark | measured | target | reproduce |
|---|---|---|---|
`)
	for _, r := range rows {
		k, ok := known[r.name]
		if !ok {
			k = benchmark{title: r.name, command: "make bench"}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | `%s` |\n", k.title, strings.Join(r.metrics, ", "), k.target, k.command)
	}
	b.WriteString(whereThePlanGoes)
	return b.String()
}

// whereThePlanGoes is what a CPU profile of the provider during plans of
// 500 repositories showed (issue 29, item 1).
const whereThePlanGoes = `
## Where a plan's time goes

A CPU profile of three refreshing plans of 500 repositories (the provider served in the test process, so the profile
holds it and the emulators; ` + "`go test -cpuprofile`" + ` around ` + "`plan`" + `), December 2026:

- **The provider's own code is small**: ` + "`ghconnector_repository`" + `'s Read and ModifyPlan together are about 8% of the
  samples, nearly all of it the framework's ` + "`State.Get`" + ` / ` + "`Plan.Get`" + ` / ` + "`State.Set`" + ` reflection into the model; the shared
  listing makes each Read a map lookup.
- **The framework's per-resource conversions dominate**: ` + "`tftypes.Transform`" + ` (17%), ` + "`NullifyCollectionBlocks`" + ` (8%),
  ` + "`SchemaModifyPlan`" + ` (7%). Every attribute path step asks the schema for its attributes, and
  ` + "`schema.Schema.GetAttributes`" + ` copies the attribute map on each call (10% of all samples, mostly ` + "`makemap`" + `): a cost per
  resource that grows with the number of attributes times the path steps, in terraform-plugin-framework v1.19.0 (the newest
  served here).
- **Garbage collection takes about 40%**, driven by those short-lived maps.
- The emulators' SQLite and catalog are about 10%; statements per plan stay 12 at any size.

The provider process now sets a 400% GC target (unless ` + "`GOGC`" + ` is set; its heap is a few megabytes): at 100
repositories, measured back to back on this shared machine, a plan's CPU (terraform with the provider) went from 2.02 s
to 1.52 s (5.1× to 4.2× the floor) and an apply's from 3.64 s to 3.13 s. The remaining gap to Terraform's floor is
per-resource framework work, linear in the number of repositories; closing it (fewer path walks per resource) is
issue 29's open part, as are the 500 and 2,000 rows, which the next ` + "`make bench`" + ` fills in.
`
