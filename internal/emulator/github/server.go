package github

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure the emulator.
type Options struct {
	Listen    string // default 127.0.0.1:0
	RateLimit int    // requests per hour per token; default 5000
	MaxPage   int    // deepest page number served before 422; default 100
	// InstallationTokenLifetime is how long a GitHub App installation
	// token lives; default an hour, as on GitHub.
	InstallationTokenLifetime time.Duration
}

// Fault is served instead of a real response for the next Count requests
// whose path contains PathContains.
type Fault struct {
	Status       int    `json:"status"`        // e.g. 502, 429, 403; 0 with LatencyMS only delays
	RetryAfter   int    `json:"retry_after"`   // seconds, for 429/403
	LatencyMS    int    `json:"latency_ms"`    // delay before answering
	Reset        bool   `json:"reset"`         // drop the connection
	Count        int    `json:"count"`         // how many requests it applies to
	PathContains string `json:"path_contains"` // empty: every request
	After        int    `json:"after"`         // matching requests served normally first (a fault mid-backfill)
}

// Stats are the request counters.
type Stats struct {
	Requests      int            `json:"requests"`
	IssueRequests int            `json:"issue_requests"`
	NotModified   int            `json:"not_modified"`
	ByStatus      map[string]int `json:"by_status"`
}

type rateState struct {
	used  int
	reset time.Time
}

// Server is a running GitHub emulator.
type Server struct {
	opts     Options
	listener net.Listener
	http     *http.Server

	mu       sync.Mutex
	repos    map[string]*Repo
	renamed  map[string]*Repo      // a repository's former owner/name keys, for GitHub's redirects
	owners   map[string]string     // lower-case login → login
	tokens   map[string]*TokenSpec // valid personal access tokens and what they may read
	rates    map[string]*rateState
	faults   []*Fault
	stats    Stats
	nextID   int64
	lastTime time.Time
	frozen   *time.Time  // FreezeClock: every change gets this second
	plans    []*Mutation // run before the Nth matching request
	seen     map[string]int

	nextCommentID int64
	nextReviewID  int64

	apps          map[int64]*app
	installations map[int64]*installation
	instTokens    map[string]*installationToken
	skew          time.Duration // GitHub's clock minus this machine's, for JWTs
}

// Start serves until Close.
func Start(opts Options) (*Server, error) {
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:0"
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 5000
	}
	if opts.MaxPage == 0 {
		opts.MaxPage = 100
	}
	if opts.InstallationTokenLifetime == 0 {
		opts.InstallationTokenLifetime = time.Hour
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, listener: ln, repos: map[string]*Repo{}, renamed: map[string]*Repo{}, owners: map[string]string{}, tokens: map[string]*TokenSpec{},
		rates: map[string]*rateState{}, nextID: 1000, nextCommentID: 2_000_000_000, nextReviewID: 4_000_000_000, stats: Stats{ByStatus: map[string]int{}}, seen: map[string]int{},
		apps: map[int64]*app{}, installations: map[int64]*installation{}, instTokens: map[string]*installationToken{}}
	mux := http.NewServeMux()
	for _, prefix := range []string{"", "/api/v3"} {
		// Each repository endpoint answers under /repos/{owner}/{repo}, with a
		// 301 to /repositories/{id}/… at an old name after a rename, and
		// under /repositories/{id}, where those redirects (and a
		// transferred issue's) point.
		for path, h := range map[string]func(http.ResponseWriter, *http.Request, string) int{
			"": s.handleRepo, "/issues": s.handleIssues, "/issues/{number}": s.handleIssue,
			"/issues/comments": s.handleRepoComments, "/issues/{a}/{b}": s.handleIssueSubresource,
			"/pulls": s.handlePulls, "/pulls/{number}": s.handlePull, "/pulls/comments": s.handleRepoReviewComments,
			"/pulls/{a}/{b}": s.handlePullSubresource,
		} {
			mux.HandleFunc("GET "+prefix+"/repos/{owner}/{repo}"+path, s.api(s.followRename(h)))
			mux.HandleFunc("GET "+prefix+"/repositories/{id}"+path, s.api(s.byRepositoryID(h)))
		}
		mux.HandleFunc("GET "+prefix+"/orgs/{owner}/repos", s.api(s.handleOwnerRepos))
		mux.HandleFunc("GET "+prefix+"/users/{owner}/repos", s.api(s.handleOwnerRepos))
		mux.HandleFunc("GET "+prefix+"/rate_limit", s.handleRateLimit)
		mux.HandleFunc("GET "+prefix+"/app", s.api(s.handleApp))
		mux.HandleFunc("GET "+prefix+"/app/installations/{id}", s.api(s.handleInstallation))
		mux.HandleFunc("POST "+prefix+"/app/installations/{id}/access_tokens", s.api(s.handleAccessTokens))
		mux.HandleFunc("GET "+prefix+"/installation/repositories", s.api(s.handleInstallationRepositories))
	}
	s.control(mux)
	// GitHub answers every unknown path with a JSON 404, never a text page.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { apiError(w, http.StatusNotFound, "Not Found") })
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.http.Shutdown(ctx)
}

