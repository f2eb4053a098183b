package compiler

import (
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// Env is the account as the compiler sees it: what a name in FROM reads,
// the account's table functions, and what the context functions answer.
// The engine implements it for each statement; the compiler reaches the
// session and the catalog through nothing else.
type Env interface {
	// Context is the session's and the statement's context.
	Context() Context
	// LastQueryID is LAST_QUERY_ID(n): "" when there is no such query.
	LastQueryID(n int) string
	// RolesInSession are the current role and every role it inherits.
	RolesInSession() (map[string]bool, error)
	// Relation is what a name in FROM reads: a table or view the session
	// may select from, or a view of the account's own (ACCOUNT_USAGE).
	Relation(name sqlparse.Name) (Source, error)
	// TableFunction is TABLE(name(…)) for the account's table functions
	// (INFORMATION_SCHEMA.TASK_HISTORY and the like); arg compiles one of
	// the call's arguments when the function needs its value.
	TableFunction(f *sqlparse.TableFunctionRef, arg ArgCompiler) (Source, error)
}

// ArgCompiler compiles a table function's argument: its SQLite expression
// and type.
type ArgCompiler func(sqlparse.Expr) (string, SFType, error)

// Context is what CURRENT_USER() and its kin return, and the statement's
// time (CURRENT_TIMESTAMP() and friends are constant within a statement).
type Context struct {
	Account, Organization, Region, Version  string
	User, Role, Database, Schema, Warehouse string
	SessionID                               int64
	Now                                     time.Time
}

// Source is what a FROM item reads: either SQLite rows whose columns are
// c0, c1, … in the order of Columns, or a view's query, compiled in the
// view's own Env (its database and schema, its owner's rights).
type Source struct {
	Name    string // the alias when the query gives none
	Columns []SourceColumn
	From    string // a SQLite table, or a parenthesized SELECT
	View    *sqlparse.SelectStmt
	ViewEnv Env
}

// SourceColumn is a column of a Source.
type SourceColumn struct {
	Name string
	Type SFType
}
