package engine

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// query runs a compiled SELECT and converts rows to wire strings.
func (x *execCtx) query(st *sqlparse.SelectStmt) (*Result, error) {
	comp := x.compiler()
	sub, err := comp.CompileSelect(st, nil)
	if err != nil {
		return nil, err
	}
	// Compiled first: a missing object or privilege is reported before
	// the missing warehouse, as Snowflake does.
	if comp.Scans {
		if err := x.requireWarehouse(); err != nil {
			return nil, err
		}
	}
	rows, err := x.tx.SQL().QueryContext(x.ctx(), sub.SQL)
	if err != nil {
		return nil, sferr.FromSQLite(err)
	}
	defer func() { _ = rows.Close() }()
	res := &Result{StatementType: TypeSelect, Rows: [][]*string{}}
	for _, c := range sub.Cols {
		res.Columns = append(res.Columns, wireColumn(c.Name, c.Type))
	}
	var spill *spillWriter
	if cfg, _ := x.ctx().Value(activeSpillKey{}).(*SpillConfig); cfg != nil {
		spill = &spillWriter{cfg: cfg, spill: &Spill{}}
	}
	for rows.Next() {
		vals := make([]any, len(sub.Cols))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, sferr.FromSQLite(err)
		}
		row := make([]*string, len(vals))
		for i, v := range vals {
			cell, err := wireValue(v, sub.Cols[i].Type)
			if err != nil {
				if spill != nil {
					spill.abort()
				}
				return nil, err
			}
			row[i] = cell
		}
		if spill != nil && len(res.Rows) >= spill.cfg.Inline {
			if err := spill.add(row); err != nil {
				spill.abort()
				return nil, err
			}
			continue
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		if spill != nil {
			spill.abort()
		}
		return nil, sferr.FromSQLite(err)
	}
	if spill != nil {
		if err := spill.closeChunk(); err != nil {
			spill.abort()
			return nil, err
		}
		if len(spill.spill.Chunks) > 0 {
			res.Spill = spill.spill
		}
	}
	return res, nil
}

func wireColumn(name string, t compiler.SFType) Column {
	c := Column{Name: name, Type: t.Wire(), Nullable: true}
	switch t.Base {
	case "NUMBER":
		c.Precision, c.Scale = t.Prec, t.Scale
	case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ":
		c.Scale = 9
	}
	return c
}

// timestampCell is a stored timestamp on the wire.
func timestampCell(v any) *string {
	cell, _ := wireValue(v, compiler.TypeTimestamp) // never fails for a timestamp
	return cell
}

// wireValue encodes a SQLite value as gosnowflake expects for type t.
func wireValue(v any, t compiler.SFType) (*string, error) {
	if v == nil {
		return nil, nil
	}
	s, _ := compiler.TextArg(v)
	switch t.Base {
	case "NUMBER":
		switch v.(type) {
		case int64, float64, []byte:
			// Exactly, at the column's scale: 1.5 in NUMBER(10,2) is 1.50.
			text, err := compiler.NumberText(v, t.Scale)
			if err != nil {
				return nil, err
			}
			s, _ = compiler.TextArg(text)
			return &s, nil
		}
	case "BOOLEAN":
		if n, ok := v.(int64); ok {
			return boolStr(n != 0), nil
		}
	case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ":
		if ts, err := time.Parse(compiler.TimestampLayout, s); err == nil {
			return tsStr(ts), nil
		}
	case "DATE":
		if d, err := time.Parse("2006-01-02", s); err == nil {
			return str(strconv.FormatInt(d.Unix()/86400, 10)), nil
		}
	case "VARIANT", "OBJECT", "ARRAY":
		// Snowflake returns semi-structured values indented by two spaces.
		var b bytes.Buffer
		if json.Indent(&b, []byte(s), "", "  ") == nil {
			return str(b.String()), nil
		}
	}
	return &s, nil
}

// resolveTable finds a table for DML and checks the privilege.
func (x *execCtx) resolveTable(n sqlparse.Name, privilege string) (*catalog.Object, error) {
	o, err := x.resolveRelation(n, false)
	if err != nil {
		return nil, err
	}
	if o.Kind != "TABLE" {
		return nil, errObjectNotExist("TABLE", n.String())
	}
	if ok, err := x.has(privilege, o); err != nil {
		return nil, err
	} else if !ok {
		return nil, sferr.Insufficient("table", n.String())
	}
	return o, nil
}

