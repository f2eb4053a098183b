package github

import (
	"encoding/json"
	"errors"
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
		Topics: spec.Topics, Description: "Repository " + spec.Name, DefaultBranch: "main", CreatedAt: base,
		Members: []string{"hubot"}, Collaborators: []string{"monalisa"}, Contributors: []string{"defunkt"}}
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
			Author: seedUsers[i%len(seedUsers)], Comments: i % 7, CreatedAt: created, UpdatedAt: created.Add(time.Duration(i%5) * time.Minute),
			Repo: repo}
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
		if is.PullRequest {
			s.seedPull(repo, is)
		}
		if is.UpdatedAt.After(s.lastTime) {
			s.lastTime = is.UpdatedAt
		}
		repo.Issues = append(repo.Issues, is)
		s.seedComments(repo, is)
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
	Author      string   `json:"author"` // CreateIssue only; default octocat
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
		Author: "octocat", CreatedAt: now, UpdatedAt: now, PullRequest: c.PullRequest, Labels: c.Labels, Repo: repo}
	if c.Author != "" {
		is.Author = c.Author
	}
	is.Title = fmt.Sprintf("Issue %d", is.Number)
	if c.Title != nil {
		is.Title = *c.Title
	}
	if c.Body != nil {
		is.Body = *c.Body
	}
	if is.PullRequest {
		is.Pull = newPull(is)
	}
	repo.Issues = append(repo.Issues, is)
	return is.Number, nil
}

// UpdateIssue changes an issue and bumps its updated_at.
func (s *Server) UpdateIssue(owner, name string, number int, c IssueChange) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, err := s.liveIssue(owner, name, number)
	if err != nil {
		return err
	}
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

func (s *Server) liveIssue(owner, name string, number int) (*Issue, error) {
	repo := s.repos[key(owner, name)]
	if repo == nil || number < 1 || number > len(repo.Issues) || repo.Issues[number-1].gone() {
		return nil, fmt.Errorf("issue %s/%s#%d does not exist", owner, name, number)
	}
	return repo.Issues[number-1], nil
}

// DeleteIssue deletes an issue: listings stop showing it and GET answers 410.
func (s *Server) DeleteIssue(owner, name string, number int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, err := s.liveIssue(owner, name, number)
	if err != nil {
		return err
	}
	if is.PullRequest {
		return fmt.Errorf("#%d is a pull request: GitHub deletes none", number)
	}
	is.Deleted = true
	return nil
}

// TransferIssue moves an issue to another repository, where it gets the
// next number and a new id; the old number answers 301 to it. It returns
// the new number.
func (s *Server) TransferIssue(owner, name string, number int, toOwner, toName string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, err := s.liveIssue(owner, name, number)
	if err != nil {
		return 0, err
	}
	if is.PullRequest {
		return 0, fmt.Errorf("#%d is a pull request: GitHub transfers none", number)
	}
	to := s.repos[key(toOwner, toName)]
	if to == nil || to == is.Repo {
		return 0, fmt.Errorf("repository %s/%s does not exist or is the issue's own", toOwner, toName)
	}
	moved := *is
	moved.Repo, moved.Number, moved.UpdatedAt = to, len(to.Issues)+1, s.now()
	moved.ID = 1_000_000 + to.ID*100_000 + int64(len(to.Issues))
	to.Issues = append(to.Issues, &moved)
	is.TransferredTo = &moved
	moveComments(is.Repo, to, is, &moved)
	return moved.Number, nil
}

