// Package compiler turns a Snowflake query into one SQLite statement, with
// Snowflake's name resolution, types, functions and errors. It reaches the
// account (tables, views, the session's context) only through Env, which
// the engine implements; its functions run inside SQLite as registered
// Go functions.
package compiler

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// The compiler turns a Snowflake query into one SQLite statement. Names
// are resolved here, with Snowflake's rules and errors; SQLite only ever
// sees generated aliases (r0, c3, o1), so its own case-insensitive name
// matching never decides anything.

type Column struct {
	Name string // Snowflake name
	SQL  string // SQLite expression
	Type SFType
}

type Relation struct {
	Alias string // name used to qualify columns
	Cols  []Column
	seq   string // a GENERATOR's row number from 0, what SEQ4() reads
}

type Scope struct {
	Rels  []*Relation
	Outer *Scope
}

type Compiler struct {
	env     Env
	nextRel int
	// Scans is set once anything is read FROM, at any depth: such a
	// query needs a warehouse, one of constants does not.
	Scans bool
	// ctes are the WITH queries in scope, by name; nextCTE numbers them.
	ctes    map[string]*cte
	nextCTE int
	// nextOut numbers output aliases across the statement, so that an
	// ORDER BY expression over an alias (sf_nkey(o2)) never meets a
	// subquery's column of the same name.
	nextOut int
}

// New is a compiler of one statement over env.
func New(env Env) *Compiler { return &Compiler{env: env} }

func (c *Compiler) outAlias() string {
	a := fmt.Sprintf("o%d", c.nextOut)
	c.nextOut++
	return a
}

func (c *Compiler) RelAlias() string {
	a := fmt.Sprintf("r%d", c.nextRel)
	c.nextRel++
	return a
}

func SQLiteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Compiled is a compiled SELECT.
type Compiled struct {
	SQL  string
	Cols []Column // output columns; sql holds the SQLite output alias
}

// cte is a WITH query the body may read: a SQLite CTE and its columns.
type cte struct {
	sqlName string
	cols    []Column // sql holds the CTE's column name
}

// CompileSelect compiles st: its WITH queries, its core and set
// operations, then ORDER BY and LIMIT over the whole; outer is the
// enclosing scope for correlated subqueries.
func (c *Compiler) CompileSelect(st *sqlparse.SelectStmt, outer *Scope) (*Compiled, error) {
	saved := c.ctes
	c.ctes = map[string]*cte{}
	for k, v := range saved {
		c.ctes[k] = v
	}
	defer func() { c.ctes = saved }()
	var with []string
	for _, w := range st.With {
		text, err := c.compileCTE(w, st.Recursive)
		if err != nil {
			return nil, err
		}
		with = append(with, text)
	}
	core, sc, aliasScope, err := c.compileCore(st, outer)
	if err != nil {
		return nil, err
	}
	query := core.SQL
	for i, op := range st.SetOps {
		right, _, _, err := c.compileCore(op.Right, outer)
		if err != nil {
			return nil, err
		}
		if len(right.Cols) != len(core.Cols) {
			return nil, errSetOperatorBranchColumns.With(len(core.Cols), len(right.Cols), i+2)
		}
		for j := range core.Cols {
			if core.Cols[j].Type, err = oneType(op.Op, core.Cols[j].Type, right.Cols[j].Type); err != nil {
				return nil, err
			}
		}
		query += " " + op.Op + " " + right.SQL
	}
	if len(st.SetOps) > 0 {
		// ORDER BY and LIMIT apply to the whole: over its output columns,
		// each of the one type of its branches (1 and 2.5 are 1.0 and 2.5).
		items := make([]string, len(core.Cols))
		for j, col := range core.Cols {
			items[j] = col.SQL
			if col.Type.Base == "FLOAT" {
				items[j] = "sf_to_float(" + col.SQL + ") AS " + col.SQL
			}
			aliasScope.Rels[0].Cols[j].Type = col.Type
		}
		query = "SELECT " + strings.Join(items, ", ") + " FROM (" + query + ")"
		sc = aliasScope
	}
	if len(st.OrderBy) > 0 {
		var keys []string
		for _, o := range st.OrderBy {
			text, typ, err := c.exprPreferAliases(o.Expr, sc, aliasScope)
			if err != nil {
				return nil, err
			}
			keys = append(keys, sortKey(text, typ)+o.SortSQL())
		}
		query += " ORDER BY " + strings.Join(keys, ", ")
	}
	if st.Limit != nil {
		query += " LIMIT " + strconv.FormatInt(*st.Limit, 10)
		if st.Offset != nil {
			query += " OFFSET " + strconv.FormatInt(*st.Offset, 10)
		}
	}
	if len(with) > 0 {
		prefix := "WITH "
		if st.Recursive {
			prefix = "WITH RECURSIVE "
		}
		query = prefix + strings.Join(with, ", ") + " " + query
	}
	return &Compiled{SQL: query, Cols: core.Cols}, nil
}

// compileCTE compiles one WITH query and makes it readable by name. A
// recursive one (WITH RECURSIVE, anchor UNION ALL recursive part) is
// readable from its own recursive part.
func (c *Compiler) compileCTE(w sqlparse.CTE, recursive bool) (string, error) {
	c.nextCTE++
	def := &cte{sqlName: fmt.Sprintf("w%d", c.nextCTE)}
	name := func(cols []Column) error {
		if len(w.Columns) > 0 && len(w.Columns) != len(cols) {
			return errQueryColumnNames.With(len(w.Columns), w.Name, len(cols))
		}
		def.cols = nil
		for i, col := range cols {
			n := col.Name
			if len(w.Columns) > 0 {
				n = w.Columns[i]
			}
			def.cols = append(def.cols, Column{Name: n, SQL: col.SQL, Type: col.Type})
		}
		return nil
	}
	if recursive && len(w.Select.SetOps) > 0 && len(w.Select.OrderBy) == 0 && w.Select.Limit == nil && len(w.Select.With) == 0 {
		anchor, _, _, err := c.compileCore(w.Select, nil)
		if err != nil {
			return "", err
		}
		if err := name(anchor.Cols); err != nil {
			return "", err
		}
		c.ctes[w.Name] = def
		body := anchor.SQL
		for _, op := range w.Select.SetOps {
			right, _, _, err := c.compileCore(op.Right, nil)
			if err != nil {
				return "", err
			}
			if len(right.Cols) != len(anchor.Cols) {
				return "", errSetOperatorColumns.With(len(anchor.Cols), len(right.Cols))
			}
			for j, col := range right.Cols {
				if a := anchor.Cols[j].Type; col.Type.Base != "NULL" && unifyTypes(a, col.Type) != a {
					// Which type Snowflake gives the column then is not
					// pinned down here: refused, not shown at the anchor's.
					return "", sferr.Unsupported("a recursive part of %s whose column %d (%s) is wider than the anchor's (%s); cast the anchor",
						w.Name, j+1, col.Type, a)
				}
			}
			body += " " + op.Op + " " + right.SQL
		}
		return def.sqlName + " AS (" + body + ")", nil
	}
	sub, err := c.CompileSelect(w.Select, nil)
	if err != nil {
		return "", err
	}
	if err := name(sub.Cols); err != nil {
		return "", err
	}
	c.ctes[w.Name] = def
	return def.sqlName + " AS (" + sub.SQL + ")", nil
}

