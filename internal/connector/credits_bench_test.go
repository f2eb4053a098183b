package connector

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
	"time"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/metering"
)

// creditsIssues is the repository a credits benchmark runs: a small
// project's, whose steady-state runs are what a day bills.
const creditsIssues = 1000

// BenchmarkIngestionCredits: credits per day of N repositories on a
// '30 MINUTES' schedule, quiet and with 50 issues changed per run, billed
// by the emulator's metering (internal/emulator/snowflake/metering) on an
// XSMALL warehouse with AUTO_SUSPEND 60, three ways:
//   - scattered: each task's runs at a phase of its own (an interval
//     schedule counts from the task's last resume), today's behaviour
//     before the connector aligned schedules;
//   - shared: every task on the aligned CRON, due at :00 and :30, the
//     warehouse running 8 at a time (MAX_CONCURRENCY_LEVEL's default), the
//     rest queued in the same wake-up;
//   - serverless: each run's seconds, no minimum.
//
// A run's length is measured: INGEST_DATA on the emulator, from its own
// query history, the median of 5 runs.
func BenchmarkIngestionCredits(b *testing.B) {
	s := newBenchStackWith(b, creditsIssues, `{"schedule":"30 MINUTES","paused":true}`)
	measure := func(changed int) time.Duration {
		var runs []time.Duration
		for range 5 {
			for i := range changed {
				title := "changed " + time.Now().Format(time.RFC3339Nano)
				if err := s.gh.UpdateIssue("octo", "hello-world", 1+(i*37)%creditsIssues, ghemu.IssueChange{Title: &title}); err != nil {
					b.Fatal(err)
				}
			}
			s.sf.ResetQueryHistory()
			s.run(b)
			for _, r := range s.sf.QueryHistory() {
				if r.Type == "CALL" && r.User == "ADMIN" {
					runs = append(runs, r.Duration)
				}
			}
		}
		sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
		return runs[len(runs)/2]
	}
	s.run(b) // settle: the first run after the backfill re-reads its lookback window
	lengths := map[string]time.Duration{"changed=0": measure(0), "changed=50": measure(50)}
	for _, n := range []int{1, 10, 100, 1000} {
		for _, load := range []string{"changed=0", "changed=50"} {
			b.Run("repositories="+strconv.Itoa(n)+"/"+load, func(b *testing.B) {
				run := lengths[load]
				var scattered, shared, serverless float64
				for b.Loop() {
					scattered, shared, serverless = creditsPerDay(n, run, rand.New(rand.NewPCG(uint64(n), 1)))
				}
				b.ReportMetric(run.Seconds(), "run-seconds")
				b.ReportMetric(scattered, "scattered-credits/day")
				b.ReportMetric(shared, "shared-credits/day")
				b.ReportMetric(serverless, "serverless-credits/day")
				b.ReportMetric(shared/scattered, "shared/scattered")
			})
		}
	}
}

// The day the benchmark bills.
const (
	creditsInterval    = 30 * time.Minute
	creditsAutoSuspend = 60 * time.Second
	creditsSize        = "XSMALL"
	maxConcurrency     = 8 // MAX_CONCURRENCY_LEVEL's default: more queue
)

// creditsPerDay bills a day of n repositories whose runs take run each.
func creditsPerDay(n int, run time.Duration, rng *rand.Rand) (scattered, shared, serverless float64) {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	runsPerDay := int(24 * time.Hour / creditsInterval)
	var scatteredDue, sharedDue []time.Time
	for range n {
		phase := time.Duration(rng.Int64N(int64(creditsInterval)))
		for k := range runsPerDay {
			scatteredDue = append(scatteredDue, day.Add(phase+time.Duration(k)*creditsInterval))
			sharedDue = append(sharedDue, day.Add(time.Duration(k)*creditsInterval))
		}
	}
	bill := func(due []time.Time) float64 {
		end := day.Add(48 * time.Hour)
		return metering.Credits(metering.Periods(onWarehouse(due, run), creditsAutoSuspend, end), creditsSize)
	}
	perRun := metering.ServerlessCredits(metering.Interval{Start: day, End: day.Add(run)}, creditsSize)
	return bill(scatteredDue), bill(sharedDue), perRun * float64(n*runsPerDay)
}

// onWarehouse is when runs due at due actually run on a warehouse that
// runs maxConcurrency at a time, the rest queued in order.
func onWarehouse(due []time.Time, run time.Duration) []metering.Interval {
	sorted := append([]time.Time(nil), due...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Before(sorted[j]) })
	free := make([]time.Time, maxConcurrency) // when each slot frees
	out := make([]metering.Interval, len(sorted))
	for i, d := range sorted {
		slot := 0
		for j := range free {
			if free[j].Before(free[slot]) {
				slot = j
			}
		}
		start := d
		if free[slot].After(start) {
			start = free[slot]
		}
		free[slot] = start.Add(run)
		out[i] = metering.Interval{Start: start, End: start.Add(run)}
	}
	return out
}
