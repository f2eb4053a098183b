package github

import (
	"context"
	"net/http"
	"testing"
	"time"

	gh "github.com/google/go-github/v57/github"

	ghclient "github.com/ghconnector/terraform-provider-ghconnector/internal/github"
)

// allComments pages through a comments listing of octo/repo with go-github, following
// its Link headers as a real client does.
func allComments(t *testing.T, c *gh.Client, repo string, number int, opts *gh.IssueListCommentsOptions) []*gh.IssueComment {
	t.Helper()
	var out []*gh.IssueComment
	opts.PerPage = 100
	for page := 1; ; {
		opts.Page = page
		got, resp, err := c.Issues.ListComments(context.Background(), "octo", repo, number, opts)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, got...)
		if resp.NextPage == 0 {
			return out
		}
		page = resp.NextPage
	}
}

// Seeded repositories have as many comments as each issue's count says;
// the repository-wide listing (sort updated, asc, since) and an issue's
// listing read them through go-github; edits move a comment up the
// updated order, deletions remove it everywhere, and comments follow a
// transferred issue.
func TestCommentsEndpoints(t *testing.T) {
	s := start(t, Options{})
	if err := s.CreateRepo(RepoSpec{Owner: "octo", Name: "talk", Issues: 300, PullRequests: 20}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateRepo(RepoSpec{Owner: "octo", Name: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	c, err := ghclient.NewClient("tok", s.URL())
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for n := 1; n <= 320; n++ {
		is, _ := s.Issue("octo", "talk", n)
		want += is.Comments
	}
	asc := "asc"
	all := allComments(t, c, "talk", 0, &gh.IssueListCommentsOptions{Sort: gh.String("updated"), Direction: &asc})
	if len(all) != want || want < 900 {
		t.Fatalf("%d comments listed, the issues count %d", len(all), want)
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		ta, tb := a.GetUpdatedAt().Time, b.GetUpdatedAt().Time
		if tb.Before(ta) || tb.Equal(ta) && b.GetID() < a.GetID() {
			t.Fatalf("not in updated, id order at %d", i)
		}
	}
	issue6, _ := s.Issue("octo", "talk", 6)
	mine := allComments(t, c, "talk", 6, &gh.IssueListCommentsOptions{})
	if len(mine) != issue6.Comments || len(mine) == 0 || mine[0].GetIssueURL() == "" || mine[0].GetAuthorAssociation() == "" {
		t.Fatalf("issue 6: %d comments, count %d", len(mine), issue6.Comments)
	}

	// An edit: the comment alone is listed since the edit.
	edited := mine[0].GetID()
	s.FreezeClock(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	if err := s.UpdateComment("octo", "talk", edited, "edited"); err != nil {
		t.Fatal(err)
	}
	sinceEdit := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	recent := allComments(t, c, "talk", 0, &gh.IssueListCommentsOptions{Sort: gh.String("updated"), Direction: &asc,
		Since: &sinceEdit})
	if len(recent) != 1 || recent[0].GetID() != edited || recent[0].GetBody() != "edited" {
		t.Fatalf("since the edit: %v", recent)
	}
	one, _, err := c.Issues.GetComment(context.Background(), "octo", "talk", edited)
	if err != nil || one.GetBody() != "edited" {
		t.Fatalf("single comment: %v %v", one, err)
	}

	// A new comment bumps the issue; a deletion removes the comment everywhere.
	id, err := s.CreateComment("octo", "talk", 6, "hubot", "new")
	if err != nil {
		t.Fatal(err)
	}
	if is, _ := s.Issue("octo", "talk", 6); is.Comments != issue6.Comments+1 || !is.UpdatedAt.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("issue after a comment: %d comments, updated %v", is.Comments, is.UpdatedAt)
	}
	if err := s.DeleteComment("octo", "talk", id); err != nil {
		t.Fatal(err)
	}
	if _, resp, err := c.Issues.GetComment(context.Background(), "octo", "talk", id); err == nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a deleted comment: %v", err)
	}
	if got := allComments(t, c, "talk", 6, &gh.IssueListCommentsOptions{}); len(got) != issue6.Comments {
		t.Fatalf("issue 6 after the deletion: %d comments, want %d", len(got), issue6.Comments)
	}

	// Transferred: the comments go with the issue.
	moved, err := s.TransferIssue("octo", "talk", 6, "octo", "elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	if got := allComments(t, c, "elsewhere", moved, &gh.IssueListCommentsOptions{}); len(got) != issue6.Comments {
		t.Fatalf("the transferred issue has %d comments, want %d", len(got), issue6.Comments)
	}
	if got := allComments(t, c, "talk", 0, &gh.IssueListCommentsOptions{}); len(got) != want-issue6.Comments {
		t.Fatalf("the old repository lists %d comments, want %d", len(got), want-issue6.Comments)
	}

	// Bad parameters are refused as GitHub does.
	if r := get(t, s.URL()+"repos/octo/talk/issues/comments?sort=size", "tok", nil); r.status != 422 {
		t.Errorf("sort=size: %d", r.status)
	}
	if r := get(t, s.URL()+"repos/octo/talk/issues/comments?since=yesterday", "tok", nil); r.status != 422 {
		t.Errorf("since=yesterday: %d", r.status)
	}
}
