package github

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// recorder is a host that answers 200 and records the Authorization of
// every request it gets.
type recorder struct {
	mu    sync.Mutex
	auths []string
}

func (r *recorder) server(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.auths = append(r.auths, req.Header.Get("Authorization"))
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":1,"name":"repo","full_name":"octo/repo"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A redirect to another host is refused, so no request, with or without
// the token, reaches it: with a personal token and with an App's
// installation token alike. A redirect on the API's own host (a renamed
// repository) is followed with the token.
func TestTokenNeverFollowsARedirectToAnotherHost(t *testing.T) {
	apps, keyPEM := appEmulator(t)
	emu, err := url.Parse(apps.URL())
	if err != nil {
		t.Fatal(err)
	}
	minter := httputil.NewSingleHostReverseProxy(emu)
	for _, auth := range []string{"token", "app"} {
		t.Run(auth, func(t *testing.T) {
			elsewhere := &recorder{}
			other := elsewhere.server(t)
			var api *httptest.Server
			api = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				switch {
				case strings.HasSuffix(req.URL.Path, "/access_tokens"):
					minter.ServeHTTP(w, req) // the emulator mints App tokens
				case strings.Contains(req.URL.Path, "/repos/octo/away"):
					http.Redirect(w, req, other.URL+"/api/v3/repos/octo/repo", http.StatusFound)
				case strings.Contains(req.URL.Path, "/repos/octo/renamed"):
					http.Redirect(w, req, api.URL+"/api/v3/repos/octo/repo", http.StatusMovedPermanently)
				default:
					if req.Header.Get("Authorization") == "" {
						http.Error(w, `{"message":"Requires authentication"}`, http.StatusUnauthorized)
						return
					}
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte(`{"id":1,"name":"repo","full_name":"octo/repo"}`))
				}
			}))
			t.Cleanup(api.Close)
			client, err := NewClient("ghp_secret_token", api.URL)
			if auth == "app" {
				client, err = NewAppClient(AppCredentials{AppID: "Iv23liX", InstallationID: 50, PrivateKeyPEM: keyPEM}, api.URL)
			}
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			_, _, err = client.Repositories.Get(ctx, "octo", "away")
			if err == nil || !strings.Contains(err.Error(), "another host than the API's") {
				t.Errorf("a redirect to another host: error %v, want a refusal", err)
			}
			if len(elsewhere.auths) != 0 {
				t.Errorf("the other host got %d requests (Authorization %q); want none", len(elsewhere.auths), elsewhere.auths)
			}
			repo, _, err := client.Repositories.Get(ctx, "octo", "renamed")
			if err != nil || repo.GetFullName() != "octo/repo" {
				t.Errorf("a redirect on the API host (a rename) is followed with the token: %v %v", repo, err)
			}
		})
	}
}
