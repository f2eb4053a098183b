package github

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The control API (and its Go equivalents) lets tests and benchmarks seed
// repositories, change issues, inject faults and read counters.

// RepoSpec describes a repository to create.
type RepoSpec struct {
	Owner        string   `json:"owner"`
	Name         string   `json:"name"`
	Private      bool     `json:"private"`
	Archived     bool     `json:"archived"`
	Fork         bool     `json:"fork"`
	Topics       []string `json:"topics"`
	Issues       int      `json:"issues"`        // seeded issues
	PullRequests int      `json:"pull_requests"` // seeded pull requests, interleaved
}

var seedLabels = []string{"bug", "enhancement", "documentation", "good first issue", "help wanted", "question"}
var seedUsers = []string{"octocat", "hubot", "monalisa", "defunkt", "mojombo"}

// CreateRepo adds a repository with deterministic issues.
func (s *Server) CreateRepo(spec RepoSpec) error {
	if spec.Owner == "" || spec.Name == "" {
		return fmt.Errorf("owner and name are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.repos[key(spec.Owner, spec.Name)]; exists {
		return fmt.Errorf("repository %s/%s already exists", spec.Owner, spec.Name)
	}
	s.nextID++
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	repo := &Repo{ID: s.nextID, Owner: spec.Owner, Name: spec.Name, Private: spec.Private, Archived: spec.Archived, Fork: spec.Fork,
		Topics: spec.Topics, Description: "Repository " + spec.Name, DefaultBranch: "main", CreatedAt: base}
	s.owners[strings.ToLower(spec.Owner)] = spec.Owner
	total := spec.Issues + spec.PullRequests
	prEvery := 0
	if spec.PullRequests > 0 {
		prEvery = total / spec.PullRequests
	}
	prs := 0
	for i := 0; i < total; i++ {
		created := base.Add(time.Duration(i) * 10 * time.Minute)
		is := &Issue{ID: 1_000_000 + s.nextID*100_000 + int64(i), Number: i + 1, Title: fmt.Sprintf("Issue %d of %s", i+1, spec.Name),
			Body: fmt.Sprintf("Body of issue %d.\n\nSteps to reproduce: it's \"quoted\" and has a backslash \\.", i+1), State: "open",
			Author: seedUsers[i%len(seedUsers)], Comments: i % 7, CreatedAt: created, UpdatedAt: created.Add(time.Duration(i%5) * time.Minute)}
		if prEvery > 0 && i%prEvery == prEvery-1 && prs < spec.PullRequests {
			is.PullRequest = true
			is.Title = fmt.Sprintf("Pull request %d of %s", i+1, spec.Name)
			prs++
		}
		if i%3 == 0 {
			is.Labels = []string{seedLabels[i%len(seedLabels)]}
		}
		if i%4 == 0 {
			is.Assignees = []string{seedUsers[(i+1)%len(seedUsers)]}
		}
		if i%6 == 0 {
			is.Milestone = "v1.0"
		}
		if i%7 == 3 {
			closed := is.UpdatedAt
			is.State, is.ClosedAt = "closed", &closed
			is.StateReason = "completed"
			if i%14 == 3 {
				is.StateReason = "not_planned"
			}
		}
		if is.UpdatedAt.After(s.lastTime) {
			s.lastTime = is.UpdatedAt
		}
		repo.Issues = append(repo.Issues, is)
	}
	s.repos[key(spec.Owner, spec.Name)] = repo
	return nil
}

// IssueChange is a change to an issue; nil fields are kept.
type IssueChange struct {
	Title       *string  `json:"title"`
	Body        *string  `json:"body"`
	State       *string  `json:"state"`
	StateReason *string  `json:"state_reason"`
	Labels      []string `json:"labels"`
	PullRequest bool     `json:"pull_request"`
}

// CreateIssue opens a new issue (or pull request) now.
func (s *Server) CreateIssue(owner, name string, c IssueChange) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repos[key(owner, name)]
	if repo == nil {
		return 0, fmt.Errorf("repository %s/%s does not exist", owner, name)
	}
	now := s.now()
	is := &Issue{ID: 1_000_000 + repo.ID*100_000 + int64(len(repo.Issues)), Number: len(repo.Issues) + 1, State: "open",
		Author: "octocat", CreatedAt: now, UpdatedAt: now, PullRequest: c.PullRequest, Labels: c.Labels}
	is.Title = fmt.Sprintf("Issue %d", is.Number)
	if c.Title != nil {
		is.Title = *c.Title
	}
	if c.Body != nil {
		is.Body = *c.Body
	}
	repo.Issues = append(repo.Issues, is)
	return is.Number, nil
}

