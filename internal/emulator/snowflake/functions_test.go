package snowflake

import (
	"bytes"
	"encoding/json"
	"testing"
)

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
		first(ok(`SELECT SPLIT('a,b,,c', ',') AS A, ARRAY_SIZE(SPLIT('a,b,,c', ',')) AS N`), "A", indented(`["a","b","","c"]`), "N", "4"),
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

// The common ARRAY_* and OBJECT_* functions, with the results Snowflake's
// reference documents for them (rendered compactly, as this emulator
// renders semi-structured values); NULL in, NULL out; the wrong kind of
// value refused.
func TestArrayAndObjectFunctions(t *testing.T) {
	runConformance(t, []conf{
		first(ok(`SELECT OBJECT_KEYS(PARSE_JSON('{"b": 1, "a": {"c": 2}}')) AS K`), "K", indented(`["a","b"]`)),
		first(ok(`SELECT OBJECT_DELETE(PARSE_JSON('{"a": 1, "b": 2, "c": 3}'), 'a', 'c') AS O`), "O", indented(`{"b":2}`)),
		first(ok(`SELECT OBJECT_PICK(PARSE_JSON('{"a": 1, "b": 2, "c": 3}'), 'a', 'c', 'z') AS O`), "O", indented(`{"a":1,"c":3}`)),
		first(ok(`SELECT ARRAY_APPEND(ARRAY_CONSTRUCT(1, 2), 'x') AS A, ARRAY_PREPEND(ARRAY_CONSTRUCT(1, 2), 0) AS P`), "A", indented(`[1,2,"x"]`), "P", indented(`[0,1,2]`)),
		first(ok(`SELECT ARRAY_CAT(ARRAY_CONSTRUCT(1, 2), ARRAY_CONSTRUCT(3)) AS A`), "A", indented(`[1,2,3]`)),
		// ARRAY_SLICE: from inclusive, to exclusive, negative from the end, clamped.
		first(ok(`SELECT ARRAY_SLICE(ARRAY_CONSTRUCT(0,1,2,3,4,5,6), 1, 3) AS A, ARRAY_SLICE(ARRAY_CONSTRUCT(0,1,2,3,4,5,6), -5, -3) AS B, ARRAY_SLICE(ARRAY_CONSTRUCT(0,1,2), 2, 10) AS C, ARRAY_SLICE(ARRAY_CONSTRUCT(0,1,2), 2, 1) AS D`),
			"A", indented(`[1,2]`), "B", indented(`[2,3]`), "C", indented(`[2]`), "D", indented(`[]`)),
		first(ok(`SELECT ARRAY_DISTINCT(PARSE_JSON('["A", "A", "B", null, null, {"a": 1}, {"a": 1}]')) AS A`), "A", indented(`["A","B",null,{"a":1}]`)),
		first(ok(`SELECT ARRAY_COMPACT(PARSE_JSON('[1, null, 2, null]')) AS A`), "A", indented(`[1,2]`)),
		first(ok(`SELECT ARRAY_POSITION('hi'::VARIANT, ARRAY_CONSTRUCT('hello', 'hi')) AS P, ARRAY_POSITION('x'::VARIANT, ARRAY_CONSTRUCT('y')) AS Q`), "P", "1", "Q", "<null>"),
		first(ok(`SELECT ARRAY_CAT(NULL, ARRAY_CONSTRUCT(1)) AS A, OBJECT_KEYS(NULL) AS K`), "A", "<null>", "K", "<null>"),
		rej(`SELECT OBJECT_KEYS(PARSE_JSON('[1]'))`, "001044"),
		rej(`SELECT ARRAY_SLICE(PARSE_JSON('{"a": 1}'), 0, 1)`, "001044"),
		// Snowflake keeps a SQL NULL element as undefined, which JSON cannot hold: refused, never dropped.
		rej(`SELECT ARRAY_SIZE(ARRAY_CONSTRUCT(1, NULL, 3))`, "000002"),
	})
}

// indented is a semi-structured value as Snowflake returns it: JSON
// indented by two spaces ("[\n  1,\n  2\n]", as `snow sql` shows
// `select [1, 2]`).
func indented(compact string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(compact), "", "  "); err != nil {
		panic(err)
	}
	return b.String()
}

// Date parts that do not depend on WEEK_START: ISO day of week (Monday 1),
// day of year, epoch seconds; only DATE_PART and its shorthands take them.
func TestWeekStartFreeDateParts(t *testing.T) {
	runConformance(t, []conf{
		first(ok(`SELECT DAYOFWEEKISO('2024-01-07'::DATE) AS A, DAYOFWEEKISO('2024-01-08'::DATE) AS B, DAYOFYEAR('2024-12-31'::DATE) AS C, DATE_PART('epoch_second', '2024-01-07 00:00:01'::TIMESTAMP_NTZ) AS D, DATE_PART(dow_iso, '2024-01-10'::DATE) AS E`),
			"A", "7", "B", "1", "C", "366", "D", "1704585601", "E", "3"),
		rej(`SELECT DATEADD('dayofyear', 1, '2024-01-07'::DATE)`, "002020"),
		rej(`SELECT DATE_TRUNC('epoch_second', '2024-01-07'::DATE)`, "002020"),
	})
}
