package snowflake

import "testing"

// SHOW PARAMETERS at each level the official provider reads, with the
// defaults its acceptance tests assert on real accounts, the level that set
// a value, and inheritance down from the database.
func TestShowParameters(t *testing.T) {
	runConformance(t, []conf{
		ok(`CREATE DATABASE P DATA_RETENTION_TIME_IN_DAYS = 3`),
		ok(`CREATE SCHEMA P.S`),
		ok(`CREATE WAREHOUSE PW STATEMENT_TIMEOUT_IN_SECONDS = 600`),
		ok(`CREATE TASK P.S.T WAREHOUSE = PW SCHEDULE = '10 MINUTES' USER_TASK_TIMEOUT_MS = 1000 AS SELECT 1`),
		first(okRows(`SHOW PARAMETERS LIKE 'DATA_RETENTION_TIME_IN_DAYS' IN DATABASE P`, 1), "key", "DATA_RETENTION_TIME_IN_DAYS", "value", "3", "default", "1", "level", "DATABASE", "type", "NUMBER"),
		first(okRows(`SHOW PARAMETERS LIKE 'MAX_DATA_EXTENSION_TIME_IN_DAYS' IN DATABASE P`, 1), "value", "14", "level", ""),
		okRows(`SHOW PARAMETERS IN DATABASE P`, 16),
		first(okRows(`SHOW PARAMETERS LIKE 'DATA_RETENTION_TIME_IN_DAYS' IN SCHEMA P.S`, 1), "value", "3", "level", "DATABASE"),
		okRows(`SHOW PARAMETERS IN SCHEMA P.S`, 17),
		first(okRows(`SHOW PARAMETERS LIKE 'STATEMENT_TIMEOUT_IN_SECONDS' IN WAREHOUSE PW`, 1), "value", "600", "default", "172800", "level", "WAREHOUSE"),
		okRows(`SHOW PARAMETERS IN WAREHOUSE PW`, 3),
		first(okRows(`SHOW PARAMETERS LIKE 'USER_TASK_TIMEOUT_MS' IN TASK P.S.T`, 1), "value", "1000", "level", "TASK"),
		first(okRows(`SHOW PARAMETERS LIKE 'TIMEZONE' IN TASK P.S.T`, 1), "value", "UTC", "default", "America/Los_Angeles", "level", "ACCOUNT"),
		first(okRows(`SHOW PARAMETERS LIKE 'TIMEZONE'`, 1), "value", "UTC", "level", "ACCOUNT"),
		ok(`ALTER SESSION SET TIMEZONE = 'Europe/Paris'`),
		first(okRows(`SHOW PARAMETERS LIKE 'TIMEZONE' IN SESSION`, 1), "value", "Europe/Paris", "level", "SESSION"),
		ok(`ALTER SESSION UNSET TIMEZONE`),
		okRows(`SHOW PARAMETERS LIKE 'WEEK%' IN ACCOUNT`, 2),
		rej(`SHOW PARAMETERS IN DATABASE NOPE`, "002003"),
		// DESCRIBE TABLE … TYPE = COLUMNS, as the official provider sends it.
		ok(`CREATE TABLE P.S.TB (N NUMBER, S VARCHAR)`),
		okRows(`DESCRIBE TABLE P.S.TB TYPE = COLUMNS`, 2),
		rej(`DESCRIBE TABLE P.S.TB TYPE = STAGE`, "001003"),
		rej(`SHOW PARAMETERS IN TABLESPACE X`, "001003"),
		ok(`DROP DATABASE P`),
		ok(`DROP WAREHOUSE PW`),
	})
}
