package connector

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// storedRows reads a repository's _ISSUES_ALL view (the consumer sees the
// application's views, not its tables) as the churn check wants it: raw
// JSON by id and the removal markers.
func storedRows(t *testing.T, db *sql.DB, view string) churnRun {
	t.Helper()
	id := "ID"
	if strings.HasSuffix(view, "_COMMENTS_ALL") {
		id = "COMMENT_ID"
	}
	rows, err := db.Query(`SELECT ` + id + ` AS ID, RAW, REMOVAL, TRANSFERRED_TO FROM ` + view)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	out := churnRun{Rows: map[string]map[string]any{}, Removed: map[string][2]*string{}}
	for rows.Next() {
		var id int64
		var raw string
		var removal, to sql.NullString
		if err := rows.Scan(&id, &raw, &removal, &to); err != nil {
			t.Fatal(err)
		}
		key := strconv.FormatInt(id, 10)
		if _, dup := out.Rows[key]; dup {
			t.Fatalf("%s holds issue id %d twice", view, id)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(raw), &doc); err != nil {
			t.Fatal(err)
		}
		out.Rows[key] = doc
		if removal.Valid {
			mark := [2]*string{&removal.String, nil}
			if to.Valid {
				mark[1] = &to.String
			}
			out.Removed[key] = mark
		}
	}
	return out
}