// RenameRepo gives a repository a new name (and owner, when newOwner is
// not ""), as a rename or a transfer of the repository on GitHub: its
// URLs change, and requests to the old owner/name answer 301 to
// /repositories/{id}/… from then on.
func (s *Server) RenameRepo(owner, name, newOwner, newName string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	repo := s.repos[key(owner, name)]
	if newOwner == "" {
		newOwner = owner
	}
	if repo == nil {
		return fmt.Errorf("repository %s/%s does not exist", owner, name)
	}
	if s.repos[key(newOwner, newName)] != nil {
		return fmt.Errorf("repository %s/%s already exists", newOwner, newName)
	}
	// Installations name their repositories; GitHub keeps them by id.
	for _, inst := range s.installations {
		for i, full := range inst.Repositories {
			if o, n, _ := strings.Cut(full, "/"); key(o, n) == key(owner, name) {
				inst.Repositories[i] = newOwner + "/" + newName
			}
		}
	}
	delete(s.repos, key(owner, name))
	s.renamed[key(owner, name)] = repo
	delete(s.renamed, key(newOwner, newName))
	repo.Owner, repo.Name = newOwner, newName
	s.repos[key(newOwner, newName)] = repo
	s.owners[strings.ToLower(newOwner)] = newOwner
	return nil
}

// FreezeClock gives every change from now on the time t (one second, so
// edits tie as a bulk change makes them); AdvanceClock moves it on;
// UnfreezeClock returns to the wall clock.
func (s *Server) FreezeClock(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t = t.UTC().Truncate(time.Second)
	s.frozen = &t
}

func (s *Server) AdvanceClock(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.frozen != nil {
		t := s.frozen.Add(d).Truncate(time.Second)
		s.frozen = &t
	}
}

func (s *Server) UnfreezeClock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.frozen = nil
}

// Mutation is a change planned to happen while a client is mid-run: it is
// applied just before the After-th request (1 = the next) whose path
// contains PathContains, counted from when it is planned.
type Mutation struct {
	After        int      `json:"after"`
	PathContains string   `json:"path_contains"`
	Kind         string   `json:"kind"` // create, edit, close, reopen, label, delete, transfer
	Owner        string   `json:"owner"`
	Repo         string   `json:"repo"`
	Number       int      `json:"number"`
	Title        string   `json:"title"`
	Labels       []string `json:"labels"`
	ToOwner      string   `json:"to_owner"`
	ToRepo       string   `json:"to_repo"`
	do           func()
}

// Plan schedules do before the after-th request whose path contains
// pathContains.
func (s *Server) Plan(after int, pathContains string, do func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.plans = append(s.plans, &Mutation{After: max(1, after), PathContains: pathContains, do: do})
}

// PlanMutation schedules a Mutation described as data (the control API's form).
func (s *Server) PlanMutation(m Mutation) error {
	var do func() error
	switch m.Kind {
	case "create":
		do = func() error {
			_, err := s.CreateIssue(m.Owner, m.Repo, IssueChange{Title: optional(m.Title), Labels: m.Labels})
			return err
		}
	case "edit":
		do = func() error { return s.UpdateIssue(m.Owner, m.Repo, m.Number, IssueChange{Title: optional(m.Title)}) }
	case "close", "reopen":
		state := map[string]string{"close": "closed", "reopen": "open"}[m.Kind]
		do = func() error { return s.UpdateIssue(m.Owner, m.Repo, m.Number, IssueChange{State: &state}) }
	case "label":
		labels := append([]string{}, m.Labels...)
		do = func() error { return s.UpdateIssue(m.Owner, m.Repo, m.Number, IssueChange{Labels: labels}) }
	case "delete":
		do = func() error { return s.DeleteIssue(m.Owner, m.Repo, m.Number) }
	case "transfer":
		do = func() error { _, err := s.TransferIssue(m.Owner, m.Repo, m.Number, m.ToOwner, m.ToRepo); return err }
	default:
		return fmt.Errorf("kind must be create, edit, close, reopen, label, delete or transfer, not %q", m.Kind)
	}
	s.Plan(m.After, m.PathContains, func() { _ = do() })
	return nil
}

func optional(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

// ClearPlans drops the mutations that have not fired.
func (s *Server) ClearPlans() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.plans = nil
}

