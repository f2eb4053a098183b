package snowflake

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// Which statements need a warehouse in the session: Python procedure calls,
// queries over tables and DML do; DDL, SHOW, constants and SQL procedures
// that only run such statements do not. A nested statement runs on the
// caller's warehouse.
func TestStatementsThatNeedAWarehouse(t *testing.T) {
	srv := startServer(t, Options{})
	ctx := context.Background()
	admin := connect(t, srv, "ADMIN", "admin")
	for _, q := range []string{
		`CREATE DATABASE P`,
		`CREATE TABLE P.PUBLIC.LOG (MSG VARCHAR)`,
		`CREATE PROCEDURE P.PUBLIC.PY() RETURNS VARCHAR ` + pyProc + ` HANDLER = 'run' AS $$
def run(session):
    session.sql("INSERT INTO P.PUBLIC.LOG (MSG) SELECT 'py'").collect()
    return session.sql("SELECT CURRENT_WAREHOUSE() AS W").collect()[0]["W"]
$$`,
		`CREATE PROCEDURE P.PUBLIC.DDL_ONLY() RETURNS NUMBER LANGUAGE SQL AS $$
BEGIN
  CREATE TABLE IF NOT EXISTS P.PUBLIC.MADE (N NUMBER);
  RETURN 1;
END
$$`,
		`CREATE PROCEDURE P.PUBLIC.SCANS() RETURNS NUMBER LANGUAGE SQL AS $$
BEGIN
  RETURN (SELECT COUNT(*) FROM P.PUBLIC.LOG);
END
$$`,
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	// No warehouse: the admin user has no default one and none is asked for.
	cfg := sf.Config{Account: srv.Account(), User: "ADMIN", Password: "admin", Host: srv.Host(), Port: srv.Port(), Protocol: "http"}
	bare := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, cfg))
	bare.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = bare.Close() })
	// In order: the GRANT needs the table created before it.
	for _, c := range []struct{ q, want string }{
		{`CALL P.PUBLIC.PY()`, "000606"},
		{`SELECT * FROM P.PUBLIC.LOG`, "000606"},
		{`INSERT INTO P.PUBLIC.LOG (MSG) VALUES ('x')`, "000606"},
		{`UPDATE P.PUBLIC.LOG SET MSG = 'y'`, "000606"},
		{`DELETE FROM P.PUBLIC.LOG`, "000606"},
		{`MERGE INTO P.PUBLIC.LOG t USING (SELECT 'z' AS M) s ON t.MSG = s.M WHEN NOT MATCHED THEN INSERT (MSG) VALUES (s.M)`, "000606"},
		{`CALL P.PUBLIC.SCANS()`, "000606"},
		{`SELECT * FROM P.PUBLIC.NOPE`, "002003"}, // compiled before the warehouse is needed
		{`SELECT 1, CURRENT_ROLE()`, ""},
		{`SHOW TABLES IN SCHEMA P.PUBLIC`, ""},
		{`CREATE TABLE P.PUBLIC.T2 (N NUMBER)`, ""},
		{`CALL P.PUBLIC.DDL_ONLY()`, ""},
		{`GRANT SELECT ON TABLE P.PUBLIC.T2 TO ROLE SYSADMIN`, ""},
	} {
		q, want := c.q, c.want
		_, err := bare.ExecContext(ctx, q)
		if got := errorCode(err); got != want {
			t.Errorf("%s without a warehouse: got %q (%v), want %q", q, got, err, want)
		} else if want == "000606" && !strings.Contains(err.Error(), "No active warehouse selected in the current session") {
			t.Errorf("%s: message %v", q, err)
		}
	}
	// A warehouse that does not exist leaves the session without one.
	cfg.Warehouse = "NO_SUCH_WH"
	ghost := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, cfg))
	t.Cleanup(func() { _ = ghost.Close() })
	if _, err := ghost.ExecContext(ctx, `CALL P.PUBLIC.PY()`); errorCode(err) != "000606" {
		t.Errorf("CALL with a warehouse that does not exist: %v", err)
	}

	// USE WAREHOUSE, then the call and the procedure's own statements run on it.
	if _, err := bare.ExecContext(ctx, `USE WAREHOUSE COMPUTE_WH`); err != nil {
		t.Fatal(err)
	}
	var wh string
	if err := bare.QueryRowContext(ctx, `CALL P.PUBLIC.PY()`).Scan(&wh); err != nil || wh != "COMPUTE_WH" {
		t.Fatalf("CALL with a warehouse: %q %v", wh, err)
	}
	// A dropped warehouse is no warehouse.
	if _, err := admin.ExecContext(ctx, `DROP WAREHOUSE COMPUTE_WH`); err != nil {
		t.Fatal(err)
	}
	if _, err := bare.ExecContext(ctx, `SELECT * FROM P.PUBLIC.LOG`); errorCode(err) != "000606" {
		t.Errorf("SELECT after the warehouse was dropped: %v", err)
	}
}
