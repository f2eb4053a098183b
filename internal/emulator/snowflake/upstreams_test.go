package snowflake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A public HTTPS host served by a local stand-in: a procedure whose network
// rule names api.github.com:443 reaches it over verified TLS, sees the
// public host in its links, and one whose rule does not is refused as
// before; an unmapped public host is not answered by the stand-in.
func TestUpstreamsStandInForPublicHosts(t *testing.T) {
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintf(w, "%s://%s%s", r.Header.Get("X-Forwarded-Proto"), r.Host, r.URL.RequestURI())
	}))
	defer local.Close()
	srv := startServer(t, Options{Upstreams: map[string]string{"api.github.com:443": local.URL + "/"}})
	db := connect(t, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, q := range []string{
		`CREATE DATABASE P`,
		`CREATE NETWORK RULE P.PUBLIC.GH TYPE = HOST_PORT VALUE_LIST = ('api.github.com:443') MODE = EGRESS`,
		`CREATE NETWORK RULE P.PUBLIC.OTHER TYPE = HOST_PORT VALUE_LIST = ('example.com:443') MODE = EGRESS`,
		`CREATE EXTERNAL ACCESS INTEGRATION GH_EAI ALLOWED_NETWORK_RULES = (P.PUBLIC.GH) ENABLED = TRUE`,
		`CREATE EXTERNAL ACCESS INTEGRATION OTHER_EAI ALLOWED_NETWORK_RULES = (P.PUBLIC.OTHER) ENABLED = TRUE`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	body := `$$
import ssl, urllib.request, certifi
def fetch(session, url):
    context = ssl.create_default_context(cafile=certifi.where())
    try:
        with urllib.request.urlopen(url, timeout=5, context=context) as resp:
            return {"body": resp.read().decode()}
    except Exception as err:
        return {"net_error": type(err).__name__}
$$`
	for name, eai := range map[string]string{"VIA_GH": "GH_EAI", "VIA_OTHER": "OTHER_EAI"} {
		q := `CREATE PROCEDURE P.PUBLIC.` + name + `(URL VARCHAR) RETURNS VARIANT ` + pyProc + ` HANDLER = 'fetch' EXTERNAL_ACCESS_INTEGRATIONS = (` + eai + `) AS ` + body
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	call := func(proc, url string) map[string]any {
		t.Helper()
		var raw string
		if err := db.QueryRowContext(ctx, `CALL P.PUBLIC.`+proc+`('`+url+`')`).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		if err := json.Unmarshal([]byte(raw), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out := call("VIA_GH", "https://api.github.com/repos/o/r/issues?page=2"); out["body"] != "https://api.github.com/repos/o/r/issues?page=2" {
		t.Fatalf("through the stand-in: %v", out)
	}
	if out := call("VIA_OTHER", "https://api.github.com/repos/o/r"); out["net_error"] == nil {
		t.Fatalf("a host outside the procedure's rules must stay unreachable: %v", out)
	}
}