// ClearFaults drops the faults not yet served.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// runPlans applies the mutations due before a request to path.
func (s *Server) runPlans(path string) {
	s.mu.Lock()
	var due []func()
	kept := s.plans[:0]
	for _, m := range s.plans {
		if m.PathContains == "" || strings.Contains(path, m.PathContains) {
			m.After--
			if m.After <= 0 {
				due = append(due, m.do)
				continue
			}
		}
		kept = append(kept, m)
	}
	s.plans = kept
	s.mu.Unlock()
	for _, do := range due {
		do()
	}
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

// IssueCount is how many issues and pull requests a repository lists
// (deleted and transferred ones are not counted).
func (s *Server) IssueCount(owner, name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	if repo := s.repos[key(owner, name)]; repo != nil {
		for _, is := range repo.Issues {
			if !is.gone() {
				n++
			}
		}
	}
	return n
}

// Removal says how an issue left its repository.
type Removal struct {
	Kind string // DELETED or TRANSFERRED
	To   string // a transferred issue's html_url where it is now
}

// Snapshot is a repository's ground truth: each listed issue's JSON as
// served under the API root base (URL() or its /api/v3/), by id, and how
// each gone issue left, by id.
type Snapshot struct {
	Live map[int64]map[string]any
	Gone map[int64]Removal
}

// Snapshot returns the ground truth of a repository.
func (s *Server) Snapshot(owner, name, base string) Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Snapshot{Live: map[int64]map[string]any{}, Gone: map[int64]Removal{}}
	repo := s.repos[key(owner, name)]
	if repo == nil {
		return out
	}
	for _, is := range repo.Issues {
		switch {
		case is.Deleted:
			out.Gone[is.ID] = Removal{Kind: "DELETED"}
		case is.TransferredTo != nil:
			to := is.TransferredTo
			for to.TransferredTo != nil {
				to = to.TransferredTo
			}
			out.Gone[is.ID] = Removal{Kind: "TRANSFERRED", To: fmt.Sprintf("https://github.com/%s/issues/%d", to.Repo.fullName(), to.Number)}
		default:
			raw, _ := json.Marshal(repo.issueJSON(base, is))
			var doc map[string]any
			_ = json.Unmarshal(raw, &doc)
			out.Live[is.ID] = doc
		}
	}
	return out
}