// URL is the API root, e.g. http://127.0.0.1:PORT/.
func (s *Server) URL() string { return "http://" + s.listener.Addr().String() + "/" }

// HostPort is host:port, for network rules.
func (s *Server) HostPort() string { return s.listener.Addr().String() }

// TokenSpec is what a personal access token may read, as GitHub scopes
// them. A classic token (Repositories nil) reads private repositories only
// with the repo scope; public_repo, or no scope, reads public ones. A
// fine-grained token (Repositories set) reads the repositories it was
// granted, and public ones. Without access, a private repository is 404,
// never 403: GitHub does not confirm it exists.
type TokenSpec struct {
	Scopes       []string // classic scopes, sent back in X-OAuth-Scopes
	Repositories []string // owner/name; set for a fine-grained token
}

func (t *TokenSpec) reads(repo *Repo) bool {
	if !repo.Private {
		return true
	}
	if t.Repositories != nil {
		for _, full := range t.Repositories {
			if owner, name, _ := strings.Cut(full, "/"); key(owner, name) == key(repo.Owner, repo.Name) {
				return true
			}
		}
		return false
	}
	return slices.Contains(t.Scopes, "repo")
}

// AddToken makes token valid as a classic token with the repo scope: it
// reads every repository.
func (s *Server) AddToken(token string) {
	s.AddScopedToken(token, TokenSpec{Scopes: []string{"repo"}})
}

// AddScopedToken makes token valid with what spec grants.
func (s *Server) AddScopedToken(token string, spec TokenSpec) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = &spec
}

// now is the time of a change: GitHub's one-second resolution, never
// before an earlier change, and shared by every change made in the same
// second (bulk edits tie, as on GitHub).
func (s *Server) now() time.Time {
	t := time.Now().UTC().Truncate(time.Second)
	if s.frozen != nil {
		t = *s.frozen
	}
	if t.Before(s.lastTime) {
		t = s.lastTime
	}
	s.lastTime = t
	return t
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// errorBody is GitHub's error document (status as a string, as GitHub sends it).
func errorBody(status int, message string) map[string]any {
	return map[string]any{"message": message, "documentation_url": "https://docs.github.com/rest", "status": strconv.Itoa(status)}
}

func apiError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, errorBody(status, message))
}

