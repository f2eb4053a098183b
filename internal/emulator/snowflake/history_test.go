package snowflake

import (
	"context"
	"strings"
	"testing"
)

// The query history keeps every statement as sent, with bind placeholders,
// and hides nothing: Snowflake documents no masking of SECRET_STRING or
// PASSWORD literals, so a credential written as a literal is in it.
func TestQueryHistory(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	const token = "ghp_history_S3cret"
	stmts := []string{
		`CREATE DATABASE H`,
		`CREATE SECRET H.PUBLIC.GH TYPE = GENERIC_STRING SECRET_STRING = '` + token + `'`,
		`ALTER SECRET H.PUBLIC.GH SET SECRET_STRING='` + token + `2'`,
		`CREATE USER U2 PASSWORD = '` + token + `3'`,
	}
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var got string
	if err := db.QueryRowContext(ctx, `SELECT ?`, "bound-"+token).Scan(&got); err != nil {
		t.Fatal(err)
	}
	// A credential outside a credential property stays visible, so a test
	// that searches the history for a token can fail.
	if _, err := db.ExecContext(ctx, `SELECT '`+token+`' AS LEAK`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `SELECT * FROM H.PUBLIC.NOPE`); err == nil {
		t.Fatal("SELECT from a missing table succeeded")
	}
	if _, err := db.ExecContext(ctx, `SELEC 1`); err == nil {
		t.Fatal("a syntax error succeeded")
	}

	byText := map[string]QueryRecord{}
	for _, r := range srv.QueryHistory() {
		byText[r.Text] = r
	}
	want := []struct{ text, typ, code string }{
		{`CREATE DATABASE H`, "CREATE_DATABASE", ""},
		{stmts[1], "CREATE_SECRET", ""},
		{stmts[2], "ALTER_SECRET", ""},
		{stmts[3], "CREATE_USER", ""},
		{`SELECT ?`, "SELECT", ""},
		{`SELECT '` + token + `' AS LEAK`, "SELECT", ""},
		{`SELECT * FROM H.PUBLIC.NOPE`, "SELECT", "002003"},
		{`SELEC 1`, "UNKNOWN", "001003"},
	}
	for _, w := range want {
		r, ok := byText[w.text]
		if !ok {
			t.Errorf("history has no %q; it has %v", w.text, keys(byText))
			continue
		}
		if r.Type != w.typ || r.ErrorCode != w.code || r.User != "ADMIN" || r.Role != "ACCOUNTADMIN" || r.QueryID == "" {
			t.Errorf("%q: got type %s, error %q, %s/%s, id %q; want %s, %q, ADMIN/ACCOUNTADMIN", w.text, r.Type, r.ErrorCode, r.User, r.Role, r.QueryID, w.typ, w.code)
		}
	}
	leaks := 0
	for _, r := range srv.QueryHistory() {
		if strings.Contains(r.Text, token) {
			leaks++
		}
	}
	if leaks != 4 {
		t.Errorf("the token is in %d history entries, want the secret's two statements, the user's and the SELECT (not the bound value)", leaks)
	}
	srv.ResetQueryHistory()
	if n := len(srv.QueryHistory()); n != 0 {
		t.Errorf("after reset the history has %d entries", n)
	}
}