// CommentSnapshot returns the ground truth of a repository's comments:
// the visible ones as GitHub serves them, and those gone from it — deleted
// (or deleted with their issue), or moved with a transferred issue (To is
// the issue's final URL, as for the issue).
func (s *Server) CommentSnapshot(owner, name, base string) Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Snapshot{Live: map[int64]map[string]any{}, Gone: map[int64]Removal{}}
	repo := s.repos[key(owner, name)]
	if repo == nil {
		return out
	}
	for _, c := range repo.Comments {
		switch {
		case c.visible():
			raw, _ := json.Marshal(repo.commentJSON(base, c))
			var doc map[string]any
			_ = json.Unmarshal(raw, &doc)
			out.Live[c.ID] = doc
		default:
			out.Gone[c.ID] = Removal{Kind: "DELETED"}
		}
	}
	// Comments that left with a transferred issue live on in the issue's
	// final repository (deleted there or not: they left this one moved).
	for _, is := range repo.Issues {
		if is.TransferredTo == nil {
			continue
		}
		hops := map[*Issue]bool{}
		to := is.TransferredTo
		for hops[to] = true; to.TransferredTo != nil; hops[to] = true {
			to = to.TransferredTo
		}
		where := Removal{Kind: "TRANSFERRED", To: fmt.Sprintf("https://github.com/%s/issues/%d", to.Repo.fullName(), to.Number)}
		for _, r := range s.repos {
			for _, c := range r.Comments {
				if hops[c.Issue] {
					out.Gone[c.ID] = where
				}
			}
		}
	}
	return out
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
	s.pullControl(mux, decodeJSON)
	const created, ok, missing, refused = http.StatusCreated, http.StatusOK, http.StatusNotFound, http.StatusUnprocessableEntity
	controlRoute(mux, "POST /_control/repos", created, refused, s.controlCreateRepo)
	controlRoute(mux, "POST /_control/repos/{owner}/{repo}/issues", created, missing, s.controlCreateIssue)
	controlRoute(mux, "PATCH /_control/repos/{owner}/{repo}/issues/{number}", ok, missing, s.controlUpdateIssue)
	controlRoute(mux, "DELETE /_control/repos/{owner}/{repo}/issues/{number}", ok, missing, s.controlDeleteIssue)
	controlRoute(mux, "POST /_control/repos/{owner}/{repo}/issues/{number}/comments", created, missing, s.controlCreateComment)
	controlRoute(mux, "PATCH /_control/repos/{owner}/{repo}/comments/{id}", ok, missing, s.controlUpdateComment)
	controlRoute(mux, "DELETE /_control/repos/{owner}/{repo}/comments/{id}", ok, missing, s.controlDeleteComment)
	controlRoute(mux, "POST /_control/repos/{owner}/{repo}/issues/{number}/transfer", ok, refused, s.controlTransferIssue)
	controlRoute(mux, "POST /_control/repos/{owner}/{repo}/rename", ok, refused, s.controlRenameRepo)
	controlRoute(mux, "POST /_control/clock", ok, refused, s.controlClock)
	controlRoute(mux, "POST /_control/plans", created, refused, s.controlPlanMutation)
	controlRoute(mux, "POST /_control/faults", created, refused, s.controlInjectFault)
	controlRoute(mux, "POST /_control/tokens", created, refused, s.controlAddToken)
	controlRoute(mux, "POST /_control/apps", created, refused, s.controlCreateApp)
	controlRoute(mux, "POST /_control/installations", created, refused, s.controlCreateInstallation)
	controlRoute(mux, "POST /_control/installation_tokens/expire", ok, refused, func(*http.Request, none) (any, error) {
		s.ExpireInstallationTokens()
		return map[string]any{}, nil
	})
	controlRoute(mux, "GET /_control/stats", ok, refused, func(*http.Request, none) (any, error) { return s.Stats(), nil })
	controlRoute(mux, "DELETE /_control/stats", ok, refused, func(*http.Request, none) (any, error) {
		s.ResetStats()
		return map[string]any{}, nil
	})
}

// none is the input of a control endpoint that takes no body.
type none struct{}

// controlRoute serves one control endpoint: the JSON body, if any,
// decoded into In, then do; do's error answers failed, its result ok.
func controlRoute[In any](mux *http.ServeMux, pattern string, ok, failed int, do func(r *http.Request, in In) (any, error)) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		var in In
		if r.ContentLength != 0 && !decodeJSON(w, r, &in) {
			return
		}
		out, err := do(r, in)
		if err != nil {
			apiError(w, failed, err.Error())
			return
		}
		writeJSON(w, ok, out)
	})
}

func decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		apiError(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
		return false
	}
	return true
}

