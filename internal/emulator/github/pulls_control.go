package github

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The control API's pull request changes and their Go equivalents. Each
// change that GitHub shows on the pull request's timeline moves its
// issue's updated_at (pulls.go says which do not).

// PullSpec opens a pull request.
type PullSpec struct {
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	Author    string   `json:"author"` // default octocat
	HeadRef   string   `json:"head"`   // default feature-<number>
	BaseRef   string   `json:"base"`   // default main
	HeadFork  string   `json:"head_fork"`
	Draft     bool     `json:"draft"`
	Reviewers []string `json:"reviewers"`
	Teams     []string `json:"teams"`
}

// PullChange changes an open pull request; zero fields are kept.
type PullChange struct {
	Title            *string  `json:"title"`
	Body             *string  `json:"body"`
	Draft            *bool    `json:"draft"`
	Push             bool     `json:"push"` // a new commit on the head branch
	RequestReviewers []string `json:"request_reviewers"`
	RequestTeams     []string `json:"request_teams"`
	RemoveReviewers  []string `json:"remove_reviewers"`
}

// OpenPullRequest opens a pull request now and returns its number.
func (s *Server) OpenPullRequest(owner, name string, spec PullSpec) (int, error) {
	pr := true
	title := spec.Title
	n, err := s.CreateIssue(owner, name, IssueChange{Title: optional(title), Body: optional(spec.Body), PullRequest: pr, Author: spec.Author})
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.repos[key(owner, name)].Issues[n-1]
	if spec.HeadRef != "" {
		is.Pull.HeadRef = spec.HeadRef
	}
	if spec.BaseRef != "" {
		is.Pull.BaseRef = spec.BaseRef
	}
	is.Pull.HeadFork, is.Pull.Draft = spec.HeadFork, spec.Draft
	is.Pull.RequestedReviewers, is.Pull.RequestedTeams = append([]string{}, spec.Reviewers...), append([]string{}, spec.Teams...)
	return n, nil
}

// openPull is a live pull request to change (s.mu held).
func (s *Server) openPull(owner, name string, n int) (*Issue, error) {
	is := livePull(s.repos[key(owner, name)], n)
	if is == nil {
		return nil, fmt.Errorf("pull request %s/%s#%d does not exist", owner, name, n)
	}
	return is, nil
}

// UpdatePullRequest edits, pushes to or requests reviews on a pull request.
func (s *Server) UpdatePullRequest(owner, name string, n int, c PullChange) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, err := s.openPull(owner, name, n)
	if err != nil {
		return err
	}
	if c.Push && is.Pull.MergedAt != nil {
		return fmt.Errorf("pull request #%d is merged", n)
	}
	if c.Title != nil {
		is.Title = *c.Title
	}
	if c.Body != nil {
		is.Body = *c.Body
	}
	if c.Draft != nil {
		is.Pull.Draft = *c.Draft
	}
	if c.Push {
		is.Pull.Pushes++
	}
	for _, login := range c.RequestReviewers {
		if !slices.Contains(is.Pull.RequestedReviewers, login) {
			is.Pull.RequestedReviewers = append(is.Pull.RequestedReviewers, login)
		}
	}
	for _, team := range c.RequestTeams {
		if !slices.Contains(is.Pull.RequestedTeams, team) {
			is.Pull.RequestedTeams = append(is.Pull.RequestedTeams, team)
		}
	}
	is.Pull.RequestedReviewers = slices.DeleteFunc(is.Pull.RequestedReviewers, func(l string) bool { return slices.Contains(c.RemoveReviewers, l) })
	is.UpdatedAt = s.now()
	return nil
}

// MergePullRequest merges an open pull request: closed, merged, by whom.
func (s *Server) MergePullRequest(owner, name string, n int, by string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, err := s.openPull(owner, name, n)
	if err != nil {
		return err
	}
	if is.State != "open" || is.Pull.Draft {
		return fmt.Errorf("pull request #%d is not open, or is a draft: it cannot be merged", n)
	}
	if by == "" {
		by = is.Repo.Owner
	}
	now := s.now()
	is.State, is.ClosedAt, is.StateReason, is.UpdatedAt = "closed", &now, "completed", now
	is.Pull.MergedAt, is.Pull.MergedBy = &now, by
	return nil
}

var reviewStates = []string{"APPROVED", "CHANGES_REQUESTED", "COMMENTED"}