// nonConstantInValues are the functions Snowflake refuses in VALUES.
var nonConstantInValues = map[string]bool{"PARSE_JSON": true, "TRY_PARSE_JSON": true, "OBJECT_CONSTRUCT": true,
	"ARRAY_CONSTRUCT": true, "TO_VARIANT": true, "OBJECT_CONSTRUCT_KEEP_NULL": true}

// assignable converts a value of type from for a column of type to, or
// reports Snowflake's type mismatch.
func assignable(sqlText string, from compiler.SFType, col tableCol) (string, error) {
	to := col.Type
	if from.Base == "NULL" {
		return "NULL", nil
	}
	if to.IsSemi() && !from.IsSemi() {
		return "", errColumnType.With(to.Base, compiler.TypeDisplay(from), col.Name)
	}
	if to.Base == "VARCHAR" && to.Len > 0 {
		// Snowflake refuses a string longer than the column, never truncates it.
		return "sf_fit_varchar(" + compiler.CastSQL(sqlText, from, to) + ", " + strconv.Itoa(to.Len) + ")", nil
	}
	if to.IsSemi() || from.Base == to.Base && !(to.Base == "NUMBER" && (from.Scale != to.Scale || to.Prec < 38)) {
		return sqlText, nil
	}
	return compiler.CastSQL(sqlText, from, to), nil
}

// insertTargets resolves an INSERT column list to column positions; an
// empty list means every column in order.
func insertTargets(cols []tableCol, names []string) ([]int, error) {
	target := make([]int, 0, len(cols))
	if len(names) == 0 {
		for i := range cols {
			target = append(target, i)
		}
		return target, nil
	}
	for _, name := range names {
		idx := -1
		for i, c := range cols {
			if c.Name == name {
				idx = i
			}
		}
		if idx < 0 {
			return nil, sferr.InvalidIdentifier.With(sqlparse.DisplayIdent(name))
		}
		target = append(target, idx)
	}
	return target, nil
}

func (x *execCtx) insert(st *sqlparse.InsertStmt) (*Result, error) {
	o, err := x.resolveTable(st.Table, "INSERT")
	if err != nil {
		return nil, err
	}
	if err := x.requireWarehouse(); err != nil {
		return nil, err
	}
	cols := tableColumns(o)
	target, err := insertTargets(cols, st.Columns)
	if err != nil {
		return nil, err
	}
	// Columns not named take their default.
	named := map[int]bool{}
	for _, i := range target {
		named[i] = true
	}
	var extraCols []int
	var extraVals []string
	for i, c := range cols {
		if !named[i] && c.Default != "" {
			extraCols = append(extraCols, i)
			extraVals = append(extraVals, c.Default)
		}
	}
	colList := make([]string, 0, len(target)+len(extraCols))
	for _, i := range append(append([]int(nil), target...), extraCols...) {
		colList = append(colList, fmt.Sprintf("c%d", i))
	}
	comp := x.compiler()
	var stmt string
	if st.Select != nil {
		sub, err := comp.CompileSelect(st.Select, nil)
		if err != nil {
			return nil, err
		}
		if len(sub.Cols) != len(target) {
			return nil, errInsertColumnCount.With(len(target), len(sub.Cols))
		}
		exprs := make([]string, 0, len(target)+len(extraVals))
		for j, i := range target {
			v, err := assignable("s."+sub.Cols[j].SQL, sub.Cols[j].Type, cols[i])
			if err != nil {
				return nil, err
			}
			exprs = append(exprs, v)
		}
		exprs = append(exprs, extraVals...)
		stmt = "INSERT INTO " + dataTable(o) + " (" + strings.Join(colList, ", ") + ") SELECT " + strings.Join(exprs, ", ") + " FROM (" + sub.SQL + ") AS s"
	} else {
		var rows []string
		for _, row := range st.Values {
			if len(row) != len(target) {
				return nil, errInsertColumnCount.With(len(target), len(row))
			}
			vals := make([]string, 0, len(row)+len(extraVals))
			for j, e := range row {
				if fc, ok := e.(*sqlparse.FuncCall); ok && nonConstantInValues[fc.Name] {
					return nil, errValuesExpression.With(fc.Name)
				}
				text, typ, err := comp.Expr(e, &compiler.Scope{})
				if err != nil {
					return nil, err
				}
				v, err := assignable(text, typ, cols[target[j]])
				if err != nil {
					return nil, err
				}
				vals = append(vals, v)
			}
			vals = append(vals, extraVals...)
			rows = append(rows, "("+strings.Join(vals, ", ")+")")
		}
		stmt = "INSERT INTO " + dataTable(o) + " (" + strings.Join(colList, ", ") + ") VALUES " + strings.Join(rows, ", ")
	}
	n, err := x.execData(stmt)
	if err != nil {
		return nil, err
	}
	return dmlResult(TypeInsert, []string{"number of rows inserted"}, n), nil
}