// UpdateIssue changes an issue and bumps its updated_at.
func (s *Server) UpdateIssue(owner, name string, number int, c IssueChange) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repos[key(owner, name)]
	if repo == nil || number < 1 || number > len(repo.Issues) {
		return fmt.Errorf("issue %s/%s#%d does not exist", owner, name, number)
	}
	is := repo.Issues[number-1]
	now := s.now()
	if c.Title != nil {
		is.Title = *c.Title
	}
	if c.Body != nil {
		is.Body = *c.Body
	}
	if c.Labels != nil {
		is.Labels = c.Labels
	}
	if c.State != nil {
		switch *c.State {
		case "closed":
			is.State, is.ClosedAt, is.StateReason = "closed", &now, "completed"
		case "open":
			if is.State == "closed" {
				is.StateReason = "reopened"
			}
			is.State, is.ClosedAt = "open", nil
		default:
			return fmt.Errorf("state must be open or closed")
		}
	}
	if c.StateReason != nil {
		is.StateReason = *c.StateReason
	}
	is.UpdatedAt = now
	return nil
}

// Issue returns a copy of an issue (the ground truth for comparisons).
func (s *Server) Issue(owner, name string, number int) (Issue, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repos[key(owner, name)]
	if repo == nil || number < 1 || number > len(repo.Issues) {
		return Issue{}, false
	}
	return *repo.Issues[number-1], true
}

// IssueCount is how many issues and pull requests a repository has.
func (s *Server) IssueCount(owner, name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if repo := s.repos[key(owner, name)]; repo != nil {
		return len(repo.Issues)
	}
	return 0
}

// InjectFault queues a fault.
func (s *Server) InjectFault(f Fault) {
	if f.Count <= 0 {
		f.Count = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// Stats returns the counters; ResetStats zeroes them.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.stats
	out.ByStatus = map[string]int{}
	for k, v := range s.stats.ByStatus {
		out.ByStatus[k] = v
	}
	return out
}

func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = Stats{ByStatus: map[string]int{}}
}

// SetRateUsed sets how much of a token's hourly quota is spent.
func (s *Server) SetRateUsed(token string, used int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rates[token] = &rateState{used: used, reset: time.Now().Add(time.Hour).Truncate(time.Second)}
}

func (s *Server) control(mux *http.ServeMux) {
	decode := func(w http.ResponseWriter, r *http.Request, v any) bool {
		if err := json.NewDecoder(r.Body).Decode(v); err != nil {
			apiError(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
			return false
		}
		return true
	}
	mux.HandleFunc("POST /_control/repos", func(w http.ResponseWriter, r *http.Request) {
		var spec RepoSpec
		if !decode(w, r, &spec) {
			return
		}
		if err := s.CreateRepo(spec); err != nil {
			apiError(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		writeJSON(w, http.StatusCreated, map[string]any{"full_name": spec.Owner + "/" + spec.Name, "issues": spec.Issues + spec.PullRequests})
	})
	mux.HandleFunc("POST /_control/repos/{owner}/{repo}/issues", func(w http.ResponseWriter, r *http.Request) {
		var c IssueChange
		if !decode(w, r, &c) {
			return
		}
		n, err := s.CreateIssue(r.PathValue("owner"), r.PathValue("repo"), c)
		if err != nil {
			apiError(w, http.StatusNotFound, err.Error())
			return
		}
		writeJSON(w, http.StatusCreated, map[string]any{"number": n})
	})
	mux.HandleFunc("PATCH /_control/repos/{owner}/{repo}/issues/{number}", func(w http.ResponseWriter, r *http.Request) {
		var c IssueChange
		if !decode(w, r, &c) {
			return
		}
		n, _ := strconv.Atoi(r.PathValue("number"))
		if err := s.UpdateIssue(r.PathValue("owner"), r.PathValue("repo"), n, c); err != nil {
			apiError(w, http.StatusNotFound, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"number": n})
	})
	mux.HandleFunc("POST /_control/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		if !decode(w, r, &f) {
			return
		}
		s.InjectFault(f)
		writeJSON(w, http.StatusCreated, f)
	})
	mux.HandleFunc("POST /_control/tokens", func(w http.ResponseWriter, r *http.Request) {
		var t struct {
			Token string `json:"token"`
		}
		if !decode(w, r, &t) || t.Token == "" {
			return
		}
		s.AddToken(t.Token)
		writeJSON(w, http.StatusCreated, map[string]any{"token": "added"})
	})
	mux.HandleFunc("GET /_control/stats", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.Stats()) })
	mux.HandleFunc("DELETE /_control/stats", func(w http.ResponseWriter, r *http.Request) {
		s.ResetStats()
		writeJSON(w, http.StatusOK, map[string]any{})
	})
}
