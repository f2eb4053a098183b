package connector

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// The fault suite: a backfill of 5 pages meets a fault after 2 pages. In
// every case, after later runs, every issue is in the view exactly once
// with its latest version, the failure is recorded in APP_STATE with its
// reason, and the recovery run resumes from the checkpoint.
func TestFaultsDuringBackfill(t *testing.T) {
	const token = "ghp_faults"
	cases := []struct {
		name   string
		inject func(gh *ghemu.Server)
		heal   func(gh *ghemu.Server)
		// state and error of the faulted run; "" state: it succeeded by retrying.
		state, reason string
	}{
		{name: "5xx burst retried within the run",
			inject: func(gh *ghemu.Server) {
				gh.InjectFault(ghemu.Fault{Status: 502, Count: 2, After: 2, PathContains: "/issues"})
			}},
		{name: "5xx burst beyond the retries", state: "FAILED", reason: "HTTP 503 after 3 attempts",
			inject: func(gh *ghemu.Server) {
				gh.InjectFault(ghemu.Fault{Status: 503, Count: 3, After: 2, PathContains: "/issues"})
			}},
		{name: "429 with a long retry-after", state: "RATE_LIMITED", reason: "HTTP 429: secondary rate limit",
			inject: func(gh *ghemu.Server) {
				gh.InjectFault(ghemu.Fault{Status: 429, RetryAfter: 3600, After: 2, PathContains: "/issues"})
			}},
		{name: "403 secondary limit with retry-after", state: "RATE_LIMITED", reason: "HTTP 403: secondary rate limit",
			inject: func(gh *ghemu.Server) {
				gh.InjectFault(ghemu.Fault{Status: 403, RetryAfter: 3600, After: 2, PathContains: "/issues"})
			}},
		{name: "connection resets", state: "FAILED", reason: "connection failed",
			inject: func(gh *ghemu.Server) {
				gh.InjectFault(ghemu.Fault{Reset: true, Count: 3, After: 2, PathContains: "/issues"})
			}},
		{name: "responses slower than the client timeout", state: "FAILED", reason: "timed out",
			inject: func(gh *ghemu.Server) {
				gh.InjectFault(ghemu.Fault{LatencyMS: 2500, Count: 3, After: 2, PathContains: "/issues"})
			}},
		{name: "primary rate limit exhausted mid-backfill", state: "RATE_LIMITED", reason: "HTTP 403: primary rate limit exhausted",
			inject: func(gh *ghemu.Server) { gh.SetRateUsed(token, 4998) },
			heal:   func(gh *ghemu.Server) { gh.SetRateUsed(token, 0) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gh := githubRepo(t, ghemu.Options{}, token, 450, 50)
			_, db := emulatorDB(t)
			ctx := context.Background()
			// Paused: the runs below are the test's, not the scheduler's.
			installConnector(t, db, gh, token, `{"schedule":"30 MINUTES","paused":true,"max_attempts":3,"max_wait_seconds":5,"request_timeout_seconds":1}`)
			ingest := func() { _, _ = db.ExecContext(ctx, `CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`) }

			tc.inject(gh)
			ingest()
			state, errText, pages := lastRun(t, db)
			if tc.state == "" {
				// 500 issues by keyset: each page after the first restarts
				// at the newest issue read, so 6 pages.
				if state != "SUCCEEDED" || pages != 6 {
					t.Fatalf("retried faults: run %s after %d pages (%s)", state, pages, errText)
				}
			} else {
				if state != tc.state || !strings.Contains(strings.ToLower(errText), strings.ToLower(tc.reason)) || errText == "" {
					t.Fatalf("faulted run recorded as %s %q, want %s mentioning %q", state, errText, tc.state, tc.reason)
				}
				if pages != 2 {
					t.Fatalf("faulted run merged %d pages before the fault, want 2", pages)
				}
			}

			// GitHub moves on meanwhile: one ingested issue and one not yet
			// ingested change.
			title := "Changed during the outage"
			closed := "closed"
			for _, n := range []int{3, 480} {
				if err := gh.UpdateIssue("octo", "hello-world", n, ghemu.IssueChange{Title: &title, State: &closed}); err != nil {
					t.Fatal(err)
				}
			}
			if tc.heal != nil {
				tc.heal(gh)
			}
			gh.ResetStats()
			ingest()
			state, errText, _ = lastRun(t, db)
			if state != "SUCCEEDED" {
				t.Fatalf("recovery run: %s %q", state, errText)
			}
			if tc.state != "" {
				// Resumed from the checkpoint: the 4 remaining keyset pages
				// (plus the lookback overlap), not the 6 of a full backfill.
				if r := gh.Stats().IssueRequests; r > 5 {
					t.Fatalf("recovery run made %d requests: it started over instead of resuming", r)
				}
			}
			expectGroundTruth(t, db, gh)
		})
	}
}