// compileCore compiles SELECT … FROM … WHERE … GROUP BY … HAVING … QUALIFY,
// returning its scope and output-alias scope for what follows.
func (c *Compiler) compileCore(st *sqlparse.SelectStmt, outer *Scope) (*Compiled, *Scope, *Scope, error) {
	sc := &Scope{Outer: outer}
	var from []string
	for _, f := range st.From {
		text, err := c.CompileFrom(f, sc)
		if err != nil {
			return nil, nil, nil, err
		}
		from = append(from, text)
	}
	var items []string
	var out []Column
	// A select item may use the alias of an earlier one (SELECT j AS x,
	// x:a AS y), after the FROM columns of that name.
	lateral := &Relation{}
	itemScope := &Scope{Rels: sc.Rels, Outer: &Scope{Rels: []*Relation{lateral}, Outer: sc.Outer}}
	for _, item := range st.Items {
		if star, ok := item.Expr.(*sqlparse.StarExpr); ok {
			found := false
			for _, rel := range sc.Rels {
				if star.Qualifier != "" && rel.Alias != star.Qualifier {
					continue
				}
				found = true
				for _, col := range rel.Cols {
					alias := c.outAlias()
					items = append(items, col.SQL+" AS "+alias)
					out = append(out, Column{Name: col.Name, SQL: alias, Type: col.Type})
				}
			}
			if !found {
				return nil, nil, nil, sferr.InvalidIdentifier.With(star.Qualifier + ".*")
			}
			continue
		}
		itemScope.Rels = sc.Rels // FROM items may have been added since
		text, typ, err := c.Expr(item.Expr, itemScope)
		if err != nil {
			return nil, nil, nil, err
		}
		if item.Alias != "" {
			lateral.Cols = append(lateral.Cols, Column{Name: item.Alias, SQL: "(" + text + ")", Type: typ})
		}
		name := item.Alias
		if name == "" {
			if ref, ok := item.Expr.(*sqlparse.ColumnRef); ok {
				name = ref.Name.Last()
			} else {
				name = strings.ToUpper(item.Text)
			}
		}
		alias := c.outAlias()
		items = append(items, text+" AS "+alias)
		out = append(out, Column{Name: name, SQL: alias, Type: typ})
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	if st.Distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(strings.Join(items, ", "))
	if len(from) > 0 {
		b.WriteString(" FROM " + strings.Join(from, ", "))
	}
	// Output aliases may be used in WHERE-less clauses (GROUP BY, ORDER
	// BY, QUALIFY) as Snowflake allows.
	aliasScope := &Scope{Outer: sc, Rels: []*Relation{{Alias: "", Cols: outputAliases(out)}}}
	if st.Where != nil {
		text, _, err := c.Expr(st.Where, sc)
		if err != nil {
			return nil, nil, nil, err
		}
		b.WriteString(" WHERE " + text)
	}
	if st.GroupByAll {
		return nil, nil, nil, sferr.Unsupported("GROUP BY ALL: the local emulator does not expand ALL; list the grouping expressions " +
			"(every SELECT item that is not an aggregate)")
	}
	if len(st.GroupBy) > 0 {
		var keys []string
		for _, g := range st.GroupBy {
			text, err := c.exprPreferColumns(g, sc, aliasScope)
			if err != nil {
				return nil, nil, nil, err
			}
			keys = append(keys, text)
		}
		b.WriteString(" GROUP BY " + strings.Join(keys, ", "))
	}
	if st.Having != nil {
		text, _, err := c.Expr(st.Having, sc)
		if err != nil {
			return nil, nil, nil, err
		}
		b.WriteString(" HAVING " + text)
	}
	query := b.String()
	if st.Qualify != nil {
		// QUALIFY filters on window results: wrap and filter.
		text, err := c.exprPreferColumns(st.Qualify, sc, aliasScope)
		if err != nil {
			return nil, nil, nil, err
		}
		query = "SELECT " + joinAliases(out) + " FROM (" + strings.Replace(query, "SELECT ", "SELECT "+text+" AS q__, ", 1) + ") WHERE q__"
	}
	return &Compiled{SQL: query, Cols: out}, sc, aliasScope, nil
}

// compileValues compiles VALUES (…), (…) as a table of COLUMN1… (or the
// names given). A column's type is the one type of all its values: numbers
// widen to the largest scale (or FLOAT), as Snowflake's VALUES page says
// it converts to "a common data type that can encompass all values";
// other mixes are refused rather than converted by a guessed rule.
func (c *Compiler) compileValues(f *sqlparse.ValuesRef, sc *Scope) (string, error) {
	if len(f.Columns) > 0 && len(f.Columns) != len(f.Rows[0]) {
		return "", errValuesColumnNames.With(len(f.Columns), len(f.Rows[0]))
	}
	texts := make([][]string, len(f.Rows))
	cellTypes := make([][]SFType, len(f.Rows))
	types := make([]SFType, len(f.Rows[0]))
	for j := range types {
		types[j] = TypeNull
	}
	for i, row := range f.Rows {
		for j, e := range row {
			text, typ, err := c.Expr(e, &Scope{Outer: sc.Outer})
			if err != nil {
				return "", err
			}
			if j < len(types) {
				if types[j], err = oneType("VALUES", types[j], typ); err != nil {
					return "", err
				}
			}
			texts[i], cellTypes[i] = append(texts[i], text), append(cellTypes[i], typ)
		}
	}
	var rows []string
	for i := range texts {
		items := make([]string, len(texts[i]))
		for j, text := range texts[i] {
			if j < len(types) {
				text = branchAs(text, cellTypes[i][j], types[j])
			}
			items[j] = fmt.Sprintf("%s AS o%d", text, j)
		}
		rows = append(rows, "SELECT "+strings.Join(items, ", "))
	}
	alias := c.RelAlias()
	rel := &Relation{Alias: f.Alias}
	for j, typ := range types {
		name := fmt.Sprintf("COLUMN%d", j+1)
		if len(f.Columns) > 0 {
			name = f.Columns[j]
		}
		rel.Cols = append(rel.Cols, Column{Name: name, SQL: fmt.Sprintf("%s.o%d", alias, j), Type: typ})
	}
	sc.Rels = append(sc.Rels, rel)
	return "(" + strings.Join(rows, " UNION ALL ") + ") AS " + alias, nil
}

func joinAliases(cols []Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.SQL
	}
	return strings.Join(names, ", ")
}

