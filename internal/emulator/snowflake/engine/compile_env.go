package engine

import (
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// compileEnv is a statement's execution context as the compiler's Env.
type compileEnv struct {
	x *execCtx
	// asOwner skips privilege checks: a view's definition runs with its
	// owner's rights.
	asOwner bool
}

// Compiler is a new compiler for the statement x runs.
func (x *execCtx) compiler() *compiler.Compiler { return compiler.New(compileEnv{x: x}) }

func (v compileEnv) Context() compiler.Context {
	s := v.x.s
	return compiler.Context{
		Account: v.x.e.Account(), Organization: v.x.e.Organization(), Region: Region, Version: Version,
		User: s.User, Role: s.Role, Database: s.Database, Schema: s.Schema, Warehouse: s.Warehouse,
		SessionID: s.ID, Now: v.x.tx.Now,
	}
}

func (v compileEnv) LastQueryID(n int) string { return v.x.s.queryID(n) }

func (v compileEnv) RolesInSession() (map[string]bool, error) { return v.x.effectiveRoles() }

func (v compileEnv) Relation(n sqlparse.Name) (compiler.Source, error) {
	if view, ok := accountUsageView(n.Parts); ok {
		return view(v.x)
	}
	o, err := v.x.resolveRelation(n, v.asOwner)
	if err != nil {
		return compiler.Source{}, err
	}
	if !v.asOwner {
		if ok, err := v.x.has("SELECT", o); err != nil {
			return compiler.Source{}, err
		} else if !ok {
			return compiler.Source{}, sferr.Insufficient(strings.ToLower(o.Kind), n.String())
		}
	}
	if o.Kind == "VIEW" {
		return v.view(o)
	}
	src := compiler.Source{Name: o.Name, From: dataTable(o)}
	for _, col := range tableColumns(o) {
		src.Columns = append(src.Columns, compiler.SourceColumn{Name: col.Name, Type: col.Type})
	}
	return src, nil
}

// view is a view's query, whose names resolve against the view's own
// database and schema, with its owner's rights.
func (v compileEnv) view(o *catalog.Object) (compiler.Source, error) {
	sel, err := parseViewQuery(o)
	if err != nil {
		return compiler.Source{}, err
	}
	viewSchema, _ := v.x.tx.Get(o.ParentID)
	viewCtx := *v.x
	viewCtx.s = &Session{ID: v.x.s.ID, User: v.x.s.User, Role: v.x.s.Role, Params: v.x.s.Params}
	if viewSchema != nil {
		viewCtx.s.Schema = viewSchema.Name
		if db, _ := v.x.tx.Get(viewSchema.ParentID); db != nil {
			viewCtx.s.Database = db.Name
		}
	}
	return compiler.Source{Name: o.Name, View: sel, ViewEnv: compileEnv{x: &viewCtx, asOwner: true}}, nil
}

func parseViewQuery(o *catalog.Object) (*sqlparse.SelectStmt, error) {
	parsed, err := sqlparse.Parse(o.Str("query"), nil)
	if err != nil || len(parsed) != 1 {
		return nil, errViewExpansionCause.With(o.Name, err)
	}
	sel, ok := parsed[0].Stmt.(*sqlparse.SelectStmt)
	if !ok {
		return nil, errViewExpansion.With(o.Name)
	}
	return sel, nil
}

func (v compileEnv) TableFunction(f *sqlparse.TableFunctionRef, arg compiler.ArgCompiler) (compiler.Source, error) {
	parts := f.Name.Parts
	switch {
	case isReferenceFunction(parts):
		return v.x.references(f)
	case isQueryHistoryFunction(parts):
		return v.x.queryHistoryFunction(f, arg)
	case isTaskHistory(parts):
		return v.x.taskHistory(f, arg)
	}
	return compiler.Source{}, sferr.UnknownFunction.With("Unknown table function %s", f.Name.String())
}

// compilerAfterTarget is a compiler for a DML statement whose target
// table takes the first relation alias (r0).
func (x *execCtx) compilerAfterTarget() *compiler.Compiler {
	c := x.compiler()
	c.RelAlias() // r0
	return c
}
