package snowflake

import "testing"

// MEDIAN as Snowflake's references show it: Snowpark's median example (the
// integers 1, 3, 10, 1, 3 give 3.000, the input's scale plus 3), the mean
// of the two middle values for an even count, NULLs ignored, NULL for a
// group of NULLs, FLOAT for FLOAT input, grouped.
func TestMedianMatchesSnowflake(t *testing.T) {
	db, ctx := docSession(t, `CREATE DATABASE D`, `CREATE TABLE D.PUBLIC.T (G VARCHAR, X NUMBER(38,0), F FLOAT, W NUMBER(10,2))`,
		`INSERT INTO D.PUBLIC.T VALUES ('a', 1, 1.5, 1.25), ('a', 3, 2.5, 2.50), ('a', 10, 0.5, NULL), ('a', 1, NULL, 3.75), ('a', 3, 4.0, 1.00),
		 ('b', 4, 1.0, 2.00), ('b', 7, 2.0, 3.00), ('c', NULL, NULL, NULL)`)
	checkDocExample(t, ctx, db, `SELECT G, MEDIAN(X), MEDIAN(F), MEDIAN(W) FROM D.PUBLIC.T GROUP BY G ORDER BY G`, `
| G | MEDIAN(X) | MEDIAN(F) | MEDIAN(W) |
|---|---|---|---|
| a | 3.000 | 2 | 1.87500 |
| b | 5.500 | 1.5 | 2.50000 |
| c | NULL | NULL | NULL |`)
	if _, err := db.ExecContext(ctx, `SELECT MEDIAN(G) FROM D.PUBLIC.T`); err == nil {
		t.Fatal("MEDIAN of text must be refused")
	}
}