func outputAliases(out []Column) []Column {
	cols := make([]Column, 0, len(out))
	for _, c := range out {
		cols = append(cols, Column{Name: c.Name, SQL: c.SQL, Type: c.Type})
	}
	return cols
}

// exprPreferColumns resolves names against the FROM columns first, then
// the select list's aliases (GROUP BY, QUALIFY).
func (c *Compiler) exprPreferColumns(e sqlparse.Expr, sc, aliases *Scope) (string, error) {
	text, _, err := c.Expr(e, sc)
	if err == nil {
		return text, nil
	}
	if t2, _, err2 := c.Expr(e, aliases); err2 == nil {
		return t2, nil
	}
	return "", err
}

// exprPreferAliases resolves ORDER BY: select-list aliases first.
func (c *Compiler) exprPreferAliases(e sqlparse.Expr, sc, aliases *Scope) (string, SFType, error) {
	if ref, ok := e.(*sqlparse.ColumnRef); ok && len(ref.Name.Parts) == 1 {
		for _, col := range aliases.Rels[0].Cols {
			if col.Name == ref.Name.Parts[0] {
				return col.SQL, col.Type, nil
			}
		}
	}
	if lit, ok := e.(*sqlparse.Literal); ok && lit.Kind == sqlparse.ValNumber {
		n, err := strconv.Atoi(lit.Str)
		cols := aliases.Rels[0].Cols
		if err != nil || n < 1 || n > len(cols) {
			return "", SFType{}, errPositionOutOfRange.With(lit.Str)
		}
		return cols[n-1].SQL, cols[n-1].Type, nil
	}
	return c.Expr(e, sc)
}

// CompileFrom compiles one FROM item, adding its relations to sc.
func (c *Compiler) CompileFrom(f sqlparse.FromItem, sc *Scope) (string, error) {
	c.Scans = true
	switch f := f.(type) {
	case *sqlparse.TableRef:
		return c.compileTableRef(f, sc)
	case *sqlparse.SubqueryRef:
		sub, err := c.CompileSelect(f.Select, sc.Outer)
		if err != nil {
			return "", err
		}
		alias := c.RelAlias()
		rel := &Relation{Alias: f.Alias}
		for _, col := range sub.Cols {
			rel.Cols = append(rel.Cols, Column{Name: col.Name, SQL: alias + "." + col.SQL, Type: col.Type})
		}
		sc.Rels = append(sc.Rels, rel)
		return "(" + sub.SQL + ") AS " + alias, nil
	case *sqlparse.TableFunctionRef:
		if len(f.Name.Parts) == 1 && f.Name.Parts[0] == "GENERATOR" {
			return c.compileGenerator(f, sc)
		}
		src, err := c.env.TableFunction(f, func(e sqlparse.Expr) (string, SFType, error) { return c.Expr(e, &Scope{}) })
		if err != nil {
			return "", err
		}
		return c.source(src, f.Alias, sc)
	case *sqlparse.ValuesRef:
		return c.compileValues(f, sc)
	case *sqlparse.FlattenRef:
		input, typ, err := c.Expr(f.Input, sc)
		if err != nil {
			return "", err
		}
		if !typ.IsSemi() && typ.Base != "NULL" {
			return "", errFlattenInput.With(typ)
		}
		if f.Path != "" {
			input = "(" + input + " -> " + SQLiteString(jsonPath([]sqlparse.PathElem{{Key: f.Path}})) + ")"
		}
		alias := c.RelAlias()
		value := "(CASE " + alias + ".type WHEN 'object' THEN " + alias + ".value WHEN 'array' THEN " + alias + ".value WHEN 'true' THEN 'true' " +
			"WHEN 'false' THEN 'false' WHEN 'null' THEN 'null' ELSE json_quote(" + alias + ".value) END)"
		rel := &Relation{Alias: f.Alias, Cols: []Column{
			{Name: "SEQ", SQL: "1", Type: TypeNumber},
			{Name: "KEY", SQL: "(CASE WHEN typeof(" + alias + ".key) = 'text' THEN " + alias + ".key END)", Type: TypeVarchar},
			{Name: "PATH", SQL: "substr(" + alias + ".fullkey, 3)", Type: TypeVarchar},
			{Name: "INDEX", SQL: "(CASE WHEN typeof(" + alias + ".key) = 'integer' THEN " + alias + ".key END)", Type: TypeNumber},
			{Name: "VALUE", SQL: value, Type: TypeVariant},
			{Name: "THIS", SQL: input, Type: TypeVariant},
		}}
		sc.Rels = append(sc.Rels, rel)
		return "json_each(" + input + ") AS " + alias, nil
	case *sqlparse.JoinRef:
		left, err := c.CompileFrom(f.Left, sc)
		if err != nil {
			return "", err
		}
		right, err := c.CompileFrom(f.Right, sc)
		if err != nil {
			return "", err
		}
		switch f.Kind {
		case "CROSS":
			return left + " CROSS JOIN " + right, nil
		case "LEFT":
			on, _, err := c.Expr(f.On, sc)
			if err != nil {
				return "", err
			}
			return left + " LEFT JOIN " + right + " ON " + on, nil
		default:
			on, _, err := c.Expr(f.On, sc)
			if err != nil {
				return "", err
			}
			return left + " JOIN " + right + " ON " + on, nil
		}
	}
	return "", sferr.Unsupported("FROM item %T", f)
}

// compileTableRef resolves a table or view and checks SELECT on it.
func (c *Compiler) compileTableRef(f *sqlparse.TableRef, sc *Scope) (string, error) {
	if w, ok := c.ctes[f.Name.Last()]; ok && len(f.Name.Parts) == 1 {
		alias := f.Alias
		if alias == "" {
			alias = f.Name.Last()
		}
		sqlAlias := c.RelAlias()
		rel := &Relation{Alias: alias}
		for _, col := range w.cols {
			rel.Cols = append(rel.Cols, Column{Name: col.Name, SQL: sqlAlias + "." + col.SQL, Type: col.Type})
		}
		sc.Rels = append(sc.Rels, rel)
		return w.sqlName + " AS " + sqlAlias, nil
	}
	src, err := c.env.Relation(f.Name)
	if err != nil {
		return "", err
	}
	return c.source(src, f.Alias, sc)
}

