package connector

import (
	"bufio"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// appIngestScript runs one ingestion with GitHub App authentication (the
// payload's appauth.InstallationTokens, its real urllib transport) against
// the GitHub emulator and prints the run's outcome with the mint count.
const appIngestScript = `
import json, sys
from connector import appauth, github, ingest
api, client_id, installation, repo, pem_path = sys.argv[1:6]

class Store(ingest.Store):
    rows = 0
    pulls = set()
    def merge_page(self, issues):
        Store.rows += len(issues)
        Store.pulls.update(i["number"] for i in issues if i.get("pull_request"))
        return len(issues)
    def checkpoint(self, cursor, etag, etag_url):
        pass
    def record_run(self, result):
        pass

clock = ingest.Clock()
tokens = appauth.InstallationTokens(github.urllib_transport, clock, api, open(pem_path).read(), client_id, int(installation), repo)
result = ingest.run(Store(), github.urllib_transport, clock, tokens, api, repo, {}, ingest.Settings({"per_page": 50, "max_attempts": 1}))
out = result.as_dict()
out["mints"] = tokens.mints
out["pull_requests"] = len(Store.pulls)
print(json.dumps(out))
`

type appRunOutcome struct {
	State    string `json:"state"`
	Pages    int    `json:"pages"`
	Requests int    `json:"requests"`
	Rows     int    `json:"rows"`
	Pulls    int    `json:"pull_requests"`
	Error    string `json:"error"`
	Mints    int    `json:"mints"`
}

func writeKey(t *testing.T, dir, name string) (*rsa.PrivateKey, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		t.Fatal(err)
	}
	return key, path
}