func dmlResult(kind int64, names []string, counts ...int64) *Result {
	res := &Result{StatementType: kind}
	row := make([]*string, len(names))
	for i, name := range names {
		res.Columns = append(res.Columns, fixedCol(name))
		var n int64
		if i < len(counts) {
			n = counts[i]
		}
		row[i] = intStr(n)
	}
	res.Rows = [][]*string{row}
	return res
}

func (x *execCtx) execData(stmt string) (int64, error) {
	r, err := x.tx.SQL().ExecContext(x.ctx(), stmt)
	if err != nil {
		return 0, sferr.FromSQLite(err)
	}
	return r.RowsAffected()
}

// targetScope is the scope of a DML target table under SQLite alias sqlAlias.
func targetScope(o *catalog.Object, alias, sqlAlias string) *compiler.Relation {
	if alias == "" {
		alias = o.Name
	}
	rel := &compiler.Relation{Alias: alias}
	for i, c := range tableColumns(o) {
		rel.Cols = append(rel.Cols, compiler.Column{Name: c.Name, SQL: fmt.Sprintf("%s.c%d", sqlAlias, i), Type: c.Type})
	}
	return rel
}

func (x *execCtx) setClause(o *catalog.Object, sets []sqlparse.Assignment, sc *compiler.Scope, comp *compiler.Compiler) (string, error) {
	cols := tableColumns(o)
	var parts []string
	for _, a := range sets {
		idx := -1
		for i, c := range cols {
			if c.Name == a.Column {
				idx = i
			}
		}
		if idx < 0 {
			return "", sferr.InvalidIdentifier.With(sqlparse.DisplayIdent(a.Column))
		}
		text, typ, err := comp.Expr(a.Expr, sc)
		if err != nil {
			return "", err
		}
		v, err := assignable(text, typ, cols[idx])
		if err != nil {
			return "", err
		}
		parts = append(parts, fmt.Sprintf("c%d = %s", idx, v))
	}
	return strings.Join(parts, ", "), nil
}

func (x *execCtx) update(st *sqlparse.UpdateStmt) (*Result, error) {
	o, err := x.resolveTable(st.Table, "UPDATE")
	if err != nil {
		return nil, err
	}
	if err := x.requireWarehouse(); err != nil {
		return nil, err
	}
	comp := x.compilerAfterTarget()
	sc := &compiler.Scope{Rels: []*compiler.Relation{targetScope(o, st.Alias, "r0")}}
	var from []string
	for _, f := range st.From {
		text, err := comp.CompileFrom(f, sc)
		if err != nil {
			return nil, err
		}
		from = append(from, text)
	}
	set, err := x.setClause(o, st.Sets, sc, comp)
	if err != nil {
		return nil, err
	}
	stmt := "UPDATE " + dataTable(o) + " AS r0 SET " + set
	if len(from) > 0 {
		stmt += " FROM " + strings.Join(from, ", ")
	}
	if st.Where != nil {
		w, _, err := comp.Expr(st.Where, sc)
		if err != nil {
			return nil, err
		}
		stmt += " WHERE " + w
	}
	n, err := x.execData(stmt)
	if err != nil {
		return nil, err
	}
	return dmlResult(TypeUpdate, []string{"number of rows updated", "number of multi-joined rows updated"}, n, 0), nil
}

func (x *execCtx) deleteRows(st *sqlparse.DeleteStmt) (*Result, error) {
	o, err := x.resolveTable(st.Table, "DELETE")
	if err != nil {
		return nil, err
	}
	if err := x.requireWarehouse(); err != nil {
		return nil, err
	}
	comp := x.compilerAfterTarget()
	sc := &compiler.Scope{Rels: []*compiler.Relation{targetScope(o, st.Alias, "r0")}}
	stmt := "DELETE FROM " + dataTable(o) + " AS r0"
	if st.Where != nil {
		w, _, err := comp.Expr(st.Where, sc)
		if err != nil {
			return nil, err
		}
		stmt += " WHERE " + w
	}
	n, err := x.execData(stmt)
	if err != nil {
		return nil, err
	}
	return dmlResult(TypeDelete, []string{"number of rows deleted"}, n), nil
}

