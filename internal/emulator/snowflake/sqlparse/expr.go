package sqlparse

import (
	"strconv"
	"strings"
)

// Expression grammar, lowest precedence first:
// OR, AND, NOT, comparison / IS [NOT] NULL, ||, + -, * / %, unary -, :: cast, primary.

func (p *parser) expr() (Expr, error) { return p.orExpr() }

func (p *parser) orExpr() (Expr, error) {
	left, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	for p.acceptKw("OR") {
		right, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		left = &BinaryExpr{Op: "OR", Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) andExpr() (Expr, error) {
	left, err := p.notExpr()
	if err != nil {
		return nil, err
	}
	for p.acceptKw("AND") {
		right, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		left = &BinaryExpr{Op: "AND", Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) notExpr() (Expr, error) {
	if p.acceptKw("NOT") {
		x, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		return &UnaryExpr{Op: "NOT", X: x}, nil
	}
	return p.comparison()
}

func (p *parser) comparison() (Expr, error) {
	left, err := p.concat()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.acceptKw("IS"):
			not := p.acceptKw("NOT")
			if err := p.expectKw("NULL"); err != nil {
				return nil, err
			}
			left = &IsNullExpr{X: left, Not: not}
			continue
		case p.isKw("NOT") && (p.peekAt(1).IsKeyword("IN") || p.peekAt(1).IsKeyword("LIKE") || p.peekAt(1).IsKeyword("ILIKE") || p.peekAt(1).IsKeyword("BETWEEN")):
			p.pos++
			x, err := p.predicate(left, true)
			if err != nil {
				return nil, err
			}
			left = x
			continue
		case p.isKw("IN") || p.isKw("LIKE") || p.isKw("ILIKE") || p.isKw("BETWEEN"):
			x, err := p.predicate(left, false)
			if err != nil {
				return nil, err
			}
			left = x
			continue
		}
		t := p.peek()
		if t.Kind == TokOp {
			switch t.Text {
			case "=", "<>", "!=", "<", ">", "<=", ">=":
				p.pos++
				right, err := p.concat()
				if err != nil {
					return nil, err
				}
				op := t.Text
				if op == "!=" {
					op = "<>"
				}
				left = &BinaryExpr{Op: op, Left: left, Right: right}
				continue
			}
		}
		return left, nil
	}
}

// predicate parses IN (…), [I]LIKE, BETWEEN after their left operand.
func (p *parser) predicate(left Expr, not bool) (Expr, error) {
	switch {
	case p.acceptKw("IN"):
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		in := &InExpr{X: left, Not: not}
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			in.List = append(in.List, e)
			if p.acceptOp(")") {
				return in, nil
			}
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
		}
	case p.isKw("LIKE") || p.isKw("ILIKE"):
		ilike := p.next().Text == "ILIKE"
		pat, err := p.concat()
		if err != nil {
			return nil, err
		}
		like := &LikeExpr{X: left, Pattern: pat, Not: not, ILike: ilike}
		if p.acceptKw("ESCAPE") {
			if like.Escape, err = p.concat(); err != nil {
				return nil, err
			}
		}
		return like, nil
	default:
		p.next() // BETWEEN
		lo, err := p.concat()
		if err != nil {
			return nil, err
		}
		if err := p.expectKw("AND"); err != nil {
			return nil, err
		}
		hi, err := p.concat()
		if err != nil {
			return nil, err
		}
		return &BetweenExpr{X: left, Lo: lo, Hi: hi, Not: not}, nil
	}
}

func (p *parser) concat() (Expr, error) {
	left, err := p.additive()
	if err != nil {
		return nil, err
	}
	for p.acceptOp("||") {
		right, err := p.additive()
		if err != nil {
			return nil, err
		}
		left = &BinaryExpr{Op: "||", Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) additive() (Expr, error) {
	left, err := p.multiplicative()
	if err != nil {
		return nil, err
	}
	for p.isOp("+") || p.isOp("-") {
		op := p.next().Text
		right, err := p.multiplicative()
		if err != nil {
			return nil, err
		}
		left = &BinaryExpr{Op: op, Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) multiplicative() (Expr, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.isOp("*") || p.isOp("/") || p.isOp("%") {
		op := p.next().Text
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &BinaryExpr{Op: op, Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) unary() (Expr, error) {
	if p.isOp("-") || p.isOp("+") {
		op := p.next().Text
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &UnaryExpr{Op: op, X: x}, nil
	}
	return p.postfix()
}

func (p *parser) postfix() (Expr, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.acceptOp("::"):
			typ, err := p.typeName()
			if err != nil {
				return nil, err
			}
			x = &CastExpr{X: x, Type: typ}
		case p.isOp(":"):
			p.pos++
			key, err := p.pathKey()
			if err != nil {
				return nil, err
			}
			x = &PathExpr{X: x, Path: []PathElem{key}}
		case p.isOp("."):
			pe, ok := x.(*PathExpr)
			if !ok {
				return x, nil
			}
			p.pos++
			key, err := p.pathKey()
			if err != nil {
				return nil, err
			}
			pe.Path = append(pe.Path, key)
		case p.isOp("["):
			p.pos++
			t := p.next()
			var elem PathElem
			switch t.Kind {
			case TokNumber:
				n, err := strconv.Atoi(t.Text)
				if err != nil {
					return nil, p.unexpected(t)
				}
				elem = PathElem{Index: n, IsIdx: true}
			case TokString:
				elem = PathElem{Key: t.Text}
			default:
				return nil, p.unexpected(t)
			}
			if err := p.expectOp("]"); err != nil {
				return nil, err
			}
			if pe, ok := x.(*PathExpr); ok {
				pe.Path = append(pe.Path, elem)
			} else {
				x = &PathExpr{X: x, Path: []PathElem{elem}}
			}
		default:
			return x, nil
		}
	}
}

// pathKey reads a VARIANT path key: case-sensitive as written, or quoted.
func (p *parser) pathKey() (PathElem, error) {
	t := p.next()
	switch t.Kind {
	case TokIdent:
		return PathElem{Key: t.Raw}, nil
	case TokQuotedIdent:
		return PathElem{Key: t.Text}, nil
	}
	return PathElem{}, p.unexpected(t)
}

// typeName reads a type such as VARCHAR, NUMBER(38,0) or TIMESTAMP_NTZ(9).
func (p *parser) typeName() (string, error) {
	t := p.peek()
	if t.Kind != TokIdent {
		return "", p.unexpected(t)
	}
	p.pos++
	name := t.Text
	if p.acceptOp("(") {
		var args []string
		for {
			a := p.next()
			if a.Kind != TokNumber {
				return "", p.unexpected(a)
			}
			args = append(args, a.Text)
			if p.acceptOp(")") {
				break
			}
			if err := p.expectOp(","); err != nil {
				return "", err
			}
		}
		name += "(" + strings.Join(args, ",") + ")"
	}
	return name, nil
}

func (p *parser) primary() (Expr, error) {
	t := p.peek()
	switch t.Kind {
	case TokString:
		p.pos++
		return &Literal{Kind: ValString, Str: t.Text}, nil
	case TokNumber:
		p.pos++
		return &Literal{Kind: ValNumber, Str: t.Text}, nil
	case TokBind:
		p.pos++
		v, err := p.bindValue(t)
		if err != nil {
			return nil, err
		}
		return &Literal{Kind: v.Kind, Str: v.Str, Bool: v.Bool}, nil
	case TokOp:
		if t.Text == "(" && p.peekAt(1).IsKeyword("SELECT") {
			p.pos++
			sel, err := p.selectBody()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
			return &SubqueryExpr{Select: sel}, nil
		}
		if t.Text == "(" {
			p.pos++
			x, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
			return x, nil
		}
	case TokIdent:
		switch t.Text {
		case "TRUE", "FALSE":
			p.pos++
			return &Literal{Kind: ValBool, Bool: t.Text == "TRUE"}, nil
		case "NULL":
			p.pos++
			return &Literal{Kind: ValNull}, nil
		case "CASE":
			return p.caseExpr()
		case "EXISTS":
			p.pos++
			if err := p.expectOp("("); err != nil {
				return nil, err
			}
			sel, err := p.selectBody()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
			return &ExistsExpr{Select: sel}, nil
		case "CAST", "TRY_CAST":
			if p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "(" {
				p.pos += 2
				x, err := p.expr()
				if err != nil {
					return nil, err
				}
				if err := p.expectKw("AS"); err != nil {
					return nil, err
				}
				typ, err := p.typeName()
				if err != nil {
					return nil, err
				}
				if err := p.expectOp(")"); err != nil {
					return nil, err
				}
				return &CastExpr{X: x, Type: typ, Try: t.Text == "TRY_CAST"}, nil
			}
		}
		if p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "(" {
			return p.funcCall()
		}
		// Niladic functions Snowflake accepts without parentheses.
		switch t.Text {
		case "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "SYSDATE":
			p.pos++
			return &FuncCall{Name: t.Text, Tok: t}, nil
		}
		n, err := p.name(4)
		if err != nil {
			return nil, err
		}
		return &ColumnRef{Name: n}, nil
	case TokQuotedIdent:
		n, err := p.name(4)
		if err != nil {
			return nil, err
		}
		return &ColumnRef{Name: n}, nil
	}
	return nil, p.unexpected(t)
}

func (p *parser) caseExpr() (Expr, error) {
	p.next()
	c := &CaseExpr{}
	var err error
	if !p.isKw("WHEN") {
		if c.Operand, err = p.expr(); err != nil {
			return nil, err
		}
	}
	for p.acceptKw("WHEN") {
		var w WhenClause
		if w.Cond, err = p.expr(); err != nil {
			return nil, err
		}
		if err := p.expectKw("THEN"); err != nil {
			return nil, err
		}
		if w.Result, err = p.expr(); err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, w)
	}
	if len(c.Whens) == 0 {
		return nil, p.unexpected(p.peek())
	}
	if p.acceptKw("ELSE") {
		if c.Else, err = p.expr(); err != nil {
			return nil, err
		}
	}
	return c, p.expectKw("END")
}

func (p *parser) funcCall() (Expr, error) {
	fc, err := p.funcArgs()
	if err != nil {
		return nil, err
	}
	if p.acceptKw("WITHIN", "GROUP") {
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		if err := p.expectKw("ORDER", "BY"); err != nil {
			return nil, err
		}
		if fc.WithinGroup, err = p.orderItems(); err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("OVER") {
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		w := &WindowSpec{}
		if p.acceptKw("PARTITION", "BY") {
			for {
				e, err := p.expr()
				if err != nil {
					return nil, err
				}
				w.PartitionBy = append(w.PartitionBy, e)
				if !p.acceptOp(",") {
					break
				}
			}
		}
		if p.acceptKw("ORDER", "BY") {
			if w.OrderBy, err = p.orderItems(); err != nil {
				return nil, err
			}
		}
		if p.isKw("ROWS") || p.isKw("RANGE") {
			if w.Frame, err = p.windowFrame(); err != nil {
				return nil, err
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		fc.Over = w
	}
	return fc, nil
}

func (p *parser) funcArgs() (*FuncCall, error) {
	t := p.next()
	p.next() // (
	fc := &FuncCall{Name: t.Text, Tok: t}
	return fc, p.callArgs(fc)
}

// callArgs parses arguments after "(" up to and including ")".
func (p *parser) callArgs(fc *FuncCall) error {
	if p.acceptOp(")") {
		return nil
	}
	if p.acceptOp("*") {
		fc.Star = true
		return p.expectOp(")")
	}
	fc.Distinct = p.acceptKw("DISTINCT")
	for {
		if (p.peek().Kind == TokIdent) && p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "=>" {
			key := p.next().Text
			p.next()
			v, err := p.expr()
			if err != nil {
				return err
			}
			if fc.Named == nil {
				fc.Named = map[string]Expr{}
			}
			fc.Named[key] = v
		} else {
			a, err := p.expr()
			if err != nil {
				return err
			}
			fc.Args = append(fc.Args, a)
		}
		if p.acceptOp(")") {
			return nil
		}
		if err := p.expectOp(","); err != nil {
			return err
		}
	}
}

// windowFrame parses ROWS | RANGE { bound | BETWEEN bound AND bound }.
func (p *parser) windowFrame() (*WindowFrame, error) {
	f := &WindowFrame{Unit: p.next().Text}
	f.Between = p.acceptKw("BETWEEN")
	var err error
	if f.Start, err = p.frameBound(); err != nil {
		return nil, err
	}
	if f.Between {
		if err := p.expectKw("AND"); err != nil {
			return nil, err
		}
		if f.End, err = p.frameBound(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (p *parser) frameBound() (FrameBound, error) {
	switch {
	case p.acceptKw("UNBOUNDED", "PRECEDING"):
		return FrameBound{Kind: "UNBOUNDED PRECEDING"}, nil
	case p.acceptKw("UNBOUNDED", "FOLLOWING"):
		return FrameBound{Kind: "UNBOUNDED FOLLOWING"}, nil
	case p.acceptKw("CURRENT", "ROW"):
		return FrameBound{Kind: "CURRENT ROW"}, nil
	case p.peek().Kind == TokNumber:
		t := p.next()
		n, err := strconv.ParseInt(t.Text, 10, 64)
		if err != nil || n < 0 {
			return FrameBound{}, p.unexpected(t)
		}
		kind, err := p.expectOneKw("PRECEDING", "FOLLOWING")
		return FrameBound{Kind: kind, Offset: n}, err
	}
	return FrameBound{}, p.unexpected(p.peek())
}
