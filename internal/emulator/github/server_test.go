package github

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	ghclient "github.com/ghconnector/terraform-provider-ghconnector/internal/github"
	gh "github.com/google/go-github/v57/github"
)

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	s.AddToken("tok")
	return s
}

type resp struct {
	status int
	header http.Header
	body   []map[string]any
	raw    string
}

func get(t *testing.T, url, token string, headers map[string]string) resp {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	data, _ := io.ReadAll(r.Body)
	out := resp{status: r.StatusCode, header: r.Header, raw: string(data)}
	_ = json.Unmarshal(data, &out.body)
	return out
}

func TestIssueListingSemantics(t *testing.T) {
	s := start(t, Options{MaxPage: 3})
	if err := s.CreateRepo(RepoSpec{Owner: "octo", Name: "hello", Issues: 400, PullRequests: 50}); err != nil {
		t.Fatal(err)
	}
	issues := s.URL() + "repos/octo/hello/issues"

	r := get(t, issues, "tok", nil)
	if r.status != 200 || len(r.body) != 30 {
		t.Fatalf("defaults: %d, %d items", r.status, len(r.body))
	}
	for _, is := range r.body {
		if is["state"] != "open" {
			t.Fatal("the default state is open")
		}
	}
	created0, _ := r.body[0]["created_at"].(string)
	created1, _ := r.body[1]["created_at"].(string)
	if created0 < created1 {
		t.Fatal("the default order is created desc")
	}

	// state=all pages through everything with per_page capped at 100,
	// following Link next beyond the page-number depth.
	seen := map[float64]bool{}
	prs, closed := 0, 0
	next := issues + "?state=all&sort=updated&direction=asc&per_page=500"
	pages := 0
	lastUpdated := ""
	for next != "" {
		r := get(t, next, "tok", nil)
		if r.status != 200 {
			t.Fatalf("page %d: %d %s", pages, r.status, r.raw)
		}
		if len(r.body) > 100 {
			t.Fatalf("per_page must be capped at 100, got %d", len(r.body))
		}
		for _, is := range r.body {
			id, _ := is["id"].(float64)
			seen[id] = true
			if _, ok := is["pull_request"]; ok {
				prs++
			}
			if is["state"] == "closed" {
				closed++
				if is["state_reason"] == nil || is["closed_at"] == nil {
					t.Fatal("closed issues carry state_reason and closed_at")
				}
			}
			if u, _ := is["updated_at"].(string); u < lastUpdated {
				t.Fatal("sort=updated&direction=asc must be ascending")
			} else {
				lastUpdated = u
			}
		}
		pages++
		next = ""
		for _, part := range strings.Split(r.header.Get("Link"), ",") {
			if strings.Contains(part, `rel="next"`) {
				next = strings.Trim(strings.TrimSpace(strings.Split(part, ";")[0]), "<>")
			}
		}
	}
	if len(seen) != 450 || prs != 50 || closed == 0 || pages != 5 {
		t.Fatalf("state=all: %d issues, %d PRs, %d closed, %d pages", len(seen), prs, closed, pages)
	}

	// Deep page numbers fail; since filters on updated_at.
	if r := get(t, issues+"?state=all&per_page=100&page=4", "tok", nil); r.status != 422 || !strings.Contains(r.raw, "cursor based pagination") {
		t.Fatalf("deep page: %d %s", r.status, r.raw)
	}
	if r := get(t, issues+"?state=all&since="+lastUpdated, "tok", nil); r.status != 200 || len(r.body) < 1 {
		t.Fatalf("since is inclusive: %d %d", r.status, len(r.body))
	}
	for _, bad := range []string{"?state=bogus", "?since=yesterday", "?sort=stars", "?direction=up", "?per_page=-1", "?after=zzz"} {
		if r := get(t, issues+bad, "tok", nil); r.status != 422 {
			t.Errorf("%s: got %d, want 422", bad, r.status)
		}
	}
}

