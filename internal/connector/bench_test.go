package connector

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
)

// benchIssues is the size of the benchmark repository.
const benchIssues = 20000

// benchStack is a connector on the emulators over a 20,000-issue repository,
// backfilled once.
type benchStack struct {
	gh       *ghemu.Server
	sf       *sfemu.Server
	db       *sql.DB
	backfill time.Duration
	// statements the backfill's procedure ran: MERGEs into the sink, cursor
	// checkpoints, and the rest (reading configuration and state, the run record)
	merges, checkpoints, perRun int
}

func newBenchStack(b *testing.B) *benchStack {
	b.Helper()
	gh := githubRepo(b, ghemu.Options{MaxPage: 1000}, "ghp_bench", benchIssues, 0)
	sf, db := emulatorDB(b)
	exec := func(q string) { mustExec(b, db, q) }
	installConnector(b, db, gh, "ghp_bench", `{"schedule":"30 MINUTES","paused":true}`)
	sf.ResetQueryHistory()
	start := time.Now()
	exec(`CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`)
	s := &benchStack{gh: gh, sf: sf, db: db, backfill: time.Since(start)}
	for _, r := range sf.QueryHistory() {
		if r.Type == "CALL" && r.User == "ADMIN" {
			continue // the benchmark's own call
		}
		switch {
		case r.Type == "MERGE" && !strings.Contains(r.Text, `"STATE".`):
			s.merges++
		case r.Type == "UPDATE" && strings.Contains(r.Text, `"STATE"."RESOURCE_CONFIGURATION"`):
			s.checkpoints++
		default:
			s.perRun++
		}
	}
	return s
}

// run is one INGEST_DATA call; it returns GitHub requests and rows merged.
func (s *benchStack) run(b *testing.B) (requests, rows int) {
	s.gh.ResetStats()
	if _, err := s.db.ExecContext(context.Background(), `CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`); err != nil {
		b.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT ROWS_MERGED FROM GH_APP.PUBLIC.RUN_HISTORY ORDER BY STARTED_AT DESC LIMIT 1`).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	return s.gh.Stats().IssueRequests, rows
}

// BenchmarkBackfill: the first run of a 20,000-issue repository, GitHub
// emulator → INGEST_DATA → one MERGE per page → view.
func BenchmarkBackfill(b *testing.B) {
	for b.Loop() {
		s := newBenchStack(b)
		b.ReportMetric(float64(benchIssues)/s.backfill.Seconds(), "issues/s")
		pages := float64(benchIssues / 100)
		b.ReportMetric(pages, "pages")
		b.ReportMetric(float64(s.merges)/pages, "merges/page")
		b.ReportMetric(float64(s.checkpoints)/pages, "state-writes/page")
		b.ReportMetric(float64(s.perRun), "statements/run")
	}
}

// BenchmarkSteadyStateRun: GitHub requests and rows merged per scheduled run
// with 0 and 50 issues changed since the last run, incremental against
// full refresh.
func BenchmarkSteadyStateRun(b *testing.B) {
	s := newBenchStack(b)
	exec := func(q string) { mustExec(b, s.db, q) }
	change := func(n int) {
		for i := range n {
			title := "changed " + time.Now().Format(time.RFC3339Nano)
			if err := s.gh.UpdateIssue("octo", "hello-world", 1+(i*397)%benchIssues, ghemu.IssueChange{Title: &title}); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, mode := range []struct{ name, options string }{
		{"incremental", `{"paused":true}`},
		{"full-refresh", `{"paused":true,"full_refresh":true}`},
	} {
		for _, changed := range []int{0, 50} {
			b.Run(mode.name+"/changed="+strconv.Itoa(changed), func(b *testing.B) {
				exec(`CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('` + mode.options + `'))`)
				if mode.name == "incremental" {
					// Settle: the run after a change re-reads the lookback
					// window once under a new since; steady state follows.
					s.run(b)
					s.run(b)
				}
				var requests, rows int
				for b.Loop() {
					b.StopTimer()
					change(changed)
					b.StartTimer()
					r, m := s.run(b)
					requests += r
					rows += m
				}
				b.ReportMetric(float64(requests)/float64(b.N), "requests/run")
				b.ReportMetric(float64(rows)/float64(b.N), "rows/run")
			})
		}
	}
}