// merge runs MERGE with Snowflake's semantics: each target row matched by
// more than one source row is an error (ERROR_ON_NONDETERMINISTIC_MERGE),
// the first clause whose condition holds acts, and WHEN NOT MATCHED sees
// the target as it was before the statement.
func (x *execCtx) merge(st *sqlparse.MergeStmt) (*Result, error) {
	o, err := x.resolveTable(st.Target, "UPDATE")
	if err != nil {
		return nil, err
	}
	if err := x.requireWarehouse(); err != nil {
		return nil, err
	}
	for _, c := range st.Clauses {
		if c.Action == "INSERT" {
			if ok, err := x.has("INSERT", o); err != nil {
				return nil, err
			} else if !ok {
				return nil, sferr.Insufficient("table", st.Target.String())
			}
		}
	}
	m := &merger{x: x, comp: x.compilerAfterTarget(), o: o, table: dataTable(o), tx: x.tx.SQL()}
	defer m.dropTemps()
	if err := m.match(st); err != nil {
		return nil, err
	}
	var inserted, updated, deleted int64
	for i, c := range st.Clauses {
		switch c.Action {
		case "UPDATE", "DELETE":
			n, err := m.matchedClause(i, c)
			if err != nil {
				return nil, err
			}
			if c.Action == "DELETE" {
				deleted += n
			} else {
				updated += n
			}
		case "INSERT":
			n, err := m.insertClause(c)
			if err != nil {
				return nil, err
			}
			inserted += n
		}
	}
	return dmlResult(TypeMerge, []string{"number of rows inserted", "number of rows updated", "number of rows deleted"}, inserted, updated, deleted), nil
}

// merger runs one MERGE over temp tables: the source (m_src), the
// matching pairs fixed before any clause runs (m_match), the target rows
// a WHEN MATCHED clause took (m_pairs), the unmatched source rows
// (m_unmatched) and those a WHEN NOT MATCHED clause inserted (m_done).
type merger struct {
	x     *execCtx
	comp  *compiler.Compiler
	o     *catalog.Object
	table string
	tx    sqlExecer
	src   *compiler.Relation
	sc    *compiler.Scope // target and source
}

// sqlExecer is the SQLite transaction a statement runs in.
type sqlExecer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (m *merger) run(q string) (int64, error) {
	r, err := m.tx.ExecContext(m.x.ctx(), q)
	if err != nil {
		return 0, sferr.FromSQLite(err)
	}
	return r.RowsAffected()
}

func (m *merger) dropTemps() {
	for _, t := range []string{"m_src", "m_match", "m_pairs", "m_unmatched", "m_done"} {
		_, _ = m.tx.ExecContext(m.x.ctx(), "DROP TABLE IF EXISTS temp."+t)
	}
}

// mergeSource is the MERGE's source as a query and the alias its columns
// are qualified by.
func mergeSource(st *sqlparse.MergeStmt) (*sqlparse.SelectStmt, string, error) {
	switch s := st.Source.(type) {
	case *sqlparse.SubqueryRef:
		return s.Select, s.Alias, nil
	case *sqlparse.TableRef:
		alias := s.Alias
		if alias == "" {
			alias = s.Name.Last()
		}
		return &sqlparse.SelectStmt{Items: []sqlparse.SelectItem{{Expr: &sqlparse.StarExpr{}}}, From: []sqlparse.FromItem{&sqlparse.TableRef{Name: s.Name}}}, alias, nil
	default:
		return nil, "", sferr.Unsupported("MERGE source %T", s)
	}
}

// match materializes the source and fixes the matching: the ON condition
// is evaluated once, in one join SQLite indexes on the fly (a page costs
// one pass over the target), before any clause runs, as in Snowflake. A
// target row two source rows match is Snowflake's 100090 when a WHEN
// MATCHED clause could act on it.
func (m *merger) match(st *sqlparse.MergeStmt) error {
	srcSelect, srcAlias, err := mergeSource(st)
	if err != nil {
		return err
	}
	sub, err := m.comp.CompileSelect(srcSelect, nil)
	if err != nil {
		return err
	}
	if _, err := m.run("CREATE TEMP TABLE m_src AS " + sub.SQL); err != nil {
		return err
	}
	m.src = &compiler.Relation{Alias: srcAlias}
	for _, c := range sub.Cols {
		m.src.Cols = append(m.src.Cols, compiler.Column{Name: c.Name, SQL: "ms." + c.SQL, Type: c.Type})
	}
	m.sc = &compiler.Scope{Rels: []*compiler.Relation{targetScope(m.o, st.TargetAlias, "mt"), m.src}}
	on, _, err := m.comp.Expr(st.On, m.sc)
	if err != nil {
		return err
	}
	for _, q := range []string{
		"CREATE TEMP TABLE m_match AS SELECT mt.rowid AS trow, ms.rowid AS srow FROM " + m.table + " AS mt JOIN m_src AS ms ON " + on,
		"CREATE TEMP TABLE m_unmatched AS SELECT ms.rowid AS srow FROM m_src AS ms WHERE ms.rowid NOT IN (SELECT srow FROM m_match)",
		"CREATE TEMP TABLE m_pairs (trow INTEGER, srow INTEGER, clause INTEGER)",
		"CREATE TEMP TABLE m_done (srow INTEGER)",
	} {
		if _, err := m.run(q); err != nil {
			return err
		}
	}
	hasMatched := false
	for _, c := range st.Clauses {
		hasMatched = hasMatched || c.Matched
	}
	if !hasMatched {
		return nil
	}
	var dup sql.NullInt64
	err = m.tx.QueryRowContext(m.x.ctx(), "SELECT trow FROM m_match GROUP BY trow HAVING count(*) > 1 LIMIT 1").Scan(&dup)
	if err != nil && err != sql.ErrNoRows {
		return sferr.FromSQLite(err)
	}
	if dup.Valid {
		return errDuplicateRow.With(dup.Int64)
	}
	return nil
}

