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