// TestChurnThroughTheTask runs a few churn scenarios end to end: the
// scheduled task of the Native App calls INGEST_DATA in the Snowflake
// emulator while mutations land between its GitHub requests; after each
// successful run the sink equals GitHub, the view hides what reconciliation
// marked and _ISSUES_ALL shows it, and RUN_HISTORY records each run's mode.
func TestChurnThroughTheTask(t *testing.T) {
	const token = "ghp_churn_task"
	gh := githubRepo(t, ghemu.Options{RateLimit: 1_000_000}, token, 0, 0)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	srv, db := emulatorDB(t)
	ctx := context.Background()
	installConnector(t, db, gh, token, `{"schedule":"11520 MINUTES","paused":true}`)
	query := func(q string, args ...any) *sql.Row { return db.QueryRowContext(ctx, q, args...) }
	commentChecks := 0
	defer func() {
		if !t.Failed() && commentChecks < 3 {
			t.Errorf("the comments stream was compared with GitHub %d times: the comment churn went unchecked", commentChecks)
		}
	}()
	for seed := int64(1); seed <= 5; seed++ {
		rng := rand.New(rand.NewSource(seed))
		// The last two seeds ingest comments too, under comment churn.
		sc := &churnScenario{seed: seed, rng: rng, gh: gh, owner: "octo", name: fmt.Sprintf("task-churn-%d", seed), perPage: 10, comments: seed >= 4}
		streams := `["issues"]`
		if sc.comments {
			streams = `["issues","comments"]`
		}
		size := 10 + rng.Intn(30)
		if err := gh.CreateRepo(ghemu.RepoSpec{Owner: sc.owner, Name: sc.name, Issues: size, PullRequests: size / 10}); err != nil {
			t.Fatal(err)
		}
		repo := sc.owner + "/" + sc.name
		base := strings.ToUpper(strings.NewReplacer("-", "_").Replace("OCTO__" + sc.name))
		task := `GH_APP.TASKS.INGEST__` + base
		table := `GITHUB_DATA.GITHUB.` + base + `_ISSUES_ALL`
		commentsTable := `GITHUB_DATA.GITHUB.` + base + `_COMMENTS_ALL`
		ghBase := gh.URL() + "api/v3/"
		// check compares what the task stored with GitHub. Under churn a
		// change can land while the comments stream runs, after the issues
		// stream ended, so then only the comments are compared; the quiet
		// reconciling run compares both.
		check := func(reconciled bool) error {
			if !sc.comments || reconciled {
				if err := matchSnapshot(gh.Snapshot(sc.owner, sc.name, ghBase), storedRows(t, db, table), reconciled, "issue"); err != nil {
					return err
				}
			}
			if sc.comments {
				commentChecks++
				return matchSnapshot(gh.CommentSnapshot(sc.owner, sc.name, ghBase), storedRows(t, db, commentsTable), reconciled, "comment")
			}
			return nil
		}
		fail := func(what string, err error) { t.Fatalf("task scenario seed %d: %s: %v", seed, what, err) }
		// Mutations are planned before the enable, which starts the first
		// run (the backfill) at once.
		for k := 1; k <= 8; k++ {
			if rng.Float64() < 0.3 {
				sc.mutate(k)
			}
		}
		mustExec(t, db, `CALL GH_APP.PUBLIC.ENABLE_RESOURCE('`+repo+`', PARSE_JSON('{"schedule":"11520 MINUTES","per_page":10,"max_attempts":2,"max_wait_seconds":0,"request_timeout_seconds":5,"reconcile_interval_hours":0,"streams":`+streams+`}'))`)
		seen := 0 // rows of the last stream in RUN_HISTORY: a rate limit ends a run before it
		for run := 0; ; run++ {
			srv.WaitForTasks()
			gh.ClearPlans()
			gh.ClearFaults()
			var state, mode string
			var rows int
			if err := query(`SELECT STATE, MODE, (SELECT COUNT(*) FROM GH_APP.PUBLIC.RUN_HISTORY WHERE RESOURCE_ID = ? AND STREAM = ?)
				FROM GH_APP.PUBLIC.RUN_HISTORY WHERE RESOURCE_ID = ? AND STREAM = ? ORDER BY STARTED_AT DESC LIMIT 1`,
				repo, lastStream(sc), repo, lastStream(sc)).Scan(&state, &mode, &rows); err != nil && !(sc.comments && errors.Is(err, sql.ErrNoRows)) {
				fail("run history", err)
			}
			if rows == seen { // the last stream did not run this time
				state = "NOT_RUN"
			}
			if run == 0 && rows > seen && mode != "BACKFILL" {
				fail("first run", fmt.Errorf("mode %s, want BACKFILL", mode))
			}
			seen = rows
			if state == "SUCCEEDED" || state == "NOT_MODIFIED" {
				if err := check(false); err != nil {
					fail(fmt.Sprintf("after run %d (%s)", run+1, state), err)
				}
			}
			if run == 2 {
				break
			}
			for k := 1; k <= 8; k++ {
				if rng.Float64() < 0.3 {
					sc.mutate(k)
				}
			}
			time.Sleep(1100 * time.Millisecond) // a later second: the runs see time pass
			mustExec(t, db, `EXECUTE TASK `+task)
		}
		// On request, reconciliation marks what GitHub deleted or moved.
		time.Sleep(1100 * time.Millisecond)
		mustExec(t, db, `CALL GH_APP.PUBLIC.RECONCILE_RESOURCE('`+repo+`')`) // paused: only marks it
		mustExec(t, db, `EXECUTE TASK `+task)
		srv.WaitForTasks()
		var state string
		var reconcileRequests sql.NullInt64
		if err := query(`SELECT STATE, RECONCILE_REQUESTS FROM GH_APP.PUBLIC.RUN_HISTORY WHERE RESOURCE_ID = ? AND STREAM = ? ORDER BY STARTED_AT DESC LIMIT 1`, repo, lastStream(sc)).Scan(&state, &reconcileRequests); err != nil {
			fail("reconciling run", err)
		}
		if state != "SUCCEEDED" && state != "NOT_MODIFIED" || !reconcileRequests.Valid || reconcileRequests.Int64 < 1 {
			fail("reconciling run", fmt.Errorf("%s with %v reconciliation requests", state, reconcileRequests))
		}
		if err := check(true); err != nil {
			fail("after reconciliation", err)
		}
		stored := storedRows(t, db, table)
		var live, all int
		if err := query(`SELECT (SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.`+base+`_ISSUES), (SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.`+base+`_ISSUES_ALL)`).Scan(&live, &all); err != nil {
			fail("views", err)
		}
		if live != gh.IssueCount(sc.owner, sc.name) || all != len(stored.Rows) || all-live != len(stored.Removed) {
			fail("views", fmt.Errorf("_ISSUES %d (GitHub %d), _ISSUES_ALL %d (stored %d, %d marked)", live, gh.IssueCount(sc.owner, sc.name), all, len(stored.Rows), len(stored.Removed)))
		}
	}
}

// lastStream is the stream a task run reads last: its outcome is the run's.
func lastStream(sc *churnScenario) string {
	if sc.comments {
		return "comments"
	}
	return "issues"
}

