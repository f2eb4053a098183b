package compiler

import "testing"

// REGEXP_REPLACE, REGEXP_SUBSTR, REGEXP_COUNT and REGEXP_LIKE as their
// pages give them.
func TestRegexpFunctionsReplaySnowflakePages(t *testing.T) {
	replay(t, nil, []docCase{
		{query: `SELECT REGEXP_REPLACE('Customers - (NY)','\\(|\\)','')`, want: "Customers - NY"},
		{query: `SELECT REGEXP_REPLACE('It was the best of times, it was the worst of times', 'times', 'days', 1, 2)`,
			want: "It was the best of times, it was the worst of days"},
		{query: `SELECT REGEXP_REPLACE('firstname middlename lastname', '(.*) (.*) (.*)', '\\3, \\1 \\2')`, want: "lastname, firstname middlename"},
		{query: `SELECT REGEXP_SUBSTR('It was the best of times, it was the worst of times.', 'the\\W+\\w+')`, want: "the best"},
		{query: `SELECT REGEXP_COUNT('It was the best of times, it was the worst of times', '\\bwas\\b', 1)`, want: "2"},
		{query: `SELECT REGEXP_LIKE('Hellooo World', '.*o{3}.*'), RLIKE('abc', 'b')`, want: "true | false"},
		{query: `SELECT REGEXP_SUBSTR('abc', '(')`, code: "100048"},
	})
}