// source adds src to sc as a relation named alias (src.Name when empty).
func (c *Compiler) source(src Source, alias string, sc *Scope) (string, error) {
	if alias == "" {
		alias = src.Name
	}
	sqlAlias := c.RelAlias()
	rel := &Relation{Alias: alias}
	if src.View != nil {
		inner := &Compiler{env: src.ViewEnv, nextRel: c.nextRel + 100, nextOut: c.nextOut + 100000}
		sub, err := inner.CompileSelect(src.View, nil)
		if err != nil {
			return "", err
		}
		c.nextRel = inner.nextRel
		for _, col := range sub.Cols {
			rel.Cols = append(rel.Cols, Column{Name: col.Name, SQL: sqlAlias + "." + col.SQL, Type: col.Type})
		}
		sc.Rels = append(sc.Rels, rel)
		return "(" + sub.SQL + ") AS " + sqlAlias, nil
	}
	for i, col := range src.Columns {
		rel.Cols = append(rel.Cols, Column{Name: col.Name, SQL: fmt.Sprintf("%s.c%d", sqlAlias, i), Type: col.Type})
	}
	sc.Rels = append(sc.Rels, rel)
	return src.From + " AS " + sqlAlias, nil
}

// resolveColumn finds a column by 1- or 2-part name in the scope chain.
func (c *Compiler) resolveColumn(n sqlparse.Name, sc *Scope) (Column, error) {
	for s := sc; s != nil; s = s.Outer {
		var found []Column
		for _, rel := range s.Rels {
			switch len(n.Parts) {
			case 1:
				for _, col := range rel.Cols {
					if col.Name == n.Parts[0] {
						found = append(found, col)
					}
				}
			case 2:
				if rel.Alias == n.Parts[0] {
					for _, col := range rel.Cols {
						if col.Name == n.Parts[1] {
							found = append(found, col)
						}
					}
				}
			}
		}
		if len(found) == 1 {
			return found[0], nil
		}
		if len(found) > 1 {
			return Column{}, errAmbiguousColumn.With(n.String())
		}
	}
	return Column{}, sferr.InvalidIdentifier.With(n.String())
}

// jsonPath renders a SQLite JSON path for VARIANT path steps.
func jsonPath(path []sqlparse.PathElem) string {
	var b strings.Builder
	b.WriteString("$")
	for _, p := range path {
		if p.IsIdx {
			fmt.Fprintf(&b, "[%d]", p.Index)
			continue
		}
		b.WriteString(`."` + strings.ReplaceAll(p.Key, `"`, `\"`) + `"`)
	}
	return b.String()
}

// Expr compiles an expression to SQLite with its Snowflake type.
func (c *Compiler) Expr(e sqlparse.Expr, sc *Scope) (string, SFType, error) {
	switch e := e.(type) {
	case *sqlparse.Literal:
		return c.literal(e)
	case *sqlparse.ColumnRef:
		if len(e.Name.Parts) > 2 {
			return "", SFType{}, sferr.InvalidIdentifier.With(e.Name.String())
		}
		col, err := c.resolveColumn(e.Name, sc)
		if err != nil {
			return "", SFType{}, err
		}
		return col.SQL, col.Type, nil
	case *sqlparse.PathExpr:
		x, typ, err := c.Expr(e.X, sc)
		if err != nil {
			return "", SFType{}, err
		}
		if !typ.IsSemi() && typ.Base != "NULL" {
			return "", SFType{}, errGetArgumentTypes.With(typ, 16777216)
		}
		return "(" + x + " -> " + SQLiteString(jsonPath(e.Path)) + ")", TypeVariant, nil
	case *sqlparse.CastExpr:
		x, from, err := c.Expr(e.X, sc)
		if err != nil {
			return "", SFType{}, err
		}
		to, err := ParseType(e.Type)
		if err != nil {
			return "", SFType{}, err
		}
		if e.Try {
			return tryCast(x, from, to, e)
		}
		return CastSQL(x, from, to), to, nil
	case *sqlparse.UnaryExpr:
		if lit, ok := e.X.(*sqlparse.Literal); ok && e.Op == "-" && lit.Kind == sqlparse.ValNumber && !strings.HasPrefix(lit.Str, "-") {
			// A negative literal is one value: -9223372036854775808 fits 64 bits.
			neg := *lit
			neg.Str = "-" + lit.Str
			text, typ, err := c.Expr(&neg, sc)
			return "(" + text + ")", typ, err
		}
		x, typ, err := c.Expr(e.X, sc)
		if err != nil {
			return "", SFType{}, err
		}
		if e.Op == "NOT" {
			return "(NOT " + x + ")", TypeBoolean, nil
		}
		if e.Op == "-" && typ.Base == "NUMBER" {
			return "sf_num_neg(" + x + ")", typ, nil
		}
		return "(" + e.Op + x + ")", typ, nil
	case *sqlparse.BinaryExpr:
		return c.binary(e, sc)
	case *sqlparse.IsNullExpr:
		x, _, err := c.Expr(e.X, sc)
		if err != nil {
			return "", SFType{}, err
		}
		if e.Not {
			return "(" + x + " IS NOT NULL)", TypeBoolean, nil
		}
		return "(" + x + " IS NULL)", TypeBoolean, nil
	case *sqlparse.InExpr:
		return c.in(e, sc)
	case *sqlparse.LikeExpr:
		return c.like(e, sc)
	case *sqlparse.BetweenExpr:
		return c.between(e, sc)
	case *sqlparse.CaseExpr:
		return c.caseExpr(e, sc)
	case *sqlparse.ExistsExpr:
		sub, err := c.CompileSelect(e.Select, sc)
		if err != nil {
			return "", SFType{}, err
		}
		return "(EXISTS (" + sub.SQL + "))", TypeBoolean, nil
	case *sqlparse.SubqueryExpr:
		sub, err := c.CompileSelect(e.Select, sc)
		if err != nil {
			return "", SFType{}, err
		}
		if len(sub.Cols) != 1 {
			return "", SFType{}, errSubqueryColumns.With()
		}
		return "(" + sub.SQL + ")", sub.Cols[0].Type, nil
	case *sqlparse.FuncCall:
		return c.function(e, sc)
	case *sqlparse.StarExpr:
		return "", SFType{}, sferr.Compilation.With("syntax error line 1 at position 0 unexpected '*'.")
	}
	return "", SFType{}, sferr.Unsupported("expression %T", e)
}

