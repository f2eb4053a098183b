package connector

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// installApp stages the payload and installs it as GH_APP on db.
func installApp(t testing.TB, db *sql.DB) {
	t.Helper()
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mustExec(t, db, `CREATE APPLICATION PACKAGE GH_PKG ENABLE_RELEASE_CHANNELS = FALSE`)
	mustExec(t, db, `CREATE SCHEMA GH_PKG.CODE`)
	mustExec(t, db, `CREATE STAGE GH_PKG.CODE.PAYLOAD`)
	for _, f := range files {
		local := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(local, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		target := "v1"
		if d := filepath.ToSlash(filepath.Dir(f.Path)); d != "." {
			target += "/" + d
		}
		mustExec(t, db, `PUT 'file://`+local+`' '@GH_PKG.CODE.PAYLOAD/`+target+`' AUTO_COMPRESS = FALSE OVERWRITE = TRUE`)
	}
	mustExec(t, db, `ALTER APPLICATION PACKAGE GH_PKG ADD VERSION V1_0 USING '@GH_PKG.CODE.PAYLOAD/v1' LABEL = 'first'`)
	mustExec(t, db, `CREATE APPLICATION GH_APP FROM APPLICATION PACKAGE GH_PKG USING VERSION V1_0`)
}

// githubRepo starts a GitHub emulator that accepts token and holds
// octo/hello-world with the given issues and pull requests.
func githubRepo(t testing.TB, opts ghemu.Options, token string, issues, pullRequests int) *ghemu.Server {
	t.Helper()
	gh, err := ghemu.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = gh.Close() })
	gh.AddToken(token)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: issues, PullRequests: pullRequests}); err != nil {
		t.Fatal(err)
	}
	return gh
}

// installConnector installs GH_APP on db and sets it up to ingest
// octo/hello-world from gh (connectorSetup) with the given options.
func installConnector(t testing.TB, db *sql.DB, gh *ghemu.Server, token, options string) {
	t.Helper()
	installApp(t, db)
	for _, q := range connectorSetup(gh, token, options) {
		mustExec(t, db, q)
	}
}

// connectorSetup is the account side of a connector on GH_APP ingesting
// octo/hello-world from gh with token: rule, secret, integration, grants,
// PROVISION_CONNECTOR and ENABLE_RESOURCE with the given options.
func connectorSetup(gh *ghemu.Server, token, options string) []string {
	return []string{
		`CREATE DATABASE SETUP`,
		`CREATE NETWORK RULE SETUP.PUBLIC.GH TYPE = HOST_PORT VALUE_LIST = ('` + gh.HostPort() + `') MODE = EGRESS`,
		`CREATE SECRET SETUP.PUBLIC.TOKEN TYPE = GENERIC_STRING SECRET_STRING = '` + token + `'`,
		`CREATE EXTERNAL ACCESS INTEGRATION GH_EAI ALLOWED_NETWORK_RULES = (SETUP.PUBLIC.GH) ALLOWED_AUTHENTICATION_SECRETS = (SETUP.PUBLIC.TOKEN) ENABLED = TRUE`,
		`CREATE WAREHOUSE WH`,
		`GRANT EXECUTE TASK ON ACCOUNT TO APPLICATION GH_APP`, `GRANT CREATE DATABASE ON ACCOUNT TO APPLICATION GH_APP`,
		`GRANT USAGE ON INTEGRATION GH_EAI TO APPLICATION GH_APP`, `GRANT USAGE ON DATABASE SETUP TO APPLICATION GH_APP`,
		`GRANT USAGE ON SCHEMA SETUP.PUBLIC TO APPLICATION GH_APP`, `GRANT READ ON SECRET SETUP.PUBLIC.TOKEN TO APPLICATION GH_APP`,
		`GRANT USAGE ON WAREHOUSE WH TO APPLICATION GH_APP`,
		provisionSQL(gh.URL()),
		`CALL GH_APP.PUBLIC.ENABLE_RESOURCE('octo/hello-world', PARSE_JSON('` + options + `'))`,
	}
}

// provisionSQL provisions GH_APP to ingest from the GitHub API at apiURL.
func provisionSQL(apiURL string) string {
	return fmt.Sprintf(`CALL GH_APP.PUBLIC.PROVISION_CONNECTOR(PARSE_JSON('{"destination_database":"GITHUB_DATA","warehouse":"WH","github_api_url":"%s","secret":"\\"SETUP\\".\\"PUBLIC\\".\\"TOKEN\\"","external_access_integration":"\\"GH_EAI\\""}'))`, apiURL)
}

