package github

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"
)

// Issue comments as GitHub serves them (docs: "REST API endpoints for issue
// comments"): the repository-wide listing (sort created or updated,
// direction, since, page), an issue's comments in ascending id order, the
// single comment; pull requests' conversation comments included, as
// GitHub does. A deleted comment disappears from every listing and its
// GET answers 404; comments travel with a transferred issue.

// Comment is one issue comment.
type Comment struct {
	ID        int64
	Issue     *Issue
	Author    string
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
	Deleted   bool
}

// visible reports whether a listing shows the comment.
func (c *Comment) visible() bool { return !c.Deleted && !c.Issue.gone() }

func (r *Repo) commentJSON(base string, c *Comment) map[string]any {
	repoURL := base + "repos/" + r.fullName()
	url := fmt.Sprintf("%s/issues/comments/%d", repoURL, c.ID)
	return map[string]any{
		"id": c.ID, "node_id": fmt.Sprintf("IC_kwDO%08d", c.ID), "url": url,
		"html_url":  fmt.Sprintf("https://github.com/%s/issues/%d#issuecomment-%d", r.fullName(), c.Issue.Number, c.ID),
		"issue_url": fmt.Sprintf("%s/issues/%d", repoURL, c.Issue.Number), "body": c.Body, "user": userJSON(base, c.Author),
		"created_at": ts(c.CreatedAt), "updated_at": ts(c.UpdatedAt), "author_association": r.association(c.Author),
		"performed_via_github_app": nil,
		"reactions": map[string]any{"url": url + "/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
			"confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
	}
}

// seedComments gives a seeded issue as many comments as its count says,
// a minute apart after it was opened; s.mu held.
func (s *Server) seedComments(repo *Repo, is *Issue) {
	for k := range is.Comments {
		at := is.CreatedAt.Add(time.Duration(k+1) * time.Minute)
		s.nextCommentID++
		repo.Comments = append(repo.Comments, &Comment{ID: s.nextCommentID, Issue: is, Author: seedUsers[(is.Number+k)%len(seedUsers)],
			Body: fmt.Sprintf("Comment %d on #%d.", k+1, is.Number), CreatedAt: at, UpdatedAt: at})
	}
}

// CreateComment adds a comment to an issue now; the issue's comment count
// and updated_at follow, as on GitHub. It returns the comment's id.
func (s *Server) CreateComment(owner, name string, number int, author, body string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, err := s.liveIssue(owner, name, number)
	if err != nil {
		return 0, err
	}
	if author == "" {
		author = "octocat"
	}
	now := s.now()
	s.nextCommentID++
	c := &Comment{ID: s.nextCommentID, Issue: is, Author: author, Body: body, CreatedAt: now, UpdatedAt: now}
	is.Repo.Comments = append(is.Repo.Comments, c)
	is.Comments++
	is.UpdatedAt = now
	return c.ID, nil
}

func (s *Server) liveComment(owner, name string, id int64) (*Comment, error) {
	repo := s.repos[key(owner, name)]
	if repo != nil {
		for _, c := range repo.Comments {
			if c.ID == id && c.visible() {
				return c, nil
			}
		}
	}
	return nil, fmt.Errorf("comment %d does not exist in %s/%s", id, owner, name)
}

// UpdateComment edits a comment's body and bumps its updated_at.
func (s *Server) UpdateComment(owner, name string, id int64, body string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.liveComment(owner, name, id)
	if err != nil {
		return err
	}
	c.Body, c.UpdatedAt = body, s.now()
	return nil
}

// DeleteComment deletes a comment: listings stop showing it, GET answers
// 404, and the issue's comment count drops.
func (s *Server) DeleteComment(owner, name string, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.liveComment(owner, name, id)
	if err != nil {
		return err
	}
	c.Deleted = true
	c.Issue.Comments--
	return nil
}

// moveComments follows an issue transferred from one repository to another; s.mu held.
func moveComments(from, to *Repo, old, moved *Issue) {
	kept := from.Comments[:0]
	for _, c := range from.Comments {
		if c.Issue == old {
			c.Issue = moved
			to.Comments = append(to.Comments, c)
			continue
		}
		kept = append(kept, c)
	}
	from.Comments = kept
	sort.Slice(to.Comments, func(i, j int) bool { return to.Comments[i].ID < to.Comments[j].ID })
}

// commentQuery is a comment listing's since (zero when absent) and its
// page window; msg is GitHub's 422 text for a bad one.
func commentQuery(q url.Values) (since time.Time, page, perPage int, msg string) {
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return since, 0, 0, "Validation Failed: since must be an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SSZ)"
		}
		since = t
	}
	page, perPage, msg = commentPage(q)
	return since, page, perPage, msg
}

// commentPage is the page/per_page window of a listing.
func commentPage(q url.Values) (page, perPage int, msg string) {
	page, perPage = 1, 30
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, "Validation Failed: per_page"
		}
		perPage = min(n, 100)
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, "Validation Failed: page"
		}
		page = n
	}
	return page, perPage, ""
}

// serveComments writes one page of comments with GitHub's Link header; s.mu held and released here.
func (s *Server) serveComments(w http.ResponseWriter, r *http.Request, repo *Repo, items []*Comment, page, perPage int) int {
	return servePage(s, w, r, items, page, perPage, func(c *Comment) any { return repo.commentJSON(s.base(r), c) })
}

