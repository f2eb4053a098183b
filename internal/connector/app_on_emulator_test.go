package connector

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"

	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
)

func emulatorDB(t testing.TB) (*sfemu.Server, *sql.DB) {
	t.Helper()
	return emulatorDBAt(t, "")
}

// emulatorDBAt starts an emulator keeping its catalog in dataDir ("" for
// memory) and opens one admin connection to it.
func emulatorDBAt(t testing.TB, dataDir string) (*sfemu.Server, *sql.DB) {
	t.Helper()
	return emulatorDBWith(t, sfemu.Options{DataDir: dataDir})
}

// emulatorDBWith starts an emulator with opts and opens one admin
// connection to it.
func emulatorDBWith(t testing.TB, opts sfemu.Options) (*sfemu.Server, *sql.DB) {
	t.Helper()
	t.Setenv("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")
	_ = sf.GetLogger().SetLogLevel("fatal")
	srv, err := sfemu.Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, sf.Config{Account: srv.Account(), User: "ADMIN", Password: "admin",
		Host: srv.Host(), Port: srv.Port(), Protocol: "http", Warehouse: "COMPUTE_WH"}))
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	return srv, db
}

func mustExec(t testing.TB, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// The real payload installs on the emulator as a Native App: staged with
// PUT, added as a version, installed (setup.sql runs as the app), granted
// what the manifest requests, provisioned, upgraded without losing state,
// and dropped with CASCADE.
func TestPayloadInstallsAsNativeApp(t *testing.T) {
	srv, db := emulatorDB(t)
	ctx := context.Background()
	// Install and upgrade need no warehouse: the setup script CALLs no
	// procedure. A session without one proves it.
	bare := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, sf.Config{Account: srv.Account(), User: "ADMIN", Password: "admin",
		Host: srv.Host(), Port: srv.Port(), Protocol: "http"}))
	bare.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = bare.Close() })
	installApp(t, bare)

	// The consumer sees what application roles expose, and nothing else.
	if rows, err := db.QueryContext(ctx, `SELECT * FROM GH_APP.PUBLIC.INGESTION_STATUS`); err != nil {
		t.Fatalf("status view: %v", err)
	} else {
		_ = rows.Close()
	}
	if _, err := db.ExecContext(ctx, `SELECT * FROM GH_APP.STATE.APP_CONFIGURATION`); err == nil || !strings.Contains(err.Error(), "does not exist or not authorized") {
		t.Fatalf("internal state must be hidden from the consumer: %v", err)
	}

	// Grants: the manifest's privileges are accepted, others refused.
	mustExec(t, db, `GRANT EXECUTE TASK ON ACCOUNT TO APPLICATION GH_APP`)
	mustExec(t, db, `GRANT CREATE DATABASE ON ACCOUNT TO APPLICATION GH_APP`)
	if _, err := db.ExecContext(ctx, `GRANT MANAGE GRANTS ON ACCOUNT TO APPLICATION GH_APP`); err == nil || !strings.Contains(err.Error(), "not requested in the manifest") {
		t.Fatalf("a grant outside the manifest must be refused: %v", err)
	}

	for _, q := range []string{
		`CREATE DATABASE SETUP`,
		`CREATE NETWORK RULE SETUP.PUBLIC.GH TYPE = HOST_PORT VALUE_LIST = ('api.github.com') MODE = EGRESS`,
		`CREATE SECRET SETUP.PUBLIC.GITHUB_TOKEN TYPE = GENERIC_STRING SECRET_STRING = 'ghp_test'`,
		`CREATE EXTERNAL ACCESS INTEGRATION GITHUB_EAI ALLOWED_NETWORK_RULES = (SETUP.PUBLIC.GH) ALLOWED_AUTHENTICATION_SECRETS = (SETUP.PUBLIC.GITHUB_TOKEN) ENABLED = TRUE`,
		`CREATE WAREHOUSE WH`,
		`GRANT USAGE ON INTEGRATION GITHUB_EAI TO APPLICATION GH_APP`,
		`GRANT USAGE ON DATABASE SETUP TO APPLICATION GH_APP`,
		`GRANT USAGE ON SCHEMA SETUP.PUBLIC TO APPLICATION GH_APP`,
		`GRANT READ ON SECRET SETUP.PUBLIC.GITHUB_TOKEN TO APPLICATION GH_APP`,
		`GRANT USAGE ON WAREHOUSE WH TO APPLICATION GH_APP`,
	} {
		mustExec(t, db, q)
	}
	var out string
	err := db.QueryRowContext(ctx, `CALL GH_APP.PUBLIC.PROVISION_CONNECTOR(PARSE_JSON('{"destination_database":"GITHUB_DATA","warehouse":"WH",
	  "github_api_url":"https://api.github.com/","secret":"\\"SETUP\\".\\"PUBLIC\\".\\"GITHUB_TOKEN\\"","external_access_integration":"\\"GITHUB_EAI\\""}'))`).Scan(&out)
	if err != nil || !strings.Contains(out, "PROVISIONED") {
		t.Fatalf("PROVISION_CONNECTOR: %q %v", out, err)
	}

	// An upgrade re-runs setup.sql: state rows survive. It replaces
	// INGEST_DATA unbound; RESTORE_BINDINGS (which the provider calls right
	// after the upgrade, on its warehouse) binds it again.
	mustExec(t, bare, `ALTER APPLICATION GH_APP UPGRADE USING VERSION V1_0`)
	if _, err := bare.ExecContext(ctx, `CALL GH_APP.PUBLIC.RESTORE_BINDINGS()`); err == nil || !strings.Contains(err.Error(), "No active warehouse") {
		t.Fatalf("a Python procedure without a warehouse: %v", err)
	}
	if err := db.QueryRowContext(ctx, `CALL GH_APP.PUBLIC.RESTORE_BINDINGS()`).Scan(&out); err != nil || !strings.Contains(out, "RESTORED") {
		t.Fatalf("RESTORE_BINDINGS: %q %v", out, err)
	}
	err = db.QueryRowContext(ctx, `CALL GH_APP.PUBLIC.PROVISION_CONNECTOR(PARSE_JSON('{"destination_database":"GITHUB_DATA","warehouse":"WH",
	  "secret":"\\"SETUP\\".\\"PUBLIC\\".\\"GITHUB_TOKEN\\"","external_access_integration":"\\"GITHUB_EAI\\""}'))`).Scan(&out)
	if err != nil {
		t.Fatalf("re-provision after upgrade: %v", err)
	}

	// The app owns the destination database: a plain DROP is refused.
	if _, err := db.ExecContext(ctx, `DROP APPLICATION GH_APP`); err == nil || !strings.Contains(err.Error(), "CASCADE") {
		t.Fatalf("DROP without CASCADE: %v", err)
	}
	mustExec(t, db, `DROP APPLICATION GH_APP CASCADE`)
	if _, err := db.ExecContext(ctx, `USE DATABASE GITHUB_DATA`); err == nil {
		t.Fatal("CASCADE must drop the destination database")
	}
}
