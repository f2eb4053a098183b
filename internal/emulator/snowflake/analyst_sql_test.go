package snowflake

import (
	"context"
	"strings"
	"testing"
)

// The SQL analysts run on the views: CTEs (recursive too), set
// operations, VALUES as a table and QUALIFY, with Snowflake's results.
func TestAnalystSQL(t *testing.T) {
	runConformance(t, []conf{
		ok(`CREATE DATABASE A`),
		ok(`CREATE TABLE A.PUBLIC.I (N NUMBER, S VARCHAR, L VARCHAR)`),
		ok(`INSERT INTO A.PUBLIC.I (N, S, L) VALUES (1, 'open', 'bug'), (2, 'closed', 'bug'), (3, 'open', 'docs'), (4, 'open', 'bug')`),
		// WITH
		first(okRows(`WITH o AS (SELECT N, L FROM A.PUBLIC.I WHERE S = 'open') SELECT COUNT(*) AS C FROM o`, 1), "C", "3"),
		first(okRows(`WITH o AS (SELECT N, L FROM A.PUBLIC.I WHERE S = 'open'), b (num) AS (SELECT N FROM o WHERE L = 'bug')
		  SELECT MAX(num) AS M FROM b`, 1), "M", "4"),
		first(okRows(`SELECT * FROM (WITH x AS (SELECT 7 AS V) SELECT V FROM x)`, 1), "V", "7"),
		first(okRows(`WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT SUM(n) AS T, COUNT(*) AS C FROM r`, 1),
			"T", "15", "C", "5"),
		rej(`WITH b (x, y) AS (SELECT N FROM A.PUBLIC.I) SELECT * FROM b`, "002022"),
		// ORDER BY a NUMBER alias over joined views (the demo's top-commented query; the
		// sort key once met the views' own column names).
		ok(`CREATE VIEW A.PUBLIC.IV AS SELECT N, L FROM A.PUBLIC.I`),
		ok(`CREATE VIEW A.PUBLIC.LV AS SELECT L, COUNT(*) AS C FROM A.PUBLIC.I GROUP BY L`),
		first(okRows(`SELECT i.L, COUNT(i.N) AS PER_LABEL, MAX(v.C) AS C FROM A.PUBLIC.IV i JOIN A.PUBLIC.LV v ON v.L = i.L
		  GROUP BY i.L ORDER BY PER_LABEL DESC, i.L LIMIT 1`, 1), "L", "bug", "PER_LABEL", "3", "C", "3"),
		// VALUES: a column's numbers widen to one type (2.5 was shown as 3 under the first row's NUMBER(38,0)).
		first(okRows(`SELECT COLUMN1 AS A FROM VALUES (1), (2.5), (NULL) ORDER BY A`, 3), "A", "1.0"),
		first(okRows(`SELECT MAX(COLUMN1) AS A, SUM(COLUMN1) AS S FROM VALUES (1), (2.5)`, 1), "A", "2.5", "S", "3.5"),
		rej(`SELECT * FROM VALUES (1), ('a')`, "000002"),
		// Set operations give a column one type too (2.5 was shown as 3).
		first(okRows(`SELECT 1 AS X UNION ALL SELECT 2.5 ORDER BY X DESC`, 2), "X", "2.5"),
		first(okRows(`SELECT 1 AS X UNION ALL SELECT 2.5 ORDER BY X`, 2), "X", "1.0"),
		first(okRows(`SELECT 1 AS X UNION ALL SELECT 2.5::FLOAT ORDER BY X DESC`, 2), "X", "2.5"),
		rej(`SELECT 1 AS X UNION ALL SELECT 'a'`, "000002"),
		rej(`WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 0.5 FROM r WHERE n < 3) SELECT n FROM r`, "000002"),
		first(okRows(`WITH RECURSIVE r (n) AS (SELECT 1.0 UNION ALL SELECT n + 0.5 FROM r WHERE n < 3) SELECT MAX(n) AS M FROM r`, 1), "M", "3.0"),
		// VARIANT values order by value, not as JSON text ('10' sorted before '9'); kinds are not mixed.
		ok(`CREATE TABLE A.PUBLIC.J (K NUMBER, V VARIANT)`),
		ok(`INSERT INTO A.PUBLIC.J SELECT 1, PARSE_JSON('{"n": 9, "s": "b", "t": "x\\ny"}')`),
		ok(`INSERT INTO A.PUBLIC.J SELECT 2, PARSE_JSON('{"n": 10, "s": "ab", "t": "x"}')`),
		ok(`INSERT INTO A.PUBLIC.J SELECT 3, PARSE_JSON('{"n": -1.5, "s": "a", "t": null}')`),
		first(okRows(`SELECT K FROM A.PUBLIC.J ORDER BY V:n DESC`, 3), "K", "2"),
		first(okRows(`SELECT MAX(V:n) AS MX, MIN(V:n) AS MN, MAX(V:s) AS S FROM A.PUBLIC.J`, 1), "MX", "10", "MN", "-1.5", "S", `"b"`),
		first(okRows(`SELECT K FROM A.PUBLIC.J ORDER BY V:s`, 3), "K", "3"),
		first(okRows(`SELECT K, MAX(V:n) OVER () AS M FROM A.PUBLIC.J ORDER BY K`, 3), "M", "10"),
		rej(`SELECT K FROM A.PUBLIC.J ORDER BY V:t`, "000002"), // a JSON null among strings
		rej(`SELECT MAX(V) FROM A.PUBLIC.J`, "000002"),         // OBJECT values
		first(okRows(`SELECT COUNT_IF(a.V:n < b.V:n) AS LT FROM A.PUBLIC.J a, A.PUBLIC.J b`, 1), "LT", "3"),
		rej(`SELECT COUNT_IF(a.V:n < b.V:s) FROM A.PUBLIC.J a, A.PUBLIC.J b`, "000002"),
		// Set operations
		okRows(`SELECT L FROM A.PUBLIC.I UNION ALL SELECT L FROM A.PUBLIC.I`, 8),
		okRows(`SELECT L FROM A.PUBLIC.I UNION SELECT L FROM A.PUBLIC.I`, 2),
		first(okRows(`SELECT N FROM A.PUBLIC.I INTERSECT SELECT N FROM A.PUBLIC.I WHERE S = 'closed'`, 1), "N", "2"),
		okRows(`SELECT N FROM A.PUBLIC.I EXCEPT SELECT N FROM A.PUBLIC.I WHERE L = 'bug'`, 1),
		okRows(`SELECT N FROM A.PUBLIC.I MINUS SELECT N FROM A.PUBLIC.I WHERE L = 'bug'`, 1),
		first(okRows(`SELECT N FROM A.PUBLIC.I WHERE N < 3 UNION ALL SELECT N + 10 FROM A.PUBLIC.I WHERE N > 3 ORDER BY N DESC LIMIT 1`, 1), "N", "14"),
		rej(`SELECT N, S FROM A.PUBLIC.I UNION ALL SELECT N FROM A.PUBLIC.I`, "001789"),
		// VALUES as a table
		first(okRows(`SELECT COLUMN1, COLUMN2 FROM VALUES (1, 'a'), (2, 'b') ORDER BY COLUMN1 DESC`, 2), "COLUMN1", "2", "COLUMN2", "b"),
		first(okRows(`SELECT t.k, t.v FROM (VALUES (1, 'x'), (2, 'y')) AS t (k, v) WHERE t.k = 2`, 1), "K", "2", "V", "y"),
		first(okRows(`SELECT i.N, v.label FROM A.PUBLIC.I i JOIN (VALUES ('bug', 'Bug'), ('docs', 'Docs')) v (l, label) ON i.L = v.l WHERE i.N = 3`, 1),
			"N", "3", "LABEL", "Docs"),
		// QUALIFY
		okRows(`SELECT L, N FROM A.PUBLIC.I QUALIFY ROW_NUMBER() OVER (PARTITION BY L ORDER BY N DESC) = 1`, 2),
		// A select item using an earlier item's alias; FROM columns first.
		first(ok(`SELECT PARSE_JSON('{"user":{"login":"octocat"}}') AS J, J:user.login::STRING AS L`), "L", "octocat"),
		first(okRows(`SELECT N * 10 AS N, N + 1 AS M FROM A.PUBLIC.I WHERE N = 1`, 1), "N", "10", "M", "2"),
		// GENERATOR, SEQ, UNIFORM, RANDOM
		first(okRows(`SELECT COUNT(*) AS C, MAX(SEQ4()) AS M, SUM(SEQ8()) AS S FROM TABLE(GENERATOR(ROWCOUNT => 100))`, 1), "C", "100", "M", "99", "S", "4950"),
		first(okRows(`SELECT COUNT(*) AS C, MIN(S) AS LO, MAX(S) AS HI FROM (SELECT SEQ4() AS S FROM TABLE(GENERATOR(ROWCOUNT => 1000)))`, 1),
			"C", "1000", "LO", "0", "HI", "999"),
		first(okRows(`SELECT COUNT(*) AS C FROM (SELECT UNIFORM(1, 6, RANDOM()) AS D FROM TABLE(GENERATOR(ROWCOUNT => 500))) WHERE D BETWEEN 1 AND 6`, 1),
			"C", "500"),
		first(okRows(`SELECT COUNT(DISTINCT UNIFORM(1, 6, RANDOM())) AS K FROM TABLE(GENERATOR(ROWCOUNT => 500))`, 1), "K", "6"),
		first(okRows(`SELECT COUNT(*) AS C FROM TABLE(GENERATOR(ROWCOUNT => 0))`, 1), "C", "0"),
		rej(`SELECT SEQ4() FROM TABLE(GENERATOR(TIMELIMIT => 5))`, "002140"),
		rej(`SELECT RANDOM(42)`, "000002"),
		// Refused with the reason and what to write instead, never as a
		// bare syntax error or an unknown function.
		withMsg(rej(`SELECT SEQ4() % 3 AS K, COUNT(*) AS N FROM TABLE(GENERATOR(ROWCOUNT => 9)) GROUP BY ALL`, "000002"), "list the grouping expressions"),
		withMsg(rej(`SELECT APPROX_COUNT_DISTINCT(SEQ4()) AS N FROM TABLE(GENERATOR(ROWCOUNT => 9))`, "000002"), "COUNT(DISTINCT"),
		withMsg(rej(`SELECT HLL(SEQ4()) AS N FROM TABLE(GENERATOR(ROWCOUNT => 9))`, "000002"), "HyperLogLog"),
		ok(`DROP DATABASE A`),
	})
}

