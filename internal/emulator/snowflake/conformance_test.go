package snowflake

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// A conformance case runs one statement as a user and states the outcome:
// an error code, or success with optional row-count and first-row checks.
type conf struct {
	as    string // "admin" (default) or "dev"
	sql   string
	code  string            // expected Snowflake error code; "" for success
	rows  int               // expected row count when >= 0; -1 skips
	first map[string]string // expected values in the first row
	msg   string            // substring the error message must contain
}

func ok(sql string) conf            { return conf{sql: sql, rows: -1} }
func okRows(sql string, n int) conf { return conf{sql: sql, rows: n} }
func rej(sql, code string) conf     { return conf{sql: sql, code: code, rows: -1} }
func dev(c conf) conf               { c.as = "dev"; return c }
func first(c conf, kv ...string) conf {
	c.first = map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		c.first[kv[i]] = kv[i+1]
	}
	return c
}
func withMsg(c conf, msg string) conf { c.msg = msg; return c }

const ghRule = `TYPE = HOST_PORT VALUE_LIST = ('api.github.com:443') MODE = EGRESS`

var conformance = []conf{
	// Constants and context functions.
	first(ok(`SELECT 1`), "1", "1"),
	first(ok(`SELECT CURRENT_ACCOUNT() AS A`), "A", "LOCAL"),
	first(ok(`SELECT CURRENT_ROLE() AS R, CURRENT_USER() AS U`), "R", "ACCOUNTADMIN", "U", "ADMIN"),
	first(ok(`SELECT CURRENT_DATABASE() AS D, CURRENT_SCHEMA() AS S, CURRENT_WAREHOUSE() AS W`), "D", "<null>", "S", "<null>", "W", "COMPUTE_WH"),
	first(ok(`select current_version() as v`), "V", "9.38.2"),
	first(ok(`SELECT 'it''s' AS S, 'back\\slash' AS B, 'tab\tx' AS T`), "S", "it's", "B", `back\slash`, "T", "tab\tx"),
	first(ok(`SELECT $$x'y;--$$ AS S`), "S", "x'y;--"),
	first(ok(`SELECT -5 AS N, 1.5 AS F, TRUE AS B, NULL AS Z`), "N", "-5", "F", "1.5", "Z", "<null>"),
	first(ok(`SELECT 1 /* comment */ AS "lower" -- trailing`), "lower", "1"),
	rej(`SELEC 1`, "001003"),
	withMsg(rej(`SELECT 1 FROM`, "001003"), "<EOF>"),
	rej(`SELECT 'unterminated`, "001003"),
	rej(`SELECT NO_SUCH_FUNCTION()`, "002140"),
	rej(`SELECT some_column`, "000904"),
	withMsg(rej(`CREATE`, "001003"), "<EOF>"),
	withMsg(rej(`CREAT DATABASE X`, "001003"), "unexpected 'CREAT'"),
	withMsg(rej(`SELECT 1; SELECT 2`, "000008"), "Actual statement count 2 did not match the desired statement count 1"),
	withMsg(rej(`CREATE TABLE T (A INT)`, "090105"), "does not have a current database"),
	rej(`SELECT "" AS X`, "001003"),

	rej(`DROP`, "001003"),
	rej(`DROP DATABASE`, "001003"),
	rej(`DROP TABLE X`, "090105"),
	rej(`SHOW`, "001003"),
	rej(`SHOW THINGS`, "001003"),
	rej(`SHOW DATABASES LIMIT -1`, "001003"),
	rej(`DESCRIBE`, "001003"),
	rej(`DESCRIBE ROLE PUBLIC`, "000002"),
	rej(`GRANT USAGE`, "001003"),
	rej(`GRANT USAGE ON DATABASE X`, "001003"),
	rej(`GRANT USAGE ON DATABASE X TO`, "001003"),
	rej(`USE`, "001003"),
	rej(`ALTER SESSION`, "001003"),
	rej(`SELECT 1,`, "001003"),
	rej(`SELECT (1`, "001003"),
	rej(`SELECT 1 AS`, "001003"),
	rej(`SELECT 'a' 'b' 'c'`, "001003"),
	rej(`CREATE DATABASE "unterminated`, "001003"),
	rej(`CREATE DATABASE SELECT`, "001003"),
	rej(`SELECT /* unterminated`, "001003"),
	rej(`SELECT 1 # 2`, "001003"),

	// Databases.
	ok(`CREATE DATABASE CONF_DB`),
	withMsg(rej(`CREATE DATABASE CONF_DB`, "002002"), "Object 'CONF_DB' already exists."),
	ok(`CREATE DATABASE IF NOT EXISTS CONF_DB`),
	rej(`CREATE OR REPLACE DATABASE IF NOT EXISTS CONF_X`, "002011"),
	ok(`CREATE DATABASE "conf_lower" COMMENT = 'lower'`),
	okRows(`SHOW DATABASES LIKE 'conf%'`, 2),
	first(okRows(`SHOW DATABASES LIKE 'CONF_DB'`, 1), "name", "CONF_DB"),
	first(okRows(`SHOW DATABASES STARTS WITH 'conf'`, 1), "name", "conf_lower", "comment", "lower"),
	okRows(`SHOW DATABASES LIMIT 1`, 1),
	okRows(`SHOW DATABASES LIKE 'CONF__B'`, 1),
	rej(`SHOW DATABASES LIKE CONF_DB`, "001003"),
	rej(`SHOW DATABASES IN SCHEMA X.Y`, "000002"),
	withMsg(rej(`CREATE DATABASE BADPROP FOO = 1`, "001003"), "unexpected 'FOO'"),
	withMsg(rej(`CREATE DATABASE BADVAL DATA_RETENTION_TIME_IN_DAYS = 'x'`, "001008"), "DATA_RETENTION_TIME_IN_DAYS"),
	ok(`ALTER DATABASE CONF_DB SET COMMENT = 'c'`),
	first(okRows(`SHOW DATABASES LIKE 'CONF_DB'`, 1), "comment", "c", "owner", "ACCOUNTADMIN"),
	rej(`ALTER DATABASE CONF_DB SET NOPE = 1`, "001003"),
	withMsg(rej(`ALTER DATABASE MISSING_DB SET COMMENT = 'x'`, "002003"), "Database 'MISSING_DB' does not exist or not authorized."),
	ok(`ALTER DATABASE IF EXISTS MISSING_DB SET COMMENT = 'x'`),
	ok(`ALTER DATABASE CONF_DB UNSET COMMENT`),
	rej(`ALTER DATABASE CONF_DB UNSET NOPE`, "001003"),
	rej(`ALTER DATABASE CONF_DB`, "001003"),
	rej(`DROP DATABASE MISSING_DB`, "002003"),
	ok(`DROP DATABASE IF EXISTS MISSING_DB`),
	rej(`USE DATABASE MISSING_DB`, "002003"),
	ok(`USE DATABASE CONF_DB`),
	first(ok(`SELECT CURRENT_DATABASE() AS D, CURRENT_SCHEMA() AS S`), "D", "CONF_DB", "S", "PUBLIC"),
	first(okRows(`DESCRIBE DATABASE CONF_DB`, 1), "name", "PUBLIC", "kind", "SCHEMA"),
	okRows(`SHOW DATABASES LIKE 'conf_lower'`, 1),

	// Schemas.
	ok(`CREATE SCHEMA CONF_DB.S1`),
	rej(`CREATE SCHEMA CONF_DB.S1`, "002002"),
	rej(`CREATE SCHEMA MISSING_DB.S1`, "002003"),
	okRows(`SHOW SCHEMAS IN DATABASE CONF_DB`, 2),
	ok(`CREATE SCHEMA S2`),
	first(ok(`SELECT CURRENT_SCHEMA() AS S`), "S", "S2"),
	okRows(`SHOW SCHEMAS LIKE 'S%' IN DATABASE CONF_DB`, 2),
	ok(`DROP SCHEMA CONF_DB.S2`),
	rej(`DROP SCHEMA CONF_DB.S2`, "002003"),
	rej(`USE SCHEMA CONF_DB.NOPE`, "002003"),
	ok(`USE SCHEMA CONF_DB.PUBLIC`),
	rej(`CREATE SCHEMA A.B.C`, "001003"),
	rej(`CREATE SCHEMA CONF_DB.S3 COMMENT = 5`, "001003"),

	// Warehouses.
	ok(`CREATE WAREHOUSE WH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 INITIALLY_SUSPENDED = TRUE`),
	rej(`CREATE WAREHOUSE WH2 WAREHOUSE_SIZE = HUGE`, "001008"),
	rej(`CREATE WAREHOUSE WH3 AUTO_SUSPEND = -1`, "001008"),
	rej(`CREATE WAREHOUSE WH4 AUTO_RESUME = MAYBE`, "001008"),
	rej(`CREATE WAREHOUSE WH5 MIN_CLUSTER_COUNT = 3 MAX_CLUSTER_COUNT = 2`, "001008"),
	first(okRows(`SHOW WAREHOUSES LIKE 'WH'`, 1), "state", "SUSPENDED", "size", "X-Small", "auto_suspend", "60"),
	ok(`ALTER WAREHOUSE WH RESUME`),
	rej(`ALTER WAREHOUSE WH SET INITIALLY_SUSPENDED = TRUE`, "001003"),
	ok(`USE WAREHOUSE WH`),
	first(ok(`SELECT CURRENT_WAREHOUSE() AS W`), "W", "WH"),
	rej(`USE WAREHOUSE NOPE`, "002003"),

	// Network rules.
	ok(`CREATE NETWORK RULE CONF_DB.PUBLIC.GH ` + ghRule),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.GH `+ghRule, "002002"),
	ok(`CREATE OR REPLACE NETWORK RULE CONF_DB.PUBLIC.GH TYPE = HOST_PORT VALUE_LIST = ('api.github.com', '*.github.com:443') MODE = EGRESS COMMENT = 'x'`),
	first(okRows(`SHOW NETWORK RULES LIKE 'GH' IN SCHEMA CONF_DB.PUBLIC`, 1), "entries_in_valuelist", "2", "comment", "x", "type", "HOST_PORT", "mode", "EGRESS", "database_name", "CONF_DB"),
	first(okRows(`DESCRIBE NETWORK RULE CONF_DB.PUBLIC.GH`, 1), "value_list", "api.github.com,*.github.com:443"),
	first(okRows(`DESC NETWORK RULE GH`, 1), "name", "GH"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B1 TYPE = HOSTPORT VALUE_LIST = ('a.com') MODE = EGRESS`, "001008"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B2 TYPE = HOST_PORT VALUE_LIST = ('a.com') MODE = OUTBOUND`, "001008"),
	withMsg(rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B3 TYPE = HOST_PORT VALUE_LIST = ('a.com') MODE = INGRESS`, "001008"), "MODE"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B4 TYPE = HOST_PORT VALUE_LIST = ('a.com')`, "001008"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B5 TYPE = HOST_PORT MODE = EGRESS`, "001003"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B6 VALUE_LIST = ('a.com') MODE = EGRESS`, "001003"),
	withMsg(rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B7 TYPE = HOST_PORT VALUE_LIST = ('bad host') MODE = EGRESS`, "001008"), "[bad host]"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B8 TYPE = HOST_PORT VALUE_LIST = ('a.com:70000') MODE = EGRESS`, "001008"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B9 TYPE = HOST_PORT VALUE_LIST = ('*.com') MODE = EGRESS`, "001008"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B10 TYPE = HOST_PORT VALUE_LIST = ('*.*.github.com') MODE = EGRESS`, "001008"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B11 TYPE = HOST_PORT VALUE_LIST = ('a.com:') MODE = EGRESS`, "001008"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B12 TYPE = HOST_PORT VALUE_LIST = 'a.com' MODE = EGRESS`, "001003"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B13 TYPE = HOST_PORT VALUE_LIST = (1) MODE = EGRESS`, "001003"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B14 `+ghRule+` FOO = 'x'`, "001003"),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B15 `+ghRule+` COMMENT = 'a' COMMENT = 'b'`, "001009"),
	rej(`CREATE NETWORK RULE NOPE_DB.PUBLIC.B16 `+ghRule, "002003"),
	withMsg(rej(`CREATE NETWORK RULE CONF_DB.NOPE.B17 `+ghRule, "002003"), "Schema 'CONF_DB.NOPE' does not exist or not authorized."),
	rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.B18 TYPE = HOST_PORT VALUE_LIST = ('a.com') MODE = EGRESS COMMENT = 'unterminated`, "001003"),
	ok(`ALTER NETWORK RULE CONF_DB.PUBLIC.GH SET VALUE_LIST = ('api.github.com:443')`),
	rej(`ALTER NETWORK RULE CONF_DB.PUBLIC.GH SET TYPE = IPV4`, "001003"),
	rej(`ALTER NETWORK RULE CONF_DB.PUBLIC.GH SET VALUE_LIST = ('bad host')`, "001008"),
	ok(`ALTER NETWORK RULE CONF_DB.PUBLIC.GH UNSET COMMENT`),
	first(okRows(`SHOW NETWORK RULES LIKE 'GH' IN SCHEMA CONF_DB.PUBLIC`, 1), "entries_in_valuelist", "1", "comment", ""),
	rej(`ALTER NETWORK RULE CONF_DB.PUBLIC.NOPE SET COMMENT = 'x'`, "002003"),
	rej(`SHOW NETWORK RULES IN SCHEMA CONF_DB.NOPE`, "002003"),
	okRows(`SHOW NETWORK RULES IN DATABASE CONF_DB`, 1),
	okRows(`SHOW NETWORK RULES IN ACCOUNT`, 1),
	ok(`CREATE NETWORK RULE "CONF_DB"."PUBLIC"."gh ""quoted""" TYPE = HOST_PORT VALUE_LIST = ('x.example.com') MODE = EGRESS`),
	first(okRows(`SHOW NETWORK RULES LIKE 'gh "quoted"' IN SCHEMA CONF_DB.PUBLIC`, 1), "name", `gh "quoted"`),
	okRows(`SHOW NETWORK RULES LIKE 'GH%' IN SCHEMA CONF_DB.PUBLIC`, 2),
	ok(`CREATE NETWORK RULE IDENTIFIER('CONF_DB.PUBLIC.IDR') TYPE = HOST_PORT VALUE_LIST = ('x.example.com:8443') MODE = EGRESS`),
	ok(`DROP NETWORK RULE IDENTIFIER('"CONF_DB"."PUBLIC"."IDR"')`),
	ok(`CREATE NETWORK RULE CONF_DB.PUBLIC.INGRESS_RULE TYPE = IPV4 VALUE_LIST = ('10.0.0.0/8') MODE = INGRESS`),
	withMsg(rej(`CREATE NETWORK RULE IF NOT EXISTS CONF_DB.PUBLIC.GH `+ghRule, "001003"), "unexpected 'IF'"),
	rej(`CREATE EXTERNAL ACCESS INTEGRATION IF NOT EXISTS X ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.GH) ENABLED = TRUE`, "001003"),
	ok(`CREATE NETWORK RULE "CONF_DB"."PUBLIC"."'); DROP DATABASE CONF_DB; --" ` + ghRule),
	first(okRows(`SHOW NETWORK RULES LIKE '''); DROP DATABASE CONF_DB; --' IN SCHEMA CONF_DB.PUBLIC`, 1), "name", `'); DROP DATABASE CONF_DB; --`),
	okRows(`SHOW DATABASES LIKE 'CONF_DB'`, 1),

	// Secrets.
	ok(`CREATE SECRET CONF_DB.PUBLIC.TOK TYPE = GENERIC_STRING SECRET_STRING = 'ghp_secret'`),
	rej(`CREATE SECRET CONF_DB.PUBLIC.TOK TYPE = GENERIC_STRING SECRET_STRING = 'x'`, "002002"),
	rej(`CREATE SECRET CONF_DB.PUBLIC.T2 TYPE = GENERIC_STRING`, "001003"),
	rej(`CREATE SECRET CONF_DB.PUBLIC.T3 TYPE = OAUTH9 SECRET_STRING = 'x'`, "001008"),
	rej(`CREATE SECRET CONF_DB.PUBLIC.T4 TYPE = GENERIC_STRING USERNAME = 'u' SECRET_STRING = 'x'`, "001008"),
	rej(`CREATE SECRET CONF_DB.PUBLIC.T5 SECRET_STRING = 'x'`, "001003"),
	first(okRows(`SHOW SECRETS IN SCHEMA CONF_DB.PUBLIC`, 1), "secret_type", "GENERIC_STRING", "name", "TOK", "schema_name", "PUBLIC"),
	first(okRows(`DESCRIBE SECRET CONF_DB.PUBLIC.TOK`, 1), "secret_type", "GENERIC_STRING", "username", "<null>"),
	ok(`ALTER SECRET CONF_DB.PUBLIC.TOK SET SECRET_STRING = 'ghp_new'`),
	rej(`ALTER SECRET CONF_DB.PUBLIC.TOK SET TYPE = PASSWORD`, "001003"),
	ok(`ALTER SECRET CONF_DB.PUBLIC.TOK SET COMMENT = 'rotated'`),
	first(okRows(`SHOW SECRETS IN SCHEMA CONF_DB.PUBLIC`, 1), "comment", "rotated"),
	// No UNSET COMMENT on secrets: the official provider sends SET COMMENT = NULL.
	withMsg(rej(`ALTER SECRET CONF_DB.PUBLIC.TOK UNSET COMMENT`, "001003"), "COMMENT"),
	ok(`ALTER SECRET CONF_DB.PUBLIC.TOK SET COMMENT = NULL`),
	first(okRows(`SHOW SECRETS IN SCHEMA CONF_DB.PUBLIC`, 1), "comment", "<null>"),
	rej(`CREATE OR REPLACE SECRET IF NOT EXISTS CONF_DB.PUBLIC.TOK TYPE = GENERIC_STRING SECRET_STRING = 'x'`, "002011"),
	ok(`CREATE SECRET CONF_DB.PUBLIC.PW TYPE = PASSWORD USERNAME = 'u' PASSWORD = 'p'`),
	first(okRows(`DESCRIBE SECRET CONF_DB.PUBLIC.PW`, 1), "username", "u", "secret_type", "PASSWORD"),
	ok(`DROP SECRET CONF_DB.PUBLIC.PW`),
	rej(`DROP SECRET CONF_DB.PUBLIC.PW`, "002003"),

	// External access integrations.
	ok(`CREATE EXTERNAL ACCESS INTEGRATION GH_EAI ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.GH) ALLOWED_AUTHENTICATION_SECRETS = (CONF_DB.PUBLIC.TOK) ENABLED = TRUE`),
	rej(`CREATE EXTERNAL ACCESS INTEGRATION GH_EAI ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.GH) ENABLED = TRUE`, "002002"),
	rej(`CREATE EXTERNAL ACCESS INTEGRATION E1 ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.GH)`, "001003"),
	withMsg(rej(`CREATE EXTERNAL ACCESS INTEGRATION E2 ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.NOPE) ENABLED = TRUE`, "002003"), "Network rule 'CONF_DB.PUBLIC.NOPE'"),
	rej(`CREATE EXTERNAL ACCESS INTEGRATION E3 ALLOWED_NETWORK_RULES = () ENABLED = TRUE`, "001008"),
	rej(`CREATE EXTERNAL ACCESS INTEGRATION E4 ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.INGRESS_RULE) ENABLED = TRUE`, "001008"),
	rej(`CREATE EXTERNAL ACCESS INTEGRATION E5 ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.GH) ENABLED = 'maybe'`, "001008"),
	rej(`CREATE EXTERNAL ACCESS INTEGRATION E6 ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.GH) ALLOWED_AUTHENTICATION_SECRETS = (CONF_DB.PUBLIC.NOSECRET) ENABLED = TRUE`, "002003"),
	first(okRows(`SHOW EXTERNAL ACCESS INTEGRATIONS LIKE 'GH_EAI'`, 1), "enabled", "true", "type", "EXTERNAL_ACCESS"),
	okRows(`SHOW INTEGRATIONS`, 1),
	first(okRows(`DESCRIBE EXTERNAL ACCESS INTEGRATION GH_EAI`, 5), "property", "ENABLED", "property_value", "true"),
	ok(`ALTER EXTERNAL ACCESS INTEGRATION GH_EAI SET ENABLED = FALSE`),
	first(okRows(`SHOW INTEGRATIONS LIKE 'gh_eai'`, 1), "enabled", "false"),
	ok(`ALTER EXTERNAL ACCESS INTEGRATION GH_EAI SET ALLOWED_AUTHENTICATION_SECRETS = ALL`),
	ok(`ALTER EXTERNAL ACCESS INTEGRATION GH_EAI UNSET ALLOWED_AUTHENTICATION_SECRETS`),
	rej(`ALTER EXTERNAL ACCESS INTEGRATION GH_EAI SET BOGUS = 1`, "001003"),
	rej(`CREATE INTEGRATION PLAIN_INT TYPE = API_INTEGRATION`, "000002"),
	rej(`DROP INTEGRATION NOPE`, "002003"),
	ok(`CREATE EXTERNAL ACCESS INTEGRATION EAI2 ALLOWED_NETWORK_RULES = ('CONF_DB.PUBLIC.GH') ENABLED = TRUE`),
	ok(`DROP EXTERNAL ACCESS INTEGRATION EAI2`),

	// Stages.
	ok(`CREATE STAGE CONF_DB.PUBLIC.ST`),
	ok(`CREATE STAGE IF NOT EXISTS CONF_DB.PUBLIC.ST`),
	rej(`CREATE STAGE CONF_DB.PUBLIC.ST2 URL = 's3://bucket/'`, "001003"),
	first(okRows(`SHOW STAGES IN SCHEMA CONF_DB.PUBLIC`, 1), "type", "INTERNAL"),
	ok(`DROP STAGE CONF_DB.PUBLIC.ST`),

	// Roles, users and grants.
	ok(`CREATE ROLE DEVROLE COMMENT = 'developers'`),
	rej(`CREATE ROLE DEVROLE`, "002002"),
	ok(`CREATE USER DEV PASSWORD = 'devpw' DEFAULT_ROLE = DEVROLE`),
	rej(`CREATE USER DEV2 PASSWORD = 5`, "001003"),
	first(okRows(`SHOW USERS LIKE 'DEV'`, 1), "default_role", "DEVROLE", "has_password", "true"),
	ok(`GRANT ROLE DEVROLE TO USER DEV`),
	rej(`GRANT ROLE NOPE TO USER DEV`, "002003"),
	rej(`GRANT ROLE DEVROLE TO USER NOPE`, "002003"),
	ok(`GRANT USAGE ON DATABASE CONF_DB TO ROLE DEVROLE`),
	rej(`GRANT FLY ON DATABASE CONF_DB TO ROLE DEVROLE`, "003111"),
	rej(`GRANT USAGE ON DATABASE NOPE TO ROLE DEVROLE`, "002003"),
	rej(`GRANT USAGE ON DATABASE CONF_DB TO ROLE NOPE`, "002003"),
	ok(`GRANT READ ON SECRET CONF_DB.PUBLIC.TOK TO ROLE DEVROLE`),
	rej(`GRANT USAGE ON NETWORK RULE CONF_DB.PUBLIC.GH TO ROLE DEVROLE`, "003111"),
	rej(`GRANT USAGE ON INTEGRATION GH_EAI TO APPLICATION NO_APP`, "002003"),
	okRows(`SHOW GRANTS TO ROLE DEVROLE`, 2),
	first(okRows(`SHOW GRANTS ON SECRET CONF_DB.PUBLIC.TOK`, 2), "privilege", "OWNERSHIP"),
	first(okRows(`SHOW GRANTS TO USER DEV`, 1), "role", "DEVROLE"),
	okRows(`SHOW GRANTS OF ROLE DEVROLE`, 1),
	rej(`GRANT ROLE ACCOUNTADMIN TO ROLE SYSADMIN`, "003013"),
	rej(`GRANT ROLE DEVROLE TO ROLE DEVROLE`, "003013"),
	first(okRows(`SHOW ROLES LIKE 'DEVROLE'`, 1), "comment", "developers", "assigned_to_users", "1"),

	// The limited user sees and changes only what its role was granted.
	dev(first(ok(`SELECT CURRENT_ROLE() AS R, CURRENT_USER() AS U`), "R", "DEVROLE", "U", "DEV")),
	dev(okRows(`SHOW DATABASES LIKE 'CONF%'`, 1)),
	dev(okRows(`SHOW DATABASES LIKE 'conf_lower'`, 0)),
	dev(rej(`USE DATABASE "conf_lower"`, "002003")),
	dev(withMsg(rej(`CREATE DATABASE DEVDB`, "003001"), "Insufficient privileges")),
	dev(rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.DEVRULE `+ghRule, "002003")),
	dev(rej(`DROP NETWORK RULE CONF_DB.PUBLIC.GH`, "002003")),
	dev(rej(`SHOW SECRETS IN SCHEMA CONF_DB.PUBLIC`, "002003")),
	ok(`GRANT USAGE ON SCHEMA CONF_DB.PUBLIC TO ROLE DEVROLE`),
	dev(okRows(`SHOW SECRETS IN SCHEMA CONF_DB.PUBLIC`, 1)),
	dev(okRows(`DESCRIBE SECRET CONF_DB.PUBLIC.TOK`, 1)),
	dev(rej(`ALTER SECRET CONF_DB.PUBLIC.TOK SET COMMENT = 'hack'`, "003001")),
	dev(rej(`DROP SECRET CONF_DB.PUBLIC.TOK`, "003001")),
	dev(okRows(`SHOW NETWORK RULES IN SCHEMA CONF_DB.PUBLIC`, 0)),
	dev(withMsg(rej(`CREATE NETWORK RULE CONF_DB.PUBLIC.DEVRULE `+ghRule, "003001"), "schema 'PUBLIC'")),
	ok(`GRANT CREATE NETWORK RULE ON SCHEMA CONF_DB.PUBLIC TO ROLE DEVROLE`),
	dev(ok(`CREATE NETWORK RULE CONF_DB.PUBLIC.DEVRULE ` + ghRule)),
	dev(first(okRows(`SHOW NETWORK RULES LIKE 'DEVRULE' IN SCHEMA CONF_DB.PUBLIC`, 1), "owner", "DEVROLE")),
	dev(rej(`USE ROLE ACCOUNTADMIN`, "002003")),
	dev(rej(`GRANT USAGE ON DATABASE CONF_DB TO ROLE PUBLIC`, "003001")),
	dev(rej(`CREATE ROLE SNEAKY`, "003001")),
	dev(rej(`CREATE EXTERNAL ACCESS INTEGRATION DEV_EAI ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.DEVRULE) ENABLED = TRUE`, "003001")),
	dev(ok(`DROP NETWORK RULE CONF_DB.PUBLIC.DEVRULE`)),
	ok(`REVOKE READ ON SECRET CONF_DB.PUBLIC.TOK FROM ROLE DEVROLE`),
	dev(rej(`DESCRIBE SECRET CONF_DB.PUBLIC.TOK`, "002003")),
	ok(`GRANT ROLE DEVROLE TO ROLE SYSADMIN`),
	first(okRows(`SHOW NETWORK RULES IN SCHEMA CONF_DB.PUBLIC`, 4), "name", `'); DROP DATABASE CONF_DB; --`),

	// Session statements.
	ok(`ALTER SESSION SET TIMEZONE = 'UTC', QUERY_TAG = 'conformance'`),
	rej(`ALTER SESSION SET NOT_A_PARAM = 1`, "001008"),
	rej(`ALTER SESSION SET QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE`, "000002"),
	ok(`ALTER SESSION UNSET QUERY_TAG`),
	ok(`BEGIN`),
	ok(`COMMIT`),
	ok(`ROLLBACK`),
	rej(`USE ROLE NOPE`, "002003"),
	ok(`USE ROLE SYSADMIN`),
	first(ok(`SELECT CURRENT_ROLE() AS R`), "R", "SYSADMIN"),
	rej(`CREATE EXTERNAL ACCESS INTEGRATION SYS_EAI ALLOWED_NETWORK_RULES = (CONF_DB.PUBLIC.GH) ENABLED = TRUE`, "003001"),
	ok(`USE ROLE ACCOUNTADMIN`),
	rej(`DROP ROLE ACCOUNTADMIN`, "003001"),
	rej(`DROP USER ADMIN`, "003001"),
	ok(`DROP ROLE DEVROLE`),
	okRows(`SHOW GRANTS TO USER DEV`, 0),
	ok(`DROP DATABASE CONF_DB`),
	rej(`SHOW NETWORK RULES IN DATABASE CONF_DB`, "002003"),
	first(okRows(`DESCRIBE EXTERNAL ACCESS INTEGRATION GH_EAI`, 5), "property", "ENABLED"),
	ok(`DROP USER DEV`),
	rej(`DROP USER DEV`, "002003"),
}

