package snowflake

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestTasks(t *testing.T) {
	srv := startServer(t, Options{ScheduleScale: 0.002, SchedulerTick: 20 * time.Millisecond})
	db := connect(t, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	exec := func(q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE DATABASE T`)
	exec(`CREATE WAREHOUSE WH`)
	exec(`CREATE TABLE T.PUBLIC.RUNS (AT TIMESTAMP_NTZ)`)
	exec(`CREATE TASK T.PUBLIC.TICK WAREHOUSE = WH SCHEDULE = '10 MINUTES' AS INSERT INTO T.PUBLIC.RUNS (AT) SELECT CURRENT_TIMESTAMP()`)

	rows, err := query(ctx, db, `SHOW TASKS LIKE 'TICK' IN SCHEMA T.PUBLIC`)
	if err != nil || len(rows) != 1 || rows[0]["state"] != "suspended" || rows[0]["schedule"] != "10 MINUTES" || rows[0]["warehouse"] != "WH" ||
		!strings.HasPrefix(rows[0]["definition"], "INSERT INTO") {
		t.Fatalf("a new task is suspended: %v %v", rows, err)
	}
	count := func() int {
		rows, err := query(ctx, db, `SELECT COUNT(*) AS N FROM T.PUBLIC.RUNS`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range rows[0]["N"] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	time.Sleep(100 * time.Millisecond)
	if count() != 0 {
		t.Fatal("a suspended task must not run")
	}
	exec(`EXECUTE TASK T.PUBLIC.TICK`)
	srv.WaitForTasks()
	if count() != 1 {
		t.Fatalf("EXECUTE TASK runs once: %d", count())
	}
	// Resumed, it runs on its (scaled) schedule: 10 minutes × 0.002 = 1.2 s.
	exec(`ALTER TASK T.PUBLIC.TICK RESUME`)
	if _, err := db.ExecContext(ctx, `ALTER TASK T.PUBLIC.TICK SET SCHEDULE = '5 MINUTES'`); errorCode(err) != "091083" {
		t.Fatalf("a started task cannot be changed: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for count() < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if count() < 2 {
		t.Fatal("the resumed task did not run on its schedule")
	}
	exec(`ALTER TASK T.PUBLIC.TICK SUSPEND`)
	srv.WaitForTasks()
	n := count()
	time.Sleep(1500 * time.Millisecond)
	if count() != n {
		t.Fatal("a suspended task ran")
	}
	exec(`ALTER TASK T.PUBLIC.TICK SET SCHEDULE = 'USING CRON 0 * * * * UTC' COMMENT = 'hourly'`)

	// A failing task is recorded and suspended after the configured failures.
	exec(`CREATE TASK T.PUBLIC.BAD WAREHOUSE = WH SCHEDULE = '10 MINUTES' SUSPEND_TASK_AFTER_NUM_FAILURES = 1 AS INSERT INTO T.PUBLIC.NOPE VALUES (1)`)
	exec(`ALTER TASK T.PUBLIC.BAD RESUME`)
	deadline = time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		rows, _ := query(ctx, db, `SHOW TASKS LIKE 'BAD' IN SCHEMA T.PUBLIC`)
		if len(rows) == 1 && rows[0]["state"] == "suspended" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	rows, _ = query(ctx, db, `SHOW TASKS LIKE 'BAD' IN SCHEMA T.PUBLIC`)
	if len(rows) != 1 || rows[0]["state"] != "suspended" || rows[0]["last_suspended_reason"] != "SUSPENDED_DUE_TO_ERRORS" {
		t.Fatalf("failing task: %v", rows)
	}
	history, err := query(ctx, db, `SELECT NAME, STATE, ERROR_CODE FROM TABLE(T.INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'bad')) ORDER BY SCHEDULED_TIME`)
	if err != nil || len(history) == 0 || history[0]["STATE"] != "FAILED" || history[0]["ERROR_CODE"] != "002003" {
		t.Fatalf("TASK_HISTORY: %v %v", history, err)
	}

	for q, code := range map[string]string{
		`CREATE TASK T.PUBLIC.X WAREHOUSE = WH SCHEDULE = '5 SECONDS' AS SELECT 1`:                 "001008",
		`CREATE TASK T.PUBLIC.X WAREHOUSE = WH SCHEDULE = 'every day' AS SELECT 1`:                 "001008",
		`CREATE TASK T.PUBLIC.X WAREHOUSE = WH SCHEDULE = 'USING CRON 99 * * * * UTC' AS SELECT 1`: "001008",
		`CREATE TASK T.PUBLIC.X WAREHOUSE = NOPE SCHEDULE = '1 MINUTE' AS SELECT 1`:                "002003",
		`CREATE TASK T.PUBLIC.X WAREHOUSE = WH BOGUS = 1 AS SELECT 1`:                              "001003",
		`CREATE TASK T.PUBLIC.X WAREHOUSE = WH SCHEDULE = '1 MINUTE' AS SELEC 1`:                   "001003",
		`CREATE TASK T.PUBLIC.TICK WAREHOUSE = WH SCHEDULE = '1 MINUTE' AS SELECT 1`:               "002002",
		`ALTER TASK T.PUBLIC.NOPE RESUME`:                                                          "002003",
		`EXECUTE TASK T.PUBLIC.NOPE`:                                                               "002003",
	} {
		if _, err := db.ExecContext(ctx, q); errorCode(err) != code {
			t.Errorf("%s: got %v, want %s", q, err, code)
		}
	}
	exec(`CREATE TASK T.PUBLIC.NOSCHED WAREHOUSE = WH AS SELECT 1`)
	if _, err := db.ExecContext(ctx, `ALTER TASK T.PUBLIC.NOSCHED RESUME`); errorCode(err) != "091089" {
		t.Fatalf("resume without schedule: %v", err)
	}
	exec(`DROP TASK T.PUBLIC.NOSCHED`)
}

// A task's definition is its statement, from the first token to the last:
// the comment the official provider appends to every statement
// (--terraform_provider_usage_tracking {…}) is not kept, as Snowflake does
// not keep it, so snowflake_task plans empty; a comment inside the
// statement is kept.
func TestTaskDefinitionLeavesTrailingCommentsOut(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, q := range []string{`CREATE DATABASE T`, `CREATE WAREHOUSE WH`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	const tracking = ` --terraform_provider_usage_tracking {"json_schema_version":"1","version":"v2.3.0","object_type":"TASK","operation":"create"}`
	cases := map[string]string{
		`CREATE TASK T.PUBLIC.A WAREHOUSE = WH SCHEDULE = '10 MINUTES' AS SELECT 1` + tracking:                     `SELECT 1`,
		`CREATE TASK T.PUBLIC.B WAREHOUSE = WH SCHEDULE = '10 MINUTES' AS SELECT 'x' /* kept */ AS Y` + tracking:   `SELECT 'x' /* kept */ AS Y`,
		"CREATE TASK T.PUBLIC.C WAREHOUSE = WH SCHEDULE = '10 MINUTES' AS SELECT $$a--b$$\n-- trailing\n/* and */": `SELECT $$a--b$$`,
	}
	for q, want := range cases {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		name := q[len("CREATE TASK T.PUBLIC.") : len("CREATE TASK T.PUBLIC.")+1]
		rows, err := query(ctx, db, `SHOW TASKS LIKE '`+name+`' IN SCHEMA T.PUBLIC`)
		if err != nil || len(rows) != 1 || rows[0]["definition"] != want {
			t.Errorf("%s: definition %q (%v), want %q", name, rows, err, want)
		}
	}
	if _, err := db.ExecContext(ctx, `ALTER TASK T.PUBLIC.A MODIFY AS SELECT 2`+tracking); err != nil {
		t.Fatal(err)
	}
	if rows, err := query(ctx, db, `SHOW TASKS LIKE 'A' IN SCHEMA T.PUBLIC`); err != nil || rows[0]["definition"] != "SELECT 2" {
		t.Errorf("ALTER TASK … MODIFY AS: %v %v", rows, err)
	}
}