func pathNumber(r *http.Request) int {
	n, _ := strconv.Atoi(r.PathValue("number"))
	return n
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func (s *Server) controlCreateRepo(_ *http.Request, spec RepoSpec) (any, error) {
	if err := s.CreateRepo(spec); err != nil {
		return nil, err
	}
	return map[string]any{"full_name": spec.Owner + "/" + spec.Name, "issues": spec.Issues + spec.PullRequests}, nil
}

func (s *Server) controlCreateIssue(r *http.Request, c IssueChange) (any, error) {
	n, err := s.CreateIssue(r.PathValue("owner"), r.PathValue("repo"), c)
	return map[string]any{"number": n}, err
}

func (s *Server) controlUpdateIssue(r *http.Request, c IssueChange) (any, error) {
	n := pathNumber(r)
	return map[string]any{"number": n}, s.UpdateIssue(r.PathValue("owner"), r.PathValue("repo"), n, c)
}

func (s *Server) controlDeleteIssue(r *http.Request, _ none) (any, error) {
	n := pathNumber(r)
	return map[string]any{"deleted": n}, s.DeleteIssue(r.PathValue("owner"), r.PathValue("repo"), n)
}

type commentInput struct {
	Author string `json:"author"`
	Body   string `json:"body"`
}

func (s *Server) controlCreateComment(r *http.Request, c commentInput) (any, error) {
	id, err := s.CreateComment(r.PathValue("owner"), r.PathValue("repo"), pathNumber(r), c.Author, c.Body)
	return map[string]any{"id": id}, err
}

func (s *Server) controlUpdateComment(r *http.Request, c commentInput) (any, error) {
	id := pathID(r)
	return map[string]any{"id": id}, s.UpdateComment(r.PathValue("owner"), r.PathValue("repo"), id, c.Body)
}

func (s *Server) controlDeleteComment(r *http.Request, _ none) (any, error) {
	id := pathID(r)
	return map[string]any{"deleted": id}, s.DeleteComment(r.PathValue("owner"), r.PathValue("repo"), id)
}

type transferInput struct {
	Owner string `json:"owner"`
	Repo  string `json:"repo"`
}

func (s *Server) controlTransferIssue(r *http.Request, to transferInput) (any, error) {
	moved, err := s.TransferIssue(r.PathValue("owner"), r.PathValue("repo"), pathNumber(r), to.Owner, to.Repo)
	return map[string]any{"number": moved, "full_name": to.Owner + "/" + to.Repo}, err
}

// renameInput is a rename: {"name": "new"} and optionally {"owner": "other"}.
type renameInput struct {
	Owner string `json:"owner"`
	Name  string `json:"name"`
}

func (s *Server) controlRenameRepo(r *http.Request, to renameInput) (any, error) {
	return map[string]any{"renamed": true}, s.RenameRepo(r.PathValue("owner"), r.PathValue("repo"), to.Owner, to.Name)
}

// clockInput: {"freeze":"2025-01-01T00:00:00Z"} stops the clock there,
// {"advance_seconds":n} moves a frozen clock on, {"unfreeze":true}.
type clockInput struct {
	Freeze         string `json:"freeze"`
	AdvanceSeconds int    `json:"advance_seconds"`
	Unfreeze       bool   `json:"unfreeze"`
}

func (s *Server) controlClock(_ *http.Request, c clockInput) (any, error) {
	if c.Freeze != "" {
		t, err := time.Parse(time.RFC3339, c.Freeze)
		if err != nil {
			return nil, errors.New("freeze must be an RFC 3339 time")
		}
		s.FreezeClock(t)
	}
	s.AdvanceClock(time.Duration(c.AdvanceSeconds) * time.Second)
	if c.Unfreeze {
		s.UnfreezeClock()
	}
	return map[string]any{}, nil
}

func (s *Server) controlPlanMutation(_ *http.Request, m Mutation) (any, error) {
	return m, s.PlanMutation(m)
}

func (s *Server) controlInjectFault(_ *http.Request, f Fault) (any, error) {
	s.InjectFault(f)
	return f, nil
}

func (s *Server) controlAddToken(_ *http.Request, t struct {
	Token string `json:"token"`
}) (any, error) {
	if t.Token == "" {
		return nil, errors.New("token is required")
	}
	s.AddToken(t.Token)
	return map[string]any{"token": "added"}, nil
}

func (s *Server) controlCreateApp(_ *http.Request, spec AppSpec) (any, error) {
	return map[string]any{"id": spec.ID, "client_id": spec.ClientID}, s.CreateApp(spec)
}

func (s *Server) controlCreateInstallation(_ *http.Request, spec InstallationSpec) (any, error) {
	return map[string]any{"id": spec.ID}, s.CreateInstallation(spec)
}
