package connector

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
)

// connectAs opens a session of user (password pw) with role on srv.
func connectAs(t *testing.T, srv *sfemu.Server, user, pw, role string) *sql.DB {
	t.Helper()
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, sf.Config{Account: srv.Account(), User: user, Password: pw,
		Role: role, Host: srv.Host(), Port: srv.Port(), Protocol: "http", Warehouse: "COMPUTE_WH"}))
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// A token whose secret holds a line break (rotated outside Terraform, or
// pasted with one) fails the run with a message that quotes nothing of it:
// the token is in no error sink of the connector (APP_STATE through
// RUN_HISTORY, INGESTION_STATUS, STREAM_STATUS) nor in the task's history,
// where Snowflake shows the procedure's error. Before the fix, http.client's
// "Invalid header value b'Bearer …'" carried it into each of them.
func TestTokenWithALineBreakIsInNoErrorSink(t *testing.T) {
	const token, second = "ghp_e2e_line_break", "SECONDHALF_of_the_token"
	gh := githubRepo(t, ghemu.Options{}, token, 5, 0)
	srv, db := emulatorDB(t)
	installConnector(t, db, gh, token, `{"schedule":"30 MINUTES","streams":["issues","comments"]}`)
	srv.WaitForTasks()
	mustExec(t, db, `ALTER SECRET SETUP.PUBLIC.TOKEN SET SECRET_STRING = '`+token+`\n`+second+`'`)
	mustExec(t, db, `EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`)
	srv.WaitForTasks()

	sinks := map[string]string{
		"RUN_HISTORY":      `SELECT ERROR FROM GH_APP.PUBLIC.RUN_HISTORY WHERE ERROR IS NOT NULL`,
		"INGESTION_STATUS": `SELECT LAST_ERROR FROM GH_APP.PUBLIC.INGESTION_STATUS`,
		"STREAM_STATUS":    `SELECT LAST_ERROR FROM GH_APP.PUBLIC.STREAM_STATUS`,
		"TASK_HISTORY":     `SELECT ERROR_MESSAGE FROM TABLE(GH_APP.INFORMATION_SCHEMA.TASK_HISTORY()) WHERE ERROR_MESSAGE IS NOT NULL`,
	}
	for sink, q := range sinks {
		text := dumpRows(t, db, q)
		if !strings.Contains(text, "line break") {
			t.Errorf("%s does not say the token holds a line break: %q", sink, text)
		}
		if strings.Contains(text, token) || strings.Contains(text, second) || strings.Contains(text, "Bearer") {
			t.Errorf("%s holds the token: %q", sink, text)
		}
	}
}

// Readers and administrators are apart: APP_USER (the viewer) reads the
// issue views, the status views and the tasks' state, and can neither
// configure, enable, disable nor run anything; APP_ADMIN can. Each refused
// call changes nothing.
func TestApplicationRolesSeparateViewersFromAdministrators(t *testing.T) {
	gh := githubRepo(t, ghemu.Options{}, "ghp_roles", 3, 0)
	srv, db := emulatorDB(t)
	installConnector(t, db, gh, "ghp_roles", `{"schedule":"30 MINUTES"}`)
	srv.WaitForTasks()
	for _, q := range []string{
		`CREATE ROLE ANALYST`, `CREATE ROLE OPERATOR`,
		`CREATE USER ANA PASSWORD = 'ana-pw'`, `CREATE USER OPS PASSWORD = 'ops-pw'`,
		`GRANT ROLE ANALYST TO USER ANA`, `GRANT ROLE OPERATOR TO USER OPS`,
		`GRANT USAGE ON WAREHOUSE COMPUTE_WH TO ROLE ANALYST`, `GRANT USAGE ON WAREHOUSE COMPUTE_WH TO ROLE OPERATOR`,
		`GRANT APPLICATION ROLE GH_APP.APP_USER TO ROLE ANALYST`, `GRANT APPLICATION ROLE GH_APP.APP_ADMIN TO ROLE OPERATOR`,
		`GRANT EXECUTE TASK ON ACCOUNT TO ROLE OPERATOR`, // resuming a task checks it (the emulator is strict here)
	} {
		mustExec(t, db, q)
	}
	ctx := context.Background()
	analyst := connectAs(t, srv, "ANA", "ana-pw", "ANALYST")
	operator := connectAs(t, srv, "OPS", "ops-pw", "OPERATOR")
	reads := []string{
		`SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES`,
		`SELECT COUNT(*) FROM GH_APP.PUBLIC.INGESTION_STATUS`,
		`SELECT COUNT(*) FROM GH_APP.PUBLIC.RUN_HISTORY`,
		`SELECT COUNT(*) FROM GH_APP.PUBLIC.STREAM_STATUS`,
		`SHOW TASKS IN SCHEMA GH_APP.TASKS`,
	}
	admin := []string{
		provisionSQL(gh.URL()),
		`CALL GH_APP.PUBLIC.ENABLE_RESOURCE('octo/other', PARSE_JSON('{}'))`,
		`CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"paused":true}'))`,
		`CALL GH_APP.PUBLIC.DISABLE_RESOURCE('octo/hello-world', TRUE)`,
		`CALL GH_APP.PUBLIC.INGEST_DATA('octo/hello-world')`,
		`CALL GH_APP.PUBLIC.RECONCILE_RESOURCE('octo/hello-world')`,
		`CALL GH_APP.PUBLIC.RESTORE_BINDINGS()`,
		`CALL GH_APP.PUBLIC.CHECK_GITHUB_ACCESS()`,
		`ALTER TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD SUSPEND`,
	}
	for _, q := range reads {
		for who, conn := range map[string]*sql.DB{"viewer": analyst, "administrator": operator} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Errorf("the %s cannot read: %s: %v", who, q, err)
			}
		}
	}
	for _, q := range admin {
		if _, err := analyst.ExecContext(ctx, q); err == nil {
			t.Errorf("the viewer (APP_USER) may run %s", q)
		}
	}
	if n := countOf(t, db, `SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES`); n != 3 {
		t.Fatalf("after the viewer's refused calls the view has %d issues, want 3", n)
	}
	if s := dumpRows(t, db, `SELECT ENABLED FROM GH_APP.PUBLIC.INGESTION_STATUS`); !strings.Contains(s, "true") {
		t.Fatalf("after the viewer's refused calls the repository is not enabled: %s", s)
	}
	for _, q := range []string{`CALL GH_APP.PUBLIC.RECONCILE_RESOURCE('octo/hello-world')`,
		`ALTER TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD SUSPEND`, `ALTER TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD RESUME`,
		`CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"paused":false}'))`} {
		if _, err := operator.ExecContext(ctx, q); err != nil {
			t.Errorf("the administrator (APP_ADMIN) cannot run %s: %v", q, err)
		}
	}
	srv.WaitForTasks()
}
