package github

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// single fetches one URL without following redirects.
func single(t *testing.T, url string) (int, http.Header, map[string]any) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer tok")
	r, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	data, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(data, &body); err != nil {
		t.Fatalf("%s: body is not JSON: %q", url, data)
	}
	return r.StatusCode, r.Header, body
}

// Deleted issues answer 410, transferred ones 301 to where they went (docs:
// "Get an issue"); neither is listed again; every 404 has a JSON body.
func TestDeletedAndTransferredIssues(t *testing.T) {
	s := start(t, Options{})
	for _, name := range []string{"hello", "other"} {
		if err := s.CreateRepo(RepoSpec{Owner: "octo", Name: name, Issues: 5}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteIssue("octo", "hello", 2); err != nil {
		t.Fatal(err)
	}
	moved, err := s.TransferIssue("octo", "hello", 3, "octo", "other")
	if err != nil || moved != 6 {
		t.Fatalf("transfer: %d %v", moved, err)
	}
	base := s.URL() + "repos/octo/hello/issues"
	if status, _, body := single(t, base+"/1"); status != 200 || body["number"] != float64(1) {
		t.Fatalf("live issue: %d %v", status, body)
	}
	if status, _, body := single(t, base+"/2"); status != 410 || body["message"] != "This issue was deleted" || body["status"] != "410" {
		t.Fatalf("deleted issue: %d %v", status, body)
	}
	status, header, body := single(t, base+"/3")
	if status != 301 || body["message"] != "Moved Permanently" || header.Get("Location") != body["url"] {
		t.Fatalf("transferred issue: %d %v %v", status, header, body)
	}
	if status, _, body := single(t, header.Get("Location")); status != 200 || body["number"] != float64(6) ||
		!strings.HasSuffix(fmt.Sprint(body["html_url"]), "/octo/other/issues/6") {
		t.Fatalf("following the 301: %d %v", status, body)
	}
	for _, url := range []string{base + "/99", s.URL() + "repos/octo/nope/issues/1", s.URL() + "no/such/path"} {
		if status, _, body := single(t, url); status != 404 || body["message"] != "Not Found" || body["status"] != "404" {
			t.Fatalf("%s: %d %v", url, status, body)
		}
	}
	listed := get(t, base+"?state=all&per_page=100", "tok", nil)
	if len(listed.body) != 3 {
		t.Fatalf("listing shows %d issues, want 3 (deleted and transferred ones gone)", len(listed.body))
	}
	if err := s.UpdateIssue("octo", "hello", 2, IssueChange{}); err == nil {
		t.Fatal("a deleted issue cannot be edited")
	}
}

// Changes in one second share its updated_at; the offset pages over the
// live order shift when a member is edited between two requests, exactly
// as GitHub's do, so a client following them misses an issue.
func TestTiesAndShiftingPages(t *testing.T) {
	s := start(t, Options{})
	if err := s.CreateRepo(RepoSpec{Owner: "octo", Name: "hello", Issues: 6}); err != nil {
		t.Fatal(err)
	}
	s.FreezeClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	title := "bulk"
	for n := 1; n <= 6; n++ {
		if err := s.UpdateIssue("octo", "hello", n, IssueChange{Title: &title}); err != nil {
			t.Fatal(err)
		}
	}
	url := s.URL() + "repos/octo/hello/issues?state=all&sort=updated&direction=asc&per_page=2"
	page1 := get(t, url, "tok", nil)
	for _, is := range page1.body {
		if is["updated_at"] != "2025-06-01T12:00:00Z" {
			t.Fatalf("bulk edits must tie: %v", is["updated_at"])
		}
	}
	// Planned: issue 1 (already read) is edited before the next request.
	s.AdvanceClock(time.Second)
	s.Plan(1, "/issues", func() { _ = s.UpdateIssue("octo", "hello", 1, IssueChange{Title: &title}) })
	page2 := get(t, url+"&page=2", "tok", nil)
	seen := map[float64]bool{}
	for _, p := range [][]map[string]any{page1.body, page2.body} {
		for _, is := range p {
			n, _ := is["number"].(float64)
			seen[n] = true
		}
	}
	if seen[3] || !seen[4] {
		t.Fatalf("page 2 after the edit should have shifted past #3: saw %v", seen)
	}
}

func TestAuthorAssociationAndUserFields(t *testing.T) {
	s := start(t, Options{})
	if err := s.CreateRepo(RepoSpec{Owner: "octocat", Name: "hello"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"octocat": "OWNER", "hubot": "MEMBER", "monalisa": "COLLABORATOR", "defunkt": "CONTRIBUTOR", "mojombo": "NONE"}
	for author := range want {
		if _, err := s.CreateIssue("octocat", "hello", IssueChange{Author: author}); err != nil {
			t.Fatal(err)
		}
	}
	listed := get(t, s.URL()+"repos/octocat/hello/issues?per_page=100", "tok", nil)
	if len(listed.body) != len(want) {
		t.Fatalf("%d issues", len(listed.body))
	}
	for _, is := range listed.body {
		user, _ := is["user"].(map[string]any)
		login, _ := user["login"].(string)
		if got := is["author_association"]; got != want[login] {
			t.Errorf("%s: author_association %v, want %s", login, got, want[login])
		}
		for _, field := range []string{"login", "id", "node_id", "avatar_url", "gravatar_id", "url", "html_url", "followers_url",
			"following_url", "gists_url", "starred_url", "subscriptions_url", "organizations_url", "repos_url", "events_url",
			"received_events_url", "type", "site_admin"} {
			if _, ok := user[field]; !ok {
				t.Errorf("user object lacks %s", field)
			}
		}
	}
}

// Mutations planned through the control API fire before the Nth request.
func TestPlannedMutationsThroughTheControlAPI(t *testing.T) {
	s := start(t, Options{})
	if err := s.CreateRepo(RepoSpec{Owner: "octo", Name: "hello", Issues: 3}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{`{"after":2,"path_contains":"/issues","kind":"delete","owner":"octo","repo":"hello","number":1}`,
		`{"after":1,"kind":"explode"}`} {
		r, err := http.Post(s.URL()+"_control/plans", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		_ = r.Body.Close()
		if strings.Contains(body, "explode") != (r.StatusCode == 422) {
			t.Fatalf("%s: %d", body, r.StatusCode)
		}
	}
	url := s.URL() + "repos/octo/hello/issues?state=all"
	if n := len(get(t, url, "tok", nil).body); n != 3 {
		t.Fatalf("first request: %d issues", n)
	}
	if n := len(get(t, url, "tok", nil).body); n != 2 {
		t.Fatalf("second request: %d issues, the planned deletion should have run before it", n)
	}
}
