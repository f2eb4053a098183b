package connector

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"

	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
)

// The connector's own SQL text (from its Python) runs on the emulator:
// sink table, view and the per-page MERGE, with a page holding the same
// issue twice and an older version of an existing row.
func TestConnectorSQLOnEmulator(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is required for the connector tests")
	}
	script := `
import json
from connector import sql
names = sql.object_names("octo-cat/hello.world")
table = sql.qualified("DEST", sql.DATA_SCHEMA, names["table"])
view = sql.qualified("DEST", sql.DATA_SCHEMA, names["view"])
print(json.dumps({"table": sql.create_sink_table(table), "view": sql.create_view(view, table), "merge": sql.merge_page(table),
                  "select": "SELECT * FROM " + view + " ORDER BY NUMBER"}))
`
	cmd := exec.Command(py, "-c", script)
	cmd.Dir = "app/python"
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var stmts map[string]string
	if err := json.Unmarshal(out, &stmts); err != nil {
		t.Fatal(err)
	}

	t.Setenv("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")
	_ = sf.GetLogger().SetLogLevel("fatal")
	srv, err := sfemu.Start(context.Background(), sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Close() }()
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, sf.Config{Account: srv.Account(), User: "ADMIN", Password: "admin",
		Host: srv.Host(), Port: srv.Port(), Protocol: "http", Warehouse: "COMPUTE_WH"}))
	defer func() { _ = db.Close() }()
	ctx := context.Background()
	for _, q := range []string{`CREATE DATABASE DEST`, `CREATE SCHEMA DEST.GITHUB`, stmts["table"], stmts["view"]} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	merge := func(page string) (inserted, updated int64) {
		t.Helper()
		row := db.QueryRowContext(ctx, stmts["merge"], page)
		var del int64
		if err := row.Scan(&inserted, &updated, &del); err != nil {
			t.Fatalf("merge: %v", err)
		}
		return inserted, updated
	}
	page1 := `[{"id":11,"number":1,"title":"old","state":"open","user":{"login":"a"},"labels":[],"assignees":[],"comments":0,
	  "created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z","html_url":"u1"},
	  {"id":11,"number":1,"title":"new","state":"closed","state_reason":"completed","user":{"login":"a"},"labels":[{"name":"bug"}],"assignees":[],
	  "comments":2,"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-03T00:00:00Z","closed_at":"2024-01-03T00:00:00Z","html_url":"u1"},
	  {"id":12,"number":2,"title":"pr","state":"open","user":{"login":"b"},"labels":[],"assignees":[],"comments":0,"pull_request":{"url":"p"},
	  "created_at":"2024-01-02T00:00:00Z","updated_at":"2024-01-02T00:00:00Z","html_url":"u2","milestone":{"title":"v1"}}]`
	if ins, upd := merge(page1); ins != 2 || upd != 0 {
		t.Fatalf("first page: inserted %d updated %d", ins, upd)
	}
	// An older version of issue 11 must not overwrite the newer one.
	stale := `[{"id":11,"number":1,"title":"stale","updated_at":"2023-12-31T00:00:00Z"}]`
	if ins, upd := merge(stale); ins != 0 || upd != 0 {
		t.Fatalf("stale page: inserted %d updated %d", ins, upd)
	}
	// The lookback overlap: versions already stored are not rewritten.
	if ins, upd := merge(page1); ins != 0 || upd != 0 {
		t.Fatalf("page again: inserted %d updated %d, want nothing written", ins, upd)
	}
	// An edit within the same second (equal updated_at, new body) is.
	sameSecond := `[{"id":12,"number":2,"title":"pr edited","state":"open","user":{"login":"b"},"labels":[],"assignees":[],"comments":0,
	  "pull_request":{"url":"p"},"created_at":"2024-01-02T00:00:00Z","updated_at":"2024-01-02T00:00:00Z","html_url":"u2","milestone":{"title":"v1"}}]`
	if ins, upd := merge(sameSecond); ins != 0 || upd != 1 {
		t.Fatalf("same-second edit: inserted %d updated %d, want 1 update", ins, upd)
	}
	rows, err := db.QueryContext(ctx, stmts["select"])
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	type issue struct {
		Number               int64
		Title, State, Author string
		IsPR                 bool
		Milestone            sql.NullString
	}
	var got []issue
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		m := map[string]sql.NullString{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		var n int64
		_ = json.Unmarshal([]byte(m["NUMBER"].String), &n)
		got = append(got, issue{Number: n, Title: m["TITLE"].String, State: m["STATE"].String, Author: m["AUTHOR"].String,
			IsPR: m["IS_PULL_REQUEST"].String == "true", Milestone: m["MILESTONE"]})
	}
	if len(got) != 2 || got[0].Title != "new" || got[0].State != "closed" || got[0].IsPR || !got[1].IsPR || got[1].Title != "pr edited" ||
		got[1].Milestone.String != "v1" || got[0].Author != "a" {
		t.Fatalf("view rows: %+v (columns %v)", got, cols)
	}
}
