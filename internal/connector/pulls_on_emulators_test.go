package connector

import (
	"strings"
	"testing"
	"time"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// All five streams through the Native App's task: pull requests with their
// detail-only fields, reviews and review comments in their views, joined
// to the issues; what each run costs in requests per stream (a quiet run:
// one free 304 per listing stream, nothing for the streams read from the
// issues that changed; a run after changes: one GET per changed pull
// request); a dismissal, which does not move the pull request, arrives at
// the reviews' reconciliation; and the time-to-review and time-to-merge
// questions answered from the views.
func TestPullRequestStreamsThroughTheTask(t *testing.T) {
	const token = "ghp_pulls"
	gh := githubRepo(t, ghemu.Options{}, token, 60, 24)
	srv, db := emulatorDB(t)
	all := `{"schedule":"30 MINUTES","streams":["issues","comments","pull_requests","reviews","review_comments"]}`
	installConnector(t, db, gh, token, all)
	srv.WaitForTasks()
	const prefix = `GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_`
	for _, stream := range []string{"issues", "comments", "pull_requests", "reviews", "review_comments"} {
		if state, mode, _, _, _ := streamRun(t, db, stream); state != "SUCCEEDED" || mode != "BACKFILL" {
			t.Fatalf("first %s run: %s %s", stream, state, mode)
		}
	}
	base := gh.URL() + "api/v3/"
	pulls, reviews, comments := gh.PullSnapshot("octo", "hello-world", base), gh.ReviewSnapshot("octo", "hello-world", base),
		gh.ReviewCommentSnapshot("octo", "hello-world", base)
	for view, want := range map[string]int{"PULL_REQUESTS": len(pulls.Live), "REVIEWS": len(reviews.Live), "REVIEW_COMMENTS": len(comments.Live)} {
		if got := countOf(t, db, `SELECT COUNT(*) FROM `+prefix+view); got != want || want == 0 {
			t.Fatalf("%s: %d rows, GitHub has %d", view, got, want)
		}
	}
	if _, _, requests, _, _ := streamRun(t, db, "pull_requests"); requests != 24 {
		t.Fatalf("the first pull request run made %d requests, want one per pull request (24)", requests)
	}
	// Detail-only fields, and the joins the views promise.
	for _, doc := range pulls.Live {
		n := int(field[float64](doc, "number"))
		var merged bool
		var additions, commits int
		var head, base string
		if err := db.QueryRow(`SELECT MERGED, ADDITIONS, COMMITS, HEAD_SHA, BASE_REF FROM `+prefix+`PULL_REQUESTS WHERE NUMBER = ?`, n).
			Scan(&merged, &additions, &commits, &head, &base); err != nil {
			t.Fatal(err)
		}
		if merged != field[bool](doc, "merged") || additions != int(field[float64](doc, "additions")) || commits != int(field[float64](doc, "commits")) ||
			head != field[string](field[map[string]any](doc, "head"), "sha") || base != "main" {
			t.Fatalf("pull request #%d: merged %v additions %d commits %d head %s base %s; GitHub: %v %v %v", n, merged, additions, commits,
				head, base, doc["merged"], doc["additions"], doc["commits"])
		}
	}
	joined := countOf(t, db, `SELECT COUNT(*) FROM `+prefix+`REVIEWS r JOIN `+prefix+`PULL_REQUESTS p ON p.NUMBER = r.PULL_REQUEST_NUMBER
		JOIN `+prefix+`ISSUES i ON i.NUMBER = p.NUMBER WHERE i.IS_PULL_REQUEST`)
	if joined != len(reviews.Live) {
		t.Fatalf("%d reviews join their pull request and issue, want %d", joined, len(reviews.Live))
	}
	if n := countOf(t, db, `SELECT COUNT(*) FROM `+prefix+`REVIEW_COMMENTS c JOIN `+prefix+`REVIEWS r ON r.REVIEW_ID = c.REVIEW_ID`); n != len(comments.Live) {
		t.Fatalf("%d review comments join their review, want %d", n, len(comments.Live))
	}

	// GitHub's clock is frozen so the test decides when a change's second
	// has closed (ingest.py: a pull request fetched within the second of
	// its change is fetched again).
	now := time.Now().UTC().Truncate(time.Second).Add(time.Hour)
	gh.FreezeClock(now)
	run := func() map[string]int {
		t.Helper()
		gh.AdvanceClock(2 * time.Second)
		gh.ResetStats()
		mustExec(t, db, `EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`)
		srv.WaitForTasks()
		out := map[string]int{"total": gh.Stats().Requests}
		for _, stream := range []string{"issues", "comments", "pull_requests", "reviews", "review_comments"} {
			state, _, requests, _, _ := streamRun(t, db, stream)
			if state != "SUCCEEDED" && state != "NOT_MODIFIED" {
				t.Fatalf("%s run: %s", stream, state)
			}
			out[stream] = requests
		}
		return out
	}
	// The second run stores the ETag of the incremental listing URL (the
	// backfill's had no since); from the third on, quiet runs are 304s.
	if got := run(); got["pull_requests"] != 0 || got["reviews"] != 0 {
		t.Fatalf("nothing changed, yet pull requests were read: %v", got)
	}
	quiet := map[string]int{"total": 3, "issues": 1, "comments": 1, "pull_requests": 0, "reviews": 0, "review_comments": 1}
	if got := run(); !sameCounts(got, quiet) {
		t.Fatalf("a quiet run: %v, want %v", got, quiet)
	}
	if st := gh.Stats(); st.NotModified != 3 {
		t.Fatalf("a quiet run's listings must all be 304s: %+v", st)
	}

	// Changes to three open pull requests: a push, a review, a merge.
	var open []int
	for _, doc := range pulls.Live {
		if doc["state"] == "open" && !field[bool](doc, "draft") {
			open = append(open, int(field[float64](doc, "number")))
		}
	}
	if len(open) < 3 {
		t.Fatalf("%d open pull requests", len(open))
	}
	if err := gh.UpdatePullRequest("octo", "hello-world", open[0], ghemu.PullChange{Push: true}); err != nil {
		t.Fatal(err)
	}
	reviewID, err := gh.SubmitReview("octo", "hello-world", open[1], "mojombo", "APPROVED", "LGTM")
	if err != nil {
		t.Fatal(err)
	}
	if err := gh.MergePullRequest("octo", "hello-world", open[2], "hubot"); err != nil {
		t.Fatal(err)
	}
	got := run()
	if got["pull_requests"] != 3 || got["reviews"] != 3 || got["issues"] != 1 {
		t.Fatalf("after three changed pull requests: %v, want 3 pull request and 3 review requests", got)
	}
	var mergedBy string
	if err := db.QueryRow(`SELECT MERGED_BY FROM `+prefix+`PULL_REQUESTS WHERE NUMBER = ? AND MERGED`, open[2]).Scan(&mergedBy); err != nil || mergedBy != "hubot" {
		t.Fatalf("the merge: %q %v", mergedBy, err)
	}
	var state string
	if err := db.QueryRow(`SELECT STATE FROM `+prefix+`REVIEWS WHERE REVIEW_ID = ?`, reviewID).Scan(&state); err != nil || state != "APPROVED" {
		t.Fatalf("the new review: %q %v", state, err)
	}
	if got := run(); !sameCounts(got, quiet) {
		t.Fatalf("quiet again after the changes: %v, want %v", got, quiet)
	}

	// A dismissal leaves the pull request's updated_at: no run sees it
	// until the reviews' reconciliation reads every pull request's reviews.
	if err := gh.DismissReview("octo", "hello-world", open[1], reviewID); err != nil {
		t.Fatal(err)
	}
	run()
	if err := db.QueryRow(`SELECT STATE FROM `+prefix+`REVIEWS WHERE REVIEW_ID = ?`, reviewID).Scan(&state); err != nil || state != "APPROVED" {
		t.Fatalf("before reconciliation: %q %v", state, err)
	}
	mustExec(t, db, `CALL GH_APP.PUBLIC.RECONCILE_RESOURCE('octo/hello-world')`)
	srv.WaitForTasks()
	if err := db.QueryRow(`SELECT STATE FROM `+prefix+`REVIEWS WHERE REVIEW_ID = ?`, reviewID).Scan(&state); err != nil || state != "DISMISSED" {
		t.Fatalf("after reconciliation: %q %v", state, err)
	}
	if n := countOf(t, db, `SELECT COUNT(*) FROM `+prefix+`REVIEWS`); n != len(gh.ReviewSnapshot("octo", "hello-world", base).Live) {
		t.Fatalf("%d reviews after the reconciliation: a dismissal must update, never duplicate", n)
	}

	// The questions: hours to first review and to merge, per repository.
	var firstReview, toMerge float64
	if err := db.QueryRow(pullRequestMedians(prefix)).Scan(&firstReview, &toMerge); err != nil || firstReview <= 0 || toMerge <= 0 {
		t.Fatalf("medians: %v %v %v", firstReview, toMerge, err)
	}
}

// pullRequestMedians is the demo's question over a repository's views:
// median hours from opening to the first review, and to the merge.
func pullRequestMedians(prefix string) string {
	return strings.NewReplacer("P_", prefix).Replace(`
SELECT
  MEDIAN(DATEDIFF('minute', p.CREATED_AT, r.FIRST_REVIEW) / 60) AS HOURS_TO_FIRST_REVIEW,
  MEDIAN(IFF(p.MERGED, DATEDIFF('minute', p.CREATED_AT, p.MERGED_AT) / 60, NULL)) AS HOURS_TO_MERGE
FROM P_PULL_REQUESTS p
LEFT JOIN (SELECT PULL_REQUEST_NUMBER, MIN(SUBMITTED_AT) AS FIRST_REVIEW FROM P_REVIEWS GROUP BY PULL_REQUEST_NUMBER) r
  ON r.PULL_REQUEST_NUMBER = p.NUMBER`)
}

func sameCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// field is doc[key] as a T, its zero value when it is not one.
func field[T any](doc map[string]any, key string) T {
	v, _ := doc[key].(T)
	return v
}