// servePage writes one offset page of a listing, each item rendered, with
// GitHub's Link header; s.mu held on entry (for rendering) and released.
func servePage[T any](s *Server, w http.ResponseWriter, r *http.Request, items []T, page, perPage int, render func(T) any) int {
	start := min((page-1)*perPage, len(items))
	end := min(start+perPage, len(items))
	body := make([]any, 0, end-start)
	for _, item := range items[start:end] {
		body = append(body, render(item))
	}
	s.mu.Unlock()
	setPageLinks(w, r, page, perPage, len(items))
	return reply(w, r, body)
}

// commentOrder is a repository-wide comment listing's sort and direction
// (issue comments and review comments alike); msg is GitHub's 422 text.
func commentOrder(q url.Values) (sortBy, direction, msg string) {
	sortBy, direction = q.Get("sort"), q.Get("direction")
	if sortBy != "" && sortBy != "created" && sortBy != "updated" {
		return "", "", "Validation Failed: sort must be created or updated"
	}
	if direction != "" && direction != "asc" && direction != "desc" {
		return "", "", "Validation Failed: direction must be asc or desc"
	}
	if sortBy == "" {
		direction = "asc" // ignored without sort: ascending ids
	} else if direction == "" {
		direction = "desc"
	}
	return sortBy, direction, ""
}

// sortComments orders a comment listing by commentOrder's sort and
// direction; times gives an item's id, creation and last edit.
func sortComments[T any](items []T, sortBy, direction string, times func(T) (int64, time.Time, time.Time)) {
	sort.SliceStable(items, func(i, j int) bool {
		aID, aCreated, aUpdated := times(items[i])
		bID, bCreated, bUpdated := times(items[j])
		less := aID < bID
		switch sortBy {
		case "updated":
			less = aUpdated.Before(bUpdated) || aUpdated.Equal(bUpdated) && aID < bID
		case "created":
			less = aCreated.Before(bCreated) || aCreated.Equal(bCreated) && aID < bID
		}
		if direction == "desc" {
			return !less
		}
		return less
	})
}

// handleRepoComments is GET /repos/{owner}/{repo}/issues/comments.
func (s *Server) handleRepoComments(w http.ResponseWriter, r *http.Request, token string) int {
	q := r.URL.Query()
	sortBy, direction, msg := commentOrder(q)
	if msg != "" {
		return fail(w, 422, msg)
	}
	since, page, perPage, msg := commentQuery(q)
	if msg != "" {
		return fail(w, 422, msg)
	}
	s.mu.Lock()
	repo := s.findRepo(r.PathValue("owner"), r.PathValue("repo"), token)
	if repo == nil {
		s.mu.Unlock()
		return fail(w, http.StatusNotFound, "Not Found")
	}
	var items []*Comment
	hidePulls := s.hidesPullRequests(token)
	for _, c := range repo.Comments {
		if c.visible() && (since.IsZero() || !c.UpdatedAt.Before(since)) && !(hidePulls && c.Issue.PullRequest) {
			items = append(items, c)
		}
	}
	sortComments(items, sortBy, direction, func(c *Comment) (int64, time.Time, time.Time) { return c.ID, c.CreatedAt, c.UpdatedAt })
	return s.serveComments(w, r, repo, items, page, perPage)
}

// handleIssueSubresource is GET /repos/{owner}/{repo}/issues/{a}/{b}:
// issues/comments/{id} (one comment) or issues/{number}/comments (an
// issue's), one pattern because the two overlap.
func (s *Server) handleIssueSubresource(w http.ResponseWriter, r *http.Request, token string) int {
	a, b := r.PathValue("a"), r.PathValue("b")
	switch {
	case a == "comments":
		id, err := strconv.ParseInt(b, 10, 64)
		s.mu.Lock()
		repo := s.findRepo(r.PathValue("owner"), r.PathValue("repo"), token)
		var c *Comment
		if repo != nil && err == nil {
			c, _ = s.liveComment(repo.Owner, repo.Name, id)
		}
		if c == nil || s.hidesPullRequests(token) && c.Issue.PullRequest {
			s.mu.Unlock()
			return fail(w, http.StatusNotFound, "Not Found")
		}
		body := repo.commentJSON(s.base(r), c)
		s.mu.Unlock()
		return reply(w, r, body)
	case b == "comments":
		number, err := strconv.Atoi(a)
		q := r.URL.Query()
		since, page, perPage, msg := commentQuery(q)
		if msg != "" {
			return fail(w, 422, msg)
		}
		s.mu.Lock()
		repo := s.findRepo(r.PathValue("owner"), r.PathValue("repo"), token)
		if repo == nil || err != nil || number < 1 || number > len(repo.Issues) || s.hidesPullRequests(token) && repo.Issues[number-1].PullRequest {
			s.mu.Unlock()
			return fail(w, http.StatusNotFound, "Not Found")
		}
		is := repo.Issues[number-1]
		if is.Deleted {
			s.mu.Unlock()
			return fail(w, http.StatusGone, "This issue was deleted")
		}
		var items []*Comment
		for _, c := range repo.Comments {
			if c.Issue == is && c.visible() && (since.IsZero() || !c.UpdatedAt.Before(since)) {
				items = append(items, c)
			}
		}
		return s.serveComments(w, r, repo, items, page, perPage)
	}
	return fail(w, http.StatusNotFound, "Not Found")
}
