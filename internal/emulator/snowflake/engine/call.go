package engine

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// call runs CALL: resolve and authorise inside a transaction, then run the
// handler outside it.
func (e *Engine) call(ctx context.Context, sess *Session, st *sqlparse.CallStmt, text string) (*Result, error) {
	var pc *ProcedureCall
	var proc *catalog.Object
	err := e.store.Update(ctx, func(tx *catalog.Tx) error {
		x := &execCtx{e: e, tx: tx, s: sess, text: text}
		var err error
		pc, proc, err = x.prepareCall(st)
		return err
	})
	if err != nil {
		return nil, err
	}
	returns, _ := compiler.ParseType(proc.Str("returns"))
	if proc.Str("language") == "SQL" {
		var names []string
		if args, ok := proc.Props["args"].([]any); ok {
			for _, a := range args {
				if m, ok := a.(map[string]any); ok {
					n, _ := m["name"].(string)
					names = append(names, n)
				}
			}
		}
		cell, col, err := e.runScript(ctx, pc, names)
		if err != nil {
			return nil, err
		}
		res := &Result{StatementType: TypeSelect, Columns: []Column{wireColumn(strings.ToUpper(proc.Str("name")), returns)}}
		if cell != nil && col.Type == "boolean" {
			cell = boolStr(*cell == "1" || *cell == "true")
		}
		res.Rows = [][]*string{{cell}}
		return res, nil
	}
	if e.runner == nil {
		return nil, sferr.Unsupported("CALL without a procedure runner")
	}
	// Nested statements of the procedure lock their own session.
	raw, err := e.runner.Run(ctx, pc)
	if err != nil {
		return nil, err
	}
	res := &Result{StatementType: TypeSelect, Columns: []Column{wireColumn(strings.ToUpper(proc.Str("name")), returns)}}
	res.Rows = [][]*string{{returnCell(raw, returns)}}
	return res, nil
}

// returnCell converts the handler's JSON return value for RETURNS type.
func returnCell(raw json.RawMessage, t compiler.SFType) *string {
	text := strings.TrimSpace(string(raw))
	if text == "" || text == "null" {
		if t.IsSemi() && text == "null" {
			return str("null")
		}
		return nil
	}
	if t.IsSemi() {
		return str(text)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return str(text)
	}
	switch x := v.(type) {
	case string:
		if t.IsTime() {
			if ts, err := compiler.ToTimestamp(x); err == nil && ts != nil {
				return timestampCell(ts)
			}
		}
		return str(x)
	case bool:
		return boolStr(x)
	}
	return str(text)
}