// api wraps an API handler with faults, authentication and rate limiting.
func (s *Server) api(h func(w http.ResponseWriter, r *http.Request, token string) int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.runPlans(r.URL.Path)
		s.mu.Lock()
		s.stats.Requests++
		if strings.HasSuffix(r.URL.Path, "/issues") {
			s.stats.IssueRequests++
		}
		var fault *Fault
		for i, f := range s.faults {
			if f.PathContains == "" || strings.Contains(r.URL.Path, f.PathContains) {
				if f.After > 0 {
					f.After--
					break
				}
				fault = f
				f.Count--
				if f.Count <= 0 {
					s.faults = append(s.faults[:i], s.faults[i+1:]...)
				}
				break
			}
		}
		s.mu.Unlock()
		if fault != nil {
			if fault.LatencyMS > 0 {
				select {
				case <-time.After(time.Duration(fault.LatencyMS) * time.Millisecond):
				case <-r.Context().Done():
					return
				}
			}
			if fault.Reset {
				if hj, ok := w.(http.Hijacker); ok {
					if conn, _, err := hj.Hijack(); err == nil {
						_ = conn.Close()
						return
					}
				}
			}
			if fault.Status != 0 {
				if fault.RetryAfter > 0 {
					w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
				}
				s.count(fault.Status)
				msg := "Server Error"
				if fault.Status == 429 || fault.Status == 403 {
					msg = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
				}
				apiError(w, fault.Status, msg)
				return
			}
		}
		// The Date header is the emulator's clock (frozen or not), which
		// clients compare with updated_at, as they would GitHub's.
		s.mu.Lock()
		date := time.Now().UTC()
		if s.frozen != nil {
			date = *s.frozen
		}
		if date.Before(s.lastTime) {
			date = s.lastTime
		}
		s.mu.Unlock()
		w.Header().Set("Date", date.Format(http.TimeFormat))
		token := ""
		limit := s.opts.RateLimit
		rateKey := ""
		if auth := r.Header.Get("Authorization"); auth != "" {
			token = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(auth, "Bearer "), "token "))
			rateKey = token
			s.mu.Lock()
			spec := s.tokens[token]
			valid := spec != nil
			if spec != nil && spec.Repositories == nil {
				w.Header().Set("X-OAuth-Scopes", strings.Join(spec.Scopes, ", "))
			}
			inst := s.instTokens[token]
			if inst != nil && time.Now().Before(inst.expires) {
				// Installation tokens share their installation's limit.
				valid, rateKey, limit = true, "installation:"+strconv.FormatInt(inst.inst.ID, 10), s.installationRateLimit(inst.inst)
			}
			s.mu.Unlock()
			// An App's JWT is checked by the /app endpoints themselves.
			if isJWT(token) && (strings.Contains(r.Pattern, " /app") || strings.Contains(r.Pattern, "/api/v3/app")) {
				valid = true
			}
			if !valid {
				s.count(401)
				apiError(w, http.StatusUnauthorized, "Bad credentials")
				return
			}
		}
		if token == "" {
			limit = 60
		}
		s.mu.Lock()
		rs := s.rates[rateKey]
		if rs == nil || time.Now().After(rs.reset) {
			rs = &rateState{reset: time.Now().Add(time.Hour).Truncate(time.Second)}
			s.rates[rateKey] = rs
		}
		exhausted := rs.used >= limit
		s.mu.Unlock()
		setRate := func(used int) {
			w.Header().Set("X-RateLimit-Limit", strconv.Itoa(limit))
			w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(0, limit-used)))
			w.Header().Set("X-RateLimit-Used", strconv.Itoa(used))
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(rs.reset.Unix(), 10))
			w.Header().Set("X-RateLimit-Resource", "core")
		}
		if exhausted {
			setRate(rs.used)
			s.count(403)
			apiError(w, http.StatusForbidden, "API rate limit exceeded for user. (But here's the good news: Authenticated requests get a higher rate limit.)")
			return
		}
		rec := &recorder{header: http.Header{}}
		status := h(rec, r, token)
		s.mu.Lock()
		if status != http.StatusNotModified {
			rs.used++ // conditional hits are free, as on GitHub
		} else {
			s.stats.NotModified++
		}
		used := rs.used
		s.mu.Unlock()
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		setRate(used)
		s.count(status)
		w.WriteHeader(status)
		_, _ = w.Write(rec.body)
	}
}

func (s *Server) count(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.ByStatus[strconv.Itoa(status)]++
}

type recorder struct {
	header http.Header
	body   []byte
}

func (r *recorder) Header() http.Header { return r.header }

