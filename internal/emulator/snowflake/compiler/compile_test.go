package compiler

import "testing"

// FROM reads what the Env gives: a table's rows, a view's query compiled in
// the view's own Env; names resolve with Snowflake's rules.
func TestFromReadsTheEnvsSources(t *testing.T) {
	replay(t, func(m *inMemory) {
		m.table("ISSUES", []string{"ID NUMBER", "TITLE VARCHAR", "STATE VARCHAR"},
			"1, 'Crash', 'open'", "2, 'Docs', 'closed'", "3, 'Flaky', 'open'")
		view, err := parseOne(`SELECT ID, TITLE FROM ISSUES WHERE STATE = 'open'`)
		if err != nil {
			m.t.Fatal(err)
		}
		m.env.tables["OPEN_ISSUES"] = Source{Name: "OPEN_ISSUES", View: view, ViewEnv: m.env}
	}, []docCase{
		{query: `SELECT COUNT(*), MAX(ID) FROM ISSUES`, want: "3 | 3"},
		{query: `SELECT I.TITLE FROM ISSUES I WHERE I.ID = 2`, want: "Docs"},
		{query: `SELECT LISTAGG(TITLE, ',') WITHIN GROUP (ORDER BY ID) FROM OPEN_ISSUES`, want: "Crash,Flaky"},
		{query: `SELECT o.id FROM open_issues o WHERE o.title = 'Flaky'`, want: "3"},
		{query: `SELECT NOPE FROM ISSUES`, code: "000904"},
		{query: `SELECT ID FROM ISSUES A, ISSUES B`, code: "002028"},
		{query: `SELECT * FROM NO_SUCH_TABLE`, code: "000904"},
		{query: `SELECT SEQ4() FROM TABLE(GENERATOR(ROWCOUNT => 3)) ORDER BY 1 DESC LIMIT 1`, want: "2"},
		{query: `SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY())`, code: "002140"},
	})
}
