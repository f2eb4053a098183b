package connector

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// churnDriver keeps one python3 process running the connector's ingestion
// (its real urllib transport) against the GitHub emulator, with an
// in-memory store per repository: the Go side sends one JSON command per
// run and reads back the run's outcome and the stored rows.
const churnDriver = `
import json, sys
from connector import ingest, github

class Store(ingest.Store):
    def __init__(self, issues=None, stream="issues"):
        self.rows, self.removed, self.ck, self.last, self.pending = {}, {}, {}, None, False
        self.issues = issues  # the issues store, for the other streams
        self.updated = ingest.STREAMS[stream].updated  # a review has submitted_at only
    def merge_page(self, issues):
        n, u = 0, self.updated
        for i in issues:
            old = self.rows.get(i["id"])
            if old is None or i[u] > old[u] or (i[u] == old[u] and i != old):
                self.rows[i["id"]] = i
                self.removed.pop(i["id"], None)
                n += 1
        return n
    def checkpoint(self, cursor, etag, etag_url):
        self.ck = {"cursor": cursor, "etag": etag, "etag_url": etag_url}
    def record_run(self, result):
        pass
    def _check(self, i):  # not marked, or UNVERIFIED: reconciliation checks it
        return i not in self.removed or self.removed[i][0] == "UNVERIFIED"
    def active_issues(self):
        return {r["number"]: i for i, r in self.rows.items() if self._check(i)}
    def active_children(self):
        def parent(r):
            url = r.get("issue_url") or r.get("pull_request_url")
            return int(url.rsplit("/", 1)[1]) if url else r["number"]
        return {i: parent(r) for i, r in self.rows.items() if self._check(i)}
    def changed_pull_requests(self, after, upto, inclusive):
        key = lambda r: r["updated_at"].replace("T", " ").rstrip("Z")
        rows = [r for r in self.issues.rows.values() if r.get("pull_request") and (after is None or key(r) > after) and
                (upto is None or (key(r) <= upto if inclusive else key(r) < upto))]
        return [(r["number"], r["updated_at"]) for r in sorted(rows, key=lambda r: (r["updated_at"], r["number"]))]
    def unverified(self):
        return {i for i, m in self.removed.items() if m[0] == "UNVERIFIED"}
    def restore(self, item_id):
        if item_id in self.unverified():
            del self.removed[item_id]
    def removed_parents(self):
        return {self.issues.rows[i]["number"]: tuple(m) for i, m in self.issues.removed.items()}
    def mark_removed(self, issue_id, removal, transferred_to):
        if self._check(issue_id) and (issue_id not in self.removed or removal != "UNVERIFIED"):
            self.removed[issue_id] = [removal, transferred_to]
    def reconciled(self, moment):
        self.last = moment
        self.pending = False
    def full_refresh_done(self):
        pass

class Clock(ingest.Clock):
    """Waiting moves GitHub's (frozen) clock on instead of sleeping."""
    def sleep(self, seconds):
        import urllib.request
        body = json.dumps({"advance_seconds": int(seconds + 0.999)}).encode()
        urllib.request.urlopen(urllib.request.Request(api + "_control/clock", data=body, method="POST"), timeout=10).read()

stores, last_issues = {}, {}
api, token = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    cmd = json.loads(line)
    streams = cmd.get("streams") or ["issues"]
    issues = stores.setdefault((cmd["repo"], "issues"), Store())
    mine = {s: stores.setdefault((cmd["repo"], s), Store(issues, s)) for s in streams}
    states = {s: dict(st.ck, last_reconciled_at=st.last, reconcile_pending=cmd.get("reconcile", False)) for s, st in mine.items()}
    def tr(m, u, h, t):
        resp = github.urllib_transport(m, u, h, t)
        if __import__("os").environ.get("CHURN_DEBUG"):
            body = json.loads(resp.body or b"null") if resp.status == 200 else None
            sys.stderr.write("%s %s %s\n" % (resp.status, u, [(i.get("number", i.get("issue_url")), i["updated_at"]) for i in body] if isinstance(body, list) else ""))
        return resp
    # A stream run alone (one command per stream under churn) is bounded
    # by its repository's last issues run, as run_streams bounds it.
    results = ingest.run_streams(mine, tr, Clock(), token, api, cmd["repo"], states, ingest.Settings(cmd["options"]), streams,
                                 bound=last_issues.get(cmd["repo"]))
    if "issues" in results:
        last_issues[cmd["repo"]] = results["issues"]
    out = {"results": {s: r.as_dict() for s, r in results.items()}, "result": results[streams[0]].as_dict(),
           "streams": {s: {"rows": {str(k): v for k, v in st.rows.items()}, "removed": {str(k): v for k, v in st.removed.items()}}
                       for s, st in mine.items()}}
    out.update(out["streams"][streams[0]])
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
`