// reply writes JSON with an ETag and honours If-None-Match.
func reply(w http.ResponseWriter, r *http.Request, v any) int {
	body, _ := json.Marshal(v)
	sum := sha256.Sum256(body)
	etag := `W/"` + hex.EncodeToString(sum[:16]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if match := r.Header.Get("If-None-Match"); match != "" && (match == etag || strings.TrimPrefix(match, "W/") == strings.TrimPrefix(etag, "W/")) {
		return http.StatusNotModified
	}
	rec, ok := w.(*recorder)
	if ok {
		rec.body = append(body, '\n')
	}
	return http.StatusOK
}

func fail(w http.ResponseWriter, status int, message string) int {
	body, _ := json.Marshal(errorBody(status, message))
	if rec, ok := w.(*recorder); ok {
		rec.body = body
		rec.header.Set("Content-Type", "application/json; charset=utf-8")
	}
	return status
}

// scheme is the scheme the client used: http, or https behind a proxy
// that terminates TLS (the Snowflake emulator standing in for
// api.github.com says so in X-Forwarded-Proto).
func scheme(r *http.Request) string {
	if r.Header.Get("X-Forwarded-Proto") == "https" {
		return "https"
	}
	return "http"
}

func (s *Server) base(r *http.Request) string {
	b := scheme(r) + "://" + r.Host + "/"
	if strings.HasPrefix(r.URL.Path, "/api/v3/") {
		b += "api/v3/"
	}
	return b
}

// followRename answers a request to a repository's former name with
// GitHub's 301 to /repositories/{id}/… (the same path and query under the
// repository's id), for listings and single items alike; other requests
// go to h.
func (s *Server) followRename(h func(http.ResponseWriter, *http.Request, string) int) func(http.ResponseWriter, *http.Request, string) int {
	return func(w http.ResponseWriter, r *http.Request, token string) int {
		owner, name := r.PathValue("owner"), r.PathValue("repo")
		s.mu.Lock()
		repo := s.renamed[key(owner, name)]
		current := s.repos[key(owner, name)]
		if current != nil || repo == nil || !s.canRead(repo, token) {
			s.mu.Unlock()
			return h(w, r, token)
		}
		_, rest, _ := strings.Cut(r.URL.Path, "/repos/"+owner+"/"+name)
		location := fmt.Sprintf("%srepositories/%d%s", s.base(r), repo.ID, rest)
		if r.URL.RawQuery != "" {
			location += "?" + r.URL.RawQuery
		}
		s.mu.Unlock()
		return redirect(w, location)
	}
}

// byRepositoryID serves /repositories/{id}/… as h serves the repository's
// current /repos/{owner}/{repo}/…; 404 for one the token cannot read.
func (s *Server) byRepositoryID(h func(http.ResponseWriter, *http.Request, string) int) func(http.ResponseWriter, *http.Request, string) int {
	return func(w http.ResponseWriter, r *http.Request, token string) int {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		s.mu.Lock()
		var repo *Repo
		for _, candidate := range s.repos {
			if err == nil && candidate.ID == id && s.canRead(candidate, token) {
				repo = candidate
			}
		}
		s.mu.Unlock()
		if repo == nil {
			return fail(w, http.StatusNotFound, "Not Found")
		}
		r.SetPathValue("owner", repo.Owner)
		r.SetPathValue("repo", repo.Name)
		return h(w, r, token)
	}
}

// redirect answers 301 Moved Permanently to location, with GitHub's body.
func redirect(w http.ResponseWriter, location string) int {
	w.Header().Set("Location", location)
	body, _ := json.Marshal(map[string]any{"message": "Moved Permanently", "url": location,
		"documentation_url": "https://docs.github.com/v3/#http-redirects"})
	if rec, ok := w.(*recorder); ok {
		rec.body = body
		rec.header.Set("Content-Type", "application/json; charset=utf-8")
	}
	return http.StatusMovedPermanently
}

func (s *Server) findRepo(owner, name, token string) *Repo {
	repo := s.repos[key(owner, name)]
	if repo == nil || !s.canRead(repo, token) {
		return nil
	}
	return repo
}

func (s *Server) handleRepo(w http.ResponseWriter, r *http.Request, token string) int {
	s.mu.Lock()
	repo := s.findRepo(r.PathValue("owner"), r.PathValue("repo"), token)
	var body map[string]any
	if repo != nil {
		body = repo.repoJSON(s.base(r))
	}
	s.mu.Unlock()
	if repo == nil {
		return fail(w, http.StatusNotFound, "Not Found")
	}
	return reply(w, r, body)
}

const deepPageMessage = "Pagination with the page parameter is not supported for large datasets, please use cursor based pagination (after/before)"

func (s *Server) handleIssues(w http.ResponseWriter, r *http.Request, token string) int {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open" // GitHub's default
	}
	if state != "open" && state != "closed" && state != "all" {
		return fail(w, 422, "Validation Failed: state must be open, closed or all")
	}
	sortBy := q.Get("sort")
	if sortBy == "" {
		sortBy = "created"
	}
	if sortBy != "created" && sortBy != "updated" && sortBy != "comments" {
		return fail(w, 422, "Validation Failed: sort must be created, updated or comments")
	}
	direction := q.Get("direction")
	if direction == "" {
		direction = "desc"
	}
	if direction != "asc" && direction != "desc" {
		return fail(w, 422, "Validation Failed: direction must be asc or desc")
	}
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return fail(w, 422, "Validation Failed: since must be an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SSZ)")
		}
		since = t
	}
	perPage := 30
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fail(w, 422, "Validation Failed: per_page")
		}
		perPage = min(n, 100)
	}
	offset := 0
	page := 1
	usingCursor := false
	if v := q.Get("after"); v != "" {
		raw, err := base64.RawURLEncoding.DecodeString(v)
		n, err2 := strconv.Atoi(strings.TrimPrefix(string(raw), "cursor:"))
		if err != nil || err2 != nil || n < 0 {
			return fail(w, 422, "Validation Failed: after is not a valid cursor")
		}
		offset, usingCursor = n, true
	} else if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fail(w, 422, "Validation Failed: page")
		}
		if n > s.opts.MaxPage {
			return fail(w, 422, deepPageMessage)
		}
		page, offset = n, (n-1)*perPage
	}
	s.mu.Lock()
	repo := s.findRepo(r.PathValue("owner"), r.PathValue("repo"), token)
	if repo == nil {
		s.mu.Unlock()
		return fail(w, http.StatusNotFound, "Not Found")
	}
	var items []*Issue
	hidePulls := s.hidesPullRequests(token)
	for _, is := range repo.Issues {
		if is.gone() || state != "all" && is.State != state || hidePulls && is.PullRequest {
			continue
		}
		if !since.IsZero() && is.UpdatedAt.Before(since) {
			continue
		}
		items = append(items, is)
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		var less bool
		switch sortBy {
		case "updated":
			less = a.UpdatedAt.Before(b.UpdatedAt) || a.UpdatedAt.Equal(b.UpdatedAt) && a.Number < b.Number
		case "comments":
			less = a.Comments < b.Comments || a.Comments == b.Comments && a.Number < b.Number
		default:
			less = a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.Number < b.Number
		}
		if direction == "desc" {
			return !less
		}
		return less
	})
	end := min(offset+perPage, len(items))
	body := []any{}
	if offset < len(items) {
		for _, is := range items[offset:end] {
			body = append(body, repo.issueJSON(s.base(r), is))
		}
	}
	total := len(items)
	s.mu.Unlock()

	link := func(params map[string]string) string {
		u := *r.URL
		u.Scheme, u.Host = scheme(r), r.Host
		vals := url.Values{}
		for k, v := range q {
			vals[k] = v
		}
		delete(vals, "page")
		delete(vals, "after")
		for k, v := range params {
			vals.Set(k, v)
		}
		u.RawQuery = vals.Encode()
		return u.String()
	}
	var links []string
	if end < total {
		if !usingCursor && page+1 <= s.opts.MaxPage {
			links = append(links, fmt.Sprintf(`<%s>; rel="next"`, link(map[string]string{"page": strconv.Itoa(page + 1)})))
		} else {
			cursor := base64.RawURLEncoding.EncodeToString([]byte("cursor:" + strconv.Itoa(end)))
			links = append(links, fmt.Sprintf(`<%s>; rel="next"`, link(map[string]string{"after": cursor})))
		}
	}
	if !usingCursor {
		last := max(1, (total+perPage-1)/perPage)
		if last <= s.opts.MaxPage && end < total {
			links = append(links, fmt.Sprintf(`<%s>; rel="last"`, link(map[string]string{"page": strconv.Itoa(last)})))
		}
		if page > 1 {
			links = append(links, fmt.Sprintf(`<%s>; rel="prev"`, link(map[string]string{"page": strconv.Itoa(page - 1)})),
				fmt.Sprintf(`<%s>; rel="first"`, link(map[string]string{"page": "1"})))
		}
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	return reply(w, r, body)
}

