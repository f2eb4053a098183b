package github

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Pull requests, their reviews and review comments as GitHub serves them
// (docs: "REST API endpoints for pull requests", "… for pull request
// reviews", "… for pull request review comments"):
//
//   - GET /pulls lists the short form (state, sort, direction, page,
//     per_page; there is no since, an unknown parameter is ignored as
//     GitHub ignores it); GET /pulls/{n} adds what only it carries (merged,
//     merged_by, mergeable, comments, review_comments, commits, additions,
//     deletions, changed_files). An issue's number answers 404 there.
//   - GET /pulls/{n}/reviews: submitted reviews, oldest first (a pending
//     review is its author's only and never listed here).
//   - GET /pulls/comments (repository-wide; sort created or updated,
//     direction, since) and GET /pulls/{n}/comments, GET /pulls/comments/{id}.
//
// A pull request is an issue: every change to it (edit, push, review
// requested, review submitted, review comment, merge, close, reopen) moves
// its issue's updated_at, and the issue listing shows it again. What
// GitHub's pages do not say moves it is modelled as not moving it, the
// stricter reading for a client: dismissing a review, editing a review's
// body, editing or deleting a review comment.
//
// Pull requests cannot be deleted or transferred on GitHub; the control
// API refuses both. An App installation without the pull_requests
// permission gets 403 on these endpoints.

// PullRequest is what a pull request has beyond its issue.
type PullRequest struct {
	Draft              bool
	MergedAt           *time.Time
	MergedBy           string
	HeadRef, BaseRef   string
	HeadFork           string // owner/name of the fork the head is in; "" for a branch of this repository
	Pushes             int    // pushes after opening: the head sha, commits and diff follow
	RequestedReviewers []string
	RequestedTeams     []string
	Reviews            []*Review
}

// Review is a submitted review.
type Review struct {
	ID          int64
	Reviewer    string
	State       string // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
	Body        string
	SubmittedAt time.Time
	CommitID    string
}

// ReviewComment is a comment on a pull request's diff.
type ReviewComment struct {
	ID        int64
	Pull      *Issue
	ReviewID  int64
	InReplyTo int64
	Author    string
	Body      string
	Path      string
	Line      int
	CommitID  string
	CreatedAt time.Time
	UpdatedAt time.Time
	Deleted   bool
}

func newPull(is *Issue) *PullRequest {
	p := &PullRequest{HeadRef: fmt.Sprintf("feature-%d", is.Number), BaseRef: "main"}
	if is.State == "closed" && is.StateReason == "completed" && is.ClosedAt != nil {
		merged := *is.ClosedAt
		p.MergedAt, p.MergedBy = &merged, is.Repo.Owner
	}
	return p
}

func sha(parts ...any) string {
	sum := sha1.Sum([]byte(fmt.Sprint(parts...)))
	return hex.EncodeToString(sum[:])
}

func (is *Issue) headSHA() string { return sha("head", is.ID, is.Pull.Pushes) }
func (is *Issue) baseSHA() string { return sha("base", is.Repo.ID, is.Number) }
func (is *Issue) commits() int    { return 1 + is.Pull.Pushes }
func (is *Issue) additions() int  { return 10*is.commits() + is.Number%17 }
func (is *Issue) deletions() int  { return 3*is.commits() + is.Number%5 }
func (is *Issue) pullID() int64   { return 3_000_000_000 + is.ID }

func (is *Issue) changedFiles() int { return 1 + (is.Number+is.Pull.Pushes)%6 }

// branchJSON is a pull request's head or base; a head in a fork names the
// fork's owner and repository.
func branchJSON(base string, r *Repo, ref, commit, fork string) map[string]any {
	owner, repo := r.Owner, r.repoJSON(base)
	if forkOwner, forkName, ok := strings.Cut(fork, "/"); ok {
		owner = forkOwner
		repo = map[string]any{"full_name": fork, "name": forkName, "fork": true, "owner": userJSON(base, owner)}
	}
	return map[string]any{"label": owner + ":" + ref, "ref": ref, "sha": commit, "user": userJSON(base, owner), "repo": repo}
}

