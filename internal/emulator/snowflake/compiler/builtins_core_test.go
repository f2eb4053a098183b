package compiler

import "testing"

// The session's context functions answer from the Env's Context.
func TestContextFunctionsReadTheEnv(t *testing.T) {
	replay(t, nil, []docCase{
		{query: `SELECT CURRENT_ACCOUNT(), CURRENT_ORGANIZATION_NAME(), CURRENT_USER(), CURRENT_ROLE()`, want: "TEST | ORG | ADMIN | ACCOUNTADMIN"},
		{query: `SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_SESSION()`, want: "DB | PUBLIC | WH | 7"},
		{query: `SELECT CURRENT_REGION(), CURRENT_VERSION()`, want: "AWS_US_WEST_2 | 9.0.0"},
		{query: `SELECT LAST_QUERY_ID(), LAST_QUERY_ID(1)`, want: "01b2-last | <null>"},
		{query: `SELECT IS_ROLE_IN_SESSION('ACCOUNTADMIN'), IS_ROLE_IN_SESSION('SYSADMIN')`, want: "true | false"},
		{query: `SELECT CURRENT_USER(1)`, code: "001044"},
	})
}

// Conditionals, conversions and JSON constructors as their pages give them.
func TestCoreFunctionsReplaySnowflakePages(t *testing.T) {
	replay(t, nil, []docCase{
		{query: `SELECT NULLIF(1, 1), NULLIF(1, 2)`, want: "<null> | 1"},
		{query: `SELECT NVL2(0, 1, 2.5)`, want: "1.0"},
		{query: `SELECT DECODE(NULL, 1, 'one', NULL, 'null', 'other')`, want: "null"},
		{query: `SELECT IFF(1 > 2, 'yes', 'no'), COALESCE(NULL, 'b', 'c')`, want: "no | b"},
		{query: `SELECT TRY_CAST('12x' AS NUMBER), CAST('12' AS NUMBER)`, want: "<null> | 12"},
		{query: `SELECT CAST('12x' AS NUMBER)`, code: "100038"},
		// TRY_CAST's page: NULL where the conversion fails, of strings only.
		{query: `SELECT TRY_CAST('ABCD' AS CHAR(2)), TRY_CAST('ABCD' AS VARCHAR(10)), TRY_CAST('1.5' AS NUMBER(3,1))`, want: "<null> | ABCD | 1.5"},
		{query: `SELECT TRY_CAST(12 AS NUMBER)`, code: "001044"},
		{query: `SELECT TRY_CAST('2024-01-01' AS VARIANT)`, code: "000002"},
		{query: `SELECT PARSE_JSON('{"a": [1, 2]}'):a[1]`, want: "2"},
		{query: `SELECT PARSE_JSON('{')`, code: "100069"},
		{query: `SELECT TRY_PARSE_JSON('{')`, want: "<null>"},
		{query: `SELECT OBJECT_CONSTRUCT('a', 1, 'b', NULL)`, want: `{"a":1}`},
		{query: `SELECT NO_SUCH_FUNCTION(1)`, code: "002140"},
	})
}