// From ENABLE_RESOURCE to issues in the view: the task runs INGEST_DATA as
// the application, which calls the GitHub emulator through the egress proxy
// with the secret, and MERGEs into the sink table the view reads.
func TestEndToEndIngestionOnEmulators(t *testing.T) {
	gh := githubRepo(t, ghemu.Options{}, "ghp_e2e", 230, 20)
	srv, db := emulatorDB(t)
	ctx := context.Background()
	exec := func(q string) { mustExec(t, db, q) }
	installConnector(t, db, gh, "ghp_e2e", `{"schedule":"30 MINUTES"}`)
	srv.WaitForTasks()
	var total, prs int
	var state, lastState string
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) AS N, SUM(IFF(IS_PULL_REQUEST, 1, 0)) AS P FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES`).Scan(&total, &prs); err != nil {
		t.Fatalf("view: %v", err)
	}
	if err := db.QueryRowContext(ctx, `SELECT LAST_STATE FROM GH_APP.PUBLIC.INGESTION_STATUS WHERE RESOURCE_ID = 'octo/hello-world'`).Scan(&lastState); err != nil {
		t.Fatalf("status: %v", err)
	}
	if total != 250 || prs != 20 || lastState != "SUCCEEDED" {
		t.Fatalf("after the first run: %d issues, %d pull requests, last state %q", total, prs, lastState)
	}
	if err := db.QueryRowContext(ctx, `SELECT STATE FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES WHERE NUMBER = 4`).Scan(&state); err != nil || state != "closed" {
		t.Fatalf("closed issues are kept with their state: %q %v", state, err)
	}

	// A change, then a second run through the task: one request, the view updated.
	title := "Renamed in GitHub"
	_ = gh.UpdateIssue("octo", "hello-world", 5, ghemu.IssueChange{Title: &title})
	gh.ResetStats()
	exec(`EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`)
	srv.WaitForTasks()
	var got string
	if err := db.QueryRowContext(ctx, `SELECT TITLE FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES WHERE NUMBER = 5`).Scan(&got); err != nil || got != title {
		t.Fatalf("incremental run: %q %v", got, err)
	}
	if st := gh.Stats(); st.IssueRequests != 1 {
		t.Fatalf("an incremental run with one change costs one request, got %+v", st)
	}
	var runs int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM GH_APP.PUBLIC.RUN_HISTORY`).Scan(&runs); err != nil || runs != 2 {
		t.Fatalf("run history: %d %v", runs, err)
	}

	// The token is in the secret only: not in the configuration, the run
	// history, the status or any task definition.
	for _, q := range []string{
		`SELECT * FROM GH_APP.PUBLIC.CONNECTOR_CONFIGURATION`, `SELECT * FROM GH_APP.PUBLIC.RUN_HISTORY`,
		`SELECT * FROM GH_APP.PUBLIC.INGESTION_STATUS`, `SHOW TASKS IN SCHEMA GH_APP.TASKS`, `SHOW TASKS IN ACCOUNT`, `DESCRIBE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`,
	} {
		if dump := dumpRows(t, db, q); strings.Contains(dump, "ghp_e2e") {
			t.Fatalf("the token leaked into %s: %s", q, dump)
		} else if !strings.Contains(dump, "octo") && !strings.Contains(q, "CONFIGURATION") {
			t.Fatalf("%s shows nothing of the connector, the leak check is vacuous: %s", q, dump)
		}
	}

	// Without READ on the secret the application cannot read it: the run
	// fails before any request carries a token.
	exec(`REVOKE READ ON SECRET SETUP.PUBLIC.TOKEN FROM APPLICATION GH_APP`)
	gh.ResetStats()
	if _, err := db.ExecContext(ctx, `CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`); err == nil {
		t.Fatal("INGEST_DATA read a secret the application has no READ on")
	}
	if st := gh.Stats(); st.Requests != 0 {
		t.Fatalf("a request reached GitHub without the secret: %+v", st)
	}
	exec(`GRANT READ ON SECRET SETUP.PUBLIC.TOKEN TO APPLICATION GH_APP`)

	// Egress is limited to the network rule: pointing the connector elsewhere fails the run.
	other, err := ghemu.Start(ghemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Close() }()
	exec(provisionSQL(other.URL()))
	exec(`CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"max_attempts": 1}'))`)
	_, err = db.ExecContext(ctx, `CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`)
	if err == nil || !strings.Contains(err.Error(), "connection failed") {
		t.Fatalf("egress outside the network rule must fail: %v", err)
	}
	if other.Stats().Requests != 0 {
		t.Fatal("a request reached a host outside the network rule")
	}

	// Nor is it in the query history beyond the statement that stores it
	// (Snowflake documents no masking of SECRET_STRING): every other
	// statement of the test, the procedures' and the scheduled task's
	// included.
	types := map[string]int{}
	for _, r := range srv.QueryHistory() {
		types[r.Type]++
		if strings.Contains(r.Text, "ghp_e2e") && !r.StoresSecret() {
			t.Errorf("the token is in the query history: %s %q", r.Type, r.Text)
		}
	}
	if types["CREATE_SECRET"] == 0 || types["MERGE"] == 0 || types["CALL"] == 0 {
		t.Fatalf("the query history misses the secret, the merges or the calls; the leak check would prove nothing: %v", types)
	}
}

// dumpRows renders every row of q as text.
func dumpRows(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer func() { _ = rows.Close() }()
	cols, _ := rows.Columns()
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var b strings.Builder
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			b.WriteString(v.String)
			b.WriteByte('|')
		}
		b.WriteByte('\n')
	}
	return b.String()
}