func TestConformance(t *testing.T) {
	rejections := runConformance(t, conformance)
	if len(conformance) < 150 || rejections*2 < len(conformance) {
		t.Errorf("conformance table has %d cases with %d rejections; want >= 150 with at least half rejections", len(conformance), rejections)
	}
	t.Logf("%d statements, %d rejections", len(conformance), rejections)
}

func runConformance(t *testing.T, cases []conf) int {
	t.Helper()
	ctx := context.Background()
	srv := startServer(t, Options{})
	admin := connect(t, srv, "ADMIN", "admin")
	admin.SetMaxOpenConns(1) // one session: USE statements carry over
	var devDB *sql.DB
	rejections := 0
	for i, c := range cases {
		db := admin
		if c.as == "dev" {
			if devDB == nil {
				devDB = connect(t, srv, "DEV", "devpw")
				devDB.SetMaxOpenConns(1)
			}
			db = devDB
		}
		rows, err := query(ctx, db, c.sql)
		code := errorCode(err)
		if code != c.code {
			t.Errorf("#%d %s: %q\n  got code %q (%v), want %q", i, c.as, c.sql, code, err, c.code)
			continue
		}
		if c.code != "" {
			rejections++
			if c.msg != "" && !strings.Contains(err.Error(), c.msg) {
				t.Errorf("#%d %q: error %q does not contain %q", i, c.sql, err, c.msg)
			}
			continue
		}
		if c.rows >= 0 && len(rows) != c.rows {
			t.Errorf("#%d %q: got %d rows, want %d: %v", i, c.sql, len(rows), c.rows, rows)
			continue
		}
		if len(c.first) > 0 {
			if len(rows) == 0 {
				t.Errorf("#%d %q: no rows", i, c.sql)
				continue
			}
			for k, want := range c.first {
				if got, ok := rows[0][k]; !ok || got != want {
					t.Errorf("#%d %q: column %s = %q, want %q (row %v)", i, c.sql, k, got, want, rows[0])
				}
			}
		}
	}
	return rejections
}
