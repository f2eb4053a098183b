package connector

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"slices"
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
	// checkpoints, and the rest (reading configuration and state, the run
	// record, the start of the reconciliation period)
	merges, checkpoints, perRun int
}

func newBenchStack(b *testing.B) *benchStack {
	return newBenchStackWith(b, benchIssues, `{"schedule":"30 MINUTES","paused":true}`)
}

func newBenchStackWith(b *testing.B, issues int, options string) *benchStack {
	b.Helper()
	gh := githubRepo(b, ghemu.Options{MaxPage: 1000}, "ghp_bench", issues, 0)
	sf, db := emulatorDB(b)
	exec := func(q string) { mustExec(b, db, q) }
	installConnector(b, db, gh, "ghp_bench", options)
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
		case r.Type == "UPDATE" && strings.Contains(r.Text, `"STATE"."STREAM_STATE" SET CURSOR_UPDATED_AT`):
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
	if err := s.db.QueryRow(`SELECT ROWS_MERGED FROM GH_APP.PUBLIC.RUN_HISTORY WHERE STREAM = 'issues' ORDER BY STARTED_AT DESC LIMIT 1`).Scan(&rows); err != nil {
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
		var pages float64
		if err := s.db.QueryRow(`SELECT PAGES FROM GH_APP.PUBLIC.RUN_HISTORY ORDER BY STARTED_AT DESC LIMIT 1`).Scan(&pages); err != nil {
			b.Fatal(err)
		}
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

// BenchmarkCommentsStreamRun: GitHub requests per scheduled run of a
// repository with 20,000 comments (6,667 issues, as seeded), both streams,
// with nothing changed and with 50 comments edited since the last run.
func BenchmarkCommentsStreamRun(b *testing.B) {
	s := newBenchStackWith(b, 6667, `{"schedule":"30 MINUTES","paused":true,"streams":["issues","comments"]}`)
	comments := s.gh.CommentSnapshot("octo", "hello-world", s.gh.URL()).Live
	for n := len(comments); n < 20000; n++ { // the seeded ones, topped up to 20,000
		if _, err := s.gh.CreateComment("octo", "hello-world", 1+n%6667, "", "top-up"); err != nil {
			b.Fatal(err)
		}
	}
	comments = s.gh.CommentSnapshot("octo", "hello-world", s.gh.URL()).Live
	ids := make([]int64, 0, len(comments))
	for id := range comments {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	perStream := func(stream string) (requests, rows int) {
		if err := s.db.QueryRow(`SELECT REQUESTS, ROWS_MERGED FROM GH_APP.PUBLIC.RUN_HISTORY WHERE STREAM = ? ORDER BY STARTED_AT DESC LIMIT 1`,
			stream).Scan(&requests, &rows); err != nil {
			b.Fatal(err)
		}
		return requests, rows
	}
	for _, changed := range []int{0, 50} {
		b.Run("changed="+strconv.Itoa(changed), func(b *testing.B) {
			s.run(b) // settle: the first run after a change re-reads the lookback window once
			s.run(b)
			var total, commentRequests, commentRows int
			for b.Loop() {
				b.StopTimer()
				for i := range changed {
					if err := s.gh.UpdateComment("octo", "hello-world", ids[(i*397)%len(ids)], "edited "+time.Now().Format(time.RFC3339Nano)); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				s.run(b)
				total += s.gh.Stats().Requests // both streams
				cr, rows := perStream("comments")
				commentRequests += cr
				commentRows += rows
			}
			b.ReportMetric(float64(len(ids)), "comments")
			b.ReportMetric(float64(total)/float64(b.N), "requests/run")
			b.ReportMetric(float64(commentRequests)/float64(b.N), "comment-requests/run")
			b.ReportMetric(float64(commentRows)/float64(b.N), "comment-rows/run")
		})
	}
}

// BenchmarkPullRequestStreamsRun: GitHub requests per scheduled run, per
// stream, of a repository with 5,000 pull requests and 20,000 reviews (and
// as many issues), all five streams, with nothing changed and with 50 pull
// requests changed (pushed to or reviewed) since the last run.
func BenchmarkPullRequestStreamsRun(b *testing.B) {
	all := `{"schedule":"30 MINUTES","paused":true,"streams":["issues","comments","pull_requests","reviews","review_comments"]}`
	gh := githubRepo(b, ghemu.Options{MaxPage: 1000, RateLimit: 10_000_000}, "ghp_bench", 5000, 5000)
	open := []int{}
	reviews := len(gh.ReviewSnapshot("octo", "hello-world", gh.URL()).Live)
	for _, doc := range gh.PullSnapshot("octo", "hello-world", gh.URL()).Live {
		if doc["state"] == "open" {
			open = append(open, int(field[float64](doc, "number")))
		}
	}
	slices.Sort(open)
	// The seeded reviews, topped up to 20,000 over an afternoon; then a
	// quiet while and one edit, so that the issues stream's lookback
	// window (5 minutes before its cursor) holds one change, as a
	// repository's usually does.
	gh.FreezeClock(time.Now().UTC().Truncate(time.Second).Add(-6 * time.Hour))
	for i := 0; reviews < 20000; i++ {
		if i%20 == 0 {
			gh.AdvanceClock(time.Second)
		}
		if _, err := gh.SubmitReview("octo", "hello-world", open[i%len(open)], "monalisa", "COMMENTED", "top-up"); err != nil {
			b.Fatal(err)
		}
		reviews++
	}
	gh.AdvanceClock(time.Hour)
	title := "the last change before the backfill"
	if err := gh.UpdateIssue("octo", "hello-world", 1, ghemu.IssueChange{Title: &title}); err != nil {
		b.Fatal(err)
	}
	sf, db := emulatorDB(b)
	_ = sf
	installConnector(b, db, gh, "ghp_bench", all)
	gh.FreezeClock(time.Now().UTC().Truncate(time.Second).Add(time.Hour))
	run := func() map[string]int {
		gh.AdvanceClock(2 * time.Second) // the changes' second has closed on GitHub
		gh.ResetStats()
		if _, err := db.ExecContext(context.Background(), `CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`); err != nil {
			b.Fatal(err)
		}
		out := map[string]int{"total": gh.Stats().Requests}
		for _, stream := range []string{"issues", "pull_requests", "reviews", "review_comments"} {
			var requests int
			if err := db.QueryRow(`SELECT REQUESTS FROM GH_APP.PUBLIC.RUN_HISTORY WHERE STREAM = ? ORDER BY STARTED_AT DESC LIMIT 1`, stream).Scan(&requests); err != nil {
				b.Fatal(err)
			}
			out[stream] = requests
		}
		return out
	}
	start := time.Now()
	backfill := run()
	b.ReportMetric(float64(backfill["pull_requests"]), "backfill-pull-requests-requests")
	b.Logf("backfill of all five streams: %v, %v requests", time.Since(start), backfill)
	for _, changed := range []int{0, 50} {
		b.Run("changed="+strconv.Itoa(changed), func(b *testing.B) {
			run() // settle: the first run after a change re-reads the lookback window once
			run()
			sums := map[string]int{}
			for b.Loop() {
				b.StopTimer()
				for i := range changed {
					n := open[(i*397)%len(open)]
					var err error
					if i%2 == 0 {
						err = gh.UpdatePullRequest("octo", "hello-world", n, ghemu.PullChange{Push: true})
					} else {
						_, err = gh.SubmitReview("octo", "hello-world", n, "defunkt", "APPROVED", "ok")
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				for k, v := range run() {
					sums[k] += v
				}
			}
			b.ReportMetric(float64(reviews), "reviews")
			for _, k := range []string{"total", "issues", "pull_requests", "reviews", "review_comments"} {
				b.ReportMetric(float64(sums[k])/float64(b.N), strings.ReplaceAll(k, "_", "-")+"-requests/run")
			}
		})
	}
}

// referenceSync is the reference connector's algorithm (Snowflake's example
// GitHub connector): GET …/issues with no query string, so GitHub's
// defaults apply (state=open, 30 per page, newest first), following Link
// next to the end on every run and upserting by id; rows are never removed.
func referenceSync(b *testing.B, gh *ghemu.Server, token string, rows map[float64]map[string]any) (requests int) {
	url := gh.URL() + "repos/octo/hello-world/issues"
	for url != "" {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var page []map[string]any
		err = json.NewDecoder(resp.Body).Decode(&page)
		_ = resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("reference sync: HTTP %d %v", resp.StatusCode, err)
		}
		requests++
		for _, is := range page {
			id, _ := is["id"].(float64)
			rows[id] = is
		}
		url = ""
		for _, link := range strings.Split(resp.Header.Get("Link"), ",") {
			if strings.Contains(link, `rel="next"`) {
				url = strings.Trim(strings.TrimSpace(strings.Split(link, ";")[0]), "<>")
			}
		}
	}
	return requests
}

// wrongIssues counts the issues a copy gets wrong against GitHub: listed
// issues missing or with another state or title, and issues shown that
// GitHub no longer lists (deleted or transferred).
func wrongIssues(snap ghemu.Snapshot, stateTitle map[int64][2]string) (wrong, closedLeftOpen int) {
	for id, doc := range snap.Live {
		got, ok := stateTitle[id]
		switch {
		case !ok:
			wrong++
		case got[0] != doc["state"]:
			wrong++
			if doc["state"] == "closed" {
				closedLeftOpen++
			}
		case got[1] != doc["title"]:
			wrong++
		}
	}
	for id := range stateTitle {
		if _, ok := snap.Live[id]; !ok {
			wrong++
		}
	}
	return wrong, closedLeftOpen
}

// BenchmarkReferenceBaseline: on the same 20,000-issue repository, a day of
// changes (50 closed, 50 edited, 10 opened, 5 deleted, 5 transferred) and
// one run of each: the reference connector's full refetch of open issues
// against this connector's incremental run, then a reconciliation.
func BenchmarkReferenceBaseline(b *testing.B) {
	for b.Loop() {
		s := newBenchStack(b)
		if err := s.gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "elsewhere"}); err != nil {
			b.Fatal(err)
		}
		reference := map[float64]map[string]any{}
		referenceSync(b, s.gh, "ghp_bench", reference)
		closed, title := "closed", "edited"
		for i := range 50 {
			_ = s.gh.UpdateIssue("octo", "hello-world", 2+i*311, ghemu.IssueChange{State: &closed})
			_ = s.gh.UpdateIssue("octo", "hello-world", 5+i*353, ghemu.IssueChange{Title: &title})
		}
		for range 10 {
			_, _ = s.gh.CreateIssue("octo", "hello-world", ghemu.IssueChange{Title: &title})
		}
		for i := range 5 {
			_ = s.gh.DeleteIssue("octo", "hello-world", 9+i*1009)
			_, _ = s.gh.TransferIssue("octo", "hello-world", 13+i*1013, "octo", "elsewhere")
		}
		s.gh.ResetStats()
		refRequests := referenceSync(b, s.gh, "ghp_bench", reference)
		ours, _ := s.run(b)
		snap := s.gh.Snapshot("octo", "hello-world", s.gh.URL())
		refRows := map[int64][2]string{}
		for id, is := range reference {
			state, _ := is["state"].(string)
			title, _ := is["title"].(string)
			refRows[int64(id)] = [2]string{state, title}
		}
		refWrong, refClosedOpen := wrongIssues(snap, refRows)
		ourWrong, ourClosedOpen := wrongIssues(snap, s.viewRows(b))
		mustExec(b, s.db, `CALL GH_APP.PUBLIC.RECONCILE_RESOURCE('octo/hello-world')`)
		s.run(b)
		var reconcileRequests int
		if err := s.db.QueryRow(`SELECT RECONCILE_REQUESTS FROM GH_APP.PUBLIC.RUN_HISTORY ORDER BY STARTED_AT DESC LIMIT 1`).Scan(&reconcileRequests); err != nil {
			b.Fatal(err)
		}
		reconciledWrong, _ := wrongIssues(snap, s.viewRows(b))
		b.ReportMetric(float64(refRequests), "reference-requests/run")
		b.ReportMetric(float64(refWrong), "reference-wrong")
		b.ReportMetric(float64(refClosedOpen), "reference-closed-left-open")
		b.ReportMetric(float64(ours), "requests/run")
		b.ReportMetric(float64(ourWrong), "wrong")
		b.ReportMetric(float64(ourClosedOpen), "closed-left-open")
		b.ReportMetric(float64(reconcileRequests), "reconcile-requests")
		b.ReportMetric(float64(reconciledWrong), "wrong-after-reconcile")
	}
}

// viewRows reads state and title of every issue in the view, by id.
func (s *benchStack) viewRows(b *testing.B) map[int64][2]string {
	rows, err := s.db.Query(`SELECT ID, STATE, TITLE FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES`)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	out := map[int64][2]string{}
	for rows.Next() {
		var id int64
		var state, title string
		if err := rows.Scan(&id, &state, &title); err != nil {
			b.Fatal(err)
		}
		out[id] = [2]string{state, title}
	}
	return out
}