func (s *Server) handleOwnerRepos(w http.ResponseWriter, r *http.Request, token string) int {
	owner := r.PathValue("owner")
	perPage := 30
	if v := r.URL.Query().Get("per_page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			perPage = min(n, 100)
		}
	}
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			page = n
		}
	}
	s.mu.Lock()
	if _, ok := s.owners[strings.ToLower(owner)]; !ok {
		s.mu.Unlock()
		return fail(w, http.StatusNotFound, "Not Found")
	}
	var repos []*Repo
	for _, repo := range s.repos {
		if strings.EqualFold(repo.Owner, owner) && s.canRead(repo, token) {
			repos = append(repos, repo)
		}
	}
	sort.Slice(repos, func(i, j int) bool { return repos[i].Name < repos[j].Name })
	start := min((page-1)*perPage, len(repos))
	end := min(start+perPage, len(repos))
	body := []any{}
	for _, repo := range repos[start:end] {
		body = append(body, repo.repoJSON(s.base(r)))
	}
	s.mu.Unlock()
	if end < len(repos) {
		u := *r.URL
		u.Scheme, u.Host = scheme(r), r.Host
		vals := u.Query()
		vals.Set("page", strconv.Itoa(page+1))
		u.RawQuery = vals.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next"`, u.String()))
	}
	return reply(w, r, body)
}

