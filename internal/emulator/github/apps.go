package github

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// GitHub Apps: an App authenticates with an RS256 JWT signed by its private
// key (iss = its client ID or App ID, iat/exp at most 10 minutes apart and
// checked against GitHub's clock), and mints installation access tokens
// that expire after an hour, read only the installation's private
// repositories (public ones stay readable) and share the installation's
// rate limit: 5,000 an hour plus 50 for each repository over 20, at most
// 12,500 (docs: "Rate limits for the REST API", "Authenticating as a
// GitHub App installation").

// AppSpec creates an App.
type AppSpec struct {
	ID           int64  `json:"id"`
	ClientID     string `json:"client_id"`
	Slug         string `json:"slug"`
	PublicKeyPEM string `json:"public_key_pem"` // PKIX or PKCS#1
}

// InstallationSpec installs an App on an account, for all its repositories
// or the listed ones ("owner/name").
type InstallationSpec struct {
	ID           int64    `json:"id"`
	AppID        int64    `json:"app_id"`
	Account      string   `json:"account"`
	Repositories []string `json:"repositories"` // empty: all of the account's
	Suspended    bool     `json:"suspended"`
	// Permissions the App was granted ("issues": "read", …); nil: issues
	// and metadata read, the minimum the connector's guide once asked for.
	// Without pull_requests, GitHub filters pull requests out of endpoints
	// that return issues and pull requests together ("Permissions required
	// for GitHub Apps"): /issues, /issues/comments and their single items.
	Permissions map[string]string `json:"permissions"`
}

// permissions are the installation's, with GitHub's metadata read always in.
func (inst *installation) permissions() map[string]string {
	perms := map[string]string{"metadata": "read"}
	granted := inst.Permissions
	if granted == nil {
		granted = map[string]string{"issues": "read"}
	}
	for k, v := range granted {
		perms[k] = v
	}
	return perms
}

type app struct {
	AppSpec
	key *rsa.PublicKey
}

type installation struct {
	InstallationSpec
	app *app
}

type installationToken struct {
	inst    *installation
	repos   map[int64]bool    // the token's repositories by id (GitHub's scope survives a rename); nil: the installation's
	perms   map[string]string // the token's permissions: those requested, else the installation's
	expires time.Time
}

// jwtMaxLifetime is GitHub's limit on exp - now.
const jwtMaxLifetime = 10 * time.Minute

// CreateApp registers an App and its public key.
func (s *Server) CreateApp(spec AppSpec) error {
	block, _ := pem.Decode([]byte(spec.PublicKeyPEM))
	if block == nil {
		return errors.New("public_key_pem is not PEM")
	}
	var pub *rsa.PublicKey
	if k, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
		pub, _ = k.(*rsa.PublicKey)
	} else if k, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {
		pub = k
	}
	if pub == nil {
		return errors.New("public_key_pem is not an RSA public key")
	}
	if spec.ID <= 0 || spec.ClientID == "" {
		return errors.New("an App needs an id and a client_id")
	}
	if spec.Slug == "" {
		spec.Slug = "app-" + strconv.FormatInt(spec.ID, 10)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[spec.ID] = &app{AppSpec: spec, key: pub}
	return nil
}

// CreateInstallation installs an App.
func (s *Server) CreateInstallation(spec InstallationSpec) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.apps[spec.AppID]
	if a == nil {
		return fmt.Errorf("no App %d", spec.AppID)
	}
	if spec.ID <= 0 || spec.Account == "" {
		return errors.New("an installation needs an id and an account")
	}
	for _, full := range spec.Repositories {
		owner, name, _ := strings.Cut(full, "/")
		if s.repos[key(owner, name)] == nil || !strings.EqualFold(owner, spec.Account) {
			return fmt.Errorf("repository %s is not one of %s's", full, spec.Account)
		}
	}
	s.installations[spec.ID] = &installation{InstallationSpec: spec, app: a}
	return nil
}

// ExpireInstallationTokens makes every installation token minted so far
// expire now, as an hour passing would.
func (s *Server) ExpireInstallationTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.instTokens {
		t.expires = time.Time{}
	}
}

// SetClockSkew sets how far GitHub's clock, against which JWTs are
// checked, is ahead of this machine's (negative: behind).
func (s *Server) SetClockSkew(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.skew = d
}

// installationRepos are the repositories an installation may read; s.mu held.
func (s *Server) installationRepos(inst *installation) []*Repo {
	var out []*Repo
	for _, r := range s.repos {
		if installationHas(inst, r) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].fullName() < out[j].fullName() })
	return out
}

// installationRateLimit is GitHub's per-installation hourly limit; s.mu held.
func (s *Server) installationRateLimit(inst *installation) int {
	return min(12500, 5000+50*max(0, len(s.installationRepos(inst))-20))
}

