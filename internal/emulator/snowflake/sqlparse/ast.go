package sqlparse

import (
	"strconv"
	"strings"
)

// Statement is a parsed SQL statement.
type Statement interface{ stmtNode() }

// Name is a possibly qualified object name. Unquoted parts are upper-cased;
// quoted parts are exact.
type Name struct {
	Parts []string
	Tok   Token
}

func (n Name) Last() string {
	if len(n.Parts) == 0 {
		return ""
	}
	return n.Parts[len(n.Parts)-1]
}

// String renders the name the way Snowflake prints it in messages: parts
// that are plain upper-case identifiers bare, others double-quoted.
func (n Name) String() string {
	out := make([]string, len(n.Parts))
	for i, p := range n.Parts {
		out[i] = DisplayIdent(p)
	}
	return strings.Join(out, ".")
}

// DisplayIdent quotes a name unless it reads back as the same unquoted identifier.
func DisplayIdent(p string) string {
	if isPlainIdent(p) {
		return p
	}
	return `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
}

func isPlainIdent(p string) bool {
	if p == "" {
		return false
	}
	for i, r := range p {
		switch {
		case r == '_' || (r >= 'A' && r <= 'Z'):
		case i > 0 && (r == '$' || (r >= '0' && r <= '9')):
		default:
			return false
		}
	}
	return true
}

// ValueKind classifies property values.
type ValueKind int

const (
	ValString ValueKind = iota
	ValNumber
	ValBool
	ValIdent
	ValList
	ValNull
	ValOptions // ( KEY = value … ), as in FILE_FORMAT = ( TYPE = CSV … )
)

// Value is a property value: literal, identifier or parenthesised list.
type Value struct {
	Kind  ValueKind
	Str   string // string literal, number text, or the identifier's last part
	Bool  bool
	Ident Name
	List  []Value
	Opts  []Property // ValOptions
	Tok   Token
}

// Property is KEY = value in DDL.
type Property struct {
	Key    string
	KeyTok Token
	Value  Value
}

// UseStmt is USE [ROLE|DATABASE|SCHEMA|WAREHOUSE|SECONDARY ROLES] name.
type UseStmt struct {
	Kind string // ROLE, DATABASE, SCHEMA, WAREHOUSE; "" means DATABASE
	Name Name
}

// AlterSessionStmt is ALTER SESSION SET … | UNSET ….
type AlterSessionStmt struct {
	Set   []Property
	Unset []string
}

// TransactionStmt is BEGIN, COMMIT or ROLLBACK.
type TransactionStmt struct{ Op string }

// CreateStmt is CREATE for objects whose body is a property list.
type CreateStmt struct {
	Temporary   bool   // TEMPORARY (accepted; the emulator keeps the object until it is dropped)
	Kind        string // DATABASE, SCHEMA, WAREHOUSE, ROLE, USER, NETWORK RULE, SECRET, INTEGRATION, STAGE
	OrReplace   bool
	IfNotExists bool
	Name        Name
	Props       []Property
	Tok         Token
	End         Token // the token after the statement, for "missing clause" errors
}

// AlterStmt is ALTER <kind> [IF EXISTS] name <action>.
type AlterStmt struct {
	Kind     string
	IfExists bool
	Name     Name
	Set      []Property
	Unset    []Token
	RenameTo *Name
	Action   string // SUSPEND, RESUME, … for kinds with verbs
	// ALTER TABLE … ADD [COLUMN] [IF NOT EXISTS] columns
	AddColumns     []ColumnDef
	AddIfNotExists bool
	Tok            Token
}

// DropStmt is DROP <kind> [IF EXISTS] name [CASCADE|RESTRICT].
type DropStmt struct {
	Kind     string
	IfExists bool
	Name     Name
	Cascade  bool
	Restrict bool
}

// ShowStmt is SHOW [TERSE] <kinds> [LIKE] [IN …] [STARTS WITH] [LIMIT].
type ShowStmt struct {
	Kind       string // singular kind
	Terse      bool
	Like       *string
	InKind     string // ACCOUNT, DATABASE, SCHEMA, APPLICATION, APPLICATION PACKAGE, "" if absent
	In         *Name
	StartsWith *string
	Limit      int
}

// ShowParametersStmt is SHOW PARAMETERS [LIKE] [IN <level> [name]].
type ShowParametersStmt struct {
	Like   *string
	Level  string // SESSION (default), ACCOUNT, USER, WAREHOUSE, DATABASE, SCHEMA, TASK
	Object *Name
}

func (*ShowParametersStmt) stmtNode() {}

// ShowReplicationDatabasesStmt is SHOW REPLICATION DATABASES [LIKE '…']
// [WITH PRIMARY <account>.<database>].
type ShowReplicationDatabasesStmt struct {
	Like    *string
	Primary *Name // organization.account.database or account.database
}

func (*ShowReplicationDatabasesStmt) stmtNode() {}

// DescribeStmt is DESC[RIBE] <kind> name.
type DescribeStmt struct {
	Kind string
	Name Name
}

// GrantStmt is GRANT/REVOKE privileges ON object TO/FROM grantee.
type GrantStmt struct {
	Revoke      bool
	Privileges  []string
	OnKind      string // ACCOUNT or an object kind
	On          Name
	OnArgs      []string // argument types, for PROCEDURE
	GranteeKind string   // ROLE, USER, APPLICATION, APPLICATION ROLE
	Grantee     Name
	GrantOption bool
	Tok         Token
}

// GrantRoleStmt is GRANT/REVOKE ROLE r TO/FROM ROLE|USER x, or
// GRANT/REVOKE APPLICATION ROLE [app.]r TO/FROM ROLE x | APPLICATION ROLE y.
type GrantRoleStmt struct {
	Revoke      bool
	RoleKind    string // ROLE or APPLICATION ROLE
	Role        Name
	GranteeKind string
	Grantee     Name
}

// ShowGrantsStmt is SHOW GRANTS [TO ROLE|USER|APPLICATION x | ON kind x | OF ROLE x].
type ShowGrantsStmt struct {
	Mode string // "", TO, ON, OF
	Kind string // ROLE, USER, APPLICATION, ACCOUNT or an object kind
	Name Name
}

// SelectStmt is a SELECT.
type SelectStmt struct {
	With       []CTE
	Recursive  bool    // WITH RECURSIVE
	SetOps     []SetOp // UNION / INTERSECT / EXCEPT with later cores; ORDER BY and LIMIT apply to the whole
	Distinct   bool
	Items      []SelectItem
	From       []FromItem
	Where      Expr
	GroupBy    []Expr
	GroupByAll bool // GROUP BY ALL (refused: not expanded by the emulator)
	Having     Expr
	Qualify    Expr
	OrderBy    []OrderItem
	Limit      *int64
	Offset     *int64
}

// CTE is one common table expression of WITH: name [(columns)] AS (select).
type CTE struct {
	Name    string
	Columns []string
	Select  *SelectStmt
}

// SetOp combines the select so far with Right: UNION ALL, UNION, INTERSECT, EXCEPT.
type SetOp struct {
	Op    string
	Right *SelectStmt
}

// ValuesRef is VALUES (…), (…) as a table: columns COLUMN1… unless named.
type ValuesRef struct {
	Rows    [][]Expr
	Alias   string
	Columns []string
}

func (*ValuesRef) fromNode() {}

// SelectItem is an expression with an optional alias.
type SelectItem struct {
	Expr  Expr
	Alias string
	Text  string // source text of the expression, Snowflake's default column name
}

func (*UseStmt) stmtNode()          {}
func (*AlterSessionStmt) stmtNode() {}
func (*TransactionStmt) stmtNode()  {}
func (*CreateStmt) stmtNode()       {}
func (*AlterStmt) stmtNode()        {}
func (*DropStmt) stmtNode()         {}
func (*ShowStmt) stmtNode()         {}
func (*DescribeStmt) stmtNode()     {}
func (*GrantStmt) stmtNode()        {}
func (*GrantRoleStmt) stmtNode()    {}
func (*ShowGrantsStmt) stmtNode()   {}
func (*SelectStmt) stmtNode()       {}

// Expr is an expression node.
type Expr interface{ exprNode() }

// Literal is a constant; Kind reuses ValueKind (string, number, bool, null).
type Literal struct {
	Kind ValueKind
	Str  string
	Bool bool
}

// ColumnRef is a (possibly qualified) column or bare identifier.
type ColumnRef struct{ Name Name }

// FuncCall is f(args) with optional named arguments (name => value).
type FuncCall struct {
	Name     string
	Args     []Expr
	Named    map[string]Expr
	Star     bool
	Distinct bool
	Over     *WindowSpec
	// WithinGroup is WITHIN GROUP (ORDER BY …) of LISTAGG and ARRAY_AGG.
	WithinGroup []OrderItem
	Tok         Token
}

// BinaryExpr is a binary operator.
type BinaryExpr struct {
	Op          string
	Left, Right Expr
}

// UnaryExpr is NOT or unary minus/plus.
type UnaryExpr struct {
	Op string
	X  Expr
}

// CastExpr is x::TYPE or CAST(x AS TYPE).
type CastExpr struct {
	X    Expr
	Type string
	Try  bool
}

// IsNullExpr is x IS [NOT] NULL.
type IsNullExpr struct {
	X   Expr
	Not bool
}

func (*Literal) exprNode()    {}
func (*ColumnRef) exprNode()  {}
func (*FuncCall) exprNode()   {}
func (*BinaryExpr) exprNode() {}
func (*UnaryExpr) exprNode()  {}
func (*CastExpr) exprNode()   {}
func (*IsNullExpr) exprNode() {}

// Query and DML nodes.

// FromItem is a relation in FROM.
type FromItem interface{ fromNode() }

// TableRef names a table or view.
type TableRef struct {
	Name  Name
	Alias string
}

// SubqueryRef is (SELECT …) alias.
type SubqueryRef struct {
	Select *SelectStmt
	Alias  string
}

// FlattenRef is TABLE(FLATTEN(…)) or LATERAL FLATTEN(…).
type FlattenRef struct {
	Input Expr
	Path  string
	Outer bool
	Alias string
}

// JoinRef joins two relations.
type JoinRef struct {
	Left, Right FromItem
	Kind        string // INNER, LEFT, CROSS
	On          Expr
}

// TableFunctionRef is TABLE(name(args)), such as INFORMATION_SCHEMA.TASK_HISTORY.
type TableFunctionRef struct {
	Name  Name
	Call  *FuncCall
	Alias string
}

func (*TableFunctionRef) fromNode() {}
func (*TableRef) fromNode()         {}
func (*SubqueryRef) fromNode()      {}
func (*FlattenRef) fromNode()       {}
func (*JoinRef) fromNode()          {}

// OrderItem is one ORDER BY key.
type OrderItem struct {
	Expr Expr
	Desc bool
	// Nulls is FIRST or LAST when written; empty takes Snowflake's default
	// (NULLS LAST ascending, NULLS FIRST descending).
	Nulls string
}

// SortSQL is the key's direction and NULL placement as SQLite writes them.
func (o OrderItem) SortSQL() string {
	dir, nulls := " ASC", "LAST"
	if o.Desc {
		dir, nulls = " DESC", "FIRST"
	}
	if o.Nulls != "" {
		nulls = o.Nulls
	}
	return dir + " NULLS " + nulls
}

// StarExpr is * or alias.* in a select list.
type StarExpr struct{ Qualifier string }

// PathElem is one step of a VARIANT path: a key or an array index.
type PathElem struct {
	Key   string
	Index int
	IsIdx bool
}

// PathExpr is x:a.b[0]['k'].
type PathExpr struct {
	X    Expr
	Path []PathElem
}

// InExpr is x [NOT] IN (…).
type InExpr struct {
	X    Expr
	List []Expr
	Not  bool
}

// LikeExpr is x [NOT] [I]LIKE pattern.
type LikeExpr struct {
	X, Pattern Expr
	Escape     Expr // nil: no escape character (Snowflake has no default)
	Not, ILike bool
}

// BetweenExpr is x [NOT] BETWEEN lo AND hi.
type BetweenExpr struct {
	X, Lo, Hi Expr
	Not       bool
}

// WhenClause is one WHEN … THEN … of a CASE.
type WhenClause struct{ Cond, Result Expr }

// CaseExpr is CASE [operand] WHEN … END.
type CaseExpr struct {
	Operand Expr
	Whens   []WhenClause
	Else    Expr
}

// WindowSpec is OVER (PARTITION BY … ORDER BY …).
type WindowSpec struct {
	PartitionBy []Expr
	OrderBy     []OrderItem
	Frame       *WindowFrame // nil: the function's default frame
}

// WindowFrame is ROWS | RANGE [BETWEEN] bound [AND bound].
type WindowFrame struct {
	Unit       string // ROWS or RANGE
	Start, End FrameBound
	Between    bool
}

// FrameBound is UNBOUNDED PRECEDING | n PRECEDING | CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING.
type FrameBound struct {
	Kind   string // UNBOUNDED PRECEDING, PRECEDING, CURRENT ROW, FOLLOWING, UNBOUNDED FOLLOWING
	Offset int64
}

// SQL writes the bound as SQLite (and Snowflake) spell it.
func (b FrameBound) SQL() string {
	if b.Kind == "PRECEDING" || b.Kind == "FOLLOWING" {
		return strconv.FormatInt(b.Offset, 10) + " " + b.Kind
	}
	return b.Kind
}

// SQL writes the frame.
func (f WindowFrame) SQL() string {
	if f.Between {
		return f.Unit + " BETWEEN " + f.Start.SQL() + " AND " + f.End.SQL()
	}
	return f.Unit + " " + f.Start.SQL()
}

// ExistsExpr is [NOT] EXISTS (SELECT …).
type ExistsExpr struct {
	Select *SelectStmt
	Not    bool
}

// SubqueryExpr is a scalar (SELECT …).
type SubqueryExpr struct{ Select *SelectStmt }

func (*StarExpr) exprNode()     {}
func (*PathExpr) exprNode()     {}
func (*InExpr) exprNode()       {}
func (*LikeExpr) exprNode()     {}
func (*BetweenExpr) exprNode()  {}
func (*CaseExpr) exprNode()     {}
func (*ExistsExpr) exprNode()   {}
func (*SubqueryExpr) exprNode() {}

// ColumnDef is a column in CREATE TABLE.
type ColumnDef struct {
	Name               string
	Type               string
	NotNull            bool
	PrimaryKey, Unique bool
	Default            Expr
	Comment            *string
	Tok                Token
}

// CreateTableStmt is CREATE TABLE.
type CreateTableStmt struct {
	OrReplace, IfNotExists bool
	Name                   Name
	Columns                []ColumnDef
	Comment                *string
	Props                  []Property // CHANGE_TRACKING, DATA_RETENTION_TIME_IN_DAYS, …
	Tok                    Token
}

// CreateViewStmt is CREATE VIEW … AS SELECT.
type CreateViewStmt struct {
	OrReplace, IfNotExists, Secure bool
	Name                           Name
	Comment                        *string
	Select                         *SelectStmt
	Text                           string // the full statement, shown by SHOW VIEWS
	QueryText                      string // the SELECT alone, re-parsed when the view is used
}

// Assignment is col = expr in UPDATE / MERGE.
type Assignment struct {
	Column string
	Tok    Token
	Expr   Expr
}

// InsertStmt is INSERT INTO … VALUES | SELECT.
type InsertStmt struct {
	Table   Name
	Columns []string
	Values  [][]Expr
	Select  *SelectStmt
	Tok     Token
}

// UpdateStmt is UPDATE … SET … [FROM …] [WHERE …].
type UpdateStmt struct {
	Table Name
	Alias string
	Sets  []Assignment
	From  []FromItem
	Where Expr
}

// DeleteStmt is DELETE FROM … [WHERE …].
type DeleteStmt struct {
	Table Name
	Alias string
	Where Expr
}

// MergeClause is one WHEN [NOT] MATCHED … THEN ….
type MergeClause struct {
	Matched      bool
	Cond         Expr
	Action       string // UPDATE, DELETE, INSERT
	Sets         []Assignment
	InsertCols   []string
	InsertValues []Expr
}

// MergeStmt is MERGE INTO … USING … ON … WHEN ….
type MergeStmt struct {
	Target      Name
	TargetAlias string
	Source      FromItem
	On          Expr
	Clauses     []MergeClause
}

func (*CreateTableStmt) stmtNode() {}
func (*CreateViewStmt) stmtNode()  {}
func (*InsertStmt) stmtNode()      {}
func (*UpdateStmt) stmtNode()      {}
func (*DeleteStmt) stmtNode()      {}
func (*MergeStmt) stmtNode()       {}

// ProcArg is one procedure parameter.
type ProcArg struct {
	Name    string
	Type    string
	Default Expr
}

// SecretBinding is 'alias' = db.schema.secret in SECRETS = (…).
type SecretBinding struct {
	Alias  string
	Secret Name
}

// CreateProcedureStmt is CREATE PROCEDURE.
type CreateProcedureStmt struct {
	OrReplace, IfNotExists, Secure bool
	Name                           Name
	Args                           []ProcArg
	Returns                        string
	ReturnsNotNull                 bool
	Props                          []Property // LANGUAGE, RUNTIME_VERSION, PACKAGES, IMPORTS, HANDLER, EXTERNAL_ACCESS_INTEGRATIONS, COMMENT
	Secrets                        *[]SecretBinding
	ExecuteAs                      string
	Body                           *string
	Tok                            Token
}

// ProcRef names a procedure by name and argument types.
type ProcRef struct {
	Name     Name
	ArgTypes []string
}

// AlterProcedureStmt is ALTER PROCEDURE … SET / UNSET.
type AlterProcedureStmt struct {
	IfExists  bool
	Ref       ProcRef
	Set       []Property
	Secrets   *[]SecretBinding
	Unset     []Token
	ExecuteAs string
	Tok       Token
}

// DropProcedureStmt is DROP PROCEDURE.
type DropProcedureStmt struct {
	IfExists bool
	Ref      ProcRef
}

// DescribeProcedureStmt is DESCRIBE PROCEDURE.
type DescribeProcedureStmt struct{ Ref ProcRef }

// CallStmt is CALL proc(args).
type CallStmt struct {
	Name Name
	Args []Expr
	Tok  Token
}

func (*CreateProcedureStmt) stmtNode()   {}
func (*AlterProcedureStmt) stmtNode()    {}
func (*DropProcedureStmt) stmtNode()     {}
func (*DescribeProcedureStmt) stmtNode() {}
func (*CallStmt) stmtNode()              {}