func (s *Server) handleRateLimit(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), "token "))
	s.mu.Lock()
	limit := s.opts.RateLimit
	if token == "" {
		limit = 60
	}
	rateKey := token
	if inst := s.instTokens[token]; inst != nil {
		rateKey, limit = "installation:"+strconv.FormatInt(inst.inst.ID, 10), s.installationRateLimit(inst.inst)
	}
	used, reset := 0, time.Now().Add(time.Hour)
	if rs := s.rates[rateKey]; rs != nil {
		used, reset = rs.used, rs.reset
	}
	s.mu.Unlock()
	core := map[string]any{"limit": limit, "remaining": max(0, limit-used), "used": used, "reset": reset.Unix(), "resource": "core"}
	writeJSON(w, http.StatusOK, map[string]any{"resources": map[string]any{"core": core}, "rate": core})
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body = append(r.body, b...)
	return len(b), nil
}

func (r *recorder) WriteHeader(int) {}

// handleIssue is GET /repos/{owner}/{repo}/issues/{number}: the issue, 410
// for a deleted one, 301 to its new home for a transferred one (docs: "Get
// an issue"), 404 for one that never existed.
func (s *Server) handleIssue(w http.ResponseWriter, r *http.Request, token string) int {
	number, err := strconv.Atoi(r.PathValue("number"))
	s.mu.Lock()
	repo := s.findRepo(r.PathValue("owner"), r.PathValue("repo"), token)
	if repo == nil || err != nil || number < 1 || number > len(repo.Issues) || s.hidesPullRequests(token) && repo.Issues[number-1].PullRequest {
		s.mu.Unlock()
		return fail(w, http.StatusNotFound, "Not Found")
	}
	return s.serveIssue(w, r, repo.Issues[number-1], token)
}

// serveIssue answers for one issue; s.mu is held and released here.
func (s *Server) serveIssue(w http.ResponseWriter, r *http.Request, is *Issue, token string) int {
	switch {
	case is.Deleted:
		s.mu.Unlock()
		return fail(w, http.StatusGone, "This issue was deleted")
	case is.TransferredTo != nil:
		to := is.TransferredTo
		for to.TransferredTo != nil { // moved again: GitHub redirects to where it is now
			to = to.TransferredTo
		}
		if !s.seesTransferTarget(to.Repo, token) {
			// GitHub answers 404, not 301, when the issue moved to a
			// repository the token cannot read: it does not say where.
			s.mu.Unlock()
			return fail(w, http.StatusNotFound, "Not Found")
		}
		location := fmt.Sprintf("%srepositories/%d/issues/%d", s.base(r), to.Repo.ID, to.Number)
		s.mu.Unlock()
		return redirect(w, location)
	}
	body := is.Repo.issueJSON(s.base(r), is)
	s.mu.Unlock()
	return reply(w, r, body)
}
