// Package github builds the go-github client the provider uses for plan-time
// validation and data sources.
package github

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	gh "github.com/google/go-github/v57/github"
)

// DefaultAPIURL is GitHub.com's REST endpoint.
const DefaultAPIURL = "https://api.github.com/"

// apiPath is what a GitHub API base path can be: /, /api/v3/, a proxy prefix.
var apiPath = regexp.MustCompile(`^[A-Za-z0-9._~/-]*$`)

// NormalizeAPIURL validates api_url and returns it with a trailing slash.
// GitHub.com and any URL whose path already ends in /api/v3 are kept as
// they are; a bare GitHub Enterprise Server host gets /api/v3/ appended,
// as go-github does. Plain http is only accepted for loopback hosts.
func NormalizeAPIURL(raw string) (string, error) {
	if strings.TrimSpace(raw) == "" {
		return DefaultAPIURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("api_url %q is not a URL: %w", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("api_url %q must start with https:// (for example https://api.github.com/ or https://github.example.com/api/v3/)", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("api_url %q has no host", raw)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("api_url %q uses plain http to a non-loopback host; use https:// so the token is never sent in clear text", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("api_url %q must not contain credentials, a query or a fragment", raw)
	}
	if !apiPath.MatchString(u.Path) {
		return "", fmt.Errorf("api_url %q: the path may only hold letters, digits and . _ ~ - / (for example /api/v3/)", raw)
	}
	path := strings.TrimSuffix(u.Path, "/")
	if !strings.EqualFold(u.Hostname(), "api.github.com") && !strings.HasSuffix(path, "/api/v3") {
		path += "/api/v3"
	}
	u.Path = path + "/"
	return u.String(), nil
}

// IsLoopbackHost reports whether host names this machine.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewClient returns a go-github client for apiURL (normalised with
// NormalizeAPIURL). An empty token gives an anonymous client.
func NewClient(token, apiURL string) (*gh.Client, error) {
	return newClient(&http.Client{Timeout: 30 * time.Second}, token, apiURL)
}

func newClient(httpClient *http.Client, token, apiURL string) (*gh.Client, error) {
	normalized, err := NormalizeAPIURL(apiURL)
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(normalized)
	if err != nil {
		return nil, err
	}
	client := gh.NewClient(httpClient)
	if token != "" {
		client = client.WithAuthToken(token)
	}
	client.BaseURL = base
	if !strings.EqualFold(base.Hostname(), "api.github.com") {
		upload := *base
		upload.Path = strings.TrimSuffix(upload.Path, "api/v3/") + "api/uploads/"
		client.UploadURL = &upload
	}
	client.UserAgent = "terraform-provider-ghconnector"
	return client, nil
}
