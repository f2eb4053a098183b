package connector

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
)

// streamRun is the last RUN_HISTORY row of one stream.
func streamRun(t *testing.T, db *sql.DB, stream string) (state, mode string, requests, deleted, transferred int) {
	t.Helper()
	var d, tr sql.NullInt64
	if err := db.QueryRow(`SELECT STATE, MODE, REQUESTS, ISSUES_DELETED, ISSUES_TRANSFERRED FROM GH_APP.PUBLIC.RUN_HISTORY
		WHERE STREAM = ? ORDER BY STARTED_AT DESC LIMIT 1`, stream).Scan(&state, &mode, &requests, &d, &tr); err != nil {
		t.Fatalf("last %s run: %v", stream, err)
	}
	return state, mode, requests, int(d.Int64), int(tr.Int64)
}

func countOf(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// The comments stream through the Native App's task: both streams in one
// run with their own run rows; the comments view in its columns joins the
// issues view; a quiet run costs one free 304 per stream; edits, new
// comments, deletions and a transferred issue's comments are reconciled;
// removing the stream keeps or drops its table, adding it back goes on
// from its cursor.
func TestCommentsStreamThroughTheTask(t *testing.T) {
	const token = "ghp_comments"
	gh := githubRepo(t, ghemu.Options{}, token, 120, 10)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	srv, db := emulatorDB(t)
	installConnector(t, db, gh, token, `{"schedule":"30 MINUTES","streams":["comments","issues"]}`)
	srv.WaitForTasks()
	const view = `GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_COMMENTS`
	truth := gh.CommentSnapshot("octo", "hello-world", gh.URL())
	if len(truth.Live) < 300 {
		t.Fatalf("the seeded repository has %d comments; the test needs more than a page", len(truth.Live))
	}
	for _, stream := range []string{"issues", "comments"} {
		if state, mode, _, _, _ := streamRun(t, db, stream); state != "SUCCEEDED" || mode != "BACKFILL" {
			t.Fatalf("first %s run: %s %s", stream, state, mode)
		}
	}
	if got := countOf(t, db, `SELECT COUNT(*) FROM `+view); got != len(truth.Live) {
		t.Fatalf("%d comments in the view, GitHub has %d", got, len(truth.Live))
	}
	checkOneComment(t, db, view, truth)
	// ISSUE_NUMBER joins the issues view: each issue's comment count.
	if bad := countOf(t, db, `SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES i
		LEFT JOIN (SELECT ISSUE_NUMBER, COUNT(*) AS N FROM `+view+` GROUP BY ISSUE_NUMBER) c ON c.ISSUE_NUMBER = i.NUMBER
		WHERE COALESCE(c.N, 0) <> i.COMMENTS`); bad != 0 {
		t.Fatalf("%d issues whose COMMENTS differs from their comments in the comments view", bad)
	}

	// Quiet runs: one request per stream (the first since the backfill
	// reads the lookback window and keeps its ETag), then one free 304 each.
	for want304 := 0; want304 <= 2; want304 += 2 {
		gh.ResetStats()
		mustExec(t, db, `EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`)
		srv.WaitForTasks()
		if st := gh.Stats(); st.Requests != 2 || st.NotModified != want304 {
			t.Fatalf("a quiet run of two streams: %+v, want 2 requests, %d of them 304", st, want304)
		}
	}
	for _, stream := range []string{"issues", "comments"} {
		if state, mode, requests, _, _ := streamRun(t, db, stream); state != "NOT_MODIFIED" || mode != "INCREMENTAL" || requests != 1 {
			t.Fatalf("quiet %s run: %s %s %d requests", stream, state, mode, requests)
		}
	}

	// Churn: an edit, a new comment, a deletion, and an issue with comments
	// transferred away (its comments go with it).
	time.Sleep(1100 * time.Millisecond)
	edited, removed, transferNumber, onTransferred := commentsToChurn(t, gh, truth)
	if err := gh.UpdateComment("octo", "hello-world", edited, "edited on GitHub"); err != nil {
		t.Fatal(err)
	}
	added, err := gh.CreateComment("octo", "hello-world", 3, "hubot", "a new comment")
	if err != nil {
		t.Fatal(err)
	}
	if err := gh.DeleteComment("octo", "hello-world", removed); err != nil {
		t.Fatal(err)
	}
	if _, err := gh.TransferIssue("octo", "hello-world", transferNumber, "octo", "elsewhere"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `CALL GH_APP.PUBLIC.RECONCILE_RESOURCE('octo/hello-world')`) // starts the run
	srv.WaitForTasks()
	state, _, _, deleted, transferred := streamRun(t, db, "comments")
	if state != "SUCCEEDED" || deleted != 1 || transferred != len(onTransferred) {
		t.Fatalf("reconciling comments run: %s, %d deleted, %d transferred (want 1, %d)", state, deleted, transferred, len(onTransferred))
	}
	var text string
	if err := db.QueryRow(`SELECT BODY FROM `+view+` WHERE COMMENT_ID = ?`, edited).Scan(&text); err != nil || text != "edited on GitHub" {
		t.Fatalf("edited comment: %q %v", text, err)
	}
	if got := countOf(t, db, `SELECT COUNT(*) FROM `+view+` WHERE COMMENT_ID = ? AND ISSUE_NUMBER = 3 AND AUTHOR = 'hubot'`, added); got != 1 {
		t.Fatal("the new comment is not in the view")
	}
	var removal string
	var to sql.NullString
	if err := db.QueryRow(`SELECT REMOVAL, TRANSFERRED_TO FROM `+view+`_ALL WHERE COMMENT_ID = ?`, removed).Scan(&removal, &to); err != nil || removal != "DELETED" || to.Valid {
		t.Fatalf("deleted comment marked %q %v (%v)", removal, to, err)
	}
	var issueTo string
	if err := db.QueryRow(`SELECT TRANSFERRED_TO FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES_ALL WHERE NUMBER = ?`, transferNumber).Scan(&issueTo); err != nil || !strings.Contains(issueTo, "octo/elsewhere/issues/") {
		t.Fatalf("transferred issue marked to %q (%v)", issueTo, err)
	}
	if got := countOf(t, db, `SELECT COUNT(*) FROM `+view+`_ALL WHERE ISSUE_NUMBER = ? AND REMOVAL = 'TRANSFERRED' AND TRANSFERRED_TO = ?`, transferNumber, issueTo); got != len(onTransferred) {
		t.Fatalf("%d of the transferred issue's %d comments marked as moved with it to %s", got, len(onTransferred), issueTo)
	}
	now := gh.CommentSnapshot("octo", "hello-world", gh.URL())
	if got := countOf(t, db, `SELECT COUNT(*) FROM `+view); got != len(now.Live) {
		t.Fatalf("%d comments in the view after churn, GitHub has %d", got, len(now.Live))
	}

	checkStreamRemovedAndAddedBack(t, srv, db, gh, view, len(now.Live))
	// Bad streams are refused naming the option, and change nothing.
	for bad, msg := range map[string]string{`["comments"]`: "stream comments needs issues", `["issues","reviews"]`: "stream reviews needs pull_requests",
		`"comments"`: "streams must be a list"} {
		_, err := db.Exec(`CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"streams":` + bad + `}'))`)
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Fatalf("streams %s: %v, want %q", bad, err, msg)
		}
	}
	if got := countOf(t, db, `SELECT COUNT(*) FROM GH_APP.PUBLIC.STREAM_STATUS WHERE RESOURCE_ID = 'octo/hello-world'`); got != 1 {
		t.Fatal("a refused update changed the streams")
	}
}

