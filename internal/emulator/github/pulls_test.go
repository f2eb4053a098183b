package github

import (
	"context"
	"testing"
	"time"

	gh "github.com/google/go-github/v57/github"

	ghclient "github.com/ghconnector/terraform-provider-ghconnector/internal/github"
)

// Pull requests, reviews and review comments read through go-github (whose
// types follow GitHub's schema): the short listing and the full single
// form, seeded reviews and review comments, and which changes move the
// pull request's issue in the issue listing (pulls.go).
func TestPullRequestEndpoints(t *testing.T) {
	s := start(t, Options{})
	if err := s.CreateRepo(RepoSpec{Owner: "octo", Name: "code", Issues: 32, PullRequests: 16}); err != nil {
		t.Fatal(err)
	}
	c, err := ghclient.NewClient("tok", s.URL())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var pulls []*gh.PullRequest
	for page := 1; page != 0; {
		got, resp, err := c.PullRequests.List(ctx, "octo", "code", &gh.PullRequestListOptions{State: "all", Sort: "updated", Direction: "asc",
			ListOptions: gh.ListOptions{PerPage: 5, Page: page}})
		if err != nil {
			t.Fatal(err)
		}
		pulls, page = append(pulls, got...), resp.NextPage
	}
	if len(pulls) != 16 {
		t.Fatalf("%d pull requests listed, want 16", len(pulls))
	}
	for i, p := range pulls {
		if p.Additions != nil || p.Merged != nil || p.MergedBy != nil {
			t.Fatalf("the listing carries detail-only fields: %+v", p)
		}
		if i > 0 && p.GetUpdatedAt().Before(pulls[i-1].GetUpdatedAt().Time) {
			t.Fatal("sort=updated&direction=asc out of order")
		}
	}
	if _, _, err := c.PullRequests.Get(ctx, "octo", "code", 1); err == nil {
		t.Fatal("an issue's number must answer 404 on /pulls/{n}")
	}
	var merged, reviewed *gh.PullRequest
	reviews := 0
	for _, short := range pulls {
		p, _, err := c.PullRequests.Get(ctx, "octo", "code", short.GetNumber())
		if err != nil {
			t.Fatal(err)
		}
		if p.Additions == nil || p.Commits == nil || p.ChangedFiles == nil || p.Merged == nil || p.GetHead().GetSHA() == "" || p.GetBase().GetRef() != "main" {
			t.Fatalf("the full form lacks fields: %+v", p)
		}
		if p.GetMerged() {
			merged = p
		}
		rs, _, err := c.PullRequests.ListReviews(ctx, "octo", "code", p.GetNumber(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			if r.GetState() == "" || r.SubmittedAt == nil || r.GetUser().GetLogin() == "" || i > 0 && r.GetSubmittedAt().Before(rs[i-1].GetSubmittedAt().Time) {
				t.Fatalf("review %+v", r)
			}
			if r.GetSubmittedAt().After(p.GetUpdatedAt().Time) {
				t.Fatalf("a seeded review after its pull request's updated_at: %v > %v", r.GetSubmittedAt(), p.GetUpdatedAt())
			}
		}
		if len(rs) > 0 && p.GetState() == "open" {
			reviewed = p
		}
		reviews += len(rs)
	}
	if merged == nil || merged.GetMergedBy().GetLogin() == "" || reviewed == nil || reviews == 0 {
		t.Fatalf("seeds: merged %t, reviewed %t, %d reviews", merged != nil, reviewed != nil, reviews)
	}
	comments, _, err := c.PullRequests.ListComments(ctx, "octo", "code", 0, &gh.PullRequestListCommentsOptions{Sort: "updated", Direction: "asc",
		ListOptions: gh.ListOptions{PerPage: 100}})
	if err != nil || len(comments) == 0 || comments[0].PullRequestReviewID == nil || comments[0].GetPath() == "" {
		t.Fatalf("review comments: %v %v", comments, err)
	}

	// Which changes move the pull request in the issue listing.
	n := reviewed.GetNumber()
	updated := func() time.Time {
		is, _ := s.Issue("octo", "code", n)
		return is.UpdatedAt
	}
	step := func(what string, moves bool, change func() error) {
		t.Helper()
		s.AdvanceClock(time.Minute)
		before := updated()
		if err := change(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got := updated().After(before); got != moves {
			t.Fatalf("%s: updated_at moved %v, want %v", what, got, moves)
		}
	}
	s.FreezeClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	var reviewID, commentID int64
	step("push", true, func() error { return s.UpdatePullRequest("octo", "code", n, PullChange{Push: true}) })
	step("request a reviewer", true, func() error {
		return s.UpdatePullRequest("octo", "code", n, PullChange{RequestReviewers: []string{"defunkt"}})
	})
	step("review", true, func() (err error) {
		reviewID, err = s.SubmitReview("octo", "code", n, "defunkt", "APPROVED", "ok")
		return
	})
	step("dismiss", false, func() error { return s.DismissReview("octo", "code", n, reviewID) })
	step("edit a review", false, func() error { return s.EditReview("octo", "code", n, reviewID, "changed") })
	step("review comment", true, func() (err error) {
		commentID, err = s.CreateReviewComment("octo", "code", n, "mojombo", "x.go", 3, "why?", 0)
		return
	})
	step("edit a review comment", false, func() error { return s.UpdateReviewComment("octo", "code", commentID, "why!") })
	step("delete a review comment", false, func() error { return s.DeleteReviewComment("octo", "code", commentID) })
	step("merge", true, func() error { return s.MergePullRequest("octo", "code", n, "") })
	p, _, err := c.PullRequests.Get(ctx, "octo", "code", n)
	if err != nil || !p.GetMerged() || p.GetCommits() < 2 || p.GetState() != "closed" {
		t.Fatalf("after the changes: %+v %v", p, err)
	}
	rs, _, _ := c.PullRequests.ListReviews(ctx, "octo", "code", n, nil)
	last := rs[len(rs)-2] // the review comment came with its own COMMENTED review
	if last.GetState() != "DISMISSED" || last.GetBody() != "changed" {
		t.Fatalf("dismissed review: %+v", last)
	}
	if _, _, err := c.PullRequests.GetComment(ctx, "octo", "code", commentID); err == nil {
		t.Fatal("a deleted review comment must answer 404")
	}
	if err := s.DeleteIssue("octo", "code", n); err == nil {
		t.Fatal("GitHub deletes no pull request")
	}
}