// SubmitReview submits a review on the head commit: the reviewer leaves
// the requested reviewers, as on GitHub. It returns the review's id.
func (s *Server) SubmitReview(owner, name string, n int, reviewer, state, body string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, err := s.openPull(owner, name, n)
	if err != nil {
		return 0, err
	}
	if !slices.Contains(reviewStates, state) {
		return 0, fmt.Errorf("review state must be APPROVED, CHANGES_REQUESTED or COMMENTED, not %q", state)
	}
	return s.addReview(is, reviewer, state, body, s.now()), nil
}

// addReview records a review at t and moves the pull request (s.mu held).
func (s *Server) addReview(is *Issue, reviewer, state, body string, at time.Time) int64 {
	if reviewer == "" {
		reviewer = "hubot"
	}
	s.nextReviewID++
	is.Pull.Reviews = append(is.Pull.Reviews, &Review{ID: s.nextReviewID, Reviewer: reviewer, State: state, Body: body,
		SubmittedAt: at, CommitID: is.headSHA()})
	is.Pull.RequestedReviewers = slices.DeleteFunc(is.Pull.RequestedReviewers, func(l string) bool { return l == reviewer })
	if at.After(is.UpdatedAt) {
		is.UpdatedAt = at
	}
	return s.nextReviewID
}

func (s *Server) review(owner, name string, n int, id int64) (*Review, error) {
	is, err := s.openPull(owner, name, n)
	if err != nil {
		return nil, err
	}
	for _, rv := range is.Pull.Reviews {
		if rv.ID == id {
			return rv, nil
		}
	}
	return nil, fmt.Errorf("review %d of #%d does not exist", id, n)
}

// DismissReview dismisses an approval or a change request. The pull
// request's updated_at stays (pulls.go).
func (s *Server) DismissReview(owner, name string, n int, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rv, err := s.review(owner, name, n, id)
	if err != nil {
		return err
	}
	if rv.State != "APPROVED" && rv.State != "CHANGES_REQUESTED" {
		return fmt.Errorf("only an approval or a change request can be dismissed, not a %s review", rv.State)
	}
	rv.State = "DISMISSED"
	return nil
}

// EditReview changes a review's body; the pull request's updated_at stays.
func (s *Server) EditReview(owner, name string, n int, id int64, body string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rv, err := s.review(owner, name, n, id)
	if err != nil {
		return err
	}
	rv.Body = body
	return nil
}

// CreateReviewComment comments on a line of the diff: a reply joins the
// replied comment's review, any other comment comes with a COMMENTED
// review of its own (as GitHub's single-comment endpoint does). It returns
// the comment's id.
func (s *Server) CreateReviewComment(owner, name string, n int, author, path string, line int, body string, inReplyTo int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, err := s.openPull(owner, name, n)
	if err != nil {
		return 0, err
	}
	if author == "" {
		author = "hubot"
	}
	if path == "" {
		path = "main.go"
	}
	now := s.now()
	var reviewID int64
	if inReplyTo != 0 {
		parent := s.reviewComment(is.Repo, inReplyTo)
		if parent == nil || parent.Pull != is {
			return 0, fmt.Errorf("review comment %d of #%d does not exist", inReplyTo, n)
		}
		reviewID, path, line = parent.ReviewID, parent.Path, parent.Line
		is.UpdatedAt = now
	} else {
		reviewID = s.addReview(is, author, "COMMENTED", "", now)
	}
	return s.addReviewComment(is, reviewID, inReplyTo, author, path, line, body, now), nil
}

func (s *Server) addReviewComment(is *Issue, reviewID, inReplyTo int64, author, path string, line int, body string, at time.Time) int64 {
	s.nextCommentID++
	is.Repo.ReviewComments = append(is.Repo.ReviewComments, &ReviewComment{ID: s.nextCommentID, Pull: is, ReviewID: reviewID,
		InReplyTo: inReplyTo, Author: author, Body: body, Path: path, Line: max(1, line), CommitID: is.headSHA(), CreatedAt: at, UpdatedAt: at})
	return s.nextCommentID
}

func (s *Server) reviewComment(repo *Repo, id int64) *ReviewComment {
	if repo == nil {
		return nil
	}
	for _, c := range repo.ReviewComments {
		if c.ID == id && !c.Deleted {
			return c
		}
	}
	return nil
}

