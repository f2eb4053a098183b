// Package github builds the go-github client the provider uses for plan-time
// validation and data sources.
package github

import (
	"context"
	"errors"
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
	if u.Hostname() == "" {
		return "", fmt.Errorf("api_url %q has no host", raw)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("api_url %q uses plain http to a non-loopback host; use https:// so the token is never sent in clear text", raw)
	}
	if u.User != nil || strings.ContainsAny(raw, "?#") {
		return "", fmt.Errorf("api_url %q must not contain credentials, a query or a fragment", raw)
	}
	if !apiPath.MatchString(u.EscapedPath()) {
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
	var authorize func(context.Context) (string, error)
	if token != "" {
		authorize = func(context.Context) (string, error) { return token, nil }
	}
	return newClient(http.DefaultTransport, authorize, apiURL)
}

// newClient builds the client whose every request carries the bearer that
// authorize gives, and only to the API's own scheme and host: a redirect
// to another host is refused, never followed (net/http would drop the
// header across hosts, but a RoundTripper that sets it sets it again on
// every hop, so the refusal is what protects the token).
func newClient(base http.RoundTripper, authorize func(context.Context) (string, error), apiURL string) (*gh.Client, error) {
	normalized, err := NormalizeAPIURL(apiURL)
	if err != nil {
		return nil, err
	}
	api, err := url.Parse(normalized)
	if err != nil {
		return nil, err
	}
	httpClient := &http.Client{
		Timeout:       30 * time.Second,
		Transport:     &authTransport{api: api, base: base, authorize: authorize},
		CheckRedirect: sameHostRedirects(api),
	}
	client := gh.NewClient(httpClient)
	client.BaseURL = api
	if !strings.EqualFold(api.Hostname(), "api.github.com") {
		upload := *api
		upload.Path = strings.TrimSuffix(upload.Path, "api/v3/") + "api/uploads/"
		client.UploadURL = &upload
	}
	client.UserAgent = "terraform-provider-ghconnector"
	return client, nil
}

// onAPI reports whether u is on the API's scheme, host and port.
func onAPI(api, u *url.URL) bool {
	return strings.EqualFold(u.Scheme, api.Scheme) && strings.EqualFold(u.Host, api.Host)
}

// sameHostRedirects follows a redirect only on the API's scheme and host
// (a renamed repository's 301), at most ten times like net/http.
func sameHostRedirects(api *url.URL) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if !onAPI(api, req.URL) {
			return fmt.Errorf("GitHub redirected to %s://%s, another host than the API's %s: not followed, so the token stays on %s",
				req.URL.Scheme, req.URL.Host, api.Host, api.Host)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// authTransport authorizes the requests to the API's own scheme and host,
// and only those.
type authTransport struct {
	api       *url.URL
	base      http.RoundTripper
	authorize func(context.Context) (string, error)
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.authorize == nil || !onAPI(t.api, req.URL) {
		return t.base.RoundTrip(req)
	}
	token, err := t.authorize(req.Context())
	if err != nil {
		return nil, err
	}
	clone := req.Clone(req.Context())
	clone.Header.Set("Authorization", "Bearer "+token)
	return t.base.RoundTrip(clone)
}