func (c *Compiler) literal(e *sqlparse.Literal) (string, SFType, error) {
	switch e.Kind {
	case sqlparse.ValString:
		t := TypeVarchar
		t.Len = len(e.Str)
		return SQLiteString(e.Str), t, nil
	case sqlparse.ValNumber:
		if strings.ContainsAny(e.Str, "eE") {
			return e.Str, TypeFloat, nil
		}
		t := TypeNumber
		if i := strings.IndexByte(e.Str, '.'); i >= 0 {
			t.Scale = len(e.Str) - i - 1
		}
		text, err := checkNumberLiteral(e.Str, t.Scale)
		if err != nil {
			return "", SFType{}, err
		}
		return text, t, nil
	case sqlparse.ValBool:
		if e.Bool {
			return "1", TypeBoolean, nil
		}
		return "0", TypeBoolean, nil
	default:
		return "NULL", TypeNull, nil
	}
}

func (c *Compiler) binary(e *sqlparse.BinaryExpr, sc *Scope) (string, SFType, error) {
	l, lt, err := c.Expr(e.Left, sc)
	if err != nil {
		return "", SFType{}, err
	}
	r, rt, err := c.Expr(e.Right, sc)
	if err != nil {
		return "", SFType{}, err
	}
	switch e.Op {
	case "AND", "OR":
		return "(" + l + " " + e.Op + " " + r + ")", TypeBoolean, nil
	case "=", "<>", "<", ">", "<=", ">=":
		l, r = comparableOperands(l, lt, r, rt)
		op := e.Op
		if op == "<>" {
			op = "!="
		}
		if op != "=" && op != "!=" && numberOrdered(lt, rt) {
			// A NUMBER may be a BLOB in SQLite (decimal.go): ordered by value.
			return "(sf_ncmp(" + l + ", " + r + ") " + op + " 0)", TypeBoolean, nil
		}
		if op != "=" && op != "!=" && lt.IsSemi() && rt.IsSemi() {
			// Two VARIANTs: by value, not as JSON text (variantorder.go).
			lk, rk := variantKeyPair(l, r)
			return "(" + lk + " " + op + " " + rk + ")", TypeBoolean, nil
		}
		return "(" + l + " " + op + " " + r + ")", TypeBoolean, nil
	case "||":
		return "(" + TextOf(l, lt) + " || " + TextOf(r, rt) + ")", TypeVarchar, nil
	default:
		typ := TypeNumber
		if lt.Base == "FLOAT" || rt.Base == "FLOAT" {
			typ = TypeFloat
		} else if e.Op == "+" || e.Op == "-" || e.Op == "*" || e.Op == "/" {
			typ.Scale = arithmeticScale(e.Op, lt.Scale, rt.Scale)
		}
		if e.Op == "%" {
			return modSQL(l, lt, r, rt)
		}
		if lt.IsTime() || lt.Base == "DATE" || rt.IsTime() || rt.Base == "DATE" {
			// Snowflake's arithmetic operators: a DATE minus a DATE is an
			// integer number of days; nothing else on dates is documented.
			if e.Op == "-" && lt.Base == "DATE" && rt.Base == "DATE" {
				return "CAST(julianday(" + l + ") - julianday(" + r + ") AS INTEGER)", TypeNumber, nil
			}
			return "", SFType{}, sferr.Unsupported("%s %s %s (use DATEADD, DATEDIFF or TIMESTAMPADD)", lt, e.Op, rt)
		}
		switch {
		case typ.Base == "NUMBER" && e.Op == "/":
			// The exact quotient at its scale, as Snowflake gives it: 1/3
			// is 0.333333, so 1/3*3 is 0.999999.
			return "sf_num_div(" + l + ", " + r + ", " + strconv.Itoa(typ.Scale) + ")", typ, nil
		case typ.Base == "NUMBER" && (e.Op == "+" || e.Op == "-" || e.Op == "*"):
			// Exact to 38 digits at the result's scale, overflow refused.
			return "sf_num_arith('" + e.Op + "', " + l + ", " + r + ", " + strconv.Itoa(typ.Scale) + ")", typ, nil
		case typ.Base == "FLOAT":
			l, r = floatOperand(l, lt), floatOperand(r, rt)
			if e.Op == "/" {
				return "sf_div(" + l + ", " + r + ")", typ, nil
			}
		default:
			l, r = smallOperand(l, lt), smallOperand(r, rt)
		}
		return "(" + l + " " + e.Op + " " + r + ")", typ, nil
	}
}

func (c *Compiler) in(e *sqlparse.InExpr, sc *Scope) (string, SFType, error) {
	x, xt, err := c.Expr(e.X, sc)
	if err != nil {
		return "", SFType{}, err
	}
	var items []string
	for _, item := range e.List {
		t, it, err := c.Expr(item, sc)
		if err != nil {
			return "", SFType{}, err
		}
		_, t = comparableOperands(x, xt, t, it)
		items = append(items, t)
	}
	lhs, _ := comparableOperands(x, xt, "", TypeNull)
	not := ""
	if e.Not {
		not = "NOT "
	}
	return "(" + lhs + " " + not + "IN (" + strings.Join(items, ", ") + "))", TypeBoolean, nil
}

func (c *Compiler) like(e *sqlparse.LikeExpr, sc *Scope) (string, SFType, error) {
	x, xt, err := c.Expr(e.X, sc)
	if err != nil {
		return "", SFType{}, err
	}
	p, pt, err := c.Expr(e.Pattern, sc)
	if err != nil {
		return "", SFType{}, err
	}
	ci := "0"
	if e.ILike {
		ci = "1"
	}
	escape := "''"
	if e.Escape != nil {
		esc, et, err := c.Expr(e.Escape, sc)
		if err != nil {
			return "", SFType{}, err
		}
		escape = TextOf(esc, et)
	}
	text := "sf_like(" + TextOf(x, xt) + ", " + TextOf(p, pt) + ", " + ci + ", " + escape + ")"
	if e.Not {
		text = "(NOT " + text + ")"
	}
	return text, TypeBoolean, nil
}

func (c *Compiler) between(e *sqlparse.BetweenExpr, sc *Scope) (string, SFType, error) {
	x, xt, err := c.Expr(e.X, sc)
	if err != nil {
		return "", SFType{}, err
	}
	lo, lot, err := c.Expr(e.Lo, sc)
	if err != nil {
		return "", SFType{}, err
	}
	hi, hit, err := c.Expr(e.Hi, sc)
	if err != nil {
		return "", SFType{}, err
	}
	_, lo = comparableOperands(x, xt, lo, lot)
	_, hi = comparableOperands(x, xt, hi, hit)
	x, _ = comparableOperands(x, xt, "", TypeNull)
	if numberOrdered(xt, lot) || numberOrdered(xt, hit) {
		x, lo, hi = "sf_nkey("+x+")", "sf_nkey("+lo+")", "sf_nkey("+hi+")"
	}
	not := ""
	if e.Not {
		not = "NOT "
	}
	return "(" + x + " " + not + "BETWEEN " + lo + " AND " + hi + ")", TypeBoolean, nil
}