type runResult struct {
	State     string `json:"state"`
	Error     string `json:"error"`
	Requests  int    `json:"requests"`
	Reconcile *struct {
		Complete bool `json:"complete"`
	} `json:"reconcile"`
}

// churnRun is one run's outcome: the issues stream's result and rows at
// the top, every stream's under Results and Streams.
type churnRun struct {
	Result  runResult                 `json:"result"`
	Results map[string]runResult      `json:"results"`
	Streams map[string]streamRows     `json:"streams"`
	Rows    map[string]map[string]any `json:"rows"`
	Removed map[string][2]*string     `json:"removed"`
}

type streamRows struct {
	Rows    map[string]map[string]any `json:"rows"`
	Removed map[string][2]*string     `json:"removed"`
}

type churnPython struct {
	in  io.WriteCloser
	out *bufio.Reader
	cmd *exec.Cmd
}

func startChurnPython(t *testing.T, gh *ghemu.Server, token string) *churnPython {
	t.Helper()
	cmd := exec.Command("python3", "-c", churnDriver, gh.URL(), token)
	cmd.Dir = "app/python"
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "NO_PROXY=*")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("python3: %v", err)
	}
	p := &churnPython{in: in, out: bufio.NewReaderSize(out, 1<<20), cmd: cmd}
	t.Cleanup(func() { _ = in.Close(); _ = cmd.Wait() })
	return p
}

func (p *churnPython) run(t *testing.T, repo string, options map[string]any, reconcile bool, streams ...string) churnRun {
	t.Helper()
	line, _ := json.Marshal(map[string]any{"repo": repo, "options": options, "reconcile": reconcile, "streams": streams})
	if _, err := p.in.Write(append(line, '\n')); err != nil {
		t.Fatal(err)
	}
	reply, err := p.out.ReadBytes('\n')
	if err != nil {
		t.Fatalf("python driver: %v", err)
	}
	var r churnRun
	if err := json.Unmarshal(reply, &r); err != nil {
		t.Fatalf("python driver: %v: %s", err, reply)
	}
	return r
}

// churnScenario is one generated repository and the mutations and faults
// that hit it while runs are in flight.
type churnScenario struct {
	seed    int64
	rng     *rand.Rand
	gh      *ghemu.Server
	owner   string
	name    string
	perPage int
	// comments: the scenario ingests the comments stream too, and its
	// mutations create, edit and delete comments.
	comments bool
	// pulls: the scenario ingests the pull request streams too, and its
	// mutations push, review, dismiss, merge and comment on diffs.
	pulls bool
}

