package compiler

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// The compiler's own tests: queries parsed, compiled against testEnv and
// run in an in-memory SQLite, with no engine, no HTTP and no driver.

// testNow is the statement time testEnv gives every query.
var testNow = time.Date(2024, 5, 17, 13, 45, 0, 0, time.UTC)

// testEnv is an account of a few tables, given as SQLite tables t_<name>
// with columns c0, c1, …
type testEnv struct {
	tables map[string]Source
}

func (testEnv) Context() Context {
	return Context{Account: "TEST", Organization: "ORG", Region: "AWS_US_WEST_2", Version: "9.0.0",
		User: "ADMIN", Role: "ACCOUNTADMIN", Database: "DB", Schema: "PUBLIC", Warehouse: "WH", SessionID: 7, Now: testNow}
}

func (testEnv) LastQueryID(n int) string {
	if n == -1 {
		return "01b2-last"
	}
	return ""
}

func (testEnv) RolesInSession() (map[string]bool, error) {
	return map[string]bool{"ACCOUNTADMIN": true, "PUBLIC": true}, nil
}

func (e testEnv) Relation(n sqlparse.Name) (Source, error) {
	if src, ok := e.tables[n.Last()]; ok {
		return src, nil
	}
	return Source{}, sferr.InvalidIdentifier.With(n.String())
}

func (testEnv) TableFunction(f *sqlparse.TableFunctionRef, _ ArgCompiler) (Source, error) {
	return Source{}, sferr.UnknownFunction.With("Unknown table function %s", f.Name.String())
}

// inMemory is testEnv over an in-memory SQLite.
type inMemory struct {
	t   *testing.T
	db  *sql.DB
	env testEnv
}

func newInMemory(t *testing.T) *inMemory {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	t.Cleanup(func() { _ = db.Close() })
	return &inMemory{t: t, db: db, env: testEnv{tables: map[string]Source{}}}
}

// table adds a table: columns "NAME TYPE", rows of SQLite literals.
func (m *inMemory) table(name string, columns []string, rows ...string) {
	m.t.Helper()
	src := Source{Name: name, From: `"t_` + name + `"`}
	var defs []string
	for i, c := range columns {
		colName, typeText, _ := strings.Cut(c, " ")
		typ, err := ParseType(typeText)
		if err != nil {
			m.t.Fatal(err)
		}
		src.Columns = append(src.Columns, SourceColumn{Name: colName, Type: typ})
		defs = append(defs, fmt.Sprintf("c%d %s", i, typ.Affinity()))
	}
	stmts := []string{"CREATE TABLE " + src.From + " (" + strings.Join(defs, ", ") + ")"}
	for _, r := range rows {
		stmts = append(stmts, "INSERT INTO "+src.From+" VALUES ("+r+")")
	}
	for _, s := range stmts {
		if _, err := m.db.Exec(s); err != nil {
			m.t.Fatalf("%s: %v", s, err)
		}
	}
	m.env.tables[name] = src
}

// rows runs a SELECT and renders each row's cells as "a | b" (see render).
func (m *inMemory) rows(query string) ([]string, error) {
	sel, err := parseOne(query)
	if err != nil {
		return nil, err
	}
	compiled, err := New(m.env).CompileSelect(sel, nil)
	if err != nil {
		return nil, err
	}
	rs, err := m.db.Query(compiled.SQL)
	if err != nil {
		return nil, sferr.FromSQLite(err)
	}
	defer func() { _ = rs.Close() }()
	var out []string
	for rs.Next() {
		vals := make([]any, len(compiled.Cols))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, sferr.FromSQLite(err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			if cells[i], err = render(v, compiled.Cols[i].Type); err != nil {
				return nil, err
			}
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out, sferr.FromSQLite(rs.Err())
}

// render is a cell as Snowflake shows it, semi-structured values compact:
// NUMBER at its column's scale, BOOLEAN true/false, NULL as <null>.
func render(v any, t SFType) (string, error) {
	if v == nil {
		return "<null>", nil
	}
	switch t.Base {
	case "NUMBER":
		text, err := NumberText(v, t.Scale)
		if err != nil {
			return "", err
		}
		s, _ := TextArg(text)
		return s, nil
	case "BOOLEAN":
		if n, ok := v.(int64); ok {
			return fmt.Sprint(n != 0), nil
		}
	}
	s, _ := TextArg(v)
	return s, nil
}

// docCase is one example of a Snowflake page: the query, and its one row
// (cells joined by " | ") or the error code it answers with.
type docCase struct{ query, want, code string }

// replay runs cases against a fresh in-memory account (setup adds its
// tables) and reports every difference.
func replay(t *testing.T, setup func(*inMemory), cases []docCase) {
	t.Helper()
	m := newInMemory(t)
	if setup != nil {
		setup(m)
	}
	for _, c := range cases {
		rows, err := m.rows(c.query)
		got := strings.Join(rows, "\n")
		var sfErr *sferr.Error
		switch {
		case c.code != "" && (!errors.As(err, &sfErr) || sfErr.Code != c.code):
			t.Errorf("%s: %q, %v; want error %s", c.query, got, err, c.code)
		case c.code == "" && (err != nil || got != c.want):
			t.Errorf("%s = %q (%v), want %q", c.query, got, err, c.want)
		}
	}
}

// parseOne parses one SELECT.
func parseOne(query string) (*sqlparse.SelectStmt, error) {
	parsed, err := sqlparse.Parse(query, nil)
	if err != nil {
		return nil, err
	}
	sel, ok := parsed[0].Stmt.(*sqlparse.SelectStmt)
	if !ok || len(parsed) != 1 {
		return nil, fmt.Errorf("%s: not one SELECT", query)
	}
	return sel, nil
}