// NULLS FIRST / NULLS LAST as written, and Snowflake's defaults without
// them (NULLs last ascending, first descending), in ORDER BY and OVER. They
// were parsed and dropped: ORDER BY x NULLS FIRST put NULL last.
func TestNullsFirstLastAreHonoured(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	const rows = `(SELECT 2 AS x UNION ALL SELECT NULL UNION ALL SELECT 1)`
	for q, want := range map[string]string{
		`SELECT x FROM ` + rows + ` ORDER BY x`:                                              "1,2,<null>",
		`SELECT x FROM ` + rows + ` ORDER BY x DESC`:                                         "<null>,2,1",
		`SELECT x FROM ` + rows + ` ORDER BY x NULLS FIRST`:                                  "<null>,1,2",
		`SELECT x FROM ` + rows + ` ORDER BY x ASC NULLS LAST`:                               "1,2,<null>",
		`SELECT x FROM ` + rows + ` ORDER BY x DESC NULLS LAST`:                              "2,1,<null>",
		`SELECT x FROM ` + rows + ` ORDER BY x DESC NULLS FIRST`:                             "<null>,2,1",
		`SELECT x FROM ` + rows + ` ORDER BY ROW_NUMBER() OVER (ORDER BY x NULLS FIRST)`:     "<null>,1,2",
		`SELECT x FROM ` + rows + ` ORDER BY ROW_NUMBER() OVER (ORDER BY x DESC NULLS LAST)`: "2,1,<null>",
	} {
		got, err := query(ctx, db, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var xs []string
		for _, r := range got {
			xs = append(xs, r["X"])
		}
		if strings.Join(xs, ",") != want {
			t.Errorf("%s: %s, want %s", q, strings.Join(xs, ","), want)
		}
	}
}

// LISTAGG and ARRAY_AGG … WITHIN GROUP (ORDER BY …): the order as written
// (NULLS placement included), NULL values skipped, LISTAGG of no rows ”.
func TestListaggAndArrayAggWithinGroup(t *testing.T) {
	const rows = `(SELECT 2 AS x, 'b' AS s UNION ALL SELECT NULL, NULL UNION ALL SELECT 1, 'a,1' UNION ALL SELECT 3, 'c')`
	runConformance(t, []conf{
		first(ok(`SELECT LISTAGG(s, '|') WITHIN GROUP (ORDER BY x DESC) AS A, LISTAGG(x) WITHIN GROUP (ORDER BY x) AS B, LISTAGG(s, ', ') WITHIN GROUP (ORDER BY x NULLS FIRST) AS C FROM `+rows),
			"A", "c|b|a,1", "B", "123", "C", "a,1, b, c"),
		first(ok(`SELECT ARRAY_AGG(x) WITHIN GROUP (ORDER BY x DESC) AS A, LISTAGG(s, ',') AS N FROM `+rows+` WHERE FALSE`), "A", "[]", "N", ""),
		first(ok(`SELECT ARRAY_AGG(x) WITHIN GROUP (ORDER BY x DESC) AS A FROM `+rows), "A", "[\n  3,\n  2,\n  1\n]"),
		rej(`SELECT LISTAGG(DISTINCT s) FROM `+rows, "000002"),
		rej(`SELECT SUM(x) WITHIN GROUP (ORDER BY x) FROM `+rows, "000002"),
	})
}