func issueNumber(comment map[string]any) int {
	url, _ := comment["issue_url"].(string)
	n := 0
	for _, c := range url[strings.LastIndex(url, "/")+1:] {
		n = n*10 + int(c-'0')
	}
	return n
}

// checkOneComment checks every column of one comment in the view against
// GitHub's document.
func checkOneComment(t *testing.T, db *sql.DB, view string, truth ghemu.Snapshot) {
	t.Helper()
	ctx := context.Background()
	var id int64
	for k := range truth.Live {
		if id == 0 || k < id {
			id = k
		}
	}
	want := truth.Live[id]
	var number int
	var author, association, body, created, updated, reactions, htmlURL string
	if err := db.QueryRowContext(ctx, `SELECT ISSUE_NUMBER, AUTHOR, AUTHOR_ASSOCIATION, BODY, TO_VARCHAR(CREATED_AT), TO_VARCHAR(UPDATED_AT),
		REACTIONS, HTML_URL FROM `+view+` WHERE COMMENT_ID = ?`, id).Scan(&number, &author, &association, &body, &created, &updated, &reactions, &htmlURL); err != nil {
		t.Fatal(err)
	}
	var reactionDoc map[string]any
	_ = json.Unmarshal([]byte(reactions), &reactionDoc)
	user, _ := want["user"].(map[string]any)
	issueURL, _ := want["issue_url"].(string)
	createdAt, _ := want["created_at"].(string)
	if !strings.HasSuffix(issueURL, "/"+strconv.Itoa(number)) || author != user["login"] || association != want["author_association"] ||
		body != want["body"] || htmlURL != want["html_url"] || reactionDoc["total_count"] != float64(0) ||
		len(created) < 19 || !strings.HasPrefix(strings.Replace(createdAt, "T", " ", 1), created[:19]) {
		t.Fatalf("comment %d in the view: #%d %s %s %q %s %s %s %s; GitHub: %v", id, number, author, association, body, created, updated, reactions, htmlURL, want)
	}
}