// A second enable of an enabled repository is refused and changes nothing;
// a new resync_trigger makes the next run a full refresh, which reconciles.
func TestDuplicateEnableAndResync(t *testing.T) {
	const token = "ghp_dup"
	gh := githubRepo(t, ghemu.Options{}, token, 120, 0)
	srv, db := emulatorDB(t)
	ctx := context.Background()
	installConnector(t, db, gh, token, `{"schedule":"30 MINUTES","resync_trigger":"a"}`)
	srv.WaitForTasks()
	_, err := db.ExecContext(ctx, `CALL GH_APP.PUBLIC.ENABLE_RESOURCE('octo/hello-world', PARSE_JSON('{"schedule":"5 MINUTES"}'))`)
	if err == nil || !strings.Contains(err.Error(), "octo/hello-world is already enabled") {
		t.Fatalf("a second enable must be refused: %v", err)
	}
	var schedule string
	if err := db.QueryRowContext(ctx, `SELECT SCHEDULE FROM GH_APP.PUBLIC.INGESTION_STATUS WHERE RESOURCE_ID = 'octo/hello-world'`).Scan(&schedule); err != nil || schedule != "30 MINUTES" {
		t.Fatalf("the refused enable changed the schedule to %q (%v)", schedule, err)
	}
	if err := gh.DeleteIssue("octo", "hello-world", 7); err != nil {
		t.Fatal(err)
	}
	gh.ResetStats()
	mustExec(t, db, `CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"resync_trigger":"b"}'))`)
	srv.WaitForTasks()
	var mode, state string
	var deleted sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MODE, STATE, ISSUES_DELETED FROM GH_APP.PUBLIC.RUN_HISTORY ORDER BY STARTED_AT DESC LIMIT 1`).Scan(&mode, &state, &deleted); err != nil {
		t.Fatal(err)
	}
	if mode != "FULL_REFRESH" || state != "SUCCEEDED" || deleted.Int64 != 1 {
		t.Fatalf("the run after a new resync_trigger: %s %s, %v deleted", mode, state, deleted)
	}
	// 2 keyset pages from the start, 2 listing pages, 1 GET of the deleted issue.
	if st := gh.Stats(); st.Requests != 5 {
		t.Fatalf("full refresh with reconciliation made %d requests, want 5", st.Requests)
	}
	var removal string
	if err := db.QueryRowContext(ctx, `SELECT REMOVAL FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES_ALL WHERE NUMBER = 7`).Scan(&removal); err != nil || removal != "DELETED" {
		t.Fatalf("deleted issue marked %q (%v)", removal, err)
	}
	var pending bool
	if err := db.QueryRowContext(ctx, `SELECT FULL_REFRESH_PENDING FROM GH_APP.PUBLIC.INGESTION_STATUS`).Scan(&pending); err != nil || pending {
		t.Fatalf("full refresh still pending after it completed: %v %v", pending, err)
	}
}

// The scenario of issue 11: a repository of 900 issues is enabled, and five
// issues of the first page are edited on GitHub while the first run reads
// page 2. Offset paging lost five issues for good; keyset paging ends with
// the view equal to GitHub, every issue once, latest version.
func TestEditsDuringTheFirstRunLoseNothing(t *testing.T) {
	const token = "ghp_nine_hundred"
	gh := githubRepo(t, ghemu.Options{}, token, 900, 0)
	srv, db := emulatorDB(t)
	title := "edited while page 2 was read"
	gh.Plan(2, "/issues", func() {
		for n := 1; n <= 5; n++ {
			_ = gh.UpdateIssue("octo", "hello-world", n, ghemu.IssueChange{Title: &title})
		}
	})
	installConnector(t, db, gh, token, `{"schedule":"30 MINUTES"}`) // enabling starts the first run
	srv.WaitForTasks()
	if state, errText, _ := lastRun(t, db); state != "SUCCEEDED" {
		t.Fatalf("first run: %s %s", state, errText)
	}
	expectGroundTruth(t, db, gh)
	var edited int
	if err := db.QueryRow(`SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES WHERE TITLE = ?`, title).Scan(&edited); err != nil || edited != 5 {
		t.Fatalf("%d edited issues in the view (%v), want 5", edited, err)
	}
}