func TestConditionalRequestsRateLimitsAndAuth(t *testing.T) {
	s := start(t, Options{RateLimit: 5})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "hello", Issues: 3})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "secret", Private: true, Issues: 1})
	url := s.URL() + "repos/octo/hello/issues?state=all"

	first := get(t, url, "tok", nil)
	etag := first.header.Get("ETag")
	if first.status != 200 || etag == "" || first.header.Get("X-RateLimit-Remaining") != "4" {
		t.Fatalf("first: %d etag %q remaining %s", first.status, etag, first.header.Get("X-RateLimit-Remaining"))
	}
	for i := 0; i < 3; i++ {
		r := get(t, url, "tok", map[string]string{"If-None-Match": etag})
		if r.status != 304 || r.header.Get("X-RateLimit-Remaining") != "4" {
			t.Fatalf("conditional %d: %d remaining %s", i, r.status, r.header.Get("X-RateLimit-Remaining"))
		}
	}
	// A change invalidates the ETag.
	title := "changed"
	if err := s.UpdateIssue("octo", "hello", 2, IssueChange{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if r := get(t, url, "tok", map[string]string{"If-None-Match": etag}); r.status != 200 {
		t.Fatalf("after a change: %d", r.status)
	}
	for i := 0; i < 3; i++ {
		get(t, url, "tok", nil)
	}
	r := get(t, url, "tok", nil)
	if r.status != 403 || r.header.Get("X-RateLimit-Remaining") != "0" || r.header.Get("X-RateLimit-Reset") == "" {
		t.Fatalf("exhausted: %d remaining %q", r.status, r.header.Get("X-RateLimit-Remaining"))
	}
	if r := get(t, url, "wrong", nil); r.status != 401 {
		t.Fatalf("bad token: %d", r.status)
	}
	if r := get(t, s.URL()+"repos/octo/secret", "", nil); r.status != 404 {
		t.Fatalf("a private repository is 404 without a token: %d", r.status)
	}
	if r := get(t, s.URL()+"api/v3/repos/octo/missing", "", nil); r.status != 404 {
		t.Fatalf("missing repository: %d", r.status)
	}
	st := s.Stats()
	if st.NotModified != 3 || st.ByStatus["403"] != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestFaults(t *testing.T) {
	s := start(t, Options{})
	_ = s.CreateRepo(RepoSpec{Owner: "o", Name: "r", Issues: 1})
	url := s.URL() + "repos/o/r/issues"
	s.InjectFault(Fault{Status: 502, Count: 2})
	s.InjectFault(Fault{Status: 429, RetryAfter: 7})
	for _, want := range []int{502, 502, 429, 200} {
		r := get(t, url, "tok", nil)
		if r.status != want {
			t.Fatalf("got %d, want %d", r.status, want)
		}
		if want == 429 && r.header.Get("Retry-After") != "7" {
			t.Fatal("retry-after missing")
		}
	}
	s.InjectFault(Fault{Reset: true})
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // no transparent retry on a reused connection
	if _, err := fresh.Get(url); err == nil {
		t.Fatal("a reset connection must fail the request")
	}
	s.InjectFault(Fault{LatencyMS: 300})
	client := &http.Client{Timeout: 100 * time.Millisecond}
	if _, err := client.Get(url); err == nil {
		t.Fatal("a slow response must time out a short client")
	}
}

// The provider's own go-github client works against the emulator, both at
// the root and under GitHub Enterprise's /api/v3.
func TestGoGitHubClient(t *testing.T) {
	s := start(t, Options{})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "hello", Issues: 5, Topics: []string{"go"}})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "world", Archived: true})
	client, err := ghclient.NewClient("tok", s.URL())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	repo, _, err := client.Repositories.Get(ctx, "octo", "hello")
	if err != nil || repo.GetFullName() != "octo/hello" || repo.Topics[0] != "go" {
		t.Fatalf("get repo: %v %v", repo, err)
	}
	repos, _, err := client.Repositories.ListByOrg(ctx, "octo", &gh.RepositoryListByOrgOptions{})
	if err != nil || len(repos) != 2 || !repos[1].GetArchived() {
		t.Fatalf("list: %d %v", len(repos), err)
	}
	issues, _, err := client.Issues.ListByRepo(ctx, "octo", "hello", &gh.IssueListByRepoOptions{State: "all"})
	if err != nil || len(issues) != 5 || issues[0].GetUser().GetLogin() == "" {
		t.Fatalf("issues: %d %v", len(issues), err)
	}
	if _, _, err := client.Repositories.Get(ctx, "octo", "nope"); err == nil {
		t.Fatal("a missing repository must be an error")
	}
}