func (x *execCtx) findProcedure(n sqlparse.Name, argc int) (*catalog.Object, *catalog.Object, *catalog.Object, error) {
	db, sc, err := x.resolveContainer(n, "CALL")
	if err != nil {
		return nil, nil, nil, err
	}
	procs, err := x.tx.List("PROCEDURE", sc.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, p := range procs {
		if p.Str("name") != n.Last() {
			continue
		}
		args, _ := p.Props["args"].([]any)
		required := 0
		for _, a := range args {
			if m, ok := a.(map[string]any); ok && m["has_default"] != true {
				required++
			}
		}
		if argc < required || argc > len(args) {
			continue
		}
		if ok, err := x.visible(p); err != nil {
			return nil, nil, nil, err
		} else if ok {
			return p, db, sc, nil
		}
	}
	return nil, nil, nil, errUnknownUDF.With(qualified(db, sc, n.Last()))
}

func (x *execCtx) prepareCall(st *sqlparse.CallStmt) (*ProcedureCall, *catalog.Object, error) {
	proc, db, sc, err := x.findProcedure(st.Name, len(st.Args))
	if err != nil {
		return nil, nil, err
	}
	if ok, err := x.has("USAGE", proc); err != nil {
		return nil, nil, err
	} else if !ok {
		return nil, nil, sferr.Insufficient("procedure", st.Name.String())
	}
	// A Python handler runs on the session's warehouse; a SQL script only
	// needs one for the statements in it that do.
	if proc.Str("language") != "SQL" {
		if err := x.requireWarehouse(); err != nil {
			return nil, nil, err
		}
	}
	pc := &ProcedureCall{Procedure: proc.Str("name"), Handler: proc.Str("handler"), Body: proc.Str("body"), ReturnType: proc.Str("returns"),
		Secrets: map[string]string{}}

	// Arguments: compile, cast to the parameter types and evaluate once.
	rawArgs, _ := proc.Props["args"].([]any)
	comp := x.compiler()
	var exprs []string
	var types []compiler.SFType
	for i, a := range st.Args {
		text, typ, err := comp.Expr(a, &compiler.Scope{})
		if err != nil {
			return nil, nil, err
		}
		paramType := compiler.TypeVarchar
		if m, ok := rawArgs[i].(map[string]any); ok {
			if s, ok := m["type"].(string); ok {
				paramType, _ = compiler.ParseType(s)
			}
		}
		if paramType.IsSemi() && !typ.IsSemi() && typ.Base != "NULL" {
			text = compiler.CastSQL(text, typ, compiler.TypeVariant)
		} else if paramType.Base != typ.Base && typ.Base != "NULL" {
			text = compiler.CastSQL(text, typ, paramType)
		}
		exprs = append(exprs, text)
		types = append(types, paramType)
	}
	if len(exprs) > 0 {
		vals := make([]any, len(exprs))
		ptrs := make([]any, len(exprs))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := x.tx.SQL().QueryRowContext(x.ctx(), "SELECT "+strings.Join(exprs, ", ")).Scan(ptrs...); err != nil {
			return nil, nil, sferr.FromSQLite(err)
		}
		for i, v := range vals {
			pc.Args = append(pc.Args, argJSON(v, types[i]))
		}
	}

	// Imports.
	for _, path := range proc.List("imports") {
		local, err := x.e.defaultImports(x, db.Name, path)
		if err != nil {
			return nil, nil, err
		}
		pc.Imports = append(pc.Imports, local)
	}

	// Secrets and egress follow the owner's rights and the bound integrations.
	owner := &execCtx{e: x.e, tx: x.tx, s: &Session{User: x.s.User, Role: proc.Owner}}
	eais := []*catalog.Object{}
	for _, id := range idList(proc, "eais") {
		eai, err := x.tx.Get(id)
		if err != nil {
			return nil, nil, err
		}
		if eai == nil || !eai.Bool("enabled") {
			continue
		}
		if ok, err := owner.has("USAGE", eai); err != nil {
			return nil, nil, err
		} else if !ok {
			continue
		}
		eais = append(eais, eai)
		for _, ruleID := range idList(eai, "allowed_network_rules") {
			rule, err := x.tx.Get(ruleID)
			if err != nil {
				return nil, nil, err
			}
			if rule != nil && rule.Str("mode") == "EGRESS" {
				pc.Egress = append(pc.Egress, rule.List("value_list")...)
			}
		}
	}
	if m, ok := proc.Props["secrets"].(map[string]any); ok {
		for alias, raw := range m {
			secret, err := x.tx.Get(toID(raw))
			if err != nil {
				return nil, nil, err
			}
			if secret == nil || !secretAllowed(eais, secret.ID) {
				continue
			}
			readable := false
			for _, priv := range []string{"READ", "USAGE"} {
				ok, err := owner.has(priv, secret)
				if err != nil {
					return nil, nil, err
				}
				readable = readable || ok
			}
			if readable {
				pc.Secrets[alias] = secret.Str("secret_string")
			}
		}
	}
	pc.Session = &Session{User: x.s.User, Role: proc.Owner, Database: db.Name, Schema: sc.Name, Params: map[string]string{},
		Warehouse: x.s.Warehouse, Serverless: x.s.Serverless}
	return pc, proc, nil
}

func secretAllowed(eais []*catalog.Object, id int64) bool {
	for _, eai := range eais {
		if eai.Str("allowed_authentication_secrets") == "ALL" {
			return true
		}
		for _, sid := range idList(eai, "allowed_authentication_secrets") {
			if sid == id {
				return true
			}
		}
	}
	return false
}

// argJSON encodes one evaluated argument for the handler.
func argJSON(v any, t compiler.SFType) json.RawMessage {
	if v == nil {
		return json.RawMessage("null")
	}
	if t.IsSemi() {
		s, _ := compiler.TextArg(v)
		return json.RawMessage(s)
	}
	switch t.Base {
	case "BOOLEAN":
		if n, ok := v.(int64); ok {
			if n != 0 {
				return json.RawMessage("true")
			}
			return json.RawMessage("false")
		}
	case "NUMBER", "FLOAT":
		s, _ := compiler.TextArg(v)
		return json.RawMessage(s)
	}
	s, _ := compiler.TextArg(v)
	out, _ := json.Marshal(s)
	return out
}
