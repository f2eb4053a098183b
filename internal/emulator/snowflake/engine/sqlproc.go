package engine

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// SQL procedures: a Snowflake Scripting subset, BEGIN <statements>; END,
// where statements may use the arguments as :name and RETURN <expr> ends
// the procedure. Anything else in Snowflake Scripting is refused clearly.

// scriptStatements splits a BEGIN … END body into its statements.
func scriptStatements(body string) ([]string, error) {
	toks, err := sqlparse.Lex(body)
	if err != nil {
		return nil, err
	}
	n := len(toks) - 1 // drop EOF
	for n > 0 && toks[n-1].Kind == sqlparse.TokOp && toks[n-1].Text == ";" {
		n--
	}
	if n < 2 || !toks[0].IsKeyword("BEGIN") || !toks[n-1].IsKeyword("END") {
		if n > 0 && toks[0].IsKeyword("DECLARE") {
			return nil, sferr.Unsupported("DECLARE blocks in SQL procedures")
		}
		return nil, sferr.Compilation.With("A SQL procedure body must be a BEGIN … END block.")
	}
	var out []string
	start := -1
	for i := 1; i < n-1; i++ {
		t := toks[i]
		if start < 0 {
			start = i
			switch t.Text {
			case "IF", "FOR", "WHILE", "LOOP", "REPEAT", "LET", "DECLARE", "EXCEPTION", "BEGIN", "CASE":
				return nil, sferr.Unsupported("Snowflake Scripting %s", t.Text)
			}
		}
		if t.Kind == sqlparse.TokOp && t.Text == ";" {
			out = append(out, strings.TrimSpace(body[toks[start].Pos:t.Pos]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.TrimSpace(body[toks[start].Pos:toks[n-1].Pos]))
	}
	return out, nil
}

// checkScript validates a SQL procedure body at creation.
func checkScript(body string, argNames []string) error {
	stmts, err := scriptStatements(body)
	if err != nil {
		return err
	}
	binds := map[string]sqlparse.Binding{}
	for _, a := range argNames {
		binds[strings.ToUpper(a)] = sqlparse.Binding{Type: "TEXT"}
		binds[a] = sqlparse.Binding{Type: "TEXT"}
	}
	for _, st := range stmts {
		text := st
		if strings.HasPrefix(strings.ToUpper(st), "RETURN") {
			text = "SELECT " + strings.TrimSpace(st[len("RETURN"):])
		}
		if _, err := sqlparse.Parse(text, binds); err != nil {
			return err
		}
	}
	return nil
}

// runScript executes a SQL procedure as its owner and returns its RETURN value.
func (e *Engine) runScript(ctx context.Context, pc *ProcedureCall, argNames []string) (*string, Column, error) {
	stmts, err := scriptStatements(pc.Body)
	if err != nil {
		return nil, Column{}, err
	}
	binds := map[string]sqlparse.Binding{}
	for i, raw := range pc.Args {
		if i >= len(argNames) {
			break
		}
		b := bindingFromJSON(raw)
		binds[strings.ToUpper(argNames[i])] = b
		binds[argNames[i]] = b
	}
	for _, st := range stmts {
		if strings.HasPrefix(strings.ToUpper(st), "RETURN") {
			results, err := e.Execute(ctx, pc.Session, "SELECT "+strings.TrimSpace(st[len("RETURN"):]), binds, nil)
			if err != nil {
				return nil, Column{}, err
			}
			res := results[0]
			if len(res.Rows) == 0 || len(res.Columns) == 0 {
				return nil, Column{}, nil
			}
			return res.Rows[0][0], res.Columns[0], nil
		}
		if _, err := e.Execute(ctx, pc.Session, st, binds, nil); err != nil {
			return nil, Column{}, err
		}
	}
	return nil, Column{}, nil
}

func bindingFromJSON(raw json.RawMessage) sqlparse.Binding {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil || v == nil {
		return sqlparse.Binding{Type: "TEXT"}
	}
	switch x := v.(type) {
	case string:
		return sqlparse.Binding{Type: "TEXT", Value: &x}
	case bool:
		s := strconv.FormatBool(x)
		return sqlparse.Binding{Type: "BOOLEAN", Value: &s}
	case float64:
		s := strings.TrimSpace(string(raw))
		if strings.ContainsAny(s, ".eE") {
			return sqlparse.Binding{Type: "REAL", Value: &s}
		}
		return sqlparse.Binding{Type: "FIXED", Value: &s}
	}
	s := string(raw)
	return sqlparse.Binding{Type: "TEXT", Value: &s}
}
