package snowflake

import "testing"

// TestRegexpFunctionsMatchSnowflakeExamples replays the examples of
// Snowflake's REGEXP_SUBSTR, REGEXP_SUBSTR_ALL and REGEXP_REPLACE pages
// (positions searched as strings of their own, occurrences, the e / i
// parameters, group numbers, POSIX classes, \1-style replacements) and
// compares every cell with the output the pages show.
func TestRegexpFunctionsMatchSnowflakeExamples(t *testing.T) {
	db, ctx := docSession(t,
		`CREATE DATABASE RX`, `USE SCHEMA RX.PUBLIC`,
		`CREATE OR REPLACE TABLE demo2 (id INT, string1 VARCHAR)`,
		`INSERT INTO demo2 (id, string1) VALUES
		    (2, 'It was the best of times, it was the worst of times.'),
		    (3, 'In    the   string   the   extra   spaces  are   redundant.'),
		    (4, 'A thespian theater is nearby.')`,
		`CREATE OR REPLACE TABLE test_regexp_substr (string1 VARCHAR)`,
		`INSERT INTO test_regexp_substr (string1) VALUES ('A MAN A PLAN A CANAL')`,
		`CREATE OR REPLACE TABLE message(body VARCHAR(255))`,
		`INSERT INTO message VALUES
		  ('Hellooo World'),
		  ('How are you doing today?'),
		  ('the quick brown fox jumps over the lazy dog'),
		  ('PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS')`,
		`CREATE OR REPLACE TABLE overlap (id NUMBER, a STRING)`,
		`INSERT INTO overlap VALUES (1, ',abc,def,ghi,jkl,')`,
		`INSERT INTO overlap VALUES (2, ',abc,,def,,ghi,,jkl,')`,
		`CREATE OR REPLACE TABLE test_regexp_log (logs VARCHAR)`,
		`INSERT INTO test_regexp_log (logs) VALUES
		  ('127.0.0.1 - - [10/Jan/2018:16:55:36 -0800] "GET / HTTP/1.0" 200 2216'),
		  ('192.168.2.20 - - [14/Feb/2018:10:27:10 -0800] "GET /cgi-bin/try/ HTTP/1.0" 200 3395')`,
	)
	examples := []struct{ sql, want string }{
		{`SELECT REGEXP_REPLACE('Customers - (NY)','\\(|\\)','') AS customers`, `
| CUSTOMERS      |
| Customers - NY |`},
		{`SELECT REGEXP_REPLACE('It was the best of times, it was the worst of times', '( ){1,}', '') AS result`, `
| RESULT                                   |
| Itwasthebestoftimes,itwastheworstoftimes |`},
		{`SELECT REGEXP_REPLACE('It was the best of times, it was the worst of times', 'times', 'days', 1, 2) AS result`, `
| RESULT                                             |
| It was the best of times, it was the worst of days |`},
		{`SELECT REGEXP_REPLACE('firstname middlename lastname', '(.*) (.*) (.*)', '\\3, \\1 \\2') AS name_sort`, `
| NAME_SORT                      |
| lastname, firstname middlename |`},
		{`SELECT id, REGEXP_SUBSTR(string1, 'the\\W+\\w+') AS result FROM demo2 ORDER BY id`, `
| ID | RESULT       |
|  2 | the best     |
|  3 | the   string |
|  4 | NULL         |`},
		{`SELECT id, REGEXP_SUBSTR(string1, 'the\\W+\\w+', 1, 2) AS result FROM demo2 ORDER BY id`, `
| ID | RESULT      |
|  2 | the worst   |
|  3 | the   extra |
|  4 | NULL        |`},
		{`SELECT id, REGEXP_SUBSTR(string1, 'the\\W+(\\w+)', 1, 2, 'e', 1) AS result FROM demo2 ORDER BY id`, `
| ID | RESULT |
|  2 | worst  |
|  3 | extra  |
|  4 | NULL   |`},
		{`SELECT REGEXP_SUBSTR(string1, 'A\\W+(\\w+)', 1, 1, 'e', 1) AS result1,
		       REGEXP_SUBSTR(string1, 'A\\W+(\\w+)', 1, 2, 'e', 1) AS result2,
		       REGEXP_SUBSTR(string1, 'A\\W+(\\w+)', 1, 3, 'e', 1) AS result3,
		       REGEXP_SUBSTR(string1, 'A\\W+(\\w+)', 1, 4, 'e', 1) AS result4
		  FROM test_regexp_substr`, `
| RESULT1 | RESULT2 | RESULT3 | RESULT4 |
| MAN     | PLAN    | CANAL   | NULL    |`},
		{`SELECT REGEXP_SUBSTR(string1, 'A\\W+(\\w)(\\w)(\\w)', 1, 1, 'e', 1) AS result1,
		       REGEXP_SUBSTR(string1, 'A\\W+(\\w)(\\w)(\\w)', 1, 1, 'e', 2) AS result2,
		       REGEXP_SUBSTR(string1, 'A\\W+(\\w)(\\w)(\\w)', 1, 1, 'e', 3) AS result3
		  FROM test_regexp_substr`, `
| RESULT1 | RESULT2 | RESULT3 |
| M       | A       | N       |`},
		{`SELECT body, REGEXP_SUBSTR(body, '\\b\\S*o\\S*\\b') AS result FROM message`, `
| BODY                                        | RESULT  |
| Hellooo World                               | Hellooo |
| How are you doing today?                    | How     |
| the quick brown fox jumps over the lazy dog | brown   |
| PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS     | NULL    |`},
		{`SELECT body, REGEXP_SUBSTR(body, '\\b\\S*o\\S*\\b', 3) AS result FROM message`, `
| BODY                                        | RESULT |
| Hellooo World                               | llooo  |
| How are you doing today?                    | you    |
| the quick brown fox jumps over the lazy dog | brown  |
| PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS     | NULL   |`},
		{`SELECT body, REGEXP_SUBSTR(body, '\\b\\S*o\\S*\\b', 3, 3) AS result FROM message`, `
| BODY                                        | RESULT |
| Hellooo World                               | NULL   |
| How are you doing today?                    | today  |
| the quick brown fox jumps over the lazy dog | over   |
| PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS     | NULL   |`},
		{`SELECT body, REGEXP_SUBSTR(body, '\\b\\S*o\\S*\\b', 3, 3, 'i') AS result FROM message`, `
| BODY                                        | RESULT |
| Hellooo World                               | NULL   |
| How are you doing today?                    | today  |
| the quick brown fox jumps over the lazy dog | over   |
| PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS     | LIQUOR |`},
		{`SELECT body, REGEXP_SUBSTR(body, '(H\\S*o\\S*\\b).*', 1, 1, '') AS result FROM message`, `
| BODY                                        | RESULT                   |
| Hellooo World                               | Hellooo World            |
| How are you doing today?                    | How are you doing today? |
| the quick brown fox jumps over the lazy dog | NULL                     |
| PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS     | NULL                     |`},
		{`SELECT id, REGEXP_SUBSTR(a,'[[:punct:]][[:alnum:]]+[[:punct:]]', 1, 2) AS result FROM overlap`, `
| ID | RESULT |
|  1 | ,ghi,  |
|  2 | ,def,  |`},
		{`SELECT '{ "ip_addr":"'
		       || REGEXP_SUBSTR (logs,'\\b\\d{1,3}\.\\d{1,3}\.\\d{1,3}\.\\d{1,3}\\b')
		       || '", "date":"'
		       || REGEXP_SUBSTR (logs,'([\\w:\/]+\\s[+\-]\\d{4})')
		       || '", "request":"'
		       || REGEXP_SUBSTR (logs,'\"((\\S+) (\\S+) (\\S+))\"', 1, 1, 'e')
		       || '", "status":"'
		       || REGEXP_SUBSTR (logs,'(\\d{3}) \\d+', 1, 1, 'e')
		       || '", "size":"'
		       || REGEXP_SUBSTR (logs,'\\d{3} (\\d+)', 1, 1, 'e')
		       || '"}' as Apache_HTTP_Server_Access
		  FROM test_regexp_log`, `
| APACHE_HTTP_SERVER_ACCESS                                                                                                               |
| { "ip_addr":"127.0.0.1", "date":"10/Jan/2018:16:55:36 -0800", "request":"GET / HTTP/1.0", "status":"200", "size":"2216"}                |
| { "ip_addr":"192.168.2.20", "date":"14/Feb/2018:10:27:10 -0800", "request":"GET /cgi-bin/try/ HTTP/1.0", "status":"200", "size":"3395"} |`},
		{`SELECT REGEXP_SUBSTR_ALL('a1_a2a3_a4A5a6', 'a[[:digit:]]')::VARCHAR AS a,
		        REGEXP_SUBSTR_ALL('a1_a2a3_a4A5a6', 'a[[:digit:]]', 2)::VARCHAR AS b,
		        REGEXP_SUBSTR_ALL('a1_a2a3_a4A5a6', 'a[[:digit:]]', 1, 3)::VARCHAR AS c,
		        REGEXP_SUBSTR_ALL('a1_a2a3_a4A5a6', 'a[[:digit:]]', 1, 1, 'i')::VARCHAR AS d,
		        REGEXP_SUBSTR_ALL('a1_a2a3_a4A5a6', '(a)([[:digit:]])', 1, 1, 'ie')::VARCHAR AS e,
		        REGEXP_SUBSTR_ALL('a1_a2a3_a4A5a6', 'b')::VARCHAR AS f`, `
| A | B | C | D | E | F |
| ["a1","a2","a3","a4","a6"] | ["a2","a3","a4","a6"] | ["a3","a4","a6"] | ["a1","a2","a3","a4","A5","a6"] | ["a","a","a","a","A","a"] | [] |`},
		{`SELECT REGEXP_SUBSTR_ALL(string1, 'A\\W+(\\w)(\\w)(\\w)', 1, 1, 'e', 2)::VARCHAR AS result2 FROM test_regexp_substr`, `
| RESULT2 |
| ["A","L","A"] |`},
		// REGEXP_LIKE anchors at both ends; REGEXP_COUNT counts non-overlapping matches.
		{`SELECT REGEXP_LIKE('San Francisco', 'san.*', 'i') AS a, REGEXP_LIKE('San Francisco', 'San') AS b, RLIKE('x1', 'x\\d') AS c,
		        REGEXP_COUNT('It was the best of times, it was the worst of times', '\\bwas\\b', 1) AS d, REGEXP_COUNT('aaa', 'a', 2) AS e`, `
| A | B | C | D | E |
| true | false | true | 2 | 2 |`},
	}
	for _, ex := range examples {
		checkDocExample(t, ctx, db, ex.sql, ex.want)
	}
	for _, c := range []struct{ sql, code string }{
		{`SELECT REGEXP_SUBSTR('ab', 'a|ab')`, "000002"}, // leftmost-first and leftmost-longest disagree
		{`SELECT REGEXP_SUBSTR('ab', 'a', 1, 1, 'q')`, "100048"},
		{`SELECT REGEXP_SUBSTR('ab', '(')`, "100048"},
	} {
		if _, err := query(ctx, db, c.sql); errorCode(err) != c.code {
			t.Errorf("%s: got %v, want %s", c.sql, err, c.code)
		}
	}
}