// pullJSON is a pull request as GET /pulls/{n} (full) or the listing
// (short) serves it.
func (r *Repo) pullJSON(base string, is *Issue, full bool) map[string]any {
	p := is.Pull
	repoURL := base + "repos/" + r.fullName()
	url := fmt.Sprintf("%s/pulls/%d", repoURL, is.Number)
	html := fmt.Sprintf("https://github.com/%s/pull/%d", r.fullName(), is.Number)
	issue := r.issueJSON(base, is)
	reviewers := make([]any, 0, len(p.RequestedReviewers))
	for _, login := range p.RequestedReviewers {
		reviewers = append(reviewers, userJSON(base, login))
	}
	teams := make([]any, 0, len(p.RequestedTeams))
	for i, slug := range p.RequestedTeams {
		teams = append(teams, map[string]any{"id": 1000 + i, "slug": slug, "name": slug, "privacy": "closed", "permission": "pull",
			"url": base + "teams/" + slug, "html_url": "https://github.com/orgs/" + r.Owner + "/teams/" + slug})
	}
	var mergedAt, mergeSHA any
	if p.MergedAt != nil {
		mergedAt, mergeSHA = ts(*p.MergedAt), sha("merge", is.ID)
	}
	out := map[string]any{
		"url": url, "id": is.pullID(), "node_id": fmt.Sprintf("PR_kwDO%08d", is.ID), "html_url": html,
		"diff_url": html + ".diff", "patch_url": html + ".patch", "issue_url": fmt.Sprintf("%s/issues/%d", repoURL, is.Number),
		"commits_url": url + "/commits", "review_comments_url": url + "/comments", "review_comment_url": repoURL + "/pulls/comments{/number}",
		"comments_url": fmt.Sprintf("%s/issues/%d/comments", repoURL, is.Number), "statuses_url": repoURL + "/statuses/" + is.headSHA(),
		"number": is.Number, "state": is.State, "locked": is.Locked, "title": is.Title, "user": issue["user"], "body": is.Body,
		"labels": issue["labels"], "milestone": issue["milestone"], "active_lock_reason": nil,
		"created_at": issue["created_at"], "updated_at": issue["updated_at"], "closed_at": issue["closed_at"], "merged_at": mergedAt,
		"merge_commit_sha": mergeSHA, "assignee": issue["assignee"], "assignees": issue["assignees"],
		"requested_reviewers": reviewers, "requested_teams": teams,
		"head": branchJSON(base, r, p.HeadRef, is.headSHA(), p.HeadFork), "base": branchJSON(base, r, p.BaseRef, is.baseSHA(), ""),
		"_links":             map[string]any{"self": map[string]any{"href": url}, "html": map[string]any{"href": html}},
		"author_association": issue["author_association"], "auto_merge": nil, "draft": p.Draft,
	}
	if !full {
		return out
	}
	var mergedBy any
	if p.MergedBy != "" {
		mergedBy = userJSON(base, p.MergedBy)
	}
	reviewComments := 0
	for _, c := range r.ReviewComments {
		if c.Pull == is && !c.Deleted {
			reviewComments++
		}
	}
	mergeable := any(nil)
	if is.State == "open" {
		mergeable = true
	}
	out["merged"], out["mergeable"], out["rebaseable"], out["mergeable_state"] = p.MergedAt != nil, mergeable, mergeable, "clean"
	out["merged_by"], out["comments"], out["review_comments"], out["maintainer_can_modify"] = mergedBy, is.Comments, reviewComments, false
	out["commits"], out["additions"], out["deletions"], out["changed_files"] = is.commits(), is.additions(), is.deletions(), is.changedFiles()
	return out
}

func (r *Repo) reviewJSON(base string, is *Issue, rv *Review) map[string]any {
	url := fmt.Sprintf("%srepos/%s/pulls/%d", base, r.fullName(), is.Number)
	html := fmt.Sprintf("https://github.com/%s/pull/%d#pullrequestreview-%d", r.fullName(), is.Number, rv.ID)
	return map[string]any{
		"id": rv.ID, "node_id": fmt.Sprintf("PRR_kwDO%08d", rv.ID), "user": userJSON(base, rv.Reviewer), "body": rv.Body,
		"state": rv.State, "html_url": html, "pull_request_url": url, "author_association": r.association(rv.Reviewer),
		"_links":       map[string]any{"html": map[string]any{"href": html}, "pull_request": map[string]any{"href": url}},
		"submitted_at": ts(rv.SubmittedAt), "commit_id": rv.CommitID,
	}
}