// tokenRepos are the repositories an installation token may read; s.mu held.
func (s *Server) tokenRepos(t *installationToken) []*Repo {
	var out []*Repo
	for _, r := range s.installationRepos(t.inst) {
		if t.repos == nil || t.repos[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// canRead reports whether token may read repo: a private one needs a token,
// and an installation token one of its repositories; s.mu held.
func (s *Server) canRead(repo *Repo, token string) bool {
	if !repo.Private {
		return true
	}
	if token == "" {
		return false
	}
	if t := s.instTokens[token]; t != nil {
		return installationHas(t.inst, repo) && (t.repos == nil || t.repos[repo.ID])
	}
	if t := s.tokens[token]; t != nil {
		return t.reads(repo)
	}
	return false
}

// seesTransferTarget reports whether token may learn where an issue went:
// it can read the target repository. An installation token reads only its
// installation's repositories (narrowed to those it was minted for), so a
// transfer out of a token scoped to one repository is always a 404 for it.
func (s *Server) seesTransferTarget(repo *Repo, token string) bool {
	if t := s.instTokens[token]; t != nil {
		return installationHas(t.inst, repo) && (t.repos == nil || t.repos[repo.ID])
	}
	return s.canRead(repo, token)
}

// hidesPullRequests reports whether token is an installation token without
// the pull_requests permission, for which GitHub leaves pull requests (and
// their conversation comments) out of the issues endpoints. s.mu is held.
func (s *Server) hidesPullRequests(token string) bool {
	t := s.instTokens[token]
	return t != nil && t.perms["pull_requests"] == ""
}

// installationHas reports whether an installation covers repo.
func installationHas(inst *installation, repo *Repo) bool {
	if len(inst.Repositories) == 0 {
		return strings.EqualFold(repo.Owner, inst.Account)
	}
	for _, full := range inst.Repositories {
		if owner, name, _ := strings.Cut(full, "/"); key(owner, name) == key(repo.Owner, repo.Name) {
			return true
		}
	}
	return false
}

// isJWT tells a JWT from a token by its shape: three base64url parts.
func isJWT(token string) bool {
	return strings.Count(token, ".") == 2 && strings.HasPrefix(token, "eyJ")
}

// verifyJWT checks an App's JWT as GitHub does and returns the App, or the
// status and message GitHub answers with.
func (s *Server) verifyJWT(token string) (*app, int, string) {
	const undecodable = "A JSON web token could not be decoded"
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, http.StatusUnauthorized, undecodable
	}
	var header struct {
		Alg string `json:"alg"`
	}
	var claims struct {
		Iat json.Number `json:"iat"`
		Exp json.Number `json:"exp"`
		Iss any         `json:"iss"`
	}
	rawHeader, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	rawClaims, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	dec := json.NewDecoder(strings.NewReader(string(rawClaims)))
	dec.UseNumber()
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(rawHeader, &header) != nil || dec.Decode(&claims) != nil || header.Alg != "RS256" {
		return nil, http.StatusUnauthorized, undecodable
	}
	s.mu.Lock()
	var a *app
	iss := fmt.Sprint(claims.Iss)
	for _, candidate := range s.apps {
		if iss == candidate.ClientID || iss == strconv.FormatInt(candidate.ID, 10) {
			a = candidate
		}
	}
	now := time.Now().Add(s.skew).Unix()
	s.mu.Unlock()
	if a == nil {
		return nil, http.StatusUnauthorized, undecodable
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(a.key, crypto.SHA256, sum[:], sig) != nil {
		return nil, http.StatusUnauthorized, undecodable
	}
	iat, errIat := claims.Iat.Int64()
	if errIat != nil || iat > now {
		return nil, http.StatusUnauthorized, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
	}
	exp, errExp := claims.Exp.Int64()
	if errExp != nil || exp <= now {
		return nil, http.StatusUnauthorized, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
	}
	if exp > now+int64(jwtMaxLifetime/time.Second) {
		return nil, http.StatusUnauthorized, "'Expiration time' claim ('exp') is too far in the future"
	}
	return a, 0, ""
}

func (s *Server) installationJSON(base string, inst *installation) map[string]any {
	selection := "all"
	if len(inst.Repositories) > 0 {
		selection = "selected"
	}
	var suspended any
	if inst.Suspended {
		suspended = ts(time.Now())
	}
	return map[string]any{
		"id": inst.ID, "account": userJSON(base, inst.Account), "repository_selection": selection,
		"access_tokens_url": fmt.Sprintf("%sapp/installations/%d/access_tokens", base, inst.ID),
		"repositories_url":  base + "installation/repositories", "app_id": inst.app.ID, "client_id": inst.app.ClientID,
		"app_slug": inst.app.Slug, "target_id": userJSON(base, inst.Account)["id"], "target_type": "User",
		"permissions": inst.permissions(), "events": []any{},
		"created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z", "suspended_at": suspended,
	}
}

// handleApp is GET /app, as the App (JWT).
func (s *Server) handleApp(w http.ResponseWriter, r *http.Request, token string) int {
	a, status, msg := s.verifyJWT(token)
	if a == nil {
		return fail(w, status, msg)
	}
	return reply(w, r, map[string]any{"id": a.ID, "client_id": a.ClientID, "slug": a.Slug, "name": a.Slug,
		"permissions": map[string]any{"issues": "read", "metadata": "read"}, "events": []any{}})
}

// handleInstallation is GET /app/installations/{id}, as the App.
func (s *Server) handleInstallation(w http.ResponseWriter, r *http.Request, token string) int {
	a, status, msg := s.verifyJWT(token)
	if a == nil {
		return fail(w, status, msg)
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	inst := s.installations[id]
	s.mu.Unlock()
	if inst == nil || inst.app != a {
		return fail(w, http.StatusNotFound, "Not Found")
	}
	return reply(w, r, s.installationJSON(s.base(r), inst))
}

// handleAccessTokens is POST /app/installations/{id}/access_tokens.
func (s *Server) handleAccessTokens(w http.ResponseWriter, r *http.Request, token string) int {
	a, status, msg := s.verifyJWT(token)
	if a == nil {
		return fail(w, status, msg)
	}
	var body struct {
		Repositories  []string          `json:"repositories"`
		RepositoryIDs []int64           `json:"repository_ids"`
		Permissions   map[string]string `json:"permissions"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			return fail(w, http.StatusBadRequest, "Problems parsing JSON")
		}
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	inst := s.installations[id]
	if inst == nil || inst.app != a {
		return fail(w, http.StatusNotFound, "Not Found")
	}
	if inst.Suspended {
		return fail(w, http.StatusForbidden, "This installation has been suspended")
	}
	granted := inst.permissions()
	perms := granted
	if len(body.Permissions) > 0 {
		perms = map[string]string{"metadata": "read"}
		for perm, level := range body.Permissions {
			// Only reads are emulated; a write, or a permission the App was
			// not granted, is refused as GitHub refuses it.
			if level != "read" || granted[perm] == "" {
				return fail(w, http.StatusUnprocessableEntity, "The permissions requested are not granted to this installation.")
			}
			perms[perm] = level
		}
	}
	visible := s.installationRepos(inst)
	t := &installationToken{inst: inst, perms: perms, expires: time.Now().Add(s.opts.InstallationTokenLifetime).Truncate(time.Second)}
	if len(body.Repositories) > 0 || len(body.RepositoryIDs) > 0 {
		t.repos = map[int64]bool{}
		var wanted []func(*Repo) bool
		for _, name := range body.Repositories {
			wanted = append(wanted, func(r *Repo) bool { return strings.EqualFold(r.Name, name) })
		}
		for _, rid := range body.RepositoryIDs {
			wanted = append(wanted, func(r *Repo) bool { return r.ID == rid })
		}
		for _, match := range wanted {
			found := false
			for _, r := range visible {
				if match(r) {
					t.repos[r.ID], found = true, true
				}
			}
			if !found {
				return fail(w, http.StatusUnprocessableEntity, "There is at least one repository that does not exist or is not accessible to the parent installation.")
			}
		}
	}
	var raw [18]byte
	_, _ = rand.Read(raw[:])
	tok := "ghs_" + hex.EncodeToString(raw[:])
	s.instTokens[tok] = t
	selection := "all"
	out := map[string]any{"token": tok, "expires_at": ts(t.expires), "permissions": perms}
	if t.repos != nil || len(inst.Repositories) > 0 {
		selection = "selected"
		repos := []any{}
		for _, repo := range s.tokenRepos(t) {
			repos = append(repos, repo.repoJSON(s.base(r)))
		}
		out["repositories"] = repos
	}
	out["repository_selection"] = selection
	reply(w, r, out)
	return http.StatusCreated
}

// handleInstallationRepositories is GET /installation/repositories, as an
// installation (its token).
func (s *Server) handleInstallationRepositories(w http.ResponseWriter, r *http.Request, token string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.instTokens[token]
	if t == nil {
		return fail(w, http.StatusForbidden, "This endpoint can only be accessed with an installation access token.")
	}
	repos := []any{}
	for _, repo := range s.tokenRepos(t) {
		repos = append(repos, repo.repoJSON(s.base(r)))
	}
	selection := "all"
	if t.repos != nil || len(t.inst.Repositories) > 0 {
		selection = "selected"
	}
	return reply(w, r, map[string]any{"total_count": len(repos), "repository_selection": selection, "repositories": repos})
}

// MintedTokens are the installation tokens minted so far (for tests that
// check no token leaks anywhere).
func (s *Server) MintedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.instTokens))
	for tok := range s.instTokens {
		out = append(out, tok)
	}
	sort.Strings(out)
	return out
}
