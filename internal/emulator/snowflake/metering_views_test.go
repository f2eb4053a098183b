package snowflake

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// The account's metering in Snowflake's ACCOUNT_USAGE views: a warehouse
// resumes for the statements that need compute, suspends after its
// AUTO_SUSPEND, and its credits are the seconds it ran, at least a minute
// per resume, at its size's rate; statements of the cloud services layer
// (SHOW, DDL) wake nothing; serverless task runs are billed by their
// seconds; only ACCOUNTADMIN reads them.
func TestMeteringViews(t *testing.T) {
	srv := startServer(t, Options{Account: "TEST", AdminUser: "ADMIN", AdminPassword: "pw", ScheduleScale: 0.002})
	db := connect(t, srv, "ADMIN", "pw")
	db.SetMaxOpenConns(1) // USE WAREHOUSE and USE ROLE are the session's
	ctx := context.Background()
	exec := func(q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE WAREHOUSE METERED WAREHOUSE_SIZE = SMALL AUTO_SUSPEND = 1`)
	exec(`CREATE DATABASE M`)
	exec(`USE WAREHOUSE METERED`)
	exec(`CREATE TABLE M.PUBLIC.T (N NUMBER)`) // DDL: no compute
	exec(`SHOW TABLES IN SCHEMA M.PUBLIC`)
	rows, err := query(ctx, db, `SELECT COUNT(*) AS N FROM SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_EVENTS_HISTORY WHERE WAREHOUSE_NAME = 'METERED'`)
	if err != nil || rows[0]["N"] != "0" {
		t.Fatalf("DDL and SHOW run in the cloud services layer and wake no warehouse: %v %v", rows, err)
	}
	exec(`INSERT INTO M.PUBLIC.T (N) VALUES (1)`)
	time.Sleep(1500 * time.Millisecond) // past AUTO_SUSPEND: suspended
	exec(`INSERT INTO M.PUBLIC.T (N) VALUES (2)`)
	rows, err = query(ctx, db, `SELECT EVENT_NAME, EVENT_REASON, SIZE FROM SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_EVENTS_HISTORY
		WHERE WAREHOUSE_NAME = 'METERED' ORDER BY TIMESTAMP`)
	if err != nil || len(rows) < 3 || rows[0]["EVENT_NAME"] != "RESUME_WAREHOUSE" || rows[0]["EVENT_REASON"] != "WAREHOUSE_AUTORESUME" ||
		rows[1]["EVENT_NAME"] != "SUSPEND_WAREHOUSE" || rows[2]["EVENT_NAME"] != "RESUME_WAREHOUSE" || rows[0]["SIZE"] != "SMALL" {
		t.Fatalf("an insert resumes the warehouse, AUTO_SUSPEND suspends it, the next insert resumes it again: %v %v", rows, err)
	}
	// The SELECT below is itself on the warehouse, still up from the
	// second insert: two resumes so far, each at least a minute of SMALL
	// (2 credits an hour).
	rows, err = query(ctx, db, `SELECT SUM(CREDITS_USED) AS C, SUM(CREDITS_USED_CLOUD_SERVICES) AS S
		FROM SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY WHERE WAREHOUSE_NAME = 'METERED'`)
	if err != nil {
		t.Fatal(err)
	}
	credits, _ := strconv.ParseFloat(rows[0]["C"], 64)
	if minimum := 2 * 60.0 / 3600 * 2; credits < minimum || credits > minimum+0.01 || rows[0]["S"] != "0.000000000" {
		t.Fatalf("two resumes of a SMALL warehouse bill two minutes at 2 credits an hour: %v", rows)
	}

	// A serverless task's run is billed by its seconds.
	exec(`CREATE TASK M.PUBLIC.TICK USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL' SCHEDULE = '10 MINUTES' AS INSERT INTO M.PUBLIC.T (N) VALUES (3)`)
	exec(`EXECUTE TASK M.PUBLIC.TICK`)
	srv.WaitForTasks()
	rows, err = query(ctx, db, `SELECT TASK_NAME, DATABASE_NAME, CREDITS_USED FROM SNOWFLAKE.ACCOUNT_USAGE.SERVERLESS_TASK_HISTORY`)
	if err != nil || len(rows) != 1 || rows[0]["TASK_NAME"] != "TICK" || rows[0]["DATABASE_NAME"] != "M" {
		t.Fatalf("a serverless run is in SERVERLESS_TASK_HISTORY: %v %v", rows, err)
	}
	if c, _ := strconv.ParseFloat(rows[0]["CREDITS_USED"], 64); c <= 0 || c >= 60.0/3600 {
		t.Fatalf("a serverless run of a second or so costs its seconds, no minute's minimum: %v", rows)
	}

	exec(`CREATE ROLE READER`)
	exec(`GRANT ROLE READER TO USER ADMIN`)
	exec(`USE ROLE READER`)
	for _, view := range []string{"WAREHOUSE_METERING_HISTORY", "WAREHOUSE_EVENTS_HISTORY", "SERVERLESS_TASK_HISTORY"} {
		if _, err := query(ctx, db, `SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.`+view); errorCode(err) != "002003" {
			t.Errorf("%s for a role without IMPORTED PRIVILEGES: %v", view, err)
		}
	}
}
