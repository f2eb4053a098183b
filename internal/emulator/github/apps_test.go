package github

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// signJWT is an App JWT with the given claims, signed with key.
func signJWT(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(map[string]string{"alg": "RS256", "typ": "JWT"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func post(t *testing.T, url, token string, body any) (int, map[string]any) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+token)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	raw, _ := io.ReadAll(r.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return r.StatusCode, out
}

type appFixture struct {
	s        *Server
	key      *rsa.PrivateKey
	clientID string
}

func newAppFixture(t *testing.T) *appFixture {
	t.Helper()
	s := start(t, Options{})
	for _, spec := range []RepoSpec{{Owner: "acme", Name: "secret", Private: true, Issues: 5}, {Owner: "acme", Name: "hidden", Private: true, Issues: 3},
		{Owner: "acme", Name: "open", Issues: 2}} {
		if err := s.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err := s.CreateApp(AppSpec{ID: 9001, ClientID: "Iv23liACME", PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateInstallation(InstallationSpec{ID: 77, AppID: 9001, Account: "acme", Repositories: []string{"acme/secret", "acme/open"}}); err != nil {
		t.Fatal(err)
	}
	return &appFixture{s: s, key: key, clientID: "Iv23liACME"}
}

func (f *appFixture) jwt(t *testing.T, iatOffset, expOffset int64, iss any) string {
	now := time.Now().Unix()
	return signJWT(t, f.key, map[string]any{"iat": now + iatOffset, "exp": now + expOffset, "iss": iss})
}

// An installation token reads the installation's private repositories and
// no others, shares the installation's rate limit, and stops working when
// it expires; GET /installation/repositories lists what it may read.
func TestInstallationTokenScopeAndExpiry(t *testing.T) {
	f := newAppFixture(t)
	status, body := post(t, f.s.URL()+"app/installations/77/access_tokens", f.jwt(t, -60, 540, f.clientID),
		map[string]any{"repositories": []string{"secret"}, "permissions": map[string]string{"issues": "read"}})
	if status != http.StatusCreated {
		t.Fatalf("mint: %d %v", status, body)
	}
	token, _ := body["token"].(string)
	expires, err := time.Parse(time.RFC3339, fmt.Sprint(body["expires_at"]))
	if token == "" || err != nil || time.Until(expires) < 59*time.Minute || time.Until(expires) > time.Hour {
		t.Fatalf("token %q expiring %v (%v)", token, body["expires_at"], err)
	}
	if r := get(t, f.s.URL()+"repos/acme/secret/issues?state=all", token, nil); r.status != 200 || len(r.body) != 5 {
		t.Fatalf("scoped repository: %d, %d issues", r.status, len(r.body))
	} else if r.header.Get("X-RateLimit-Limit") != "5000" {
		t.Errorf("installation rate limit %s, want 5000", r.header.Get("X-RateLimit-Limit"))
	}
	if r := get(t, f.s.URL()+"repos/acme/hidden/issues", token, nil); r.status != 404 {
		t.Errorf("a private repository outside the installation: %d, want 404", r.status)
	}
	if r := get(t, f.s.URL()+"repos/acme/open/issues", token, nil); r.status != 200 {
		t.Errorf("a public repository: %d, want 200", r.status)
	}
	r := get(t, f.s.URL()+"installation/repositories", token, nil)
	if r.status != 200 || !strings.Contains(r.raw, `"total_count":1`) || !strings.Contains(r.raw, `"full_name":"acme/secret"`) {
		t.Errorf("installation repositories: %d %s", r.status, r.raw)
	}
	f.s.ExpireInstallationTokens()
	if r := get(t, f.s.URL()+"repos/acme/secret/issues", token, nil); r.status != 401 || !strings.Contains(r.raw, "Bad credentials") {
		t.Errorf("expired token: %d %s", r.status, r.raw)
	}
	// A JWT is not a token for the REST API.
	if r := get(t, f.s.URL()+"repos/acme/secret/issues", f.jwt(t, -60, 540, f.clientID), nil); r.status != 401 {
		t.Errorf("JWT on an issues endpoint: %d, want 401", r.status)
	}
}

// Each way minting can fail answers as GitHub does.
func TestInstallationTokenMintingFailures(t *testing.T) {
	f := newAppFixture(t)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Unix()
	url := f.s.URL() + "app/installations/77/access_tokens"
	ok := map[string]any{"repositories": []string{"secret"}}
	cases := []struct {
		name   string
		url    string
		jwt    string
		body   any
		status int
		msg    string
	}{
		{"wrong key", url, signJWT(t, other, map[string]any{"iat": now - 60, "exp": now + 540, "iss": f.clientID}), ok, 401, "could not be decoded"},
		{"unknown App", url, f.jwt(t, -60, 540, "Iv23liOTHER"), ok, 401, "could not be decoded"},
		{"exp too far", url, f.jwt(t, -60, 660, f.clientID), ok, 401, "too far in the future"},
		{"expired JWT", url, f.jwt(t, -700, -10, f.clientID), ok, 401, "'Expiration time' claim ('exp') must be a numeric value"},
		{"iat ahead", url, f.jwt(t, 30, 540, f.clientID), ok, 401, "'Issued at' claim ('iat')"},
		{"not a JWT", url, "eyJnot.a.jwt", ok, 401, "could not be decoded"},
		{"unknown installation", f.s.URL() + "app/installations/78/access_tokens", f.jwt(t, -60, 540, f.clientID), ok, 404, "Not Found"},
		{"repository outside", url, f.jwt(t, -60, 540, f.clientID), map[string]any{"repositories": []string{"hidden"}}, 422, "not accessible to the parent installation"},
		{"write permission", url, f.jwt(t, -60, 540, f.clientID), map[string]any{"permissions": map[string]string{"issues": "write"}}, 422, "not granted"},
		{"App ID as issuer", url, f.jwt(t, -60, 540, 9001), ok, 201, ""},
	}
	for _, c := range cases {
		status, body := post(t, c.url, c.jwt, c.body)
		if status != c.status || !strings.Contains(fmt.Sprint(body["message"]), c.msg) {
			t.Errorf("%s: %d %v, want %d %q", c.name, status, body, c.status, c.msg)
		}
	}
	// Clock skew: GitHub's clock 90 s behind puts an iat 60 s in the past
	// into its future; 30 s behind is within the backdating.
	f.s.SetClockSkew(-90 * time.Second)
	if status, body := post(t, url, f.jwt(t, -60, 540, f.clientID), ok); status != 401 || !strings.Contains(fmt.Sprint(body["message"]), "'Issued at'") {
		t.Errorf("90 s skew: %d %v", status, body)
	}
	f.s.SetClockSkew(-30 * time.Second)
	if status, body := post(t, url, f.jwt(t, -60, 540, f.clientID), ok); status != 201 {
		t.Errorf("30 s skew: %d %v", status, body)
	}
	f.s.SetClockSkew(0)
	if err := f.s.CreateInstallation(InstallationSpec{ID: 79, AppID: 9001, Account: "acme", Suspended: true}); err != nil {
		t.Fatal(err)
	}
	if status, _ := post(t, f.s.URL()+"app/installations/79/access_tokens", f.jwt(t, -60, 540, f.clientID), ok); status != 403 {
		t.Errorf("suspended installation: %d, want 403", status)
	}
}

// The installation's limit grows by 50 for each repository over 20, to 12,500.
func TestInstallationRateLimitGrowsWithRepositories(t *testing.T) {
	f := newAppFixture(t)
	for i := range 40 {
		if err := f.s.CreateRepo(RepoSpec{Owner: "big", Name: fmt.Sprintf("r%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.s.CreateInstallation(InstallationSpec{ID: 80, AppID: 9001, Account: "big"}); err != nil {
		t.Fatal(err)
	}
	status, body := post(t, f.s.URL()+"app/installations/80/access_tokens", f.jwt(t, -60, 540, f.clientID), nil)
	if status != 201 || body["repository_selection"] != "all" {
		t.Fatalf("mint: %d %v", status, body)
	}
	token, _ := body["token"].(string)
	r := get(t, f.s.URL()+"repos/big/r07/issues", token, nil)
	if r.header.Get("X-RateLimit-Limit") != "6000" {
		t.Errorf("40 repositories: limit %s, want 6000", r.header.Get("X-RateLimit-Limit"))
	}
	for i := 40; i < 400; i++ {
		if err := f.s.CreateRepo(RepoSpec{Owner: "big", Name: fmt.Sprintf("r%03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	r = get(t, f.s.URL()+"repos/big/r07/issues", token, nil)
	if r.header.Get("X-RateLimit-Limit") != "12500" || r.header.Get("X-RateLimit-Used") != "2" {
		t.Errorf("400 repositories: limit %s used %s, want 12500 and 2 (one count per installation)", r.header.Get("X-RateLimit-Limit"), r.header.Get("X-RateLimit-Used"))
	}
}

// GitHub filters pull requests out of the endpoints that return issues and
// pull requests together for an installation token without the
// pull_requests permission: the issue listing, single issues, the comment
// listing and single comments. With the permission they are all there. A
// token cannot ask for a permission the installation was not granted.
func TestInstallationTokensWithoutPullRequestsPermissionSeeNoPullRequests(t *testing.T) {
	f := newAppFixture(t)
	s := f.s
	if err := s.CreateRepo(RepoSpec{Owner: "acme", Name: "mixed", Private: true, Issues: 4, PullRequests: 3}); err != nil {
		t.Fatal(err)
	}
	for _, spec := range []InstallationSpec{
		{ID: 91, AppID: 9001, Account: "acme"},
		{ID: 92, AppID: 9001, Account: "acme", Permissions: map[string]string{"issues": "read", "pull_requests": "read"}},
	} {
		if err := s.CreateInstallation(spec); err != nil {
			t.Fatal(err)
		}
	}
	mint := func(inst int, perms map[string]string) (int, string) {
		status, body := post(t, fmt.Sprintf("%sapp/installations/%d/access_tokens", s.URL(), inst), f.jwt(t, -60, 540, f.clientID),
			map[string]any{"permissions": perms})
		token, _ := body["token"].(string)
		return status, token
	}
	if status, _ := mint(91, map[string]string{"issues": "read", "pull_requests": "read"}); status != 422 {
		t.Errorf("asking for pull_requests the installation lacks: %d, want 422", status)
	}
	_, issuesOnly := mint(91, map[string]string{"issues": "read"})
	_, both := mint(92, map[string]string{"issues": "read", "pull_requests": "read"})
	_, narrowed := mint(92, map[string]string{"issues": "read"})
	count := func(token, path string) int {
		r := get(t, s.URL()+"repos/acme/mixed/"+path, token, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d", path, r.status)
		}
		return len(r.body)
	}
	pullNumber := 0
	for _, is := range get(t, s.URL()+"repos/acme/mixed/issues?state=all&per_page=100", both, nil).body {
		if is["pull_request"] != nil {
			n, _ := is["number"].(float64)
			pullNumber = int(n)
		}
	}
	for _, c := range []struct {
		token      string
		issues     int
		seesPull   bool
		seesPullOf string
	}{{issuesOnly, 4, false, "installation without pull_requests"}, {narrowed, 4, false, "token narrowed to issues"}, {both, 7, true, "pull_requests granted"}} {
		if n := count(c.token, "issues?state=all&per_page=100"); n != c.issues {
			t.Errorf("%s: %d issues listed, want %d", c.seesPullOf, n, c.issues)
		}
		if r := get(t, fmt.Sprintf("%srepos/acme/mixed/issues/%d", s.URL(), pullNumber), c.token, nil); (r.status == 200) != c.seesPull {
			t.Errorf("%s: GET of pull request #%d: %d", c.seesPullOf, pullNumber, r.status)
		}
	}
	all, some := count(both, "issues/comments?per_page=100"), count(issuesOnly, "issues/comments?per_page=100")
	if all == 0 || some >= all {
		t.Errorf("comments listed: %d with pull_requests, %d without; want fewer without", all, some)
	}
}

// "Get an issue" answers 301 for an issue transferred to a repository the
// token can read and 404 when it cannot: an installation token scoped to
// one repository gets 404 for every transfer out of it, even to a public
// repository, and a personal token without the repo scope gets 404 for a
// transfer to a private one.
func TestTransferredIssueIs404WhereTheTokenCannotReadTheTarget(t *testing.T) {
	f := newAppFixture(t)
	s := f.s
	s.AddScopedToken("public-only", TokenSpec{Scopes: []string{"public_repo"}})
	_ = s.CreateRepo(RepoSpec{Owner: "acme", Name: "vault", Private: true, Issues: 1})
	for _, to := range []string{"open", "vault"} {
		if _, err := s.TransferIssue("acme", "secret", map[string]int{"open": 1, "vault": 2}[to], "acme", to); err != nil {
			t.Fatal(err)
		}
	}
	status, body := post(t, s.URL()+"app/installations/77/access_tokens", f.jwt(t, -60, 540, f.clientID),
		map[string]any{"repositories": []string{"secret"}})
	scoped, _ := body["token"].(string)
	if status != 201 {
		t.Fatalf("mint: %d %v", status, body)
	}
	_, body = post(t, s.URL()+"app/installations/77/access_tokens", f.jwt(t, -60, 540, f.clientID), nil)
	whole, _ := body["token"].(string)
	for _, c := range []struct {
		token  string
		number int
		want   int
	}{
		{scoped, 1, 404}, {scoped, 2, 404}, // out of the token's one repository
		{whole, 1, 301}, {whole, 2, 404}, // acme/open is in the installation, acme/vault is not
		{"tok", 1, 301}, {"tok", 2, 301}, // a classic token with repo reads both
		{"public-only", 2, 404},
	} {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%srepos/acme/secret/issues/%d", s.URL(), c.number), nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("issue #%d with token %.8s: %d, want %d", c.number, c.token, resp.StatusCode, c.want)
		}
	}
}