func (c *Compiler) caseExpr(e *sqlparse.CaseExpr, sc *Scope) (string, SFType, error) {
	var b strings.Builder
	b.WriteString("(CASE")
	if e.Operand != nil {
		op, _, err := c.Expr(e.Operand, sc)
		if err != nil {
			return "", SFType{}, err
		}
		b.WriteString(" " + op)
	}
	conds := make([]string, len(e.Whens))
	results := make([]string, len(e.Whens), len(e.Whens)+1)
	types := make([]SFType, len(e.Whens), len(e.Whens)+1)
	for i, w := range e.Whens {
		cond, _, err := c.Expr(w.Cond, sc)
		if err != nil {
			return "", SFType{}, err
		}
		res, rt, err := c.Expr(w.Result, sc)
		if err != nil {
			return "", SFType{}, err
		}
		conds[i], results[i], types[i] = cond, res, rt
	}
	if e.Else != nil {
		els, et, err := c.Expr(e.Else, sc)
		if err != nil {
			return "", SFType{}, err
		}
		results, types = append(results, els), append(types, et)
	}
	resultType, err := oneType("CASE", types...)
	if err != nil {
		return "", SFType{}, err
	}
	for i, res := range results {
		res = branchAs(res, types[i], resultType)
		if i < len(conds) {
			b.WriteString(" WHEN " + conds[i] + " THEN " + res)
		} else {
			b.WriteString(" ELSE " + res)
		}
	}
	b.WriteString(" END)")
	return b.String(), resultType, nil
}

// TextOf renders a value as text for string operations.
func TextOf(sql string, t SFType) string {
	switch {
	case t.IsSemi():
		return "sf_variant_text(" + sql + ")"
	case t.Base == "NUMBER":
		// Exact, and a decimal as text keeps its scale: 1.50 is '1.50'.
		return "sf_number_text(" + sql + ", " + strconv.Itoa(t.Scale) + ")"
	case t.Base == "BOOLEAN":
		return "(CASE " + sql + " WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)"
	case t.Base == "FLOAT":
		return "sf_float_text(" + sql + ")"
	}
	return sql
}

// comparable aligns two operands: a VARIANT compared with a scalar is
// compared by value, as Snowflake casts it.
func comparableOperands(l string, lt SFType, r string, rt SFType) (string, string) {
	conv := func(x string, xt, other SFType) string {
		if xt.Base == "VARCHAR" && !other.IsSemi() {
			// A string compared with a number or timestamp is cast to it, and
			// a string that is not one is an error, as in Snowflake.
			switch {
			case other.Base == "FLOAT":
				return "sf_to_float(" + x + ")"
			case other.IsNumeric():
				return "sf_number_cmp(" + x + ")"
			case other.IsTime():
				return "sf_to_timestamp(" + x + ")"
			}
			return x
		}
		if xt.Base == "NUMBER" && other.Base == "FLOAT" {
			return "sf_to_float(" + x + ")" // compared as doubles
		}
		if !xt.IsSemi() || other.IsSemi() || other.Base == "NULL" {
			return x
		}
		switch {
		case other.Base == "FLOAT":
			return "sf_to_float(" + x + ")"
		case other.IsNumeric():
			return "sf_number_cmp(sf_variant_text(" + x + "))"
		case other.IsTime():
			return "sf_to_timestamp(" + x + ")"
		case other.Base == "BOOLEAN":
			return "sf_to_boolean(" + x + ")"
		}
		return "sf_variant_text(" + x + ")"
	}
	if r == "" {
		return l, r
	}
	return conv(l, lt, rt), conv(r, rt, lt)
}

// unifyTypes is the type of an expression that yields one of several
// (CASE, IFF, COALESCE): numbers widen to the largest scale, or to FLOAT
// when one is (IFF(c, 1, 2.5) is 1.0 in Snowflake, not 1); otherwise the
// first typed branch.
func unifyTypes(types ...SFType) SFType {
	out := TypeNull
	for _, t := range types {
		switch {
		case t.Base == "NULL":
		case out.Base == "NULL":
			out = t
		case out.IsNumeric() && t.IsNumeric():
			if t.Base == "FLOAT" || out.Base == "FLOAT" {
				out = TypeFloat
			} else if t.Scale > out.Scale {
				out = SFType{Base: "NUMBER", Prec: 38, Scale: t.Scale}
			}
		}
	}
	return out
}

// oneType is unifyTypes for the branches of CASE, IFF, COALESCE, NVL2,
// DECODE, the rows of VALUES and the inputs of a set operation, refusing a mix of a number with a string, a VARIANT with a
// scalar and the like: which type Snowflake converts them to is not
// pinned down here, and a guess would show values it never would.
func oneType(fn string, types ...SFType) (SFType, error) {
	out := unifyTypes(types...)
	for _, t := range types {
		if t.Base != "NULL" && out.Base != "NULL" && t.Base != out.Base && !(t.IsNumeric() && out.IsNumeric()) {
			return SFType{}, sferr.Unsupported("%s over %s and %s values (give them one type with a cast)", fn, out, t)
		}
	}
	return out, nil
}

// tryCast is TRY_CAST: of a string only, NULL where the conversion fails
// (the TRY_CAST page). Its targets here are NUMBER and VARCHAR; the others
// the page lists are refused rather than raising where Snowflake gives NULL.
func tryCast(x string, from, to SFType, e *sqlparse.CastExpr) (string, SFType, error) {
	if from.Base != "VARCHAR" && from.Base != "NULL" {
		return "", SFType{}, errArgumentTypesOf.With("TRY_CAST")
	}
	switch to.Base {
	case "NUMBER":
		return "sf_try_to_number(" + x + ", " + strconv.Itoa(to.Scale) + ", " + strconv.Itoa(to.Prec) + ")", to, nil
	case "VARCHAR":
		if to.Len > 0 {
			return "(CASE WHEN length(" + x + ") > " + strconv.Itoa(to.Len) + " THEN NULL ELSE " + x + " END)", to, nil
		}
		return x, to, nil
	}
	return "", SFType{}, sferr.Unsupported("TRY_CAST to %s", e.Type)
}

