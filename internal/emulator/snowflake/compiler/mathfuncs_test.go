package compiler

import "testing"

// The numeric functions as Snowflake's pages give them (MOD, ROUND, FLOOR,
// CEIL, TRUNCATE, ABS, GREATEST, LEAST, ZEROIFNULL, NULLIFZERO).
func TestMathFunctionsReplaySnowflakePages(t *testing.T) {
	replay(t, nil, []docCase{
		// MOD: MOD(3, 2) is 1, MOD(4.5, 1.2) is 0.9; % truncates toward zero.
		{query: `SELECT MOD(3, 2)`, want: "1"},
		{query: `SELECT MOD(4.5, 1.2)`, want: "0.9"},
		{query: `SELECT -7 % 3`, want: "-1"},
		{query: `SELECT MOD('a', 2)`, code: "001044"},
		{query: `SELECT 1 % 0`, code: "100051"},
		// ROUND rounds half away from zero; a negative scale rounds left of the point.
		{query: `SELECT ROUND(2.5)`, want: "3"},
		{query: `SELECT ROUND(-2.5)`, want: "-3"},
		{query: `SELECT ROUND(1.005, 2)`, want: "1.01"},
		{query: `SELECT ROUND(1234.5678, -2)`, want: "1200"},
		{query: `SELECT ROUND(2.675::FLOAT, 2)`, code: "000002"},
		{query: `SELECT FLOOR(-2.5)`, want: "-3"},
		{query: `SELECT CEIL(-2.5)`, want: "-2"},
		{query: `SELECT TRUNC(-2.7)`, want: "-2"},
		{query: `SELECT ABS(-3.25)`, want: "3.25"},
		{query: `SELECT ABS('x')`, code: "001044"},
		{query: `SELECT GREATEST(1, 3, 2)`, want: "3"},
		{query: `SELECT LEAST(1, NULL)`, want: "<null>"},
		// ZEROIFNULL and NULLIFZERO.
		{query: `SELECT ZEROIFNULL(NULL), NULLIFZERO(0), NULLIFZERO(2)`, want: "0 | <null> | 2"},
	})
}