// UpdateReviewComment edits a review comment: its updated_at moves, the
// pull request's does not.
func (s *Server) UpdateReviewComment(owner, name string, id int64, body string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.reviewComment(s.repos[key(owner, name)], id)
	if c == nil {
		return fmt.Errorf("review comment %d does not exist in %s/%s", id, owner, name)
	}
	c.Body, c.UpdatedAt = body, s.now()
	return nil
}

// DeleteReviewComment deletes a review comment: listings stop showing it
// and GET answers 404.
func (s *Server) DeleteReviewComment(owner, name string, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.reviewComment(s.repos[key(owner, name)], id)
	if c == nil {
		return fmt.Errorf("review comment %d does not exist in %s/%s", id, owner, name)
	}
	c.Deleted = true
	return nil
}

// seedPull gives a seeded pull request its details, reviews and review
// comments, deterministic from its number, all before its updated_at
// (s.mu held).
func (s *Server) seedPull(repo *Repo, is *Issue) {
	is.Pull = newPull(is)
	reviews := is.Number % 4
	// Reviews hours apart, the first within a day; every third pull
	// request merged after its reviews: the views have times to review
	// and to merge to show.
	hours := time.Duration(1+is.Number%9) * time.Hour
	for k := range reviews {
		at := is.CreatedAt.Add(time.Duration(k+1) * hours)
		reviewer := seedUsers[(is.Number+k+1)%len(seedUsers)]
		if reviewer == is.Author {
			reviewer = "hubot"
		}
		state := reviewStates[(is.Number+k)%len(reviewStates)]
		id := s.addReview(is, reviewer, state, fmt.Sprintf("Review %d of #%d.", k+1, is.Number), at)
		if state != "APPROVED" {
			s.addReviewComment(is, id, 0, reviewer, "main.go", 10*(k+1), fmt.Sprintf("Nit %d on #%d.", k+1, is.Number), at)
		}
	}
	ordinal := 0 // the repository's how-manieth pull request
	for _, other := range repo.Issues {
		if other.PullRequest {
			ordinal++
		}
	}
	if ordinal%3 == 2 && is.State == "open" {
		merged := is.CreatedAt.Add(time.Duration(reviews+1) * hours)
		is.State, is.ClosedAt, is.StateReason = "closed", &merged, "completed"
		is.Pull.MergedAt, is.Pull.MergedBy = &merged, repo.Owner
		if merged.After(is.UpdatedAt) {
			is.UpdatedAt = merged
		}
	}
	if reviews < 3 && is.State == "open" {
		is.Pull.RequestedReviewers = []string{"monalisa"}
	}
}

// PullSnapshot, ReviewSnapshot and ReviewCommentSnapshot are a
// repository's ground truth for its pull requests (the full form, by pull
// request id), their reviews (by id) and review comments (live ones as
// GitHub serves them; deleted ones in Gone).
func (s *Server) PullSnapshot(owner, name, base string) Snapshot {
	return s.snapshot(owner, name, func(repo *Repo, out Snapshot) {
		for _, is := range repo.Issues {
			if is.PullRequest && !is.gone() {
				out.Live[is.pullID()] = roundTrip(repo.pullJSON(base, is, true))
			}
		}
	})
}

// ReviewSnapshot is documented with PullSnapshot.
func (s *Server) ReviewSnapshot(owner, name, base string) Snapshot {
	return s.snapshot(owner, name, func(repo *Repo, out Snapshot) {
		for _, is := range repo.Issues {
			if is.PullRequest && !is.gone() {
				for _, rv := range is.Pull.Reviews {
					out.Live[rv.ID] = roundTrip(repo.reviewJSON(base, is, rv))
				}
			}
		}
	})
}

// ReviewCommentSnapshot is documented with PullSnapshot.
func (s *Server) ReviewCommentSnapshot(owner, name, base string) Snapshot {
	return s.snapshot(owner, name, func(repo *Repo, out Snapshot) {
		for _, c := range repo.ReviewComments {
			if c.Deleted {
				out.Gone[c.ID] = Removal{Kind: "DELETED"}
			} else {
				out.Live[c.ID] = roundTrip(repo.reviewCommentJSON(base, c))
			}
		}
	})
}

func (s *Server) snapshot(owner, name string, fill func(*Repo, Snapshot)) Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Snapshot{Live: map[int64]map[string]any{}, Gone: map[int64]Removal{}}
	if repo := s.repos[key(owner, name)]; repo != nil {
		fill(repo, out)
	}
	return out
}