// CastSQL converts a value of type from to type to.
func CastSQL(x string, from, to SFType) string {
	if from.Base == "NULL" {
		return "NULL"
	}
	switch to.Base {
	case "VARIANT", "OBJECT", "ARRAY":
		return "sf_to_variant(" + x + ", '" + from.Base + "')"
	case "VARCHAR":
		// Snowflake's default output formats: TIMESTAMP_NTZ_OUTPUT_FORMAT
		// 'YYYY-MM-DD HH24:MI:SS.FF3', TIMESTAMP_LTZ with the zone offset
		// (sessions here are in UTC), DATE 'YYYY-MM-DD'.
		switch from.Base {
		case "TIMESTAMP_NTZ":
			return "substr(" + x + ", 1, 23)"
		case "TIMESTAMP_LTZ":
			return "(substr(" + x + ", 1, 23) || ' +0000')"
		}
		if from.IsTime() {
			return x
		}
		return TextOf(x, from)
	case "NUMBER":
		if from.IsSemi() {
			x = "sf_variant_text(" + x + ")"
		}
		if from.Base == "FLOAT" {
			// The double's exact binary value, rounded to the scale.
			return "sf_float_to_number(" + x + ", " + strconv.Itoa(to.Scale) + ", " + strconv.Itoa(max(to.Prec, 1)) + ")"
		}
		if to.Prec > 0 && to.Prec < 38 {
			// NUMBER(p,s) holds p-s integer digits: more is Snowflake's
			// out-of-range error, never a wider value.
			return "sf_to_number_p(" + x + ", " + strconv.Itoa(to.Scale) + ", " + strconv.Itoa(to.Prec) + ")"
		}
		return "sf_to_number(" + x + ", " + strconv.Itoa(to.Scale) + ")"
	case "FLOAT":
		if from.IsSemi() {
			x = "sf_variant_text(" + x + ")"
		}
		return "sf_to_float(" + x + ")"
	}
	// A VARIANT's JSON null casts to SQL NULL, whatever the target type.
	if from.IsSemi() {
		x = "sf_variant_text(" + x + ")"
	}
	x = smallOperand(x, from)
	switch to.Base {
	case "BOOLEAN":
		return "sf_to_boolean(" + x + ")"
	case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ":
		return "sf_to_timestamp(" + x + ")"
	case "DATE":
		return "substr(sf_to_timestamp(" + x + "), 1, 10)"
	}
	return x
}

// function compiles built-in functions Snowflake offers and the emulator knows.
func (c *Compiler) function(f *sqlparse.FuncCall, sc *Scope) (string, SFType, error) {
	if b, ok := builtins[f.Name]; ok && b.raw != nil {
		return b.raw(c, f, sc)
	}
	args := make([]string, len(f.Args))
	types := make([]SFType, len(f.Args))
	for i, a := range f.Args {
		text, typ, err := c.Expr(a, sc)
		if err != nil {
			return "", SFType{}, err
		}
		args[i], types[i] = text, typ
	}
	within := ""
	if len(f.WithinGroup) > 0 {
		if f.Name != "LISTAGG" && f.Name != "ARRAY_AGG" && f.Name != "ARRAYAGG" || f.Over != nil {
			return "", SFType{}, sferr.Unsupported("WITHIN GROUP with %s", f.Name)
		}
		keys := make([]string, 0, len(f.WithinGroup))
		for _, o := range f.WithinGroup {
			text, typ, err := c.Expr(o.Expr, sc)
			if err != nil {
				return "", SFType{}, err
			}
			keys = append(keys, sortKey(text, typ)+o.SortSQL())
		}
		within = " ORDER BY " + strings.Join(keys, ", ")
	}
	if !exactNumberArgs[f.Name] {
		for i := range args {
			args[i] = smallOperand(args[i], types[i])
		}
	}
	if f.Over != nil {
		return c.window(f, args, types, sc)
	}
	distinct := ""
	if f.Distinct {
		distinct = "DISTINCT "
	}
	if b, ok := builtins[f.Name]; ok && b.compile != nil {
		return b.compile(c, &fnCall{f: f, sc: sc, name: f.Name, args: args, types: types, within: within, distinct: distinct,
			now: SQLiteString(c.env.Context().Now.UTC().Format(TimestampLayout))})
	}
	if reason, ok := approximateFunctions[f.Name]; ok {
		return "", SFType{}, sferr.Unsupported("%s: %s", f.Name, reason)
	}
	return "", SFType{}, sferr.UnknownFunction.With("Unknown function %s", f.Name)
}

// approximateFunctions are Snowflake's estimating aggregates: their results
// come from sketches (HyperLogLog, t-digest, Space-Saving) whose exact
// values the emulator cannot reproduce, so it refuses them, saying why and
// what gives an exact answer.
var approximateFunctions = map[string]string{
	"APPROX_COUNT_DISTINCT": "Snowflake's HyperLogLog estimate cannot be reproduced; COUNT(DISTINCT …) gives the exact count",
	"HLL":                   "Snowflake's HyperLogLog estimate cannot be reproduced; COUNT(DISTINCT …) gives the exact count",
	"APPROX_PERCENTILE":     "Snowflake's t-digest estimate cannot be reproduced; PERCENTILE_CONT or MEDIAN give exact values where supported",
	"APPROX_TOP_K":          "Snowflake's Space-Saving estimate cannot be reproduced; GROUP BY with COUNT(*) and ORDER BY … LIMIT k is exact",
}