// mutate plans a random change (or fault) before the k-th GitHub request
// of the next run; many land inside one second, some tie a whole page.
func (sc *churnScenario) mutate(k int) {
	gh, rng, o, n := sc.gh, sc.rng, sc.owner, sc.name
	pick := func(rng *rand.Rand) (int, bool) {
		snap := gh.Snapshot(o, n, gh.URL())
		var numbers []int
		for _, doc := range snap.Live {
			n, _ := doc["number"].(float64)
			numbers = append(numbers, int(n))
		}
		if len(numbers) == 0 {
			return 0, false
		}
		sort.Ints(numbers)
		return numbers[rng.Intn(len(numbers))], true
	}
	pickComment := func(rng *rand.Rand) (int64, bool) {
		var ids []int64
		for id := range gh.CommentSnapshot(o, n, gh.URL()).Live {
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			return 0, false
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		return ids[rng.Intn(len(ids))], true
	}
	kinds := 10
	if sc.comments {
		kinds = 14
	}
	kind := rng.Intn(kinds)
	if sc.pulls && rng.Intn(2) == 0 {
		sc.mutatePull(k)
		return
	}
	if kind == 9 { // a fault instead of a change
		faults := []ghemu.Fault{{Status: 502}, {Reset: true}, {Status: 429, RetryAfter: 3600}, {Status: 500, Count: 6}}
		f := faults[rng.Intn(len(faults))]
		f.After, f.PathContains = k-1, "/issues"
		gh.InjectFault(f)
		return
	}
	// Decided now, applied later: the rng is only used on this goroutine.
	advance := []time.Duration{0, 0, 0, time.Second, time.Minute}[rng.Intn(5)]
	title := fmt.Sprintf("t%d", rng.Intn(100))
	labels := []string{fmt.Sprintf("l%d", rng.Intn(4))}
	tie := 1 + rng.Intn(2*sc.perPage)
	choice := rng.Int63()
	gh.Plan(k, "/issues", func() {
		gh.AdvanceClock(advance)
		local := rand.New(rand.NewSource(choice))
		target := func() (int, bool) { return pick(local) }
		switch kind {
		case 0:
			_, _ = gh.CreateIssue(o, n, ghemu.IssueChange{Title: &title, PullRequest: local.Intn(5) == 0})
		case 1, 2:
			if num, ok := target(); ok {
				_ = gh.UpdateIssue(o, n, num, ghemu.IssueChange{Title: &title})
			}
		case 3:
			if num, ok := target(); ok {
				state := []string{"open", "closed"}[local.Intn(2)]
				_ = gh.UpdateIssue(o, n, num, ghemu.IssueChange{State: &state})
			}
		case 4:
			if num, ok := target(); ok {
				_ = gh.UpdateIssue(o, n, num, ghemu.IssueChange{Labels: labels})
			}
		case 5:
			if num, ok := target(); ok {
				_ = gh.DeleteIssue(o, n, num)
			}
		case 6:
			if num, ok := target(); ok {
				_, _ = gh.TransferIssue(o, n, num, "octo", "elsewhere")
			}
		case 10: // a comment, which also bumps its issue
			if num, ok := target(); ok {
				_, _ = gh.CreateComment(o, n, num, "", title)
			}
		case 11:
			if id, ok := pickComment(local); ok {
				_ = gh.UpdateComment(o, n, id, title)
			}
		case 12:
			if id, ok := pickComment(local); ok {
				_ = gh.DeleteComment(o, n, id)
			}
		default: // a bulk change: many issues (or comments) in one second
			gh.AdvanceClock(time.Second)
			for i := 0; i < tie; i++ {
				if kind == 13 {
					if id, ok := pickComment(local); ok {
						_ = gh.UpdateComment(o, n, id, title+"!")
					}
				} else if num, ok := target(); ok {
					_ = gh.UpdateIssue(o, n, num, ghemu.IssueChange{Labels: labels})
				}
			}
		}
	})
}

// pickPull is an open pull request of the scenario, by the local rng.
func (sc *churnScenario) pickPull(rng *rand.Rand, open bool) (int, bool) {
	var numbers []int
	for _, doc := range sc.gh.PullSnapshot(sc.owner, sc.name, sc.gh.URL()).Live {
		if !open || doc["state"] == "open" {
			numbers = append(numbers, int(field[float64](doc, "number")))
		}
	}
	if len(numbers) == 0 {
		return 0, false
	}
	sort.Ints(numbers)
	return numbers[rng.Intn(len(numbers))], true
}

// mutatePull plans a random pull request change before the k-th request:
// opened, edited, pushed, reviewed, a review dismissed or edited (neither
// moves the pull request), merged, and review comments added, edited and
// deleted; some in bulk within one second.
func (sc *churnScenario) mutatePull(k int) {
	gh, o, n := sc.gh, sc.owner, sc.name
	kind, choice, title := sc.rng.Intn(11), sc.rng.Int63(), fmt.Sprintf("p%d", sc.rng.Intn(100))
	advance := []time.Duration{0, 0, time.Second}[sc.rng.Intn(3)]
	gh.Plan(k, "/issues", func() {
		gh.AdvanceClock(advance)
		local := rand.New(rand.NewSource(choice))
		reviewOf := func(num int) (int64, bool) {
			var ids []int64
			for id, doc := range gh.ReviewSnapshot(o, n, gh.URL()).Live {
				if strings.HasSuffix(field[string](doc, "pull_request_url"), fmt.Sprintf("/pulls/%d", num)) {
					ids = append(ids, id)
				}
			}
			if len(ids) == 0 {
				return 0, false
			}
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			return ids[local.Intn(len(ids))], true
		}
		pickComment := func() (int64, bool) {
			var ids []int64
			for id := range gh.ReviewCommentSnapshot(o, n, gh.URL()).Live {
				ids = append(ids, id)
			}
			if len(ids) == 0 {
				return 0, false
			}
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			return ids[local.Intn(len(ids))], true
		}
		num, ok := sc.pickPull(local, kind != 0)
		switch {
		case kind == 0:
			_, _ = gh.OpenPullRequest(o, n, ghemu.PullSpec{Title: title})
		case !ok:
		case kind == 1:
			_ = gh.UpdatePullRequest(o, n, num, ghemu.PullChange{Title: &title})
		case kind == 2:
			_ = gh.UpdatePullRequest(o, n, num, ghemu.PullChange{Push: true})
		case kind == 3:
			_, _ = gh.SubmitReview(o, n, num, "monalisa", []string{"APPROVED", "CHANGES_REQUESTED", "COMMENTED"}[local.Intn(3)], title)
		case kind == 4:
			if id, ok := reviewOf(num); ok {
				_ = gh.DismissReview(o, n, num, id)
			}
		case kind == 5:
			if id, ok := reviewOf(num); ok {
				_ = gh.EditReview(o, n, num, id, title)
			}
		case kind == 6:
			_ = gh.MergePullRequest(o, n, num, "")
		case kind == 7:
			_, _ = gh.CreateReviewComment(o, n, num, "mojombo", "x.go", 1+local.Intn(50), title, 0)
		case kind == 8:
			if id, ok := pickComment(); ok {
				_ = gh.UpdateReviewComment(o, n, id, title)
			}
		case kind == 9:
			if id, ok := pickComment(); ok {
				_ = gh.DeleteReviewComment(o, n, id)
			}
		default: // many pull requests reviewed in one second
			gh.AdvanceClock(time.Second)
			for range 1 + local.Intn(2*sc.perPage) {
				if num, ok := sc.pickPull(local, true); ok {
					_, _ = gh.SubmitReview(o, n, num, "defunkt", "COMMENTED", title)
				}
			}
		}
	})
}

// checkStream compares one stream's stored rows with GitHub's ground truth
// (reconciled: after a complete reconciliation). Reviews dismissed or
// edited since the last reconciliation may be stale before one (they do
// not move the pull request): every review must be there, the same ones.
func (sc *churnScenario) checkStream(stream string, r churnRun, reconciled bool) error {
	base := sc.gh.URL() + "api/v3/"
	rows := churnRun{Result: r.Results[stream], Rows: r.Streams[stream].Rows, Removed: r.Streams[stream].Removed}
	switch stream {
	case "issues":
		return matchSnapshot(sc.gh.Snapshot(sc.owner, sc.name, base), rows, reconciled, "issue")
	case "comments":
		return matchSnapshot(sc.gh.CommentSnapshot(sc.owner, sc.name, base), rows, reconciled, "comment")
	case "pull_requests":
		return matchSnapshot(sc.gh.PullSnapshot(sc.owner, sc.name, base), rows, reconciled, "pull request")
	case "review_comments":
		return matchSnapshot(sc.gh.ReviewCommentSnapshot(sc.owner, sc.name, base), rows, reconciled, "review comment")
	case "reviews":
		truth := sc.gh.ReviewSnapshot(sc.owner, sc.name, base)
		if reconciled {
			return matchSnapshot(truth, rows, true, "review")
		}
		for id := range truth.Live {
			if _, ok := rows.Rows[strconv.FormatInt(id, 10)]; !ok {
				return fmt.Errorf("review %d is missing", id)
			}
		}
		if len(rows.Rows) != len(truth.Live) {
			return fmt.Errorf("%d reviews stored, GitHub has %d", len(rows.Rows), len(truth.Live))
		}
	}
	return nil
}

func matchSnapshot(snap ghemu.Snapshot, r churnRun, reconciled bool, noun string) error {
	label := func(id int64, doc map[string]any) string {
		if n, ok := doc["number"]; ok {
			return fmt.Sprintf("issue #%v (id %d)", n, id)
		}
		return fmt.Sprintf("comment %d on %v", id, doc["issue_url"])
	}
	for id, want := range snap.Live {
		got, ok := r.Rows[strconv.FormatInt(id, 10)]
		if !ok {
			return fmt.Errorf("%s is missing", label(id, want))
		}
		if !reflect.DeepEqual(got, want) && !staleCommentCount(got, want) {
			for k := range want {
				if !reflect.DeepEqual(got[k], want[k]) {
					return fmt.Errorf("%s differs in %s: stored %v, GitHub %v", label(id, want), k, got[k], want[k])
				}
			}
			return fmt.Errorf("%s is stale: stored updated_at %v, GitHub %v", label(id, want), got["updated_at"], want["updated_at"])
		}
		if _, marked := r.Removed[strconv.FormatInt(id, 10)]; marked {
			return fmt.Errorf("%s is listed on GitHub but marked removed", label(id, want))
		}
	}
	for key := range r.Rows {
		id, _ := strconv.ParseInt(key, 10, 64)
		if _, live := snap.Live[id]; live {
			continue
		}
		gone, ok := snap.Gone[id]
		if !ok {
			return fmt.Errorf("%s id %d is stored but GitHub never had it", noun, id)
		}
		if !reconciled {
			continue
		}
		mark, ok := r.Removed[key]
		if !ok || mark[0] == nil || *mark[0] != gone.Kind {
			return fmt.Errorf("%s id %d left as %s but is marked %v", noun, id, gone.Kind, markText(mark))
		}
		if gone.Kind == "TRANSFERRED" && (mark[1] == nil || *mark[1] != gone.To) {
			return fmt.Errorf("%s id %d was transferred to %s, marked as going to %v", noun, id, gone.To, markText(mark))
		}
	}
	return nil
}

// staleCommentCount: an issue whose only difference is its comment count,
// at the same updated_at. Deleting a comment lowers the count without
// touching the issue's updated_at (the emulator's reading of GitHub), so
// no issue listing shows it again; the comments stream holds the truth.
func staleCommentCount(got, want map[string]any) bool {
	if _, isIssue := want["number"]; !isIssue || got["updated_at"] != want["updated_at"] {
		return false
	}
	g := maps.Clone(got)
	g["comments"] = want["comments"]
	if _, isPull := want["review_comments"]; isPull {
		// Edited or deleted review comments leave the pull request as it
		// was; so does a change of its repositories (the head's and base's
		// repo objects carry the repository's open issue count), as on
		// GitHub: RAW holds them as of the pull request's last change.
		g["review_comments"] = want["review_comments"]
		for _, side := range []string{"head", "base"} {
			gotSide, ok1 := g[side].(map[string]any)
			wantSide, ok2 := want[side].(map[string]any)
			if ok1 && ok2 {
				gotSide = maps.Clone(gotSide)
				gotSide["repo"] = wantSide["repo"]
				g[side] = gotSide
			}
		}
	}
	return reflect.DeepEqual(g, want)
}

func markText(m [2]*string) string {
	parts := []string{"<none>", "<none>"}
	for i, p := range m {
		if p != nil {
			parts[i] = *p
		}
	}
	return parts[0] + " " + parts[1]
}

// TestChurnRandomized: hundreds of small generated repositories (a few
// pages each), each ingested over several runs while creates, edits,
// closes, reopens, labels, deletions, transfers, bulk edits larger than a
// page in one second and faults land between the run's page requests.
// After every successful run the stored issues equal GitHub's; after a
// reconciliation, deleted and transferred issues are marked. A failure
// prints the seed; CHURN_SEED=n replays one scenario (with CHURN_DEBUG=1,
// every request), CHURN_SCENARIOS=n runs more.
func TestChurnRandomized(t *testing.T) {
	const token = "ghp_churn"
	scenarios := 300
	first := int64(1)
	if s := os.Getenv("CHURN_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		first, scenarios = n, 1
	}
	if s := os.Getenv("CHURN_SCENARIOS"); s != "" { // a longer soak: CHURN_SCENARIOS=5000
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		scenarios = n
	}
	gh, err := ghemu.Start(ghemu.Options{RateLimit: 10_000_000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = gh.Close() })
	gh.AddToken(token)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	py := startChurnPython(t, gh, token)
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	stats := map[string]int{}
	for seed := first; seed < first+int64(scenarios); seed++ {
		rng := rand.New(rand.NewSource(seed))
		sc := &churnScenario{seed: seed, rng: rng, gh: gh, owner: "octo", name: fmt.Sprintf("churn-%d", seed),
			perPage: []int{5, 10, 30}[rng.Intn(3)], comments: seed%2 == 0, pulls: seed%3 == 0}
		var streams []string
		if sc.comments {
			streams = []string{"issues", "comments"}
		}
		if sc.pulls { // the pull request streams right after issues: GitHub only changes during /issues requests
			streams = append([]string{"issues", "pull_requests", "reviews", "review_comments"}, streams[min(1, len(streams)):]...)
		}
		clock = clock.Add(time.Hour)
		gh.FreezeClock(clock)
		size := rng.Intn(4*sc.perPage + 1)
		if err := gh.CreateRepo(ghemu.RepoSpec{Owner: sc.owner, Name: sc.name, Issues: size, PullRequests: size / 10}); err != nil {
			t.Fatal(err)
		}
		options := map[string]any{"per_page": sc.perPage, "reconcile_interval_hours": 0, "max_attempts": 2,
			"max_wait_seconds": 0, "request_timeout_seconds": 5}
		repo := sc.owner + "/" + sc.name
		fail := func(what string, err error) {
			t.Fatalf("seed %d (CHURN_SEED=%d go test -run TestChurnRandomized ./internal/connector/): %s: %v", seed, seed, what, err)
		}
		runs := 1 + rng.Intn(4)
		for run := 0; run < runs; run++ {
			for k := 1; k <= 3*(size/sc.perPage+2); k++ {
				if rng.Float64() < 0.25 {
					sc.mutate(k)
				}
			}
			// Each stream is checked right after it ends (GitHub keeps
			// changing while the next one runs), so under churn the
			// streams run one command each, as run_streams runs them.
			for _, stream := range append([]string{"issues"}, streams[min(1, len(streams)):]...) {
				r := py.run(t, repo, options, false, stream)
				res := r.Results[stream]
				stats[stream+" "+res.State]++
				if res.State != "SUCCEEDED" && res.State != "NOT_MODIFIED" {
					continue
				}
				if err := sc.checkStream(stream, r, false); err != nil {
					fail(fmt.Sprintf("after run %d of %s (%s)", run+1, stream, res.State), err)
				}
			}
			gh.ClearPlans()
			gh.ClearFaults()
		}
		// Time moves on; a quiet run that reconciles: everything equal,
		// every removal marked.
		gh.AdvanceClock(time.Second)
		r := py.run(t, repo, options, true, streams...)
		if len(r.Results) != max(1, len(streams)) {
			fail("quiet reconciling run", fmt.Errorf("ran %d streams, want %d", len(r.Results), len(streams)))
		}
		for s, res := range r.Results {
			if res.State != "SUCCEEDED" && res.State != "NOT_MODIFIED" || res.Reconcile == nil || !res.Reconcile.Complete {
				fail("quiet reconciling run of "+s, fmt.Errorf("%s: %s", res.State, res.Error))
			}
		}
		for s := range r.Results {
			if err := sc.checkStream(s, r, true); err != nil {
				fail("after reconciliation of "+s, err)
			}
		}
	}
	t.Logf("%d scenarios; runs under churn by outcome: %v", scenarios, stats)
}