// commentsToChurn picks an early comment to edit, one to delete, and the
// issue with the most comments to transfer (never a pull request: GitHub
// transfers none), with its comments.
func commentsToChurn(t *testing.T, gh *ghemu.Server, truth ghemu.Snapshot) (edited, removed int64, transferNumber int, onTransferred []int64) {
	t.Helper()
	perIssue := map[int]int{}
	isPull := func(n int) bool { is, _ := gh.Issue("octo", "hello-world", n); return is.PullRequest }
	for k, doc := range truth.Live {
		n := issueNumber(doc)
		// The issue with the most comments, never a pull request (GitHub
		// transfers none); ties go to the lower number, whatever the
		// map's order.
		if perIssue[n]++; n > 20 && !isPull(n) && (perIssue[n] > perIssue[transferNumber] ||
			perIssue[n] == perIssue[transferNumber] && n < transferNumber) {
			transferNumber = n
		}
		switch {
		case n < 10 && (edited == 0 || k < edited):
			edited = k
		case n >= 10 && n < 20 && (removed == 0 || k < removed):
			removed = k
		}
	}
	for k, doc := range truth.Live {
		if issueNumber(doc) == transferNumber {
			onTransferred = append(onTransferred, k)
		}
	}
	if edited == 0 || removed == 0 || len(onTransferred) < 3 {
		t.Fatalf("no comments to churn: %d %d %v", edited, removed, onTransferred)
	}
	return edited, removed, transferNumber, onTransferred
}

// checkStreamRemovedAndAddedBack: removing the comments stream keeps its
// table and cursor and a run reads issues only; added back, it goes on
// from its cursor; removed with drop_removed_streams, its objects go.
func checkStreamRemovedAndAddedBack(t *testing.T, srv *sfemu.Server, db *sql.DB, gh *ghemu.Server, view string, live int) {
	t.Helper()
	mustExec(t, db, `CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"streams":["issues"]}'))`)
	if got := countOf(t, db, `SELECT COUNT(*) FROM GH_APP.PUBLIC.STREAM_STATUS WHERE STREAM = 'comments' AND NOT ENABLED`); got != 1 {
		t.Fatal("the removed comments stream is not shown disabled")
	}
	if got := countOf(t, db, `SELECT COUNT(*) FROM `+view); got != live {
		t.Fatal("removing the stream without dropping lost its data")
	}
	runsBefore := countOf(t, db, `SELECT COUNT(*) FROM GH_APP.PUBLIC.RUN_HISTORY WHERE STREAM = 'comments'`)
	mustExec(t, db, `EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`)
	srv.WaitForTasks()
	if got := countOf(t, db, `SELECT COUNT(*) FROM GH_APP.PUBLIC.RUN_HISTORY WHERE STREAM = 'comments'`); got != runsBefore {
		t.Fatal("a removed stream was still ingested")
	}
	// Added back, it goes on from its cursor: incremental, one request.
	if _, err := gh.CreateComment("octo", "hello-world", 5, "", "while the stream was off"); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"streams":["issues","comments"]}'))`)
	gh.ResetStats()
	mustExec(t, db, `EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`)
	srv.WaitForTasks()
	if state, mode, requests, _, _ := streamRun(t, db, "comments"); state != "SUCCEEDED" || mode != "INCREMENTAL" || requests != 1 {
		t.Fatalf("the stream added back: %s %s %d requests, want an incremental run of one request", state, mode, requests)
	}
	if got := countOf(t, db, `SELECT COUNT(*) FROM `+view+` WHERE BODY = 'while the stream was off'`); got != 1 {
		t.Fatal("the comment made while the stream was off is missing")
	}
	// Removed with drop_removed_streams: the table, views and state go.
	mustExec(t, db, `CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"streams":["issues"],"drop_removed_streams":true}'))`)
	if _, err := db.Exec(`SELECT COUNT(*) FROM ` + view); err == nil {
		t.Fatal("the comments view survived drop_removed_streams")
	}
	if got := countOf(t, db, `SELECT COUNT(*) FROM GH_APP.PUBLIC.STREAM_STATUS WHERE RESOURCE_ID = 'octo/hello-world'`); got != 1 {
		t.Fatalf("%d stream rows after dropping comments, want issues only", got)
	}
}
