package snowflake

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const pyProc = `LANGUAGE PYTHON RUNTIME_VERSION = '3.11' PACKAGES = ('snowflake-snowpark-python')`

func TestPythonProcedures(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	allowed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintf(w, "hello %s", r.Header.Get("Authorization"))
	}))
	defer allowed.Close()
	denied := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("a request reached a host outside the network rule")
	}))
	defer denied.Close()
	_, allowedPort, _ := net.SplitHostPort(strings.TrimPrefix(allowed.URL, "http://"))

	exec := func(q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	call := func(q string) (map[string]any, error) {
		var raw string
		if err := db.QueryRowContext(ctx, q).Scan(&raw); err != nil {
			return nil, err
		}
		var out map[string]any
		if err := json.Unmarshal([]byte(raw), &out); err != nil {
			return nil, fmt.Errorf("result %q: %v", raw, err)
		}
		return out, nil
	}
	exec(`CREATE DATABASE P`)
	exec(`CREATE TABLE P.PUBLIC.LOG (MSG VARCHAR)`)
	exec(`CREATE PROCEDURE P.PUBLIC.ECHO(X VARCHAR, N NUMBER, V VARIANT) RETURNS VARIANT ` + pyProc + ` HANDLER = 'run' AS $$
def run(session, x, n, v):
    session.sql("INSERT INTO P.PUBLIC.LOG (MSG) SELECT ?", params=[x]).collect()
    rows = session.sql("SELECT CURRENT_ROLE() AS R, COUNT(*) AS C FROM P.PUBLIC.LOG").collect()
    return {"x": x, "n": n, "v": v, "role": rows[0]["R"], "count": rows[0].C}
$$`)
	out, err := call(`CALL P.PUBLIC.ECHO('it''s', 3, PARSE_JSON('{"a":[1,2]}'))`)
	if err != nil {
		t.Fatal(err)
	}
	if out["x"] != "it's" || out["n"] != float64(3) || out["role"] != "ACCOUNTADMIN" || out["count"] != float64(1) ||
		fmt.Sprint(out["v"]) != "map[a:[1 2]]" {
		t.Fatalf("CALL result %v", out)
	}

	// Errors: a Python exception, an unknown procedure, a bad SQL statement inside.
	exec(`CREATE PROCEDURE P.PUBLIC.BOOM() RETURNS VARCHAR ` + pyProc + ` HANDLER = 'run' AS $$
def run(session):
    raise ValueError("kaboom")
$$`)
	if _, err := db.ExecContext(ctx, `CALL P.PUBLIC.BOOM()`); errorCode(err) != "100357" || !strings.Contains(err.Error(), "kaboom") {
		t.Fatalf("python error: %v", err)
	}
	if _, err := db.ExecContext(ctx, `CALL P.PUBLIC.NOPE()`); errorCode(err) != "002141" {
		t.Fatalf("unknown procedure: %v", err)
	}
	if _, err := db.ExecContext(ctx, `CALL P.PUBLIC.ECHO('a')`); errorCode(err) != "002141" {
		t.Fatalf("wrong argument count: %v", err)
	}
	for q, code := range map[string]string{
		`CREATE PROCEDURE P.PUBLIC.X() RETURNS VARCHAR LANGUAGE PYTHON RUNTIME_VERSION = '3.9' PACKAGES = ('snowflake-snowpark-python') HANDLER = 'r' AS 'x'`: "100357",
		`CREATE PROCEDURE P.PUBLIC.X() RETURNS VARCHAR LANGUAGE PYTHON RUNTIME_VERSION = '3.11' PACKAGES = ('requests') HANDLER = 'r' AS 'x'`:                 "100357",
		`CREATE PROCEDURE P.PUBLIC.X() RETURNS VARCHAR LANGUAGE PYTHON RUNTIME_VERSION = '3.11' PACKAGES = ('snowflake-snowpark-python') AS 'x'`:              "001003",
		`CREATE PROCEDURE P.PUBLIC.X() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS 'x'`:                                                                            "000002",
		`CREATE PROCEDURE P.PUBLIC.X() RETURNS VARCHAR ` + pyProc + ` HANDLER = 'r' BOGUS = 1 AS 'x'`:                                                         "001003",
		`CREATE PROCEDURE P.PUBLIC.X() RETURNS BLOB9 ` + pyProc + ` HANDLER = 'r' AS 'x'`:                                                                     "002040",
	} {
		if _, err := db.ExecContext(ctx, q); errorCode(err) != code {
			t.Errorf("%s: got %v, want %s", q, err, code)
		}
	}

	// Secrets and egress.
	exec(`CREATE SECRET P.PUBLIC.TOK TYPE = GENERIC_STRING SECRET_STRING = 'sekret'`)
	exec(`CREATE NETWORK RULE P.PUBLIC.LOCAL TYPE = HOST_PORT VALUE_LIST = ('127.0.0.1:` + allowedPort + `') MODE = EGRESS`)
	exec(`CREATE EXTERNAL ACCESS INTEGRATION EAI ALLOWED_NETWORK_RULES = (P.PUBLIC.LOCAL) ALLOWED_AUTHENTICATION_SECRETS = (P.PUBLIC.TOK) ENABLED = TRUE`)
	exec(`CREATE EXTERNAL ACCESS INTEGRATION EAI_NO_SECRET ALLOWED_NETWORK_RULES = (P.PUBLIC.LOCAL) ENABLED = TRUE`)
	body := `$$
import urllib.request
import _snowflake
def fetch(session, url):
    try:
        token = _snowflake.get_generic_secret_string("tok")
    except Exception as err:
        return {"secret_error": str(err)}
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return {"body": resp.read().decode()}
    except Exception as err:
        return {"net_error": type(err).__name__}
$$`
	if _, err := db.ExecContext(ctx, `CREATE PROCEDURE P.PUBLIC.FETCH(URL VARCHAR) RETURNS VARIANT `+pyProc+` HANDLER = 'fetch'
	  EXTERNAL_ACCESS_INTEGRATIONS = (EAI_NO_SECRET) SECRETS = ('tok' = P.PUBLIC.TOK) AS `+body); errorCode(err) != "002003" {
		t.Fatalf("a secret not allowed by the integration must be refused: %v", err)
	}
	exec(`CREATE PROCEDURE P.PUBLIC.FETCH(URL VARCHAR) RETURNS VARIANT ` + pyProc + ` HANDLER = 'fetch' AS ` + body)
	out, err = call(`CALL P.PUBLIC.FETCH('` + allowed.URL + `')`)
	if err != nil || !strings.Contains(fmt.Sprint(out["secret_error"]), "tok") {
		t.Fatalf("without SECRETS the secret must be unreadable: %v %v", out, err)
	}
	exec(`ALTER PROCEDURE P.PUBLIC.FETCH(VARCHAR) SET SECRETS = ('tok' = P.PUBLIC.TOK) EXTERNAL_ACCESS_INTEGRATIONS = (EAI)`)
	out, err = call(`CALL P.PUBLIC.FETCH('` + allowed.URL + `/x')`)
	if err != nil || out["body"] != "hello Bearer sekret" {
		t.Fatalf("allowed egress with the secret: %v %v", out, err)
	}
	out, err = call(`CALL P.PUBLIC.FETCH('` + denied.URL + `/x')`)
	if err != nil || out["net_error"] == nil {
		t.Fatalf("egress outside the rule must fail as a network error: %v %v", out, err)
	}
	// The owner loses READ: the secret is no longer handed to the code.
	exec(`CREATE ROLE OTHER`)
	exec(`GRANT USAGE ON INTEGRATION EAI TO ROLE OTHER`)
	exec(`GRANT OWNERSHIP ON PROCEDURE P.PUBLIC.FETCH(VARCHAR) TO ROLE OTHER`)
	exec(`GRANT ROLE OTHER TO ROLE ACCOUNTADMIN`)
	out, err = call(`CALL P.PUBLIC.FETCH('` + allowed.URL + `')`)
	if err != nil || out["secret_error"] == nil {
		t.Fatalf("an owner without READ on the secret must not get it: %v %v", out, err)
	}
	exec(`GRANT READ ON SECRET P.PUBLIC.TOK TO ROLE OTHER`)
	out, err = call(`CALL P.PUBLIC.FETCH('` + allowed.URL + `')`)
	if err != nil || out["body"] != "hello Bearer sekret" {
		t.Fatalf("after GRANT READ: %v %v", out, err)
	}

	rows, err := query(ctx, db, `SHOW PROCEDURES LIKE 'FETCH' IN SCHEMA P.PUBLIC`)
	if err != nil || len(rows) != 1 || rows[0]["arguments"] != "FETCH(VARCHAR) RETURN VARIANT" || rows[0]["external_access_integrations"] != "[EAI]" {
		t.Fatalf("SHOW PROCEDURES: %v %v", rows, err)
	}
	rows, err = query(ctx, db, `DESCRIBE PROCEDURE P.PUBLIC.FETCH(VARCHAR)`)
	if err != nil {
		t.Fatal(err)
	}
	props := map[string]string{}
	for _, r := range rows {
		props[r["property"]] = r["value"]
	}
	if props["secrets"] != `{"tok":"\"P\".\"PUBLIC\".\"TOK\""}` || props["handler"] != "fetch" || strings.Contains(fmt.Sprint(rows), "sekret") {
		t.Fatalf("DESCRIBE PROCEDURE: %v", props)
	}
	exec(`DROP PROCEDURE P.PUBLIC.FETCH(VARCHAR)`)
	if _, err := db.ExecContext(ctx, `DROP PROCEDURE P.PUBLIC.FETCH(VARCHAR)`); errorCode(err) != "002003" {
		t.Fatalf("second drop: %v", err)
	}
}

