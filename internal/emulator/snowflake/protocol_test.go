package snowflake

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"
)

func TestLoginErrors(t *testing.T) {
	srv := startServer(t, Options{})
	ctx := context.Background()
	cases := []struct{ user, password, account string }{
		{"ADMIN", "wrong", srv.Account()},
		{"NOBODY", "admin", srv.Account()},
		{"ADMIN", "admin", "OTHER_ACCOUNT"},
		{"ADMIN", "admin", "OTHERORG-" + srv.Account()},
	}
	for _, c := range cases {
		cfg := sf.Config{Account: c.account, User: c.user, Password: c.password, Host: srv.Host(), Port: srv.Port(), Protocol: "http"}
		db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, cfg))
		err := db.PingContext(ctx)
		_ = db.Close()
		if code := errorCode(err); code != "390100" {
			t.Errorf("%s/%s@%s: got %q (%v), want 390100", c.user, c.password, c.account, code, err)
		}
	}
}

// The account identifier <organization>-<account> logs in too, as the
// official provider and the quickstart write it.
func TestLoginWithOrganizationAccountName(t *testing.T) {
	srv := startServer(t, Options{})
	cfg := sf.Config{Account: "localorg-local", User: "ADMIN", Password: "admin", Host: srv.Host(), Port: srv.Port(), Protocol: "http"}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, cfg))
	t.Cleanup(func() { _ = db.Close() })
	var org, account string
	if err := db.QueryRowContext(context.Background(), `SELECT CURRENT_ORGANIZATION_NAME(), CURRENT_ACCOUNT_NAME()`).Scan(&org, &account); err != nil {
		t.Fatal(err)
	}
	if org != "LOCALORG" || account != "LOCAL" {
		t.Fatalf("organization %q, account %q", org, account)
	}
}

