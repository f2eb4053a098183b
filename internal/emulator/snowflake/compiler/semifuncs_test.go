package compiler

import "testing"

// The ARRAY_* and OBJECT_* functions as their pages give them (compact):
// NULL in, NULL out; the wrong kind of value refused.
func TestSemiStructuredFunctionsReplaySnowflakePages(t *testing.T) {
	replay(t, nil, []docCase{
		{query: `SELECT OBJECT_KEYS(PARSE_JSON('{"b": 1, "a": {"c": 2}}'))`, want: `["a","b"]`},
		{query: `SELECT OBJECT_DELETE(PARSE_JSON('{"a": 1, "b": 2, "c": 3}'), 'a', 'c')`, want: `{"b":2}`},
		{query: `SELECT OBJECT_PICK(PARSE_JSON('{"a": 1, "b": 2, "c": 3}'), 'a', 'c', 'z')`, want: `{"a":1,"c":3}`},
		{query: `SELECT ARRAY_APPEND(ARRAY_CONSTRUCT(1, 2), 'x'), ARRAY_PREPEND(ARRAY_CONSTRUCT(1, 2), 0)`, want: `[1,2,"x"] | [0,1,2]`},
		{query: `SELECT ARRAY_CAT(ARRAY_CONSTRUCT(1, 2), ARRAY_CONSTRUCT(3))`, want: `[1,2,3]`},
		{query: `SELECT ARRAY_SLICE(ARRAY_CONSTRUCT(0,1,2,3,4,5,6), 1, 3), ARRAY_SLICE(ARRAY_CONSTRUCT(0,1,2,3,4,5,6), -5, -3)`, want: `[1,2] | [2,3]`},
		{query: `SELECT ARRAY_DISTINCT(PARSE_JSON('["A", "A", "B", null, null, {"a": 1}, {"a": 1}]'))`, want: `["A","B",null,{"a":1}]`},
		{query: `SELECT ARRAY_COMPACT(PARSE_JSON('[1, null, 2, null]'))`, want: `[1,2]`},
		{query: `SELECT ARRAY_POSITION('hi'::VARIANT, ARRAY_CONSTRUCT('hello', 'hi')), ARRAY_POSITION('x'::VARIANT, ARRAY_CONSTRUCT('y'))`, want: "1 | <null>"},
		{query: `SELECT ARRAY_CONTAINS('bug'::VARIANT, PARSE_JSON('["bug","docs"]')), ARRAY_CONTAINS('x'::VARIANT, PARSE_JSON('[]'))`, want: "true | false"},
		{query: `SELECT ARRAY_CONTAINS('bug', PARSE_JSON('["bug"]'))`, code: "001044"},
		{query: `SELECT ARRAY_TO_STRING(PARSE_JSON('["a",1,null,true]'), '|')`, want: "a|1||true"},
		{query: `SELECT ARRAY_CAT(NULL, ARRAY_CONSTRUCT(1)), OBJECT_KEYS(NULL)`, want: "<null> | <null>"},
		{query: `SELECT OBJECT_KEYS(PARSE_JSON('[1]'))`, code: "001044"},
		{query: `SELECT ARRAY_SIZE(ARRAY_CONSTRUCT(1, NULL, 3))`, code: "000002"},
	})
}