// matchedClause runs WHEN MATCHED [AND cond] THEN UPDATE or DELETE on the
// matched target rows no earlier clause took.
func (m *merger) matchedClause(i int, c sqlparse.MergeClause) (int64, error) {
	cond := "1"
	if c.Cond != nil {
		var err error
		if cond, _, err = m.comp.Expr(c.Cond, m.sc); err != nil {
			return 0, err
		}
	}
	if _, err := m.run(fmt.Sprintf("INSERT INTO m_pairs SELECT mm.trow, mm.srow, %d FROM m_match AS mm JOIN %s AS mt ON mt.rowid = mm.trow JOIN m_src AS ms ON ms.rowid = mm.srow WHERE (%s) AND mm.trow NOT IN (SELECT trow FROM m_pairs)",
		i, m.table, cond)); err != nil {
		return 0, err
	}
	if c.Action == "DELETE" {
		return m.run(fmt.Sprintf("DELETE FROM %s WHERE rowid IN (SELECT trow FROM m_pairs WHERE clause = %d)", m.table, i))
	}
	set, err := m.x.setClause(m.o, c.Sets, m.sc, m.comp)
	if err != nil {
		return 0, err
	}
	return m.run(fmt.Sprintf("UPDATE %s AS mt SET %s FROM m_src AS ms, m_pairs AS mp WHERE mp.clause = %d AND mp.trow = mt.rowid AND mp.srow = ms.rowid",
		m.table, set, i))
}

// insertClause runs WHEN NOT MATCHED [AND cond] THEN INSERT on the
// unmatched source rows no earlier clause inserted; columns not named
// take their defaults.
func (m *merger) insertClause(c sqlparse.MergeClause) (int64, error) {
	cols := tableColumns(m.o)
	target, err := insertTargets(cols, c.InsertCols)
	if err != nil {
		return 0, err
	}
	if len(target) != len(c.InsertValues) {
		return 0, errInsertColumnCount.With(len(target), len(c.InsertValues))
	}
	insertScope := &compiler.Scope{Rels: []*compiler.Relation{m.src}}
	var colNames, vals []string
	for j, e := range c.InsertValues {
		text, typ, err := m.comp.Expr(e, insertScope)
		if err != nil {
			return 0, err
		}
		v, err := assignable(text, typ, cols[target[j]])
		if err != nil {
			return 0, err
		}
		colNames = append(colNames, fmt.Sprintf("c%d", target[j]))
		vals = append(vals, v)
	}
	named := map[int]bool{}
	for _, j := range target {
		named[j] = true
	}
	for j, col := range cols {
		if !named[j] && col.Default != "" {
			colNames = append(colNames, fmt.Sprintf("c%d", j))
			vals = append(vals, col.Default)
		}
	}
	cond := "1"
	if c.Cond != nil {
		if cond, _, err = m.comp.Expr(c.Cond, insertScope); err != nil {
			return 0, err
		}
	}
	where := "ms.rowid IN (SELECT srow FROM m_unmatched) AND ms.rowid NOT IN (SELECT srow FROM m_done) AND (" + cond + ")"
	n, err := m.run("INSERT INTO " + m.table + " (" + strings.Join(colNames, ", ") + ") SELECT " + strings.Join(vals, ", ") + " FROM m_src AS ms WHERE " + where)
	if err != nil {
		return 0, err
	}
	if _, err := m.run("INSERT INTO m_done SELECT ms.rowid FROM m_src AS ms WHERE " + where); err != nil {
		return 0, err
	}
	return n, nil
}