func keys(m map[string]QueryRecord) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Security reviews read the query history through SQL, as on a real
// account: INFORMATION_SCHEMA.QUERY_HISTORY() (the current user's, newest
// first, RESULT_LIMIT), QUERY_HISTORY_BY_USER and, for ACCOUNTADMIN,
// SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY (everyone's). The texts are as
// sent, so a search for a token finds every statement that carried it.
func TestQueryHistoryThroughSQL(t *testing.T) {
	srv := startServer(t, Options{})
	admin := connect(t, srv, "ADMIN", "admin")
	admin.SetMaxOpenConns(1)
	ctx := context.Background()
	const token = "ghp_in_history_0123456789"
	for _, q := range []string{
		`CREATE DATABASE QH`,
		`CREATE SECRET QH.PUBLIC.S TYPE = GENERIC_STRING SECRET_STRING = '` + token + `'`,
		`CREATE ROLE READER`, `CREATE USER READ_USER PASSWORD = 'rpw'`, `GRANT ROLE READER TO USER READ_USER`,
		`GRANT USAGE ON DATABASE QH TO ROLE READER`, `CREATE WAREHOUSE QH_WH`, `GRANT USAGE ON WAREHOUSE QH_WH TO ROLE READER`,
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := admin.ExecContext(ctx, `SELEC 1`); err == nil {
		t.Fatal("a syntax error succeeded")
	}
	rows, err := query(ctx, admin, `SELECT QUERY_TEXT, QUERY_TYPE, EXECUTION_STATUS, ERROR_CODE, USER_NAME FROM TABLE(QH.INFORMATION_SCHEMA.QUERY_HISTORY()) WHERE CONTAINS(QUERY_TEXT, '`+token+`') AND QUERY_TYPE <> 'SELECT'`)
	if err != nil || len(rows) != 1 || rows[0]["QUERY_TYPE"] != "CREATE_SECRET" || rows[0]["EXECUTION_STATUS"] != "SUCCESS" || rows[0]["USER_NAME"] != "ADMIN" {
		t.Fatalf("the secret's statement found by its token: %v %v", rows, err)
	}
	rows, err = query(ctx, admin, `SELECT QUERY_TEXT, EXECUTION_STATUS, ERROR_CODE FROM TABLE(QH.INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 3))`)
	if err != nil || len(rows) != 3 || rows[1]["QUERY_TEXT"] != "SELEC 1" || rows[1]["EXECUTION_STATUS"] != "FAIL" || rows[1]["ERROR_CODE"] != "001003" {
		t.Fatalf("newest first (the query before, then the syntax error), limited: %v %v", rows, err)
	}

	reader := connect(t, srv, "READ_USER", "rpw")
	reader.SetMaxOpenConns(1)
	for _, q := range []string{`USE ROLE READER`, `USE WAREHOUSE QH_WH`} {
		if _, err := reader.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := reader.ExecContext(ctx, `SELECT 42`); err != nil {
		t.Fatal(err)
	}
	rows, err = query(ctx, reader, `SELECT USER_NAME, QUERY_TEXT FROM TABLE(QH.INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10000))`)
	if err != nil || len(rows) == 0 {
		t.Fatalf("the reader's own history: %v %v", rows, err)
	}
	for _, r := range rows {
		if r["USER_NAME"] != "READ_USER" {
			t.Fatalf("QUERY_HISTORY shows another user's statement to the reader: %v", r)
		}
	}
	if _, err := query(ctx, reader, `SELECT * FROM TABLE(QH.INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(USER_NAME => 'ADMIN'))`); errorCode(err) != "003001" {
		t.Fatalf("another user's history for a non-admin: %v", err)
	}
	if _, err := query(ctx, reader, `SELECT COUNT(*) FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY`); errorCode(err) != "002003" {
		t.Fatalf("ACCOUNT_USAGE for a role without IMPORTED PRIVILEGES: %v", err)
	}
	rows, err = query(ctx, admin, `SELECT USER_NAME, COUNT(*) AS N FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY GROUP BY USER_NAME ORDER BY USER_NAME`)
	if err != nil || len(rows) != 2 || rows[0]["USER_NAME"] != "ADMIN" || rows[1]["USER_NAME"] != "READ_USER" {
		t.Fatalf("ACCOUNT_USAGE.QUERY_HISTORY holds every user's statements: %v %v", rows, err)
	}
	rows, err = query(ctx, admin, `SELECT COUNT(*) AS N FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(USER_NAME => 'READ_USER'))`)
	if err != nil || len(rows) != 1 || rows[0]["N"] == "0" {
		t.Fatalf("ACCOUNTADMIN reads another user's history (in the current database's INFORMATION_SCHEMA): %v %v", rows, err)
	}
	if _, err := query(ctx, admin, `SELECT * FROM TABLE(NOPE.INFORMATION_SCHEMA.QUERY_HISTORY())`); errorCode(err) != "002003" {
		t.Fatalf("QUERY_HISTORY of a missing database: %v", err)
	}
	if _, err := query(ctx, admin, `SELECT NOT_A_COLUMN FROM TABLE(QH.INFORMATION_SCHEMA.QUERY_HISTORY())`); errorCode(err) != "000904" {
		t.Fatalf("a column the emulator does not know is an invalid identifier: %v", err)
	}
}
