package snowflake

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// PUT through gosnowflake lands files on the stage; a Python procedure
// imports a module from there.
func TestPutAndStageImports(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	dir := t.TempDir()
	module := filepath.Join(dir, "greet.py")
	if err := os.WriteFile(module, []byte("def hello(session, name):\n    return 'hello ' + name + ' from a stage'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE DATABASE S`, `CREATE STAGE S.PUBLIC."My Stage"`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	if _, err := db.ExecContext(ctx, `PUT 'file://`+module+`' '@"S"."PUBLIC"."My Stage"/code/v1' AUTO_COMPRESS = FALSE OVERWRITE = TRUE`); err != nil {
		t.Fatal(err)
	}
	// A second, shorter upload replaces the file completely.
	if err := os.WriteFile(module, []byte("def hello(session, name):\n    return 'hi ' + name\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `PUT 'file://`+module+`' '@"S"."PUBLIC"."My Stage"/code/v1' AUTO_COMPRESS = FALSE OVERWRITE = TRUE`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE PROCEDURE S.PUBLIC.HELLO(N VARCHAR) RETURNS VARCHAR `+pyProc+`
	  IMPORTS = ('@"S"."PUBLIC"."My Stage"/code/v1/greet.py') HANDLER = 'greet.hello'`); err != nil {
		t.Fatal(err)
	}
	var out string
	if err := db.QueryRowContext(ctx, `CALL S.PUBLIC.HELLO('you')`).Scan(&out); err != nil || out != "hi you" {
		t.Fatalf("CALL: %q %v", out, err)
	}
	if _, err := db.ExecContext(ctx, `CREATE PROCEDURE S.PUBLIC.MISSING() RETURNS VARCHAR `+pyProc+`
	  IMPORTS = ('@"S"."PUBLIC"."My Stage"/nope.py') HANDLER = 'nope.run'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CALL S.PUBLIC.MISSING()`); errorCode(err) != "002003" {
		t.Fatalf("missing import: %v", err)
	}
	if _, err := db.ExecContext(ctx, `PUT 'file://`+module+`' '@S.PUBLIC.NO_STAGE'`); errorCode(err) != "002003" {
		t.Fatalf("PUT to a missing stage: %v", err)
	}
}
