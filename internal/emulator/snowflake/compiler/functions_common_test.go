package compiler

import "testing"

// The common date and string functions as their pages give them; dates
// are shown as stored (YYYY-MM-DD).
func TestCommonFunctionsReplaySnowflakePages(t *testing.T) {
	replay(t, nil, []docCase{
		{query: `SELECT DATEADD(month, 1, '2024-01-31'::DATE), DATEADD(day, -1, '2024-03-01'::DATE), DATEADD('year', 1, '2024-02-29'::DATE)`,
			want: "2024-02-29 | 2024-02-29 | 2025-02-28"},
		{query: `SELECT DATEADD(hour, 25, '2024-01-01 00:30:00'::TIMESTAMP_NTZ)::VARCHAR`, want: "2024-01-02 01:30:00.000"},
		{query: `SELECT DATEDIFF(year, '2023-12-31'::DATE, '2024-01-01'::DATE), DATEDIFF(month, '2024-03-31'::DATE, '2024-01-01'::DATE)`,
			want: "1 | -2"},
		{query: `SELECT YEAR('2024-05-17'::DATE), MONTH('2024-05-17'::DATE), DAY('2024-05-17'::DATE), QUARTER('2024-05-17'::DATE)`,
			want: "2024 | 5 | 17 | 2"},
		{query: `SELECT DAYOFWEEKISO('2024-01-07'::DATE), DAYOFYEAR('2024-12-31'::DATE)`, want: "7 | 366"},
		{query: `SELECT DATEDIFF('MILLISECOND', '2024-01-01 00:00:00.250'::TIMESTAMP_NTZ, '2024-01-01 00:00:01.000'::TIMESTAMP_NTZ), DATEDIFF(ms, '2024-01-01 00:00:01'::TIMESTAMP_NTZ, '2024-01-01 00:00:00'::TIMESTAMP_NTZ)`,
			want: "750 | -1000"},
		{query: `SELECT DATEADD(msec, 1500, '2024-01-01 00:00:00'::TIMESTAMP_NTZ)::VARCHAR, DATE_TRUNC('HOUR', '2024-01-01 10:59:59.999'::TIMESTAMP_NTZ)::VARCHAR`,
			want: "2024-01-01 00:00:01.500 | 2024-01-01 10:00:00.000"},
		{query: `SELECT DATE_PART(millisecond, '2024-01-01 00:00:00'::TIMESTAMP_NTZ)`, code: "002020"},
		{query: `SELECT DATEADD(fortnight, 1, '2024-01-01'::DATE)`, code: "002020"},
		{query: `SELECT DATE_TRUNC(week, '2024-01-01'::DATE)`, code: "000002"},
		{query: `SELECT CURRENT_DATE()`, want: "2024-05-17"},
		{query: `SELECT SUBSTR('snowflake', 5), SUBSTR('snowflake', 0, 4), SUBSTR('snowflake', -5, 3), LEFT('abc', 2), RIGHT('abc', 2)`,
			want: "flake | snow | fla | ab | bc"},
		{query: `SELECT REPLACE('a-b-c', '-', '+'), REPLACE('a-b-c', '-'), CONTAINS('issue #12', '#1'), STARTSWITH('octo/repo', 'octo/')`,
			want: "a+b+c | abc | true | true"},
		{query: `SELECT POSITION('b', 'abcb'), CHARINDEX('z', 'abc'), SPLIT_PART('octo/hello-world', '/', 2), SPLIT_PART('a.b.c', '.', -1)`,
			want: "2 | 0 | hello-world | c"},
		{query: `SELECT CONCAT_WS('-', 'a', 'b', 'c')`, want: "a-b-c"},
		{query: `SELECT MD5('a')`, want: "0cc175b9c0f1b6a831c399e269772661"},
	})
}
