package connector

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// runIngest runs the connector's INGEST algorithm (its real urllib
// transport) against the GitHub emulator, keeping rows and the checkpoint
// in a JSON file between runs as STATE tables would.
const ingestScript = `
import json, sys
from connector import ingest, github
state_file, api, token = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    saved = json.load(open(state_file))
except FileNotFoundError:
    saved = {"rows": {}, "state": {}}

class Store(ingest.Store):
    def merge_page(self, issues):
        n = 0
        for i in issues:
            old = saved["rows"].get(str(i["id"]))
            if old is None or i["updated_at"] >= old["updated_at"]:
                saved["rows"][str(i["id"])] = {"number": i["number"], "title": i["title"], "state": i["state"],
                    "updated_at": i["updated_at"], "is_pr": "pull_request" in i}
                n += 1
        return n
    def checkpoint(self, cursor, etag, etag_url):
        saved["state"] = {"cursor": cursor, "etag": etag, "etag_url": etag_url}
    def record_run(self, result):
        saved["last"] = result.as_dict()

settings = ingest.Settings({"max_wait_seconds": 5})
ingest.run(Store(), github.urllib_transport, ingest.Clock(), token, api, "octo/hello", saved["state"], settings)
json.dump(saved, open(state_file, "w"))
print(json.dumps(saved["last"]))
`

type runOutcome struct {
	State    string `json:"state"`
	Pages    int    `json:"pages"`
	Requests int    `json:"requests"`
	Rows     int    `json:"rows"`
	Error    string `json:"error"`
}

func TestIngestAgainstGitHubEmulator(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is required")
	}
	gh, err := ghemu.Start(ghemu.Options{MaxPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = gh.Close() }()
	gh.AddToken("tok")
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello", Issues: 280, PullRequests: 20}); err != nil {
		t.Fatal(err)
	}
	stateFile := filepath.Join(t.TempDir(), "state.json")
	run := func() runOutcome {
		t.Helper()
		cmd := exec.Command(python, "-c", ingestScript, stateFile, gh.URL(), "tok")
		cmd.Dir = "app/python"
		cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "NO_PROXY=*")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("python: %v", err)
		}
		var o runOutcome
		if err := json.Unmarshal(out, &o); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		return o
	}
	groundTruth := func() {
		t.Helper()
		data, _ := os.ReadFile(stateFile)
		var saved struct {
			Rows map[string]struct {
				Number int
				Title  string
				State  string
			} `json:"rows"`
		}
		_ = json.Unmarshal(data, &saved)
		if len(saved.Rows) != gh.IssueCount("octo", "hello") {
			t.Fatalf("%d rows, GitHub has %d issues", len(saved.Rows), gh.IssueCount("octo", "hello"))
		}
		for _, row := range saved.Rows {
			truth, _ := gh.Issue("octo", "hello", row.Number)
			if row.Title != truth.Title || row.State != truth.State {
				t.Fatalf("issue #%d: have %q/%s, GitHub %q/%s", row.Number, row.Title, row.State, truth.Title, truth.State)
			}
		}
	}

	// Backfill: 300 items by keyset in 4 pages (each restarts at the newest
	// issue read, which this store counts again), never deep.
	o := run()
	if o.State != "SUCCEEDED" || o.Pages != 4 || o.Rows != 303 {
		t.Fatalf("backfill: %+v", o)
	}
	groundTruth()
	run() // first steady-state run learns the ETag of its URL

	// Quiet repository: one conditional request, a free 304.
	gh.ResetStats()
	o = run()
	if o.State != "NOT_MODIFIED" || o.Requests != 1 || gh.Stats().NotModified != 1 {
		t.Fatalf("quiet run: %+v, stats %+v", o, gh.Stats())
	}

	// Changes, a closed issue and a new one: one request.
	title := "renamed"
	closed := "closed"
	_ = gh.UpdateIssue("octo", "hello", 7, ghemu.IssueChange{Title: &title})
	_ = gh.UpdateIssue("octo", "hello", 8, ghemu.IssueChange{State: &closed})
	_, _ = gh.CreateIssue("octo", "hello", ghemu.IssueChange{Title: &title})
	o = run()
	if o.State != "SUCCEEDED" || o.Requests != 1 || o.Rows < 3 {
		t.Fatalf("incremental: %+v", o)
	}
	groundTruth()

	// Transient 5xx are retried within the run.
	_ = gh.UpdateIssue("octo", "hello", 9, ghemu.IssueChange{Title: &title})
	gh.InjectFault(ghemu.Fault{Status: 502, Count: 2, PathContains: "/issues"})
	o = run()
	if o.State != "SUCCEEDED" || o.Requests != 3 {
		t.Fatalf("with 5xx: %+v", o)
	}
	groundTruth()

	// A long retry-after ends the run with the checkpoint; the next resumes.
	_ = gh.UpdateIssue("octo", "hello", 10, ghemu.IssueChange{Title: &title})
	gh.InjectFault(ghemu.Fault{Status: 429, RetryAfter: 3600, PathContains: "/issues"})
	o = run()
	if o.State != "RATE_LIMITED" {
		t.Fatalf("rate limited: %+v", o)
	}
	o = run()
	if o.State != "SUCCEEDED" {
		t.Fatalf("resume: %+v", o)
	}
	groundTruth()
}