func roundTrip(v map[string]any) map[string]any {
	raw, _ := json.Marshal(v)
	var doc map[string]any
	_ = json.Unmarshal(raw, &doc)
	return doc
}

// pullControl adds the control API's pull request routes.
func (s *Server) pullControl(mux *http.ServeMux, decode func(http.ResponseWriter, *http.Request, any) bool) {
	type handler func(owner, name string, n int, body map[string]json.RawMessage) (any, error)
	route := func(pattern string, h handler) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			body := map[string]json.RawMessage{}
			if r.ContentLength != 0 && !decode(w, r, &body) {
				return
			}
			n, _ := strconv.Atoi(r.PathValue("number"))
			out, err := h(r.PathValue("owner"), r.PathValue("repo"), n, body)
			if err != nil {
				apiError(w, http.StatusUnprocessableEntity, err.Error())
				return
			}
			writeJSON(w, http.StatusOK, out)
		})
	}
	field := func(body map[string]json.RawMessage, name string, v any) error {
		if raw, ok := body[name]; ok {
			return json.Unmarshal(raw, v)
		}
		return nil
	}
	route("POST /_control/repos/{owner}/{repo}/pulls", func(owner, name string, _ int, body map[string]json.RawMessage) (any, error) {
		raw, _ := json.Marshal(body)
		var spec PullSpec
		if err := json.Unmarshal(raw, &spec); err != nil {
			return nil, err
		}
		n, err := s.OpenPullRequest(owner, name, spec)
		return map[string]any{"number": n}, err
	})
	route("PATCH /_control/repos/{owner}/{repo}/pulls/{number}", func(owner, name string, n int, body map[string]json.RawMessage) (any, error) {
		raw, _ := json.Marshal(body)
		var c PullChange
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, err
		}
		return map[string]any{"number": n}, s.UpdatePullRequest(owner, name, n, c)
	})
	route("POST /_control/repos/{owner}/{repo}/pulls/{number}/merge", func(owner, name string, n int, body map[string]json.RawMessage) (any, error) {
		var by string
		if err := field(body, "by", &by); err != nil {
			return nil, err
		}
		return map[string]any{"merged": n}, s.MergePullRequest(owner, name, n, by)
	})
	route("POST /_control/repos/{owner}/{repo}/pulls/{number}/reviews", func(owner, name string, n int, body map[string]json.RawMessage) (any, error) {
		var reviewer, state, text string
		for k, v := range map[string]*string{"reviewer": &reviewer, "state": &state, "body": &text} {
			if err := field(body, k, v); err != nil {
				return nil, err
			}
		}
		id, err := s.SubmitReview(owner, name, n, reviewer, state, text)
		return map[string]any{"id": id}, err
	})
	route("POST /_control/repos/{owner}/{repo}/pulls/{number}/reviews/dismiss", func(owner, name string, n int, body map[string]json.RawMessage) (any, error) {
		var id int64
		if err := field(body, "id", &id); err != nil {
			return nil, err
		}
		return map[string]any{"dismissed": id}, s.DismissReview(owner, name, n, id)
	})
	route("POST /_control/repos/{owner}/{repo}/pulls/{number}/comments", func(owner, name string, n int, body map[string]json.RawMessage) (any, error) {
		var c struct {
			Author    string `json:"author"`
			Path      string `json:"path"`
			Line      int    `json:"line"`
			Body      string `json:"body"`
			InReplyTo int64  `json:"in_reply_to"`
		}
		raw, _ := json.Marshal(body)
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, err
		}
		id, err := s.CreateReviewComment(owner, name, n, c.Author, c.Path, c.Line, c.Body, c.InReplyTo)
		return map[string]any{"id": id}, err
	})
	route("PATCH /_control/repos/{owner}/{repo}/pulls/comments/{number}", func(owner, name string, id int, body map[string]json.RawMessage) (any, error) {
		var text string
		if err := field(body, "body", &text); err != nil {
			return nil, err
		}
		return map[string]any{"id": id}, s.UpdateReviewComment(owner, name, int64(id), text)
	})
	route("DELETE /_control/repos/{owner}/{repo}/pulls/comments/{number}", func(owner, name string, id int, _ map[string]json.RawMessage) (any, error) {
		return map[string]any{"deleted": id}, s.DeleteReviewComment(owner, name, int64(id))
	})
}