func TestBindings(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	var s string
	var n int64
	var b bool
	if err := db.QueryRowContext(ctx, `SELECT ? AS S, ? AS N, ? AS B`, "it's", 42, true).Scan(&s, &n, &b); err != nil {
		t.Fatal(err)
	}
	if s != "it's" || n != 42 || !b {
		t.Fatalf("got %q %d %v", s, n, b)
	}
	if err := db.QueryRowContext(ctx, `SELECT :2 AS S, :1 AS N`, 7, "x").Scan(&s, &n); err != nil || s != "x" || n != 7 {
		t.Fatalf("numbered binds: %q %d %v", s, n, err)
	}
	// Bound values are data, never SQL.
	if _, err := db.ExecContext(ctx, `CREATE DATABASE IDENTIFIER(?)`, `"); DROP DATABASE X; --`); errorCode(err) != "001003" {
		t.Fatalf("an unterminated quoted identifier must be rejected: %v", err)
	}
	if _, err := db.ExecContext(ctx, `CREATE DATABASE IDENTIFIER(?)`, `"""); DROP DATABASE X; --"`); err != nil {
		t.Fatal(err)
	}
	rows, err := query(ctx, db, `SHOW DATABASES LIKE '"); DROP DATABASE X; --'`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("hostile bound name: %v %v", rows, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT :who AS S`, sql.Named("who", "named")).Scan(&s); err != nil || s != "named" {
		t.Fatalf("named binds: %q %v", s, err)
	}
	if _, err := db.ExecContext(ctx, `SELECT ? AS A, ? AS B`, 1); errorCode(err) != "001003" {
		t.Fatalf("missing binding: %v", err)
	}
}

func TestMultiStatementAndAsync(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	mctx, err := sf.WithMultiStatement(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(mctx, `CREATE DATABASE M1; SELECT CURRENT_DATABASE(); SELECT 'two'`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		for rows.Next() {
			var v sql.NullString
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v.String)
		}
		if !rows.NextResultSet() {
			break
		}
	}
	_ = rows.Close()
	if strings.Join(got, ",") != "Database M1 successfully created.,M1,two" {
		t.Fatalf("multi-statement results: %q", got)
	}
	mctx2, _ := sf.WithMultiStatement(ctx, 3)
	if _, err := db.ExecContext(mctx2, `SELECT 1; SELECT 2`); errorCode(err) != "000008" {
		t.Fatalf("count mismatch: %v", err)
	}
	anyCtx, _ := sf.WithMultiStatement(ctx, 0)
	if _, err := db.ExecContext(anyCtx, `SELECT 1; SELECT 2; SELECT 3`); err != nil {
		t.Fatalf("count 0 accepts any number: %v", err)
	}

	actx := sf.WithAsyncMode(ctx)
	var role string
	if err := db.QueryRowContext(actx, `SELECT CURRENT_ROLE()`).Scan(&role); err != nil || role != "ACCOUNTADMIN" {
		t.Fatalf("async query: %q %v", role, err)
	}
	// An async failure surfaces when the result is read.
	rows2, err := db.QueryContext(actx, `CREATE DATABASE M1`)
	if err == nil {
		for rows2.Next() {
		}
		err = rows2.Err()
		_ = rows2.Close()
	}
	if errorCode(err) != "002002" {
		t.Fatalf("async error: %v", err)
	}

	// A finished query's result can be fetched again by its id.
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	var qid string
	err = conn.Raw(func(dc any) error {
		queryer, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("driver connection %T cannot query", dc)
		}
		r, err := queryer.QueryContext(ctx, "SELECT 'again'", nil)
		if err != nil {
			return err
		}
		defer func() { _ = r.Close() }()
		if sfRows, ok := r.(sf.SnowflakeRows); ok {
			qid = sfRows.GetQueryID()
		}
		return nil
	})
	if err != nil || qid == "" {
		t.Fatalf("query id: %q %v", qid, err)
	}
	var again string
	if err := db.QueryRowContext(sf.WithFetchResultByID(ctx, qid), "").Scan(&again); err != nil || again != "again" {
		t.Fatalf("fetch by id: %q %v", again, err)
	}
}

// Expired session tokens are renewed with the master token and the query
// is re-sent, as the driver does against Snowflake.
func TestTokenRenewal(t *testing.T) {
	srv := startServer(t, Options{SessionTokenTTL: 200 * time.Millisecond})
	db := connect(t, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE R1`); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	var d string
	if err := db.QueryRowContext(ctx, `SELECT CURRENT_DATABASE()`).Scan(&d); err != nil || d != "R1" {
		t.Fatalf("after renewal: %q %v (session state must survive renewal)", d, err)
	}
}

// Sessions end on Close, and a closed pool reconnects on next use.
func TestSessionLifecycle(t *testing.T) {
	srv := startServer(t, Options{})
	ctx := context.Background()
	db := connect(t, srv, "ADMIN", "admin")
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	if srv.SessionCount() != 1 {
		t.Fatalf("sessions = %d", srv.SessionCount())
	}
	_ = db.Close()
	if srv.SessionCount() != 0 {
		t.Fatalf("sessions after close = %d", srv.SessionCount())
	}
	db2 := connect(t, srv, "ADMIN", "admin")
	if err := db2.PingContext(ctx); err != nil {
		t.Fatalf("reconnect: %v", err)
	}
}

// State survives a restart on the same data directory.
func TestPersistenceAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	srv, err := Start(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	db := connect(t, srv, "ADMIN", "admin")
	for _, q := range []string{
		`CREATE DATABASE P`,
		`CREATE NETWORK RULE P.PUBLIC.R TYPE = HOST_PORT VALUE_LIST = ('api.github.com') MODE = EGRESS COMMENT = 'kept'`,
		`CREATE SECRET P.PUBLIC.S TYPE = GENERIC_STRING SECRET_STRING = 'x'`,
		`CREATE ROLE PR`, `GRANT READ ON SECRET P.PUBLIC.S TO ROLE PR`,
		`CREATE NETWORK RULE P.PUBLIC.BAD TYPE = HOST_PORT VALUE_LIST = ('bad host') MODE = EGRESS`,
	} {
		_, _ = db.ExecContext(ctx, q)
	}
	_ = db.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	srv2 := startServer(t, Options{DataDir: dir})
	db2 := connect(t, srv2, "ADMIN", "admin")
	rows, err := query(ctx, db2, `SHOW NETWORK RULES IN SCHEMA P.PUBLIC`)
	if err != nil || len(rows) != 1 || rows[0]["comment"] != "kept" {
		t.Fatalf("after restart: %v %v (the failed CREATE must have left nothing)", rows, err)
	}
	grants, err := query(ctx, db2, `SHOW GRANTS TO ROLE PR`)
	if err != nil || len(grants) != 1 || grants[0]["privilege"] != "READ" {
		t.Fatalf("grants after restart: %v %v", grants, err)
	}
}

// 16 sessions run DDL and SHOW at once; every object is created exactly
// once and every SHOW sees a consistent catalog.
func TestConcurrentSessions(t *testing.T) {
	srv := startServer(t, Options{})
	ctx := context.Background()
	setup := connect(t, srv, "ADMIN", "admin")
	if _, err := setup.ExecContext(ctx, `CREATE DATABASE C`); err != nil {
		t.Fatal(err)
	}
	const workers, perWorker = 16, 12
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker*3)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			db := connect(t, srv, "ADMIN", "admin")
			db.SetMaxOpenConns(1)
			for i := 0; i < perWorker; i++ {
				name := fmt.Sprintf("C.PUBLIC.R_%02d_%02d", w, i)
				if _, err := db.ExecContext(ctx, `CREATE NETWORK RULE `+name+` TYPE = HOST_PORT VALUE_LIST = ('a.example.com') MODE = EGRESS`); err != nil {
					errs <- err
				}
				if _, err := db.ExecContext(ctx, `ALTER NETWORK RULE `+name+` SET COMMENT = 'w`+fmt.Sprint(w)+`'`); err != nil {
					errs <- err
				}
				if _, err := query(ctx, db, `SHOW NETWORK RULES IN DATABASE C`); err != nil {
					errs <- err
				}
				// Every worker races on the same shared name; exactly one wins.
				_, _ = db.ExecContext(ctx, fmt.Sprintf(`CREATE NETWORK RULE C.PUBLIC.SHARED_%02d TYPE = HOST_PORT VALUE_LIST = ('a.example.com') MODE = EGRESS`, i))
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	rows, err := query(ctx, setup, `SHOW NETWORK RULES LIKE 'R\_%' IN DATABASE C`)
	if err != nil {
		t.Fatal(err)
	}
	counted := 0
	for _, r := range rows {
		if strings.HasPrefix(r["name"], "R_") && strings.HasPrefix(r["comment"], "w") {
			counted++
		}
	}
	if counted != workers*perWorker {
		t.Fatalf("found %d commented rules, want %d", counted, workers*perWorker)
	}
	shared, err := query(ctx, setup, `SHOW NETWORK RULES LIKE 'SHARED%' IN DATABASE C`)
	if err != nil || len(shared) != perWorker {
		t.Fatalf("shared rules: %d %v, want %d", len(shared), err, perWorker)
	}
}

// Secret values are write-only: nothing the catalog answers contains them.
func TestSecretValuesNeverReturned(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	const token = "ghp_TOPSECRET123"
	for _, q := range []string{
		`CREATE DATABASE S`,
		`CREATE SECRET S.PUBLIC.TOK TYPE = GENERIC_STRING SECRET_STRING = '` + token + `' COMMENT = 'gh'`,
		`CREATE SECRET S.PUBLIC.PW TYPE = PASSWORD USERNAME = 'bot' PASSWORD = '` + token + `'`,
		`ALTER SECRET S.PUBLIC.TOK SET SECRET_STRING = '` + token + `2'`,
		`CREATE USER U PASSWORD = '` + token + `'`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	for _, q := range []string{
		`SHOW SECRETS IN ACCOUNT`, `DESCRIBE SECRET S.PUBLIC.TOK`, `DESCRIBE SECRET S.PUBLIC.PW`,
		`SHOW GRANTS ON SECRET S.PUBLIC.TOK`, `SHOW USERS`, `DESCRIBE USER U`, `DESCRIBE SCHEMA S.PUBLIC`,
	} {
		rows, err := query(ctx, db, q)
		if err != nil {
			t.Fatal(q, err)
		}
		if len(rows) == 0 {
			t.Fatalf("%s returned nothing", q)
		}
		if s := fmt.Sprint(rows); strings.Contains(s, "TOPSECRET") {
			t.Errorf("%s leaks a secret: %s", q, s)
		}
	}
}