// Personal access tokens read what GitHub's scopes grant: a classic token
// reads private repositories only with the repo scope (and says its scopes
// in X-OAuth-Scopes), a fine-grained token only those it was granted;
// public repositories are readable by all. A repository the token cannot
// read is 404 for the repository, its issues, comments and single items.
func TestPersonalTokenScopes(t *testing.T) {
	s := start(t, Options{})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "hello", Issues: 2})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "secret", Private: true, Issues: 2})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "other", Private: true, Issues: 1})
	s.AddToken("full")
	s.AddScopedToken("public", TokenSpec{Scopes: []string{"public_repo"}})
	s.AddScopedToken("fine", TokenSpec{Repositories: []string{"octo/secret"}})
	paths := []string{"repos/octo/%s", "repos/octo/%s/issues?state=all", "repos/octo/%s/issues/1", "repos/octo/%s/issues/comments"}
	want := map[string]map[string]int{
		"full":   {"hello": 200, "secret": 200, "other": 200},
		"public": {"hello": 200, "secret": 404, "other": 404},
		"fine":   {"hello": 200, "secret": 200, "other": 404},
	}
	for token, repos := range want {
		for repo, status := range repos {
			for _, p := range paths {
				if r := get(t, s.URL()+fmt.Sprintf(p, repo), token, nil); r.status != status {
					t.Errorf("token %s, %s: %d, want %d", token, fmt.Sprintf(p, repo), r.status, status)
				}
			}
		}
	}
	if r := get(t, s.URL()+"repos/octo/hello", "public", nil); r.header.Get("X-OAuth-Scopes") != "public_repo" {
		t.Errorf("X-OAuth-Scopes %q, want public_repo", r.header.Get("X-OAuth-Scopes"))
	}
	var names []string
	for _, repo := range get(t, s.URL()+"orgs/octo/repos", "public", nil).body {
		name, _ := repo["name"].(string)
		names = append(names, name)
	}
	if strings.Join(names, ",") != "hello" {
		t.Errorf("a public_repo token lists %v, want only the public repository", names)
	}
}

// An issue's milestone carries every field of GitHub's milestone object
// (the REST API's "Milestone" schema), labels_url included.
func TestMilestoneHasGitHubsFields(t *testing.T) {
	s := start(t, Options{})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "hello", Issues: 1})
	r := get(t, s.URL()+"repos/octo/hello/issues?state=all", "tok", nil)
	if len(r.body) != 1 {
		t.Fatalf("issues: %d %v", r.status, r.body)
	}
	milestone, _ := r.body[0]["milestone"].(map[string]any)
	for _, field := range []string{"url", "html_url", "labels_url", "id", "node_id", "number", "state", "title", "description",
		"creator", "open_issues", "closed_issues", "created_at", "updated_at", "closed_at", "due_on"} {
		if _, ok := milestone[field]; !ok {
			t.Errorf("the milestone lacks %s: %v", field, milestone)
		}
	}
	if want := s.URL() + "repos/octo/hello/milestones/1/labels"; milestone["labels_url"] != want && milestone["labels_url"] != strings.Replace(want, "/repos/", "/api/v3/repos/", 1) {
		t.Errorf("labels_url %v, want %s", milestone["labels_url"], want)
	}
}

// After a rename, GitHub answers every request to the old owner/name with
// 301 to /repositories/{id}/… (path and query kept), for listings and single
// items alike; /repositories/{id}/… serves the repository under its new
// name, whose URLs the documents carry. A transferred issue's 301 points to
// /repositories/{id}/issues/{n} of the repository it went to.
func TestRenamedRepositoryRedirects(t *testing.T) {
	s := start(t, Options{})
	_ = s.CreateRepo(RepoSpec{Owner: "octo", Name: "old", Issues: 3})
	cid, err := s.CreateComment("octo", "old", 1, "octocat", "hello")
	if err != nil {
		t.Fatal(err)
	}
	var repo struct{ ID int64 }
	if err := json.Unmarshal([]byte(get(t, s.URL()+"repos/octo/old", "tok", nil).raw), &repo); err != nil || repo.ID == 0 {
		t.Fatalf("repository: %v", err)
	}
	id := repo.ID
	if err := s.RenameRepo("octo", "old", "", "new"); err != nil {
		t.Fatal(err)
	}
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"", "/issues?state=all&per_page=2", "/issues/2", "/issues/comments?sort=updated", fmt.Sprintf("/issues/comments/%d", cid), "/issues/1/comments"} {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"repos/octo/old"+path, nil)
		req.Header.Set("Authorization", "Bearer tok")
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		want := fmt.Sprintf("%srepositories/%d%s", s.URL(), id, path)
		if resp.StatusCode != 301 || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
			continue
		}
		if r := get(t, want, "tok", nil); r.status != 200 {
			t.Errorf("%s: the redirect's target answered %d", want, r.status)
		} else if strings.Contains(r.raw, "/octo/old/") {
			t.Errorf("%s: the documents still name the old repository: %.200s", want, r.raw)
		}
	}
	if r := get(t, s.URL()+"repos/octo/new/issues?state=all", "tok", nil); r.status != 200 || len(r.body) != 3 {
		t.Errorf("the new name: %d, %d issues", r.status, len(r.body))
	}
	if r := get(t, s.URL()+"repos/octo/gone/issues", "tok", nil); r.status != 404 {
		t.Errorf("a name never used: %d", r.status)
	}
}