// Snowflake itself stops in the middle of a backfill (the emulator is
// killed while the run waits for page 3) and comes back on the same data:
// the dead run is marked INTERRUPTED by the next one, which resumes from
// the checkpoint of page 2, and the view ends equal to GitHub.
func TestSnowflakeRestartedMidRun(t *testing.T) {
	const token = "ghp_restart"
	gh := githubRepo(t, ghemu.Options{}, token, 450, 50)
	dataDir := t.TempDir()
	sf, db := emulatorDBAt(t, dataDir)
	ctx := context.Background()
	installConnector(t, db, gh, token, `{"schedule":"30 MINUTES","paused":true,"request_timeout_seconds":30}`)

	// Page 3 takes long enough to kill Snowflake while the run waits for it.
	gh.InjectFault(ghemu.Fault{LatencyMS: 3000, Count: 1, After: 2, PathContains: "/issues"})
	// The client's call is left to fail on its own: gosnowflake retries
	// against the dead address for a minute or so.
	go func() { _, _ = db.ExecContext(ctx, `CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`) }()
	deadline := time.Now().Add(30 * time.Second)
	for gh.Stats().IssueRequests < 3 {
		if time.Now().After(deadline) {
			t.Fatal("the run never reached page 3")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := sf.Kill(); err != nil {
		t.Fatalf("kill: %v", err)
	}

	_, db = emulatorDBAt(t, dataDir)
	if state, _, _ := lastRun(t, db); state != "RUNNING" {
		t.Fatalf("after the restart the killed run shows %s, want RUNNING (it never recorded an outcome)", state)
	}
	var merged int
	if err := db.QueryRow(`SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES`).Scan(&merged); err != nil || merged != 199 {
		// Page 2 restarts at page 1's newest issue: 100 + 99 distinct.
		t.Fatalf("the sink holds %d rows (%v) after the restart, want the 199 of the two checkpointed pages", merged, err)
	}

	title, closed := "Changed during the outage", "closed"
	for _, n := range []int{3, 480} {
		if err := gh.UpdateIssue("octo", "hello-world", n, ghemu.IssueChange{Title: &title, State: &closed}); err != nil {
			t.Fatal(err)
		}
	}
	gh.ResetStats()
	mustExec(t, db, `CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`)
	if r := gh.Stats().IssueRequests; r > 4 {
		t.Fatalf("the run after the restart made %d requests: it started over instead of resuming", r)
	}
	rows, err := db.Query(`SELECT STATE, ERROR FROM GH_APP.PUBLIC.RUN_HISTORY ORDER BY STARTED_AT`)
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	var reason string
	for rows.Next() {
		var st string
		var e sql.NullString
		if err := rows.Scan(&st, &e); err != nil {
			t.Fatal(err)
		}
		states = append(states, st)
		if st == "INTERRUPTED" {
			reason = e.String
		}
	}
	_ = rows.Close()
	if strings.Join(states, ",") != "INTERRUPTED,SUCCEEDED" || !strings.Contains(reason, "stopped mid-run") {
		t.Fatalf("run history %v, interrupted reason %q; want INTERRUPTED (with its reason) then SUCCEEDED", states, reason)
	}
	expectGroundTruth(t, db, gh)
}

func lastRun(t *testing.T, db *sql.DB) (state, errText string, pages int) {
	t.Helper()
	var e sql.NullString
	if err := db.QueryRow(`SELECT STATE, ERROR, PAGES FROM GH_APP.PUBLIC.RUN_HISTORY ORDER BY STARTED_AT DESC LIMIT 1`).Scan(&state, &e, &pages); err != nil {
		t.Fatalf("run history: %v", err)
	}
	return state, e.String, pages
}

// expectGroundTruth: every issue of the GitHub emulator is in the view
// exactly once, with its latest title, state and updated_at.
func expectGroundTruth(t *testing.T, db *sql.DB, gh *ghemu.Server) {
	t.Helper()
	rows, err := db.Query(`SELECT NUMBER, TITLE, STATE, UPDATED_AT FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES`)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	seen := map[int]bool{}
	for rows.Next() {
		var n int
		var title, state string
		var updated time.Time
		if err := rows.Scan(&n, &title, &state, &updated); err != nil {
			t.Fatal(err)
		}
		if seen[n] {
			t.Fatalf("issue %d is in the view twice", n)
		}
		seen[n] = true
		want, ok := gh.Issue("octo", "hello-world", n)
		if !ok {
			t.Fatalf("issue %d is in the view but not on GitHub", n)
		}
		if title != want.Title || state != want.State || !updated.Equal(want.UpdatedAt.UTC().Truncate(time.Second)) {
			t.Fatalf("issue %d: view has %q %s %s, GitHub %q %s %s", n, title, state, updated, want.Title, want.State, want.UpdatedAt)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if got, want := len(seen), gh.IssueCount("octo", "hello-world"); got != want {
		t.Fatalf("view has %d issues, GitHub %d", got, want)
	}
}
