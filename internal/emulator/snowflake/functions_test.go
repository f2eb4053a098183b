package snowflake

import "testing"

// The common date, string and array functions, with results as Snowflake's
// documentation gives them.
func TestCommonFunctions(t *testing.T) {
	runConformance(t, []conf{
		// Dates
		first(ok(`SELECT DATEADD(month, 1, '2024-01-31'::DATE) AS A, DATEADD(day, -1, '2024-03-01'::DATE) AS B, DATEADD('year', 1, '2024-02-29'::DATE) AS C`),
			"A", "2024-02-29T00:00:00Z", "B", "2024-02-29T00:00:00Z", "C", "2025-02-28T00:00:00Z"),
		first(ok(`SELECT DATEADD(hour, 25, '2024-01-01 00:30:00'::TIMESTAMP_NTZ)::VARCHAR AS A`), "A", "2024-01-02 01:30:00.000"),
		first(ok(`SELECT DATEDIFF(year, '2023-12-31'::DATE, '2024-01-01'::DATE) AS Y, DATEDIFF(day, '2024-01-01 23:00:00'::TIMESTAMP_NTZ, '2024-01-02 01:00:00'::TIMESTAMP_NTZ) AS D,
		  DATEDIFF(month, '2024-03-31'::DATE, '2024-01-01'::DATE) AS M, DATEDIFF(hour, '2024-01-01 10:59:00'::TIMESTAMP_NTZ, '2024-01-01 11:00:00'::TIMESTAMP_NTZ) AS H`),
			"Y", "1", "D", "1", "M", "-2", "H", "1"),
		first(ok(`SELECT DATE_TRUNC(month, '2024-05-17'::DATE) AS A, DATE_TRUNC('quarter', '2024-05-17'::DATE) AS Q, YEAR('2024-05-17'::DATE) AS Y, MONTH('2024-05-17'::DATE) AS M, DAY('2024-05-17'::DATE) AS D, QUARTER('2024-05-17'::DATE) AS QQ`),
			"A", "2024-05-01T00:00:00Z", "Q", "2024-04-01T00:00:00Z", "Y", "2024", "M", "5", "D", "17", "QQ", "2"),
		// The driver reads DATE values as times at midnight UTC.
		first(ok(`SELECT DATE_PART(hour, '2024-05-17 13:45:00'::TIMESTAMP_NTZ) AS H, TO_DATE('2024-05-17') AS T`), "H", "13", "T", "2024-05-17T00:00:00Z"),
		rej(`SELECT DATEADD(fortnight, 1, '2024-01-01'::DATE)`, "002020"),
		rej(`SELECT DATE_TRUNC(week, '2024-01-01'::DATE)`, "000002"),
		// Strings
		first(ok(`SELECT SUBSTR('snowflake', 5) AS A, SUBSTR('snowflake', 0, 4) AS B, SUBSTR('snowflake', -5, 3) AS C, LEFT('abc', 2) AS L, RIGHT('abc', 2) AS R`),
			"A", "flake", "B", "snow", "C", "fla", "L", "ab", "R", "bc"),
		first(ok(`SELECT REPLACE('a-b-c', '-', '+') AS A, REPLACE('a-b-c', '-') AS B, CONTAINS('issue #12', '#1') AS C, STARTSWITH('octo/repo', 'octo/') AS S, ENDSWITH('x.md', '.md') AS E`),
			"A", "a+b+c", "B", "abc", "C", "true", "S", "true", "E", "true"),
		first(ok(`SELECT POSITION('b', 'abcb') AS P, CHARINDEX('z', 'abc') AS Z, SPLIT_PART('octo/hello-world', '/', 2) AS N, SPLIT_PART('a.b.c', '.', -1) AS L, SPLIT_PART('a.b', '.', 9) AS E`),
			"P", "2", "Z", "0", "N", "hello-world", "L", "c", "E", ""),
		first(ok(`SELECT SPLIT('a,b,,c', ',') AS A, ARRAY_SIZE(SPLIT('a,b,,c', ',')) AS N`), "A", `["a","b","","c"]`, "N", "4"),
		// Arrays
		first(ok(`SELECT ARRAY_CONTAINS('bug'::VARIANT, PARSE_JSON('["bug","docs"]')) AS A, ARRAY_CONTAINS(2::VARIANT, PARSE_JSON('[1,2]')) AS B, ARRAY_CONTAINS('x'::VARIANT, PARSE_JSON('[]')) AS C`),
			"A", "true", "B", "true", "C", "false"),
		rej(`SELECT ARRAY_CONTAINS('bug', PARSE_JSON('["bug"]'))`, "001044"),
		first(ok(`SELECT ARRAY_TO_STRING(PARSE_JSON('["a",1,null,true]'), '|') AS S`), "S", "a|1||true"),
		ok(`CREATE DATABASE F`),
		ok(`CREATE TABLE F.PUBLIC.T (K NUMBER, L VARCHAR)`),
		ok(`INSERT INTO F.PUBLIC.T (K, L) VALUES (1, 'bug'), (1, 'docs'), (2, NULL)`),
		first(okRows(`SELECT K, ARRAY_SIZE(ARRAY_AGG(L)) AS N FROM F.PUBLIC.T GROUP BY K ORDER BY K`, 2), "K", "1", "N", "2"),
		first(okRows(`SELECT ARRAY_AGG(L) AS A FROM F.PUBLIC.T WHERE K = 2`, 1), "A", "[]"),
		ok(`DROP DATABASE F`),
	})
}
