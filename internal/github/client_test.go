package github

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestNormalizeAPIURL(t *testing.T) {
	ok := map[string]string{
		"":                                   "https://api.github.com/",
		"https://api.github.com":             "https://api.github.com/",
		"https://api.github.com/":            "https://api.github.com/",
		"https://github.example.com":         "https://github.example.com/api/v3/",
		"https://github.example.com/api/v3":  "https://github.example.com/api/v3/",
		"https://github.example.com/api/v3/": "https://github.example.com/api/v3/",
		"https://example.com/ghe/api/v3":     "https://example.com/ghe/api/v3/",
		"http://127.0.0.1:8081/":             "http://127.0.0.1:8081/api/v3/",
		"http://localhost:8081/api/v3":       "http://localhost:8081/api/v3/",
		"http://[::1]:9000":                  "http://[::1]:9000/api/v3/",
	}
	for in, want := range ok {
		got, err := NormalizeAPIURL(in)
		if err != nil || got != want {
			t.Errorf("NormalizeAPIURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"ftp://x":                   "must start with https://",
		"api.github.com":            "must start with https://",
		"http://github.example.com": "plain http to a non-loopback host",
		"https://u:p@github.com":    "must not contain credentials",
		"https://":                  "has no host",
		"https://:443/":             "has no host",
		"https://x?":                "must not contain credentials, a query or a fragment",
		"https://x/#":               "must not contain credentials, a query or a fragment",
		"https://x/%2e%2e/":         "the path may only hold",
		"https://api.github.com/'; DROP DATABASE VICTIM; --": "the path may only hold",
		`https://github.example.com/a$$b\c`:                  "the path may only hold",
	}
	for in, want := range bad {
		_, err := NormalizeAPIURL(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NormalizeAPIURL(%q) error %v, want %q", in, err, want)
		}
	}
}

// A GitHub Enterprise Server style URL must reach /api/v3/ with the token.
func TestNewClientEnterpriseURL(t *testing.T) {
	var gotPath, gotAuth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotAuth = r.URL.Path, r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":1,"name":"repo","full_name":"octo/repo"}`))
	}))
	defer srv.Close()
	client, err := NewClient("tok", srv.URL+"/api/v3")
	if err != nil {
		t.Fatal(err)
	}
	repo, _, err := client.Repositories.Get(context.Background(), "octo", "repo")
	if err != nil {
		t.Fatal(err)
	}
	if gotPath != "/api/v3/repos/octo/repo" || gotAuth != "Bearer tok" || repo.GetFullName() != "octo/repo" {
		t.Fatalf("path %q auth %q repo %q", gotPath, gotAuth, repo.GetFullName())
	}
	if client.UploadURL.String() != srv.URL+"/api/uploads/" {
		t.Errorf("upload URL %s", client.UploadURL)
	}
}
