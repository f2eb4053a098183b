package sqlparse

import "strings"

// Procedure statements have their own grammar: a signature, SECRETS =
// ('alias' = name, …), LANGUAGE and EXECUTE AS clauses, and a $$ body.

func (p *parser) isProcedureKw() bool { return p.isKw("PROCEDURE") }

func (p *parser) createProcedure(tok Token, orReplace, secure bool) (Statement, error) {
	p.next() // PROCEDURE
	st := &CreateProcedureStmt{OrReplace: orReplace, Secure: secure, Tok: tok}
	if p.acceptKw("IF", "NOT", "EXISTS") {
		st.IfNotExists = true
	}
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st.Name = n
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	if !p.acceptOp(")") {
		for {
			name, err := p.identPart()
			if err != nil {
				return nil, err
			}
			typ, err := p.typeName()
			if err != nil {
				return nil, err
			}
			arg := ProcArg{Name: name, Type: typ}
			if p.acceptKw("DEFAULT") {
				if arg.Default, err = p.expr(); err != nil {
					return nil, err
				}
			}
			st.Args = append(st.Args, arg)
			if p.acceptOp(")") {
				break
			}
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
		}
	}
	p.acceptKw("COPY", "GRANTS")
	if err := p.expectKw("RETURNS"); err != nil {
		return nil, err
	}
	if p.isKw("TABLE") {
		return nil, &SyntaxError{Line: p.peek().Line, Col: p.peek().Col, Detail: "RETURNS TABLE is not supported by this emulator"}
	}
	if st.Returns, err = p.typeName(); err != nil {
		return nil, err
	}
	st.ReturnsNotNull = p.acceptKw("NOT", "NULL")
	for {
		switch {
		case p.acceptKw("LANGUAGE"):
			t := p.next()
			if t.Kind != TokIdent {
				return nil, p.unexpected(t)
			}
			st.Props = append(st.Props, Property{Key: "LANGUAGE", KeyTok: t, Value: Value{Kind: ValIdent, Str: t.Text, Tok: t}})
		case p.acceptKw("STRICT"), p.acceptKw("CALLED", "ON", "NULL", "INPUT"), p.acceptKw("RETURNS", "NULL", "ON", "NULL", "INPUT"),
			p.acceptKw("VOLATILE"), p.acceptKw("IMMUTABLE"):
		case p.acceptKw("EXECUTE", "AS"):
			t := p.next()
			if !t.IsKeyword("OWNER") && !t.IsKeyword("CALLER") && !t.IsKeyword("RESTRICTED") {
				return nil, p.unexpected(t)
			}
			st.ExecuteAs = t.Text
		case p.isKw("SECRETS") && p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "=":
			p.pos += 2
			secrets, err := p.secretBindings()
			if err != nil {
				return nil, err
			}
			st.Secrets = &secrets
		case p.isKw("AS"):
			p.pos++
			t := p.next()
			if t.Kind != TokString {
				return nil, p.unexpected(t)
			}
			body := t.Text
			st.Body = &body
			return st, nil
		case p.peek().Kind == TokIdent && p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "=":
			props, err := p.properties(false)
			if err != nil {
				return nil, err
			}
			if len(props) == 0 {
				return nil, p.unexpected(p.peek())
			}
			st.Props = append(st.Props, props...)
		default:
			return st, nil
		}
	}
}

// secretBindings parses ( 'alias' = db.sch.secret [, …] ).
func (p *parser) secretBindings() ([]SecretBinding, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	out := []SecretBinding{}
	if p.acceptOp(")") {
		return out, nil
	}
	for {
		t := p.next()
		if t.Kind != TokString {
			return nil, p.unexpected(t)
		}
		if err := p.expectOp("="); err != nil {
			return nil, err
		}
		n, err := p.name(3)
		if err != nil {
			return nil, err
		}
		out = append(out, SecretBinding{Alias: t.Text, Secret: n})
		if p.acceptOp(")") {
			return out, nil
		}
		if err := p.expectOp(","); err != nil {
			return nil, err
		}
	}
}

// procRef parses name(TYPE, …).
func (p *parser) procRef() (ProcRef, error) {
	n, err := p.name(3)
	if err != nil {
		return ProcRef{}, err
	}
	ref := ProcRef{Name: n, ArgTypes: []string{}}
	if err := p.expectOp("("); err != nil {
		return ProcRef{}, err
	}
	if p.acceptOp(")") {
		return ref, nil
	}
	for {
		typ, err := p.typeName()
		if err != nil {
			return ProcRef{}, err
		}
		ref.ArgTypes = append(ref.ArgTypes, typ)
		if p.acceptOp(")") {
			return ref, nil
		}
		if err := p.expectOp(","); err != nil {
			return ProcRef{}, err
		}
	}
}

func (p *parser) alterProcedure(tok Token) (Statement, error) {
	p.next() // PROCEDURE
	st := &AlterProcedureStmt{Tok: tok}
	st.IfExists = p.acceptKw("IF", "EXISTS")
	ref, err := p.procRef()
	if err != nil {
		return nil, err
	}
	st.Ref = ref
	switch {
	case p.acceptKw("SET"):
		for {
			if p.isKw("SECRETS") && p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "=" {
				p.pos += 2
				secrets, err := p.secretBindings()
				if err != nil {
					return nil, err
				}
				st.Secrets = &secrets
				continue
			}
			props, err := p.properties(false)
			if err != nil {
				return nil, err
			}
			if len(props) == 0 {
				break
			}
			st.Set = append(st.Set, props...)
		}
		if len(st.Set) == 0 && st.Secrets == nil {
			return nil, p.unexpected(p.peek())
		}
	case p.acceptKw("UNSET"):
		if st.Unset, err = p.unsetList(); err != nil {
			return nil, err
		}
	case p.acceptKw("EXECUTE", "AS"):
		t := p.next()
		if !t.IsKeyword("OWNER") && !t.IsKeyword("CALLER") {
			return nil, p.unexpected(t)
		}
		st.ExecuteAs = t.Text
	default:
		return nil, p.unexpected(p.peek())
	}
	return st, nil
}

func (p *parser) call() (Statement, error) {
	tok := p.next()
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st := &CallStmt{Name: n, Tok: tok}
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	if p.acceptOp(")") {
		return st, nil
	}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		st.Args = append(st.Args, e)
		if p.acceptOp(")") {
			return st, nil
		}
		if err := p.expectOp(","); err != nil {
			return nil, err
		}
	}
}

// Signature renders NAME(TYPE,…) with normalised type names.
func Signature(name string, types []string) string {
	norm := make([]string, len(types))
	for i, t := range types {
		norm[i] = NormalizeTypeName(t)
	}
	return name + "(" + strings.Join(norm, ",") + ")"
}

// NormalizeTypeName maps type synonyms to the names Snowflake prints in
// signatures (STRING → VARCHAR, INT → NUMBER).
func NormalizeTypeName(t string) string {
	base := strings.ToUpper(t)
	if i := strings.IndexByte(base, '('); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "STRING", "TEXT", "VARCHAR", "CHAR", "CHARACTER":
		return "VARCHAR"
	case "INT", "INTEGER", "BIGINT", "SMALLINT", "NUMBER", "NUMERIC", "DECIMAL":
		return "NUMBER"
	case "FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8":
		return "FLOAT"
	case "TIMESTAMP", "DATETIME":
		return "TIMESTAMP_NTZ"
	}
	return base
}