// The connector's App authentication against the GitHub emulator: a
// private repository ingests with one mint per run; a token expiring
// mid-run is re-minted once; a wrong key, App, installation, an expired
// JWT (GitHub's clock ahead) and an installation that cannot see the
// repository each fail the run with what to fix.
func TestAppAuthIngestAgainstGitHubEmulator(t *testing.T) {
	gh, err := ghemu.Start(ghemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = gh.Close() }()
	for _, spec := range []ghemu.RepoSpec{{Owner: "acme", Name: "private", Private: true, Issues: 100, PullRequests: 20}, {Owner: "acme", Name: "hidden", Private: true, Issues: 3}} {
		if err := gh.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	key, keyPath := writeKey(t, dir, "app.pem")
	_, otherKeyPath := writeKey(t, dir, "other.pem")
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err := gh.CreateApp(ghemu.AppSpec{ID: 31, ClientID: "Iv23liCONN", PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}); err != nil {
		t.Fatal(err)
	}
	prs := map[string]string{"issues": "read", "pull_requests": "read"}
	for _, spec := range []ghemu.InstallationSpec{
		{ID: 310, AppID: 31, Account: "acme", Repositories: []string{"acme/private"}, Permissions: prs},
		// An App granted Issues only: GitHub would hide the pull requests.
		{ID: 312, AppID: 31, Account: "acme", Repositories: []string{"acme/private"}},
	} {
		if err := gh.CreateInstallation(spec); err != nil {
			t.Fatal(err)
		}
	}
	run := func(clientID, installation, repo, pemPath string) appRunOutcome {
		t.Helper()
		out, err := connectorPython(appIngestScript, gh.URL(), clientID, installation, repo, pemPath).Output()
		if err != nil {
			t.Fatalf("python: %v", err)
		}
		var o appRunOutcome
		if err := json.Unmarshal(out, &o); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		return o
	}

	o := run("Iv23liCONN", "310", "acme/private", keyPath)
	if o.State != "SUCCEEDED" || o.Pages != 3 || o.Mints != 1 || o.Requests != o.Pages+1 || o.Pulls != 20 {
		t.Fatalf("ingest as the App (100 issues and 20 pull requests): %+v", o)
	}
	// By numeric App ID too.
	if o := run("31", "310", "acme/private", keyPath); o.State != "SUCCEEDED" {
		t.Fatalf("App ID as issuer: %+v", o)
	}

	gh.Plan(2, "/issues", gh.ExpireInstallationTokens)
	if o := run("Iv23liCONN", "310", "acme/private", keyPath); o.State != "SUCCEEDED" || o.Mints != 2 {
		t.Fatalf("token expiring mid-run: %+v", o)
	}
	gh.ClearPlans()

	failures := []struct {
		name                              string
		clientID, installation, repo, key string
		skew                              time.Duration
		want                              []string
	}{
		{"wrong key", "Iv23liCONN", "310", "acme/private", otherKeyPath, 0, []string{"HTTP 401", "refused the App's JWT", "could not be decoded"}},
		{"wrong App", "Iv23liNOPE", "310", "acme/private", keyPath, 0, []string{"HTTP 401", "github_app.client_id"}},
		{"wrong installation", "Iv23liCONN", "311", "acme/private", keyPath, 0, []string{"HTTP 404", "installation 311 does not exist", "github_app.installation_id"}},
		{"expired JWT", "Iv23liCONN", "310", "acme/private", keyPath, 15 * time.Minute, []string{"HTTP 401", "'Expiration time' claim ('exp') must be"}},
		{"JWT from the future", "Iv23liCONN", "310", "acme/private", keyPath, -3 * time.Minute, []string{"HTTP 401", "'Issued at' claim"}},
		{"repository outside the installation", "Iv23liCONN", "310", "acme/hidden", keyPath, 0, []string{"HTTP 422", "cannot see acme/hidden", "add the repository"}},
		{"App without the pull requests permission", "Iv23liCONN", "312", "acme/private", keyPath, 0, []string{"HTTP 422", "Pull requests (read)"}},
	}
	for _, f := range failures {
		gh.SetClockSkew(f.skew)
		o := run(f.clientID, f.installation, f.repo, f.key)
		if o.State != "FAILED" || o.Rows != 0 {
			t.Errorf("%s: %+v, want a failed run that stored nothing", f.name, o)
			continue
		}
		for _, w := range f.want {
			if !strings.Contains(o.Error, w) {
				t.Errorf("%s: error %q lacks %q", f.name, o.Error, w)
			}
		}
	}
	// A client clock half a minute fast is within the backdated iat.
	gh.SetClockSkew(-30 * time.Second)
	if o := run("Iv23liCONN", "310", "acme/private", keyPath); o.State != "SUCCEEDED" {
		t.Fatalf("30 s of clock skew: %+v", o)
	}
}

// appReconcileScript ingests a repository's issues and comments as the App
// (or with a token given as client ID "token:<token>"), then (after the
// caller's changes, signalled on stdin) reconciles both streams and prints
// each stored item's marker.
const appReconcileScript = `
import json, sys
from connector import appauth, github, ingest
from tests.fakes import MemoryStore
api, client_id, installation, repo, pem_path = sys.argv[1:6]
clock = ingest.Clock()
if client_id.startswith("token:"):  # a personal access token instead of the App
    tokens = client_id[len("token:"):]
else:
    tokens = appauth.InstallationTokens(github.urllib_transport, clock, api, open(pem_path).read(), client_id, int(installation), repo)
issues, comments = MemoryStore(), MemoryStore()
def run(store, stream, reconcile):
    state = dict(store.state(), reconcile_pending=reconcile)
    r = ingest.run(store, github.urllib_transport, clock, tokens, api, repo, state, ingest.Settings({"max_attempts": 1}), stream)
    assert r.state in ("SUCCEEDED", "NOT_MODIFIED"), r.as_dict()
def both(reconcile):
    run(issues, ingest.ISSUES, reconcile)
    comments.removed_issue_marks = {issues.rows[i]["number"]: m for i, m in issues.removed.items()}
    run(comments, ingest.STREAMS["comments"], reconcile)
both(False)
print("ready", flush=True)
sys.stdin.readline()
both(True)
marks = lambda store, key: {str(store.rows[i][key] if key else i): m[0] for i, m in store.removed.items()}
print(json.dumps({"issues": marks(issues, "number"), "comments": marks(comments, None),
                  "comment_issue": {str(c): r["issue_url"].rsplit("/", 1)[1] for c, r in comments.rows.items()}}))
`

// With an installation token scoped to one repository, an issue transferred
// out of it answers 404 (GitHub does not say where it went to a token that
// cannot read the target): reconciliation marks it UNVERIFIED, never
// DELETED, and its comments UNVERIFIED with it; a deleted issue (410) and
// its comments are DELETED as before.
func TestAppTokenTransfersAreUnverifiedNeverDeleted(t *testing.T) {
	gh, err := ghemu.Start(ghemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = gh.Close() }()
	for _, spec := range []ghemu.RepoSpec{{Owner: "acme", Name: "private", Private: true, Issues: 12}, {Owner: "acme", Name: "elsewhere", Private: true}} {
		if err := gh.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	key, keyPath := writeKey(t, t.TempDir(), "app.pem")
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err := gh.CreateApp(ghemu.AppSpec{ID: 41, ClientID: "Iv23liRECO", PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}); err != nil {
		t.Fatal(err)
	}
	if err := gh.CreateInstallation(ghemu.InstallationSpec{ID: 410, AppID: 41, Account: "acme",
		Permissions: map[string]string{"issues": "read", "pull_requests": "read"}}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 5} {
		if _, err := gh.CreateComment("acme", "private", n, "octocat", "a comment"); err != nil {
			t.Fatal(err)
		}
	}
	got := reconcileAfter(t, gh, "Iv23liRECO", "410", "acme/private", keyPath, func() {
		if _, err := gh.TransferIssue("acme", "private", 2, "acme", "elsewhere"); err != nil {
			t.Fatal(err)
		}
		if err := gh.DeleteIssue("acme", "private", 5); err != nil {
			t.Fatal(err)
		}
	})
	got.expect(t, map[string]string{"2": "UNVERIFIED", "5": "DELETED"}, map[string]string{"2": "UNVERIFIED", "5": "DELETED"})
}

// reconciled is what appReconcileScript printed: each marked issue's and
// comment's marker, and each comment's issue number.
type reconciled struct {
	Issues, Comments map[string]string
	CommentIssue     map[string]string `json:"comment_issue"`
}

// connectorPython runs script with the payload's connector package
// importable, talking to the emulators directly (no proxy).
func connectorPython(script string, args ...string) *exec.Cmd {
	cmd := exec.Command("python3", append([]string{"-c", script}, args...)...)
	cmd.Dir = "app/python"
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "NO_PROXY=*")
	cmd.Stderr = os.Stderr
	return cmd
}

// reconcileAfter runs appReconcileScript for repo, makes the changes
// between its first runs and its reconciling ones, and returns the markers.
func reconcileAfter(t *testing.T, gh *ghemu.Server, clientID, installation, repo, keyPath string, change func()) reconciled {
	t.Helper()
	cmd := connectorPython(appReconcileScript, gh.URL(), clientID, installation, repo, keyPath)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	if ready, err := out.ReadString('\n'); err != nil || ready != "ready\n" {
		t.Fatalf("first runs: %q %v", ready, err)
	}
	change()
	_, _ = io.WriteString(stdin, "go\n")
	var got reconciled
	if err := json.NewDecoder(out).Decode(&got); err != nil {
		t.Fatalf("reconciling runs: %v", err)
	}
	_ = cmd.Wait()
	return got
}

// expect checks that exactly the given issues are marked as given, and the
// comments of exactly the given issues, each as its issue's comments should be.
func (got reconciled) expect(t *testing.T, issues, comments map[string]string) {
	t.Helper()
	if len(got.Issues) != len(issues) {
		t.Errorf("issues marked %v, want %v", got.Issues, issues)
	}
	for n, want := range issues {
		if got.Issues[n] != want {
			t.Errorf("issue #%s is %q, want %s (all: %v)", n, got.Issues[n], want, got.Issues)
		}
	}
	byIssue := map[string][]string{}
	for id, mark := range got.Comments {
		byIssue[got.CommentIssue[id]] = append(byIssue[got.CommentIssue[id]], mark)
	}
	for issue, want := range comments {
		if len(byIssue[issue]) == 0 {
			t.Errorf("issue #%s has no marked comments: %v", issue, got.Comments)
		}
		for _, mark := range byIssue[issue] {
			if mark != want {
				t.Errorf("a comment of issue #%s is %s, want %s", issue, mark, want)
			}
		}
	}
	if len(byIssue) != len(comments) {
		t.Errorf("comments marked by issue %v, want those of %v", byIssue, comments)
	}
}

// After a rename GitHub answers the old path with 301 to
// /repositories/{id}/… for single items too. Reconciliation follows such a
// redirect within the repository before classifying: a deleted comment is
// DELETED (it failed the stream with "HTTP 301"), a deleted issue DELETED
// (it was TRANSFERRED), and only a transfer to another repository is
// TRANSFERRED. Seeded: each scenario deletes, transfers or deletes a
// comment of random issues, renames the repository (or not) before or
// after, and the markers must be exactly those changes.
// GHCONNECTOR_RENAME_SEED=n replays one scenario.
func TestReconciliationFollowsARenamedRepository(t *testing.T) {
	seeds := []int64{1, 2, 3, 4, 5, 6, 7, 8}
	if s := os.Getenv("GHCONNECTOR_RENAME_SEED"); s != "" {
		n, _ := strconv.ParseInt(s, 10, 64)
		seeds = []int64{n}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { renameScenario(t, seed) })
	}
}

