package connector

import (
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"

	ghclient "github.com/ghconnector/terraform-provider-ghconnector/internal/github"
)

// urlDriver normalizes each JSON-encoded URL of stdin with the payload's
// github.normalize_api_url: the normalized URL, or "" when refused.
const urlDriver = `
import json, sys
from connector import github
out = []
for raw in json.load(sys.stdin):
    try:
        out.append(github.normalize_api_url(raw))
    except ValueError:
        out.append("")
json.dump(out, sys.stdout)
`

// The connector applies the provider's rules to the GitHub API URL: for
// URLs generated from hostile parts (schemes, credentials, hosts, ports,
// paths, queries, fragments), Python accepts exactly what Go accepts and
// normalizes it to the same text. Plain http only to loopback, so the token
// never travels in clear text. GHCONNECTOR_URL_SEED=n replays one seed.
func TestAPIURLRulesMatchTheProvider(t *testing.T) {
	seed := uint64(1)
	if s := os.Getenv("GHCONNECTOR_URL_SEED"); s != "" {
		_, _ = fmt.Sscan(s, &seed)
	}
	rnd := mrand.New(mrand.NewPCG(seed, 7))
	pick := func(xs ...string) string { return xs[rnd.IntN(len(xs))] }
	var urls []string
	for range 2000 {
		urls = append(urls, pick("https://", "https://", "http://", "http://", "HTTPS://", "ftp://", "file://", "", "https:")+
			pick("", "", "", "", "u:p@", "token@")+
			pick("api.github.com", "API.GITHUB.COM", "github.example.com", "127.0.0.1", "127.0.0.2", "localhost", "LocalHost",
				"[::1]", "10.0.0.1", "evil.com", "127.0.0.1.evil.com", "", "api.github.com.evil.com")+
			pick("", "", "", ":8080", ":443", ":0", ":abc", ":")+
			pick("", "/", "/api/v3", "/api/v3/", "/ghe/api/v3", "", "/", "/a b", "/a'b", "/%2e%2e/", "/../api/v3", "/a$b", "/~x_y-z.w", `/a\b`, "//x")+
			pick("", "", "", "", "?x=1", "#f", "?", "#"))
	}
	input, _ := json.Marshal(urls)
	cmd := exec.Command("python3", "-c", urlDriver)
	cmd.Dir = "app/python"
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	cmd.Stdin = strings.NewReader(string(input))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var python []string
	if err := json.Unmarshal(out, &python); err != nil || len(python) != len(urls) {
		t.Fatalf("python answered %d of %d: %v", len(python), len(urls), err)
	}
	accepted, mismatches := 0, 0
	for i, raw := range urls {
		goURL, err := ghclient.NormalizeAPIURL(raw)
		if err != nil {
			goURL = ""
		}
		if goURL != "" {
			accepted++
			if strings.HasPrefix(goURL, "http://") && !strings.Contains(goURL, "127.0.0.") && !strings.Contains(strings.ToLower(goURL), "localhost") && !strings.Contains(goURL, "[::1]") {
				t.Errorf("%q accepted as %q: plain http to a non-loopback host", raw, goURL)
			}
		}
		if goURL != python[i] && mismatches < 20 {
			mismatches++
			t.Errorf("seed %d: %q: provider %q, connector %q", seed, raw, goURL, python[i])
		}
	}
	if accepted < 100 || accepted > len(urls)-100 {
		t.Fatalf("seed %d: %d of %d accepted; the generator proves little", seed, accepted, len(urls))
	}
}
