package snowflake

import (
	"context"
	"strings"
	"testing"
)

// Tables, views, DML, MERGE and VARIANT handling, statement by statement.
var dataConformance = []conf{
	ok(`CREATE DATABASE D`),
	ok(`CREATE TABLE D.PUBLIC.ISSUES (ID NUMBER NOT NULL, UPDATED_AT TIMESTAMP_NTZ, RAW VARIANT, INGESTED_AT TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP())`),
	rej(`CREATE TABLE D.PUBLIC.ISSUES (ID NUMBER)`, "002002"),
	ok(`CREATE TABLE IF NOT EXISTS D.PUBLIC.ISSUES (ID NUMBER)`),
	rej(`CREATE TABLE D.PUBLIC.BADTYPE (ID BLOB2)`, "002040"),
	rej(`CREATE TABLE D.PUBLIC.DUPCOL (A INT, A INT)`, "002025"),
	first(okRows(`SHOW TABLES LIKE 'ISSUES' IN SCHEMA D.PUBLIC`, 1), "name", "ISSUES", "kind", "TABLE", "rows", "0"),
	first(okRows(`DESCRIBE TABLE D.PUBLIC.ISSUES`, 4), "name", "ID", "type", "NUMBER(38,0)", "null?", "N"),

	// VARIANT cannot come from a string or a PARSE_JSON in VALUES.
	withMsg(rej(`INSERT INTO D.PUBLIC.ISSUES (ID, RAW) VALUES (1, '{"a":1}')`, "002023"), "expecting VARIANT but got VARCHAR(7)"),
	withMsg(rej(`INSERT INTO D.PUBLIC.ISSUES (ID, RAW) VALUES (1, PARSE_JSON('{"a":1}'))`, "002014"), "in VALUES clause"),
	rej(`INSERT INTO D.PUBLIC.ISSUES (ID, NOPE) VALUES (1, 2)`, "000904"),
	rej(`INSERT INTO D.PUBLIC.ISSUES (ID) VALUES (1, 2)`, "002020"),
	withMsg(rej(`INSERT INTO D.PUBLIC.ISSUES (RAW) SELECT PARSE_JSON('{}')`, "100072"), "non-nullable"),
	withMsg(rej(`INSERT INTO D.PUBLIC.ISSUES (ID, RAW) SELECT 1, PARSE_JSON('{bad json')`, "100069"), "Error parsing JSON"),
	first(ok(`INSERT INTO D.PUBLIC.ISSUES (ID, UPDATED_AT, RAW) SELECT 1, '2024-01-01T00:00:00Z', PARSE_JSON('{"id":1,"title":"first","user":{"login":"octocat"},"labels":[{"name":"bug"},{"name":"p1"}],"pull_request":null}')`), "number of rows inserted", "1"),
	first(ok(`INSERT INTO D.PUBLIC.ISSUES (ID, UPDATED_AT, RAW) SELECT 2, '2024-01-02 10:00:00', TRY_PARSE_JSON('{"id":2,"title":"it''s \\"two\\"","labels":[],"pull_request":{"url":"x"}}')`), "number of rows inserted", "1"),
	first(ok(`INSERT INTO D.PUBLIC.ISSUES (ID, RAW) SELECT 3, TRY_PARSE_JSON('not json')`), "number of rows inserted", "1"),
	first(okRows(`SELECT COUNT(*) AS N, COUNT(RAW) AS R, MAX(ID) AS M FROM D.PUBLIC.ISSUES`, 1), "N", "3", "R", "2", "M", "3"),
	first(okRows(`SELECT raw:title::STRING AS T, raw:user.login::VARCHAR AS U, raw['labels'][1]:name::STRING AS L, ARRAY_SIZE(raw:labels) AS S FROM D.PUBLIC.ISSUES WHERE ID = 1`, 1),
		"T", "first", "U", "octocat", "L", "p1", "S", "2"),
	first(okRows(`SELECT raw:title AS T, raw:missing AS M, raw:pull_request IS NULL AS PR, IS_NULL_VALUE(raw:pull_request) AS JN FROM D.PUBLIC.ISSUES WHERE ID = 1`, 1),
		"T", `"first"`, "M", "<null>", "PR", "false", "JN", "true"),
	// A string literal's \" is an escaped quote, so this JSON is malformed.
	first(okRows(`SELECT TRY_PARSE_JSON('{"a":"x\"y"}') AS J`, 1), "J", "<null>"),
	first(okRows(`SELECT raw:title::STRING AS T, raw:pull_request IS NOT NULL AS IS_PR FROM D.PUBLIC.ISSUES WHERE ID = 2`, 1), "T", `it's "two"`, "IS_PR", "true"),
	first(okRows(`SELECT ID FROM D.PUBLIC.ISSUES WHERE raw:id::NUMBER = 2`, 1), "ID", "2"),
	first(okRows(`SELECT ID FROM D.PUBLIC.ISSUES WHERE raw:id = 2`, 1), "ID", "2"),
	first(okRows(`SELECT UPDATED_AT FROM D.PUBLIC.ISSUES WHERE ID = 2`, 1), "UPDATED_AT", "2024-01-02T10:00:00Z"),
	okRows(`SELECT * FROM D.PUBLIC.ISSUES WHERE INGESTED_AT IS NOT NULL`, 3),
	rej(`SELECT nope FROM D.PUBLIC.ISSUES`, "000904"),
	rej(`SELECT ID:x FROM D.PUBLIC.ISSUES`, "002016"),
	rej(`SELECT * FROM D.PUBLIC.NOPE`, "002003"),
	rej(`SELECT raw:id::NUMBER FROM D.PUBLIC.ISSUES WHERE ID = 'x'`, "100038"),
	first(okRows(`SELECT i.ID AS ID, l.value:name::STRING AS NAME, l.index AS IDX FROM D.PUBLIC.ISSUES i, LATERAL FLATTEN(input => i.raw:labels) l ORDER BY IDX DESC`, 2), "NAME", "p1", "IDX", "1"),
	first(okRows(`SELECT value:name::STRING AS NAME FROM TABLE(FLATTEN(input => PARSE_JSON('[{"name":"a"},{"name":"b"}]'))) ORDER BY NAME`, 2), "NAME", "a"),
	first(okRows(`SELECT OBJECT_CONSTRUCT('a', 1, 'b', NULL, 'c', 'x') AS O, IFF(1 = 1, 'y', 'n') AS I, COALESCE(NULL, 'z') AS C`, 1), "O", indented(`{"a":1,"c":"x"}`), "I", "y", "C", "z"),
	first(okRows(`SELECT ID, ROW_NUMBER() OVER (ORDER BY ID DESC) AS RN FROM D.PUBLIC.ISSUES ORDER BY ID LIMIT 1`, 1), "ID", "1", "RN", "3"),
	okRows(`SELECT ID FROM D.PUBLIC.ISSUES ORDER BY ID LIMIT 2 OFFSET 1`, 2),
	// A JSON null is a VARIANT null, not SQL NULL: both rows have a pull_request value.
	first(okRows(`SELECT COUNT(*) AS N, raw:pull_request IS NOT NULL AS PR FROM D.PUBLIC.ISSUES WHERE RAW IS NOT NULL GROUP BY PR ORDER BY PR`, 1), "N", "2", "PR", "true"),
	first(okRows(`SELECT COUNT(*) AS N FROM D.PUBLIC.ISSUES WHERE raw:pull_request:url IS NOT NULL`, 1), "N", "1"),
	okRows(`SELECT ID FROM D.PUBLIC.ISSUES WHERE ID IN (1, 3) AND raw:title::STRING LIKE 'fir%'`, 1),
	okRows(`SELECT ID FROM D.PUBLIC.ISSUES WHERE raw:title::STRING LIKE 'FIR%'`, 0),
	okRows(`SELECT ID FROM D.PUBLIC.ISSUES WHERE raw:title::STRING ILIKE 'FIR%'`, 1),
	okRows(`SELECT ID FROM D.PUBLIC.ISSUES WHERE ID BETWEEN 2 AND 3`, 2),
	first(okRows(`SELECT CASE WHEN ID = 1 THEN 'one' ELSE 'other' END AS W FROM D.PUBLIC.ISSUES ORDER BY ID`, 3), "W", "one"),

	// ALTER TABLE … ADD COLUMN: existing rows read NULL in the new column.
	ok(`ALTER TABLE D.PUBLIC.ISSUES ADD COLUMN REMOVED_AT TIMESTAMP_NTZ, REMOVAL VARCHAR`),
	withMsg(rej(`ALTER TABLE D.PUBLIC.ISSUES ADD COLUMN REMOVAL VARCHAR`, "002025"), "already exists"),
	ok(`ALTER TABLE D.PUBLIC.ISSUES ADD COLUMN IF NOT EXISTS REMOVAL VARCHAR`),
	ok(`ALTER TABLE IF EXISTS D.PUBLIC.NOPE ADD COLUMN X VARCHAR`),
	rej(`ALTER TABLE D.PUBLIC.NOPE ADD COLUMN X VARCHAR`, "002003"),
	withMsg(rej(`ALTER TABLE D.PUBLIC.ISSUES ADD COLUMN MUST NUMBER NOT NULL`, "001007"), "cannot be added to non-empty table"),
	rej(`ALTER TABLE D.PUBLIC.ISSUES ADD COLUMN BAD BLOB2`, "002040"),
	first(okRows(`SELECT COUNT(*) AS N, COUNT(REMOVED_AT) AS R FROM D.PUBLIC.ISSUES`, 1), "N", "3", "R", "0"),
	first(ok(`UPDATE D.PUBLIC.ISSUES SET REMOVAL = 'DELETED', REMOVED_AT = CURRENT_TIMESTAMP() WHERE ID = 3`), "number of rows updated", "1"),
	first(okRows(`SELECT REMOVAL FROM D.PUBLIC.ISSUES WHERE REMOVED_AT IS NOT NULL`, 1), "REMOVAL", "DELETED"),
	okRows(`DESCRIBE TABLE D.PUBLIC.ISSUES`, 6),

	// Joins.
	ok(`CREATE TABLE D.PUBLIC.LABELS (ID NUMBER, ISSUE_ID NUMBER, NAME VARCHAR)`),
	ok(`INSERT INTO D.PUBLIC.LABELS VALUES (100, 1, 'bug'), (101, 1, 'p1'), (102, 9, 'orphan')`),
	first(okRows(`SELECT i.ID, COUNT(*) AS N FROM D.PUBLIC.ISSUES i JOIN D.PUBLIC.LABELS l ON l.ISSUE_ID = i.ID GROUP BY i.ID`, 1), "ID", "1", "N", "2"),
	okRows(`SELECT i.ID, l.NAME FROM D.PUBLIC.ISSUES i LEFT JOIN D.PUBLIC.LABELS l ON l.ISSUE_ID = i.ID ORDER BY i.ID`, 4),
	rej(`SELECT ID FROM D.PUBLIC.ISSUES i JOIN D.PUBLIC.LABELS l ON l.ISSUE_ID = i.ID`, "002028"),
	okRows(`SELECT l.NAME FROM D.PUBLIC.LABELS l WHERE NOT EXISTS (SELECT 1 FROM D.PUBLIC.ISSUES i WHERE i.ID = l.ISSUE_ID)`, 1),
	first(okRows(`SELECT (SELECT MAX(ID) FROM D.PUBLIC.ISSUES) AS M`, 1), "M", "3"),
	ok(`DROP TABLE D.PUBLIC.LABELS`),

	// Views.
	ok(`CREATE VIEW D.PUBLIC.V AS SELECT raw:id::NUMBER AS ID, raw:title::VARCHAR AS TITLE, raw:pull_request IS NOT NULL AS IS_PULL_REQUEST FROM D.PUBLIC.ISSUES WHERE RAW IS NOT NULL`),
	rej(`CREATE VIEW D.PUBLIC.BADV AS SELECT nope FROM D.PUBLIC.ISSUES`, "000904"),
	rej(`CREATE VIEW D.PUBLIC.BADV2 AS SELECT * FROM D.PUBLIC.MISSING`, "002003"),
	first(okRows(`SELECT TITLE, IS_PULL_REQUEST FROM D.PUBLIC.V WHERE ID = 2`, 1), "TITLE", `it's "two"`, "IS_PULL_REQUEST", "true"),
	first(okRows(`SHOW VIEWS LIKE 'V' IN SCHEMA D.PUBLIC`, 1), "name", "V"),
	okRows(`DESCRIBE VIEW D.PUBLIC.V`, 3),
	rej(`INSERT INTO D.PUBLIC.V (ID) VALUES (1)`, "002003"),
	ok(`CREATE OR REPLACE VIEW D.PUBLIC.V AS SELECT ID FROM D.PUBLIC.ISSUES`),
	okRows(`DESCRIBE VIEW D.PUBLIC.V`, 1),

	// UPDATE, DELETE.
	first(ok(`UPDATE D.PUBLIC.ISSUES SET UPDATED_AT = '2024-02-01 00:00:00' WHERE ID = 3`), "number of rows updated", "1"),
	rej(`UPDATE D.PUBLIC.ISSUES SET NOPE = 1`, "000904"),
	rej(`UPDATE D.PUBLIC.ISSUES SET RAW = 'text' WHERE ID = 3`, "002023"),
	first(ok(`DELETE FROM D.PUBLIC.ISSUES WHERE RAW IS NULL`), "number of rows deleted", "1"),
	okRows(`SELECT ID FROM D.PUBLIC.ISSUES`, 2),

	// MERGE: upsert keyed by id, never moving a row back in time.
	first(ok(`MERGE INTO D.PUBLIC.ISSUES t USING (SELECT value AS raw, value:id::NUMBER AS id, value:updated_at::TIMESTAMP_NTZ AS updated_at FROM TABLE(FLATTEN(input => PARSE_JSON('[{"id":2,"updated_at":"2024-03-01T00:00:00Z","title":"two v2"},{"id":4,"updated_at":"2024-03-01T00:00:00Z","title":"four"},{"id":1,"updated_at":"2023-01-01T00:00:00Z","title":"stale"}]')))) s
	  ON t.ID = s.id
	  WHEN MATCHED AND s.updated_at >= t.UPDATED_AT THEN UPDATE SET RAW = s.raw, UPDATED_AT = s.updated_at
	  WHEN NOT MATCHED THEN INSERT (ID, UPDATED_AT, RAW) VALUES (s.id, s.updated_at, s.raw)`),
		"number of rows inserted", "1", "number of rows updated", "1", "number of rows deleted", "0"),
	first(okRows(`SELECT raw:title::STRING AS T FROM D.PUBLIC.ISSUES WHERE ID = 1`, 1), "T", "first"),
	// A JSON null casts to SQL NULL for every type; a string that is not a value of the type is refused.
	first(ok(`SELECT PARSE_JSON('{"c":null}'):c::TIMESTAMP_NTZ AS T, PARSE_JSON('{"c":null}'):c::BOOLEAN AS B, PARSE_JSON('{"c":null}'):c::DATE AS D, PARSE_JSON('{"c":null}'):c::NUMBER AS N`),
		"T", "<null>", "B", "<null>", "D", "<null>", "N", "<null>"),
	rej(`SELECT 'null'::TIMESTAMP_NTZ`, "100035"),
	first(okRows(`SELECT raw:title::STRING AS T FROM D.PUBLIC.ISSUES WHERE ID = 2`, 1), "T", "two v2"),
	okRows(`SELECT ID FROM D.PUBLIC.ISSUES`, 3),
	withMsg(rej(`MERGE INTO D.PUBLIC.ISSUES t USING (SELECT value:id::NUMBER AS id FROM TABLE(FLATTEN(input => PARSE_JSON('[{"id":2},{"id":2}]')))) s
	  ON t.ID = s.id WHEN MATCHED THEN UPDATE SET UPDATED_AT = CURRENT_TIMESTAMP()`, "100090"), "Duplicate row detected during DML action"),
	first(ok(`MERGE INTO D.PUBLIC.ISSUES t USING (SELECT 4 AS id) s ON t.ID = s.id WHEN MATCHED THEN DELETE`), "number of rows deleted", "1"),
	rej(`MERGE INTO D.PUBLIC.ISSUES t USING (SELECT 9 AS id) s ON t.ID = s.id WHEN NOT MATCHED THEN INSERT (ID, RAW) VALUES (s.id, 'text')`, "002023"),
	rej(`MERGE INTO D.PUBLIC.ISSUES t USING (SELECT 9 AS id) s ON t.NOPE = s.id WHEN NOT MATCHED THEN INSERT (ID) VALUES (s.id)`, "000904"),
	rej(`MERGE INTO D.PUBLIC.ISSUES t USING (SELECT 9 AS id) s ON t.ID = s.id`, "001003"),

	// Privileges on tables.
	ok(`CREATE ROLE READER`),
	ok(`CREATE USER DEV PASSWORD = 'devpw' DEFAULT_ROLE = READER`),
	ok(`GRANT ROLE READER TO USER DEV`),
	ok(`GRANT USAGE ON DATABASE D TO ROLE READER`),
	ok(`GRANT USAGE ON SCHEMA D.PUBLIC TO ROLE READER`),
	dev(rej(`SELECT * FROM D.PUBLIC.ISSUES`, "002003")),
	ok(`GRANT SELECT ON TABLE D.PUBLIC.ISSUES TO ROLE READER`),
	// DEV logged in asking for COMPUTE_WH without USAGE on it: the session
	// has no warehouse, so reads of tables fail and constants do not.
	dev(first(ok(`SELECT CURRENT_WAREHOUSE() AS W, 1 AS ONE`), "W", "<null>", "ONE", "1")),
	withMsg(dev(rej(`SELECT * FROM D.PUBLIC.ISSUES`, "000606")), "No active warehouse selected in the current session"),
	dev(rej(`SELECT COUNT(*) FROM D.PUBLIC.ISSUES`, "000606")),
	dev(okRows(`SHOW TABLES IN SCHEMA D.PUBLIC`, 1)),
	ok(`GRANT USAGE ON WAREHOUSE COMPUTE_WH TO ROLE READER`),
	dev(rej(`SELECT * FROM D.PUBLIC.ISSUES`, "000606")),
	dev(ok(`USE WAREHOUSE COMPUTE_WH`)),
	dev(okRows(`SELECT * FROM D.PUBLIC.ISSUES`, 2)),
	dev(rej(`DELETE FROM D.PUBLIC.ISSUES`, "003001")),
	dev(rej(`INSERT INTO D.PUBLIC.ISSUES (ID) VALUES (5)`, "003001")),
	rej(`GRANT FLY ON TABLE D.PUBLIC.ISSUES TO ROLE READER`, "003111"),

	ok(`DROP VIEW D.PUBLIC.V`),
	ok(`DROP TABLE D.PUBLIC.ISSUES`),
	rej(`SELECT * FROM D.PUBLIC.ISSUES`, "002003"),
	ok(`CREATE TABLE D.PUBLIC.ISSUES (ID NUMBER)`),
	okRows(`SELECT * FROM D.PUBLIC.ISSUES`, 0),
	ok(`DROP DATABASE D`),
}

func TestDataConformance(t *testing.T) {
	runConformance(t, dataConformance)
}

// Dropping a database removes its tables' storage too.
func TestDropDatabaseRemovesData(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	for _, q := range []string{`CREATE DATABASE X`, `CREATE TABLE X.PUBLIC.T (A INT)`, `INSERT INTO X.PUBLIC.T VALUES (1)`, `DROP DATABASE X`,
		`CREATE DATABASE X`, `CREATE TABLE X.PUBLIC.T (A INT)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	rows, err := query(ctx, db, `SELECT * FROM X.PUBLIC.T`)
	if err != nil || len(rows) != 0 {
		t.Fatalf("a recreated table must be empty: %v %v", rows, err)
	}
	var n int
	if err := srv.store.DB().QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 't\_%' ESCAPE '\'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("data tables left behind: %d %v", n, err)
	}
	_ = strings.ToUpper
}