func renameScenario(t *testing.T, seed int64) {
	rng := mrand.New(mrand.NewPCG(uint64(seed), 11))
	gh, err := ghemu.Start(ghemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = gh.Close() }()
	gh.AddToken("ghp_rename")
	const issues = 12
	for _, spec := range []ghemu.RepoSpec{{Owner: "octo", Name: "old", Issues: issues}, {Owner: "octo", Name: "other"}} {
		if err := gh.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	// One comment of our own per issue, for the comment-only deletions.
	comment := map[int]int64{}
	for n := 1; n <= issues; n++ {
		id, err := gh.CreateComment("octo", "old", n, "octocat", "a comment")
		if err != nil {
			t.Fatal(err)
		}
		comment[n] = id
	}
	action := map[int]string{} // issue number: DELETED, TRANSFERRED or COMMENT
	for n := 1; n <= issues; n++ {
		if a := []string{"", "", "DELETED", "TRANSFERRED", "COMMENT"}[rng.IntN(5)]; a != "" {
			action[n] = a
		}
	}
	rename, renameFirst := rng.IntN(4) != 0, rng.IntN(2) == 0
	name := "old"
	got := reconcileAfter(t, gh, "token:ghp_rename", "0", "octo/old", "", func() {
		doRename := func() {
			if rename {
				if err := gh.RenameRepo("octo", "old", "", "new"); err != nil {
					t.Fatal(err)
				}
				name = "new"
			}
		}
		if renameFirst {
			doRename()
		}
		for n := 1; n <= issues; n++ {
			var err error
			switch action[n] {
			case "DELETED":
				err = gh.DeleteIssue("octo", name, n)
			case "TRANSFERRED":
				_, err = gh.TransferIssue("octo", name, n, "octo", "other")
			case "COMMENT":
				err = gh.DeleteComment("octo", name, comment[n])
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if !renameFirst {
			doRename()
		}
	})
	wantIssues, wantComments := map[string]string{}, map[string]string{}
	for n, a := range action {
		key := strconv.Itoa(n)
		if a == "COMMENT" {
			wantComments[key] = "DELETED"
			continue
		}
		wantIssues[key], wantComments[key] = a, a
	}
	t.Logf("seed %d: rename %v (first %v), changes %v", seed, rename, renameFirst, action)
	got.expect(t, wantIssues, wantComments)
}