func (r *Repo) reviewCommentJSON(base string, c *ReviewComment) map[string]any {
	repoURL := base + "repos/" + r.fullName()
	url := fmt.Sprintf("%s/pulls/comments/%d", repoURL, c.ID)
	pull := fmt.Sprintf("%s/pulls/%d", repoURL, c.Pull.Number)
	html := fmt.Sprintf("https://github.com/%s/pull/%d#discussion_r%d", r.fullName(), c.Pull.Number, c.ID)
	out := map[string]any{
		"url": url, "pull_request_review_id": c.ReviewID, "id": c.ID, "node_id": fmt.Sprintf("PRRC_kwDO%08d", c.ID),
		"diff_hunk": fmt.Sprintf("@@ -%d,3 +%d,4 @@", c.Line, c.Line), "path": c.Path, "position": c.Line, "original_position": c.Line,
		"commit_id": c.CommitID, "original_commit_id": c.CommitID, "user": userJSON(base, c.Author), "body": c.Body,
		"created_at": ts(c.CreatedAt), "updated_at": ts(c.UpdatedAt), "html_url": html, "pull_request_url": pull,
		"author_association": r.association(c.Author),
		"_links":             map[string]any{"self": map[string]any{"href": url}, "html": map[string]any{"href": html}, "pull_request": map[string]any{"href": pull}},
		"start_line":         nil, "original_start_line": nil, "start_side": nil, "line": c.Line, "original_line": c.Line, "side": "RIGHT",
		"subject_type": "line",
		"reactions": map[string]any{"url": url + "/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
			"confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
	}
	if c.InReplyTo != 0 {
		out["in_reply_to_id"] = c.InReplyTo
	}
	return out
}

// pullRepo is the repository of a pull request endpoint, with s.mu held
// for the caller to release; nil (s.mu released) with the status answered:
// 403 for an installation without the pull_requests permission, as GitHub
// answers, 404 for a repository the token cannot read.
func (s *Server) pullRepo(w http.ResponseWriter, r *http.Request, token string) (*Repo, int) {
	s.mu.Lock()
	if s.hidesPullRequests(token) {
		s.mu.Unlock()
		return nil, fail(w, http.StatusForbidden, "Resource not accessible by integration")
	}
	repo := s.findRepo(r.PathValue("owner"), r.PathValue("repo"), token)
	if repo == nil {
		s.mu.Unlock()
		return nil, fail(w, http.StatusNotFound, "Not Found")
	}
	return repo, 0
}

// livePull is the repository's pull request number n (s.mu held); nil for
// an issue, an unknown number, or one that is gone.
func livePull(repo *Repo, n int) *Issue {
	if repo == nil || n < 1 || n > len(repo.Issues) {
		return nil
	}
	if is := repo.Issues[n-1]; is.PullRequest && !is.gone() {
		return is
	}
	return nil
}

// handlePulls is GET /repos/{owner}/{repo}/pulls.
func (s *Server) handlePulls(w http.ResponseWriter, r *http.Request, token string) int {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	if state != "open" && state != "closed" && state != "all" {
		return fail(w, 422, "Validation Failed: state must be open, closed or all")
	}
	sortBy := q.Get("sort")
	if sortBy == "" {
		sortBy = "created"
	}
	if !slices.Contains([]string{"created", "updated", "popularity", "long-running"}, sortBy) {
		return fail(w, 422, "Validation Failed: sort must be created, updated, popularity or long-running")
	}
	direction := q.Get("direction")
	if direction == "" {
		direction = "asc" // GitHub: desc when sort is created or absent, otherwise asc
		if sortBy == "created" {
			direction = "desc"
		}
	}
	if direction != "asc" && direction != "desc" {
		return fail(w, 422, "Validation Failed: direction must be asc or desc")
	}
	page, perPage, msg := commentPage(q)
	if msg != "" {
		return fail(w, 422, msg)
	}
	repo, status := s.pullRepo(w, r, token)
	if repo == nil {
		return status
	}
	var items []*Issue
	for _, is := range repo.Issues {
		if is.PullRequest && !is.gone() && (state == "all" || is.State == state) {
			items = append(items, is)
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		less := a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.Number < b.Number
		switch sortBy {
		case "updated":
			less = a.UpdatedAt.Before(b.UpdatedAt) || a.UpdatedAt.Equal(b.UpdatedAt) && a.Number < b.Number
		case "popularity":
			less = a.Comments < b.Comments || a.Comments == b.Comments && a.Number < b.Number
		case "long-running": // age: the oldest run longest
			less = a.CreatedAt.After(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.Number > b.Number
		}
		if direction == "desc" {
			return !less
		}
		return less
	})
	return servePage(s, w, r, items, page, perPage, func(is *Issue) any { return repo.pullJSON(s.base(r), is, false) })
}

// handlePull is GET /repos/{owner}/{repo}/pulls/{number}.
func (s *Server) handlePull(w http.ResponseWriter, r *http.Request, token string) int {
	n, err := strconv.Atoi(r.PathValue("number"))
	repo, status := s.pullRepo(w, r, token)
	if repo == nil {
		return status
	}
	defer s.mu.Unlock()
	is := livePull(repo, n)
	if err != nil || is == nil {
		return fail(w, http.StatusNotFound, "Not Found")
	}
	return reply(w, r, repo.pullJSON(s.base(r), is, true))
}

// handlePullSubresource is GET /pulls/{a}/{b}: pulls/{n}/reviews,
// pulls/{n}/comments or pulls/comments/{id}, one pattern because the
// last two overlap.
func (s *Server) handlePullSubresource(w http.ResponseWriter, r *http.Request, token string) int {
	a, b := r.PathValue("a"), r.PathValue("b")
	q := r.URL.Query()
	repo, status := s.pullRepo(w, r, token)
	if repo == nil {
		return status
	}
	if a == "comments" {
		defer s.mu.Unlock()
		id, err := strconv.ParseInt(b, 10, 64)
		for _, c := range repo.ReviewComments {
			if err == nil && c.ID == id && !c.Deleted {
				return reply(w, r, repo.reviewCommentJSON(s.base(r), c))
			}
		}
		return fail(w, http.StatusNotFound, "Not Found")
	}
	n, err := strconv.Atoi(a)
	is := livePull(repo, n)
	if err != nil || is == nil || (b != "reviews" && b != "comments") {
		s.mu.Unlock()
		return fail(w, http.StatusNotFound, "Not Found")
	}
	since, page, perPage, msg := commentQuery(q)
	if msg != "" {
		s.mu.Unlock()
		return fail(w, 422, msg)
	}
	if b == "reviews" {
		return servePage(s, w, r, is.Pull.Reviews, page, perPage, func(rv *Review) any { return repo.reviewJSON(s.base(r), is, rv) })
	}
	var items []*ReviewComment
	for _, c := range repo.ReviewComments {
		if c.Pull == is && !c.Deleted && (since.IsZero() || !c.UpdatedAt.Before(since)) {
			items = append(items, c)
		}
	}
	return servePage(s, w, r, items, page, perPage, func(c *ReviewComment) any { return repo.reviewCommentJSON(s.base(r), c) })
}

// handleRepoReviewComments is GET /repos/{owner}/{repo}/pulls/comments.
func (s *Server) handleRepoReviewComments(w http.ResponseWriter, r *http.Request, token string) int {
	q := r.URL.Query()
	sortBy, direction, msg := commentOrder(q)
	if msg != "" {
		return fail(w, 422, msg)
	}
	since, page, perPage, msg := commentQuery(q)
	if msg != "" {
		return fail(w, 422, msg)
	}
	repo, status := s.pullRepo(w, r, token)
	if repo == nil {
		return status
	}
	var items []*ReviewComment
	for _, c := range repo.ReviewComments {
		if !c.Deleted && (since.IsZero() || !c.UpdatedAt.Before(since)) {
			items = append(items, c)
		}
	}
	sortComments(items, sortBy, direction, func(c *ReviewComment) (int64, time.Time, time.Time) { return c.ID, c.CreatedAt, c.UpdatedAt })
	return servePage(s, w, r, items, page, perPage, func(c *ReviewComment) any { return repo.reviewCommentJSON(s.base(r), c) })
}

// setPageLinks writes GitHub's Link header of an offset-paged listing.
func setPageLinks(w http.ResponseWriter, r *http.Request, page, perPage, total int) {
	link := func(p int) string {
		u := *r.URL
		u.Scheme, u.Host = scheme(r), r.Host
		vals := u.Query()
		vals.Set("page", strconv.Itoa(p))
		u.RawQuery = vals.Encode()
		return u.String()
	}
	var links []string
	if page*perPage < total {
		last := (total + perPage - 1) / perPage
		links = append(links, fmt.Sprintf(`<%s>; rel="next"`, link(page+1)), fmt.Sprintf(`<%s>; rel="last"`, link(last)))
	}
	if page > 1 {
		links = append(links, fmt.Sprintf(`<%s>; rel="first"`, link(1)), fmt.Sprintf(`<%s>; rel="prev"`, link(page-1)))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
}
