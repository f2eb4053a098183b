package connector

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

type streamlitCall struct {
	Call    string           `json:"call"`
	Body    any              `json:"body"`
	Rows    []map[string]any `json:"rows"`
	Options []any            `json:"options"`
	X       string           `json:"x"`
	Y       []string         `json:"y"`
}

// The Streamlit page runs against the emulator as Streamlit in Snowflake
// runs it (as the application, on a warehouse), with a recording stand-in
// for the streamlit module: every query it makes must work, and what it
// shows is checked, the chart of rows and requests per run included.
func TestStreamlitPageOnEmulator(t *testing.T) {
	gh := githubRepo(t, ghemu.Options{}, "ghp_page", 40, 5)
	srv, db := emulatorDB(t)
	ctx := context.Background()
	standin, err := filepath.Abs("testdata/streamlit_standin")
	if err != nil {
		t.Fatal(err)
	}
	run := func() []streamlitCall {
		t.Helper()
		raw, err := srv.RunStreamlit(ctx, "GH_APP", "PUBLIC", "GITHUB_CONNECTOR", "WH", standin)
		if err != nil {
			t.Fatalf("the page failed: %v", err)
		}
		var calls []streamlitCall
		if err := json.Unmarshal(raw, &calls); err != nil {
			t.Fatalf("recorded calls %s: %v", raw, err)
		}
		return calls
	}

	// Installed, not provisioned: the page says so instead of failing.
	installApp(t, db)
	mustExec(t, db, `CREATE WAREHOUSE WH`)
	calls := run()
	if !hasCall(calls, "info", "Not provisioned yet") {
		t.Fatalf("before provisioning: %+v", calls)
	}

	for _, q := range connectorSetup(gh, "ghp_page", `{"schedule":"30 MINUTES"}`) {
		if strings.HasPrefix(q, "CREATE WAREHOUSE") {
			continue
		}
		mustExec(t, db, q)
	}
	srv.WaitForTasks()
	closed := "closed"
	if err := gh.UpdateIssue("octo", "hello-world", 3, ghemu.IssueChange{State: &closed}); err != nil {
		t.Fatal(err)
	}
	// The second run reconciles too, so its REQUESTS include reconciliation's.
	mustExec(t, db, `CALL GH_APP.PUBLIC.RECONCILE_RESOURCE('octo/hello-world')`)
	srv.WaitForTasks()

	calls = run()
	var config map[string]any
	var status, streams, runs, preview []map[string]any
	var chart *streamlitCall
	for i, c := range calls {
		switch {
		case c.Call == "json":
			config, _ = c.Body.(map[string]any)
		case c.Call == "dataframe" && i > 0 && calls[i-1].Body == "Repositories":
			status = c.Rows
		case c.Call == "dataframe" && i > 0 && calls[i-1].Body == "Streams":
			streams = c.Rows
		case c.Call == "dataframe" && i > 0 && calls[i-1].Body == "Recent runs":
			runs = c.Rows
		case c.Call == "dataframe" && i > 0 && calls[i-1].Call == "selectbox":
			preview = c.Rows
		case c.Call == "line_chart":
			chart = &calls[i]
		}
	}
	if config["destination_database"] != "GITHUB_DATA" || strings.Contains(string(mustJSON(t, calls)), "ghp_page") {
		t.Fatalf("configuration shown: %v", config)
	}
	if len(status) != 1 || status[0]["RESOURCE_ID"] != "octo/hello-world" || status[0]["LAST_STATE"] != "SUCCEEDED" {
		t.Fatalf("repositories shown: %v", status)
	}
	if len(streams) != 1 || streams[0]["STREAM"] != "issues" || streams[0]["LAST_STATE"] != "SUCCEEDED" {
		t.Fatalf("streams shown: %v", streams)
	}
	if len(runs) != 2 {
		t.Fatalf("runs shown: %d, want 2", len(runs))
	}
	if len(preview) != 45 {
		t.Fatalf("data preview: %d rows, want the 45 issues and pull requests", len(preview))
	}
	if chart == nil || len(chart.Rows) != 2 || chart.X != "STARTED_AT" || strings.Join(chart.Y, ",") != "ROWS_MERGED,REQUESTS" {
		t.Fatalf("chart of rows and requests per run: %+v", chart)
	}
	// Oldest first: the first run merged everything, the second the one change.
	first, second := chart.Rows[0], chart.Rows[1]
	if requests, _ := first["REQUESTS"].(float64); first["ROWS_MERGED"] != float64(45) || second["ROWS_MERGED"] != float64(1) || requests < 1 {
		t.Fatalf("chart points: %v", chart.Rows)
	}
	// REQUESTS already counts reconciliation's requests: the chart shows it
	// as recorded, never with RECONCILE_REQUESTS added again.
	var recorded, reconcile float64
	if err := db.QueryRowContext(ctx, `SELECT REQUESTS, RECONCILE_REQUESTS FROM GH_APP.PUBLIC.RUN_HISTORY ORDER BY STARTED_AT DESC LIMIT 1`).Scan(&recorded, &reconcile); err != nil {
		t.Fatal(err)
	}
	if reconcile < 1 || second["REQUESTS"] != recorded {
		t.Fatalf("the reconciling run made %v requests (%v of them reconciling); the chart shows %v", recorded, reconcile, second["REQUESTS"])
	}
}

func hasCall(calls []streamlitCall, call, text string) bool {
	for _, c := range calls {
		if s, ok := c.Body.(string); c.Call == call && ok && strings.Contains(s, text) {
			return true
		}
	}
	return false
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