func TestSQLProcedures(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, q := range []string{
		`CREATE DATABASE Q`,
		`CREATE TABLE Q.PUBLIC.T (N NUMBER, S VARCHAR)`,
		`CREATE PROCEDURE Q.PUBLIC.ADD_ROW(N NUMBER, S VARCHAR) RETURNS NUMBER LANGUAGE SQL AS $$
BEGIN
  INSERT INTO Q.PUBLIC.T (N, S) SELECT :n, :s;
  RETURN (SELECT COUNT(*) FROM Q.PUBLIC.T WHERE N >= :n);
END
$$`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	var n int64
	for i := 1; i <= 2; i++ {
		if err := db.QueryRowContext(ctx, `CALL Q.PUBLIC.ADD_ROW(1, 'it''s')`).Scan(&n); err != nil || n != int64(i) {
			t.Fatalf("call %d: %d %v", i, n, err)
		}
	}
	for q, code := range map[string]string{
		`CREATE PROCEDURE Q.PUBLIC.B1() RETURNS NUMBER LANGUAGE SQL AS $$ SELECT 1 $$`:                                   "001003",
		`CREATE PROCEDURE Q.PUBLIC.B2() RETURNS NUMBER LANGUAGE SQL AS $$ BEGIN SELEC 1; END $$`:                         "001003",
		`CREATE PROCEDURE Q.PUBLIC.B3() RETURNS NUMBER LANGUAGE SQL AS $$ BEGIN IF (TRUE) THEN RETURN 1; END IF; END $$`: "000002",
		`CREATE PROCEDURE Q.PUBLIC.B4() RETURNS NUMBER LANGUAGE SQL`:                                                     "001003",
	} {
		if _, err := db.ExecContext(ctx, q); errorCode(err) != code {
			t.Errorf("%s: got %v, want %s", q, err, code)
		}
	}
	if _, err := db.ExecContext(ctx, `CREATE PROCEDURE Q.PUBLIC.FAILS() RETURNS NUMBER LANGUAGE SQL AS $$ BEGIN INSERT INTO Q.PUBLIC.NOPE VALUES (1); RETURN 1; END $$`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CALL Q.PUBLIC.FAILS()`); errorCode(err) != "002003" {
		t.Fatalf("a failing statement fails the call: %v", err)
	}
}
