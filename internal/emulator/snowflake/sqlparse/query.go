package sqlparse

import (
	"strconv"
	"strings"
)

// notAlias are words that end a relation or select item instead of naming it.
var notAlias = map[string]bool{
	"JOIN": true, "LEFT": true, "RIGHT": true, "INNER": true, "CROSS": true, "OUTER": true, "FULL": true,
	"NATURAL": true, "OFFSET": true, "WINDOW": true, "MATCHED": true, "INTERSECT": true, "EXCEPT": true, "MINUS": true,
}

func (p *parser) alias() (string, error) {
	if p.acceptKw("AS") {
		return p.identPart()
	}
	t := p.peek()
	if t.Kind == TokQuotedIdent || (t.Kind == TokIdent && !reserved[t.Text] && !notAlias[t.Text]) {
		p.pos++
		return t.Text, nil
	}
	return "", nil
}

func (p *parser) selectStmt() (Statement, error) {
	return p.selectBody()
}

// selectBody is [WITH …] core [{UNION [ALL] | INTERSECT | EXCEPT | MINUS} core …]
// [ORDER BY …] [LIMIT …]: the ORDER BY and LIMIT after set operations
// order and limit the whole result.
func (p *parser) selectBody() (*SelectStmt, error) {
	var with []CTE
	recursive := false
	if p.acceptKw("WITH") {
		recursive = p.acceptKw("RECURSIVE")
		for {
			name, err := p.identPart()
			if err != nil {
				return nil, err
			}
			cte := CTE{Name: name}
			if p.isOp("(") {
				if cte.Columns, err = p.columnList(); err != nil {
					return nil, err
				}
			}
			if err := p.expectKw("AS"); err != nil {
				return nil, err
			}
			if err := p.expectOp("("); err != nil {
				return nil, err
			}
			if cte.Select, err = p.selectBody(); err != nil {
				return nil, err
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
			with = append(with, cte)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	st, err := p.selectCore()
	if err != nil {
		return nil, err
	}
	st.With, st.Recursive = with, recursive
	for {
		var op string
		switch {
		case p.acceptKw("UNION", "ALL"):
			op = "UNION ALL"
		case p.acceptKw("UNION"):
			p.acceptKw("DISTINCT")
			op = "UNION"
		case p.acceptKw("INTERSECT"):
			op = "INTERSECT"
		case p.acceptKw("EXCEPT"), p.acceptKw("MINUS"):
			op = "EXCEPT"
		}
		if op == "" {
			break
		}
		right, err := p.selectCore()
		if err != nil {
			return nil, err
		}
		st.SetOps = append(st.SetOps, SetOp{Op: op, Right: right})
	}
	return st, p.selectTail(st)
}

// selectCore is SELECT … [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [QUALIFY …].
func (p *parser) selectCore() (*SelectStmt, error) {
	if err := p.expectKw("SELECT"); err != nil {
		return nil, err
	}
	st := &SelectStmt{}
	st.Distinct = p.acceptKw("DISTINCT")
	p.acceptKw("ALL")
	for {
		start := p.peek().Pos
		var item SelectItem
		switch {
		case p.isOp("*"):
			p.pos++
			item.Expr = &StarExpr{}
		case (p.peek().Kind == TokIdent || p.peek().Kind == TokQuotedIdent) && p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "." &&
			p.peekAt(2).Kind == TokOp && p.peekAt(2).Text == "*":
			item.Expr = &StarExpr{Qualifier: p.next().Text}
			p.pos += 2
		default:
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			item.Expr = e
			item.Text = strings.TrimSpace(p.src[start:p.peek().Pos])
			alias, err := p.alias()
			if err != nil {
				return nil, err
			}
			item.Alias = alias
		}
		st.Items = append(st.Items, item)
		if !p.acceptOp(",") {
			break
		}
	}
	if p.acceptKw("FROM") {
		for {
			f, err := p.fromItem()
			if err != nil {
				return nil, err
			}
			st.From = append(st.From, f)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	var err error
	if p.acceptKw("WHERE") {
		if st.Where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("GROUP", "BY", "ALL") {
		st.GroupByAll = true
	} else if p.acceptKw("GROUP", "BY") {
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			st.GroupBy = append(st.GroupBy, e)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.acceptKw("HAVING") {
		if st.Having, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("QUALIFY") {
		if st.Qualify, err = p.expr(); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// selectTail is [ORDER BY …] [LIMIT n [OFFSET m]].
func (p *parser) selectTail(st *SelectStmt) error {
	var err error
	if p.acceptKw("ORDER", "BY") {
		if st.OrderBy, err = p.orderItems(); err != nil {
			return err
		}
	}
	if p.acceptKw("LIMIT") {
		n, err := p.intLiteral()
		if err != nil {
			return err
		}
		st.Limit = &n
		if p.acceptKw("OFFSET") {
			m, err := p.intLiteral()
			if err != nil {
				return err
			}
			st.Offset = &m
		}
	}
	return nil
}

func (p *parser) intLiteral() (int64, error) {
	t := p.next()
	if t.Kind == TokBind {
		v, err := p.bindValue(t)
		if err != nil {
			return 0, err
		}
		t = Token{Kind: TokNumber, Text: v.Str, Raw: t.Raw, Line: t.Line, Col: t.Col}
	}
	n, err := strconv.ParseInt(t.Text, 10, 64)
	if t.Kind != TokNumber || err != nil || n < 0 {
		return 0, p.unexpected(t)
	}
	return n, nil
}

func (p *parser) orderItems() ([]OrderItem, error) {
	var out []OrderItem
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		item := OrderItem{Expr: e}
		if p.acceptKw("DESC") {
			item.Desc = true
		} else {
			p.acceptKw("ASC")
		}
		if p.acceptKw("NULLS") {
			var err error
			if item.Nulls, err = p.expectOneKw("FIRST", "LAST"); err != nil {
				return nil, err
			}
		}
		out = append(out, item)
		if !p.acceptOp(",") {
			return out, nil
		}
	}
}

func (p *parser) fromItem() (FromItem, error) {
	left, err := p.fromPrimary()
	if err != nil {
		return nil, err
	}
	for {
		kind := ""
		switch {
		case p.acceptKw("JOIN"), p.acceptKw("INNER", "JOIN"):
			kind = "INNER"
		case p.acceptKw("LEFT", "OUTER", "JOIN"), p.acceptKw("LEFT", "JOIN"):
			kind = "LEFT"
		case p.acceptKw("CROSS", "JOIN"):
			kind = "CROSS"
		default:
			return left, nil
		}
		right, err := p.fromPrimary()
		if err != nil {
			return nil, err
		}
		j := &JoinRef{Left: left, Right: right, Kind: kind}
		if kind != "CROSS" {
			if err := p.expectKw("ON"); err != nil {
				return nil, err
			}
			if j.On, err = p.expr(); err != nil {
				return nil, err
			}
		}
		left = j
	}
}

func (p *parser) fromPrimary() (FromItem, error) {
	switch {
	case p.isKw("TABLE") && p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "(" && !p.peekAt(2).IsKeyword("FLATTEN"):
		p.pos += 2
		n, err := p.name(3)
		if err != nil {
			return nil, err
		}
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		fc := &FuncCall{Name: n.Last(), Tok: n.Tok}
		if err := p.callArgs(fc); err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		ref := &TableFunctionRef{Name: n, Call: fc}
		if ref.Alias, err = p.alias(); err != nil {
			return nil, err
		}
		return ref, nil
	case p.isKw("TABLE") && p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "(":
		p.pos += 2
		f, err := p.flatten()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		if f.Alias, err = p.alias(); err != nil {
			return nil, err
		}
		return f, nil
	case p.isKw("LATERAL"):
		p.pos++
		f, err := p.flatten()
		if err != nil {
			return nil, err
		}
		if f.Alias, err = p.alias(); err != nil {
			return nil, err
		}
		return f, nil
	case p.isKw("VALUES") || (p.isOp("(") && p.peekAt(1).IsKeyword("VALUES")):
		return p.valuesRef()
	case p.isOp("(") && (p.peekAt(1).IsKeyword("SELECT") || p.peekAt(1).IsKeyword("WITH")):
		p.pos++
		sel, err := p.selectBody()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		alias, err := p.alias()
		if err != nil {
			return nil, err
		}
		return &SubqueryRef{Select: sel, Alias: alias}, nil
	}
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	alias, err := p.alias()
	if err != nil {
		return nil, err
	}
	return &TableRef{Name: n, Alias: alias}, nil
}

// valuesRow parses one VALUES row: ( expr [, expr]… ).
func (p *parser) valuesRow() ([]Expr, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	var row []Expr
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		row = append(row, e)
		if !p.acceptOp(",") {
			break
		}
	}
	return row, p.expectOp(")")
}

// valuesRef parses VALUES (…), (…) or (VALUES …) as a table, with an
// optional alias and column names: t(a, b).
func (p *parser) valuesRef() (*ValuesRef, error) {
	paren := p.acceptOp("(")
	if err := p.expectKw("VALUES"); err != nil {
		return nil, err
	}
	v := &ValuesRef{}
	for {
		row, err := p.valuesRow()
		if err != nil {
			return nil, err
		}
		if len(v.Rows) > 0 && len(row) != len(v.Rows[0]) {
			t := p.peek()
			return nil, &SyntaxError{Line: t.Line, Col: t.Col, Detail: "every VALUES row must have the same number of expressions"}
		}
		v.Rows = append(v.Rows, row)
		if !p.acceptOp(",") {
			break
		}
	}
	if paren {
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	alias, err := p.alias()
	if err != nil {
		return nil, err
	}
	v.Alias = alias
	if alias != "" && p.isOp("(") {
		if v.Columns, err = p.columnList(); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// flatten parses FLATTEN(INPUT => e [, PATH => 's'] [, OUTER => b]) or FLATTEN(e).
func (p *parser) flatten() (*FlattenRef, error) {
	t := p.peek()
	if !t.IsKeyword("FLATTEN") {
		return nil, p.unexpected(t)
	}
	e, err := p.funcCall()
	if err != nil {
		return nil, err
	}
	fc, _ := e.(*FuncCall)
	f := &FlattenRef{}
	if len(fc.Args) == 1 && len(fc.Named) == 0 {
		f.Input = fc.Args[0]
		return f, nil
	}
	if len(fc.Args) > 0 {
		return nil, &SyntaxError{Line: t.Line, Col: t.Col, Detail: "FLATTEN takes named arguments: INPUT => …"}
	}
	for k, v := range fc.Named {
		switch k {
		case "INPUT":
			f.Input = v
		case "PATH":
			lit, ok := v.(*Literal)
			if !ok || lit.Kind != ValString {
				return nil, &SyntaxError{Line: t.Line, Col: t.Col, Detail: "FLATTEN PATH must be a string literal"}
			}
			f.Path = lit.Str
		case "OUTER":
			lit, ok := v.(*Literal)
			if !ok || lit.Kind != ValBool {
				return nil, &SyntaxError{Line: t.Line, Col: t.Col, Detail: "FLATTEN OUTER must be TRUE or FALSE"}
			}
			f.Outer = lit.Bool
		case "RECURSIVE", "MODE":
			return nil, &SyntaxError{Line: t.Line, Col: t.Col, Detail: "FLATTEN " + k + " is not supported by this emulator"}
		default:
			return nil, &SyntaxError{Line: t.Line, Col: t.Col, Detail: "invalid argument " + k + " for FLATTEN"}
		}
	}
	if f.Input == nil {
		return nil, &SyntaxError{Line: t.Line, Col: t.Col, Detail: "FLATTEN needs INPUT"}
	}
	return f, nil
}

// columnDef reads `name type [NOT NULL | NULL | DEFAULT e | PRIMARY KEY | UNIQUE | COMMENT 's']…`.
func (p *parser) columnDef() (ColumnDef, error) {
	name, err := p.identPart()
	if err != nil {
		return ColumnDef{}, err
	}
	col := ColumnDef{Name: name, Tok: p.toks[p.pos-1]}
	if col.Type, err = p.typeName(); err != nil {
		return col, err
	}
	for {
		switch {
		case p.acceptKw("NOT", "NULL"):
			col.NotNull = true
		case p.acceptKw("NULL"):
		case p.acceptKw("DEFAULT"):
			if col.Default, err = p.expr(); err != nil {
				return col, err
			}
		case p.acceptKw("PRIMARY", "KEY"):
			col.PrimaryKey = true
		case p.acceptKw("UNIQUE"):
			col.Unique = true
		case p.acceptKw("COMMENT"):
			t := p.next()
			if t.Kind != TokString {
				return col, p.unexpected(t)
			}
			c := t.Text
			col.Comment = &c
		default:
			return col, nil
		}
	}
}

func (p *parser) createTable(st *CreateStmt) (Statement, error) {
	ct := &CreateTableStmt{OrReplace: st.OrReplace, IfNotExists: st.IfNotExists, Name: st.Name, Tok: st.Tok}
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	for {
		col, err := p.columnDef()
		if err != nil {
			return nil, err
		}
		ct.Columns = append(ct.Columns, col)
		if p.acceptOp(")") {
			break
		}
		if err := p.expectOp(","); err != nil {
			return nil, err
		}
	}
	for {
		switch {
		case p.acceptKw("COMMENT"):
			if err := p.expectOp("="); err != nil {
				return nil, err
			}
			t := p.next()
			if t.Kind != TokString {
				return nil, p.unexpected(t)
			}
			c := t.Text
			ct.Comment = &c
		case p.isKw("CHANGE_TRACKING"), p.isKw("DATA_RETENTION_TIME_IN_DAYS"), p.isKw("MAX_DATA_EXTENSION_TIME_IN_DAYS"),
			p.isKw("DEFAULT_DDL_COLLATION"):
			keyTok := p.next()
			if err := p.expectOp("="); err != nil {
				return nil, err
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			ct.Props = append(ct.Props, Property{Key: keyTok.Text, KeyTok: keyTok, Value: v})
		default:
			return ct, nil
		}
	}
}

func (p *parser) createView(st *CreateStmt, secure bool) (Statement, error) {
	cv := &CreateViewStmt{OrReplace: st.OrReplace, IfNotExists: st.IfNotExists, Secure: secure, Name: st.Name}
	for {
		switch {
		case p.acceptKw("COPY", "GRANTS"):
		case p.acceptKw("COMMENT"):
			if err := p.expectOp("="); err != nil {
				return nil, err
			}
			t := p.next()
			if t.Kind != TokString {
				return nil, p.unexpected(t)
			}
			c := t.Text
			cv.Comment = &c
		default:
			if err := p.expectKw("AS"); err != nil {
				return nil, err
			}
			start := p.peek().Pos
			sel, err := p.selectBody()
			if err != nil {
				return nil, err
			}
			cv.Select = sel
			cv.QueryText = strings.TrimSpace(p.src[start:p.peek().Pos])
			cv.Text = strings.TrimSpace(p.src[st.Tok.Pos:p.peek().Pos])
			return cv, nil
		}
	}
}

func (p *parser) columnList() ([]string, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	var cols []string
	for {
		c, err := p.identPart()
		if err != nil {
			return nil, err
		}
		cols = append(cols, c)
		if p.acceptOp(")") {
			return cols, nil
		}
		if err := p.expectOp(","); err != nil {
			return nil, err
		}
	}
}

func (p *parser) insert() (Statement, error) {
	tok := p.next()
	p.acceptKw("OVERWRITE")
	if err := p.expectKw("INTO"); err != nil {
		return nil, err
	}
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st := &InsertStmt{Table: n, Tok: tok}
	if p.isOp("(") && !p.peekAt(1).IsKeyword("SELECT") {
		if st.Columns, err = p.columnList(); err != nil {
			return nil, err
		}
	}
	switch {
	case p.acceptKw("VALUES"):
		for {
			row, err := p.valuesRow()
			if err != nil {
				return nil, err
			}
			st.Values = append(st.Values, row)
			if !p.acceptOp(",") {
				return st, nil
			}
		}
	case p.isKw("SELECT"):
		st.Select, err = p.selectBody()
		return st, err
	case p.isOp("(") && p.peekAt(1).IsKeyword("SELECT"):
		p.pos++
		if st.Select, err = p.selectBody(); err != nil {
			return nil, err
		}
		return st, p.expectOp(")")
	}
	return nil, p.unexpected(p.peek())
}

func (p *parser) assignments() ([]Assignment, error) {
	var out []Assignment
	for {
		t := p.peek()
		n, err := p.name(2)
		if err != nil {
			return nil, err
		}
		if err := p.expectOp("="); err != nil {
			return nil, err
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		out = append(out, Assignment{Column: n.Last(), Tok: t, Expr: e})
		if !p.acceptOp(",") {
			return out, nil
		}
	}
}

func (p *parser) update() (Statement, error) {
	p.next()
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st := &UpdateStmt{Table: n}
	if !p.isKw("SET") {
		if st.Alias, err = p.alias(); err != nil {
			return nil, err
		}
	}
	if err := p.expectKw("SET"); err != nil {
		return nil, err
	}
	if st.Sets, err = p.assignments(); err != nil {
		return nil, err
	}
	if p.acceptKw("FROM") {
		for {
			f, err := p.fromItem()
			if err != nil {
				return nil, err
			}
			st.From = append(st.From, f)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.acceptKw("WHERE") {
		if st.Where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (p *parser) deleteStmt() (Statement, error) {
	p.next()
	if err := p.expectKw("FROM"); err != nil {
		return nil, err
	}
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st := &DeleteStmt{Table: n}
	if st.Alias, err = p.alias(); err != nil {
		return nil, err
	}
	if p.acceptKw("WHERE") {
		if st.Where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (p *parser) merge() (Statement, error) {
	p.next()
	if err := p.expectKw("INTO"); err != nil {
		return nil, err
	}
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st := &MergeStmt{Target: n}
	if !p.isKw("USING") {
		if st.TargetAlias, err = p.alias(); err != nil {
			return nil, err
		}
	}
	if err := p.expectKw("USING"); err != nil {
		return nil, err
	}
	if st.Source, err = p.fromPrimary(); err != nil {
		return nil, err
	}
	if err := p.expectKw("ON"); err != nil {
		return nil, err
	}
	if st.On, err = p.expr(); err != nil {
		return nil, err
	}
	for p.acceptKw("WHEN") {
		c := MergeClause{Matched: true}
		if p.acceptKw("NOT") {
			c.Matched = false
		}
		if err := p.expectKw("MATCHED"); err != nil {
			return nil, err
		}
		if p.acceptKw("AND") {
			if c.Cond, err = p.expr(); err != nil {
				return nil, err
			}
		}
		if err := p.expectKw("THEN"); err != nil {
			return nil, err
		}
		switch {
		case c.Matched && p.acceptKw("UPDATE", "SET"):
			c.Action = "UPDATE"
			if c.Sets, err = p.assignments(); err != nil {
				return nil, err
			}
		case c.Matched && p.acceptKw("DELETE"):
			c.Action = "DELETE"
		case !c.Matched && p.acceptKw("INSERT"):
			c.Action = "INSERT"
			if p.isOp("(") {
				if c.InsertCols, err = p.columnList(); err != nil {
					return nil, err
				}
			}
			if err := p.expectKw("VALUES"); err != nil {
				return nil, err
			}
			if err := p.expectOp("("); err != nil {
				return nil, err
			}
			for {
				e, err := p.expr()
				if err != nil {
					return nil, err
				}
				c.InsertValues = append(c.InsertValues, e)
				if p.acceptOp(")") {
					break
				}
				if err := p.expectOp(","); err != nil {
					return nil, err
				}
			}
		default:
			return nil, p.unexpected(p.peek())
		}
		st.Clauses = append(st.Clauses, c)
	}
	if len(st.Clauses) == 0 {
		return nil, p.unexpected(p.peek())
	}
	return st, nil
}