func (c *Compiler) window(f *sqlparse.FuncCall, args []string, types []SFType, sc *Scope) (string, SFType, error) {
	var fn, keyed string
	typ := TypeNumber
	switch f.Name {
	case "ROW_NUMBER", "RANK", "DENSE_RANK":
		fn = strings.ToLower(f.Name) + "()"
	case "COUNT":
		fn = "count(*)"
		if !f.Star {
			fn = "count(" + strings.Join(args, ", ") + ")"
		}
	case "AVG":
		if len(args) != 1 {
			return "", SFType{}, errArgumentTypesOf.With("AVG")
		}
		if !types[0].IsNumeric() && types[0].Base != "NULL" {
			return "", SFType{}, sferr.Unsupported("AVG of %s values (cast them to a number first)", types[0])
		}
		fn, typ = "avg("+args[0]+")", TypeFloat
		if types[0].Base == "NUMBER" {
			// The exact mean at a quotient's scale, as the aggregate.
			keyed, typ = "avg", SFType{Base: "NUMBER", Prec: 38, Scale: arithmeticScale("/", types[0].Scale, 0)}
		}
	case "SUM", "MIN", "MAX", "FIRST_VALUE", "LAST_VALUE", "LAG", "LEAD":
		fn = strings.ToLower(f.Name) + "(" + strings.Join(args, ", ") + ")"
		if len(types) > 0 {
			typ = types[0]
		}
		if f.Name == "SUM" && !typ.IsNumeric() && typ.Base != "NULL" {
			return "", SFType{}, sferr.Unsupported("SUM of %s values (cast them to a number first)", typ)
		}
		if f.Name == "SUM" && typ.Base == "NUMBER" {
			fn = "sf_sum(" + strings.Join(args, ", ") + ")"
			keyed = "sum"
		}
		if (f.Name == "MIN" || f.Name == "MAX") && (typ.Base == "NUMBER" || typ.IsSemi()) && len(args) == 1 {
			keyed = strings.ToLower(f.Name)
		}
	default:
		return "", SFType{}, sferr.UnknownFunction.With("Unknown window function %s", f.Name)
	}
	var parts []string
	if len(f.Over.PartitionBy) > 0 {
		var keys []string
		for _, p := range f.Over.PartitionBy {
			text, _, err := c.Expr(p, sc)
			if err != nil {
				return "", SFType{}, err
			}
			keys = append(keys, text)
		}
		parts = append(parts, "PARTITION BY "+strings.Join(keys, ", "))
	}
	if len(f.Over.OrderBy) > 0 {
		var keys []string
		for _, o := range f.Over.OrderBy {
			text, typ, err := c.Expr(o.Expr, sc)
			if err != nil {
				return "", SFType{}, err
			}
			keys = append(keys, sortKey(text, typ)+o.SortSQL())
		}
		parts = append(parts, "ORDER BY "+strings.Join(keys, ", "))
	}
	frame, err := windowFrame(f)
	if err != nil {
		return "", SFType{}, err
	}
	if frame != "" {
		parts = append(parts, frame)
	}
	over := " OVER (" + strings.Join(parts, " ") + ")"
	switch keyed {
	case "avg":
		count := "count(" + args[0] + ")" + over
		return "sf_num_div(sf_sum(" + args[0] + ")" + over + ", " + count + ", " + strconv.Itoa(typ.Scale) + ")", typ, nil
	case "sum":
		return "sf_to_number(" + fn + over + ", " + strconv.Itoa(typ.Scale) + ")", typ, nil
	case "min", "max":
		return byNumberKey(keyed, args[0], typ, over), typ, nil
	}
	return fn + over, typ, nil
}

// ConstantInt reads an integer constant, signed or not.
func ConstantInt(e sqlparse.Expr) (int, bool) {
	sign := 1
	if u, ok := e.(*sqlparse.UnaryExpr); ok && (u.Op == "-" || u.Op == "+") {
		if u.Op == "-" {
			sign = -1
		}
		e = u.X
	}
	lit, ok := e.(*sqlparse.Literal)
	if !ok || lit.Kind != sqlparse.ValNumber {
		return 0, false
	}
	v, err := strconv.Atoi(lit.Str)
	return sign * v, err == nil
}

// windowFrame is the frame clause of a window function: the one written,
// checked, or Snowflake's default where it differs from SQLite's. Snowflake
// (functions-window-syntax, "Usage notes for window frames"): without a
// frame, FIRST_VALUE, LAST_VALUE and NTH_VALUE see the entire window (not
// the ANSI RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW the other
// functions use, as SQLite does); a frame needs ORDER BY.
func windowFrame(f *sqlparse.FuncCall) (string, error) {
	fr := f.Over.Frame
	if fr == nil {
		if f.Name == "FIRST_VALUE" || f.Name == "LAST_VALUE" {
			return "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING", nil
		}
		return "", nil
	}
	switch f.Name {
	case "ROW_NUMBER", "RANK", "DENSE_RANK", "LAG", "LEAD":
		return "", sferr.Unsupported("a window frame with %s (Snowflake does not apply one)", f.Name)
	}
	if len(f.Over.OrderBy) == 0 {
		return "", sferr.Compilation.With("window frame specification requires an ORDER BY in the window of %s", f.Name)
	}
	end := fr.End
	if !fr.Between {
		end = sqlparse.FrameBound{Kind: "CURRENT ROW"}
	}
	offset := func(b sqlparse.FrameBound) bool { return b.Kind == "PRECEDING" || b.Kind == "FOLLOWING" }
	if fr.Unit == "RANGE" && (offset(fr.Start) || offset(end)) {
		return "", sferr.Unsupported("RANGE window frames with numeric offsets (use ROWS, or UNBOUNDED / CURRENT ROW bounds)")
	}
	if framePosition(fr.Start) > framePosition(end) || fr.Start.Kind == "UNBOUNDED FOLLOWING" || end.Kind == "UNBOUNDED PRECEDING" {
		return "", sferr.Compilation.With("invalid window frame: %s ends before it starts", fr.SQL())
	}
	return fr.SQL(), nil
}

// framePosition orders frame bounds: preceding rows negative, following positive.
func framePosition(b sqlparse.FrameBound) int64 {
	switch b.Kind {
	case "UNBOUNDED PRECEDING":
		return math.MinInt64
	case "PRECEDING":
		return -b.Offset
	case "FOLLOWING":
		return b.Offset
	case "UNBOUNDED FOLLOWING":
		return math.MaxInt64
	}
	return 0
}

// maxGeneratorRows bounds TABLE(GENERATOR(ROWCOUNT => n)) in the emulator.
const maxGeneratorRows = 10_000_000

// compileGenerator is TABLE(GENERATOR(ROWCOUNT => n)): n rows without
// columns, for SEQ4(), UNIFORM(…) and friends to fill. TIMELIMIT is not
// emulated.
func (c *Compiler) compileGenerator(f *sqlparse.TableFunctionRef, sc *Scope) (string, error) {
	if len(f.Call.Args) > 0 || len(f.Call.Named) != 1 || f.Call.Named["ROWCOUNT"] == nil {
		return "", sferr.UnknownFunction.With("GENERATOR takes ROWCOUNT => <constant> (TIMELIMIT is not supported by the local emulator)")
	}
	n, ok := ConstantInt(f.Call.Named["ROWCOUNT"])
	if !ok || n < 0 {
		return "", sferr.UnknownFunction.With("argument ROWCOUNT to function GENERATOR needs to be a non-negative integer constant")
	}
	if n > maxGeneratorRows {
		return "", sferr.Unsupported("GENERATOR beyond %d rows", maxGeneratorRows)
	}
	alias := c.RelAlias()
	sc.Rels = append(sc.Rels, &Relation{Alias: f.Alias, seq: "(" + alias + ".i - 1)"})
	return fmt.Sprintf("(WITH RECURSIVE g(i) AS (SELECT 1 WHERE %d > 0 UNION ALL SELECT i + 1 FROM g WHERE i < %d) SELECT i FROM g) AS %s", n, n, alias), nil
}
