package engine

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// ProcedureCall is everything needed to run one Python procedure call.
type ProcedureCall struct {
	Procedure  string            // display name, for messages
	Handler    string            // module.function, or function when Body is set
	Body       string            // inline code, if any
	Imports    []string          // absolute local paths of imported files
	Args       []json.RawMessage // JSON-encoded argument values
	Secrets    map[string]string // alias → secret value, only those the owner may read
	Egress     []string          // host[:port] entries of the bound integrations' EGRESS rules
	Session    *Session          // the session nested SQL runs in (the owner's rights)
	ReturnType string
}

// ProcedureRunner runs procedure handlers; the server provides it.
type ProcedureRunner interface {
	Run(ctx context.Context, call *ProcedureCall) (json.RawMessage, error)
}

// SetProcedureRunner installs the runner CALL uses.
func (e *Engine) SetProcedureRunner(r ProcedureRunner) { e.runner = r }

var supportedRuntimes = map[string]bool{"3.10": true, "3.11": true, "3.12": true, "3.13": true}

func procSignature(name string, args []string) string { return sqlparse.Signature(name, args) }

func (x *execCtx) createProcedure(st *sqlparse.CreateProcedureStmt) (*Result, error) {
	db, sc, err := x.prepareSchemaObject("PROCEDURE", st.Name)
	if err != nil {
		return nil, err
	}
	name := st.Name.Last()
	types := make([]string, len(st.Args))
	var args []map[string]any
	for i, a := range st.Args {
		if _, err := compiler.ParseType(a.Type); err != nil {
			return nil, err
		}
		types[i] = sqlparse.NormalizeTypeName(a.Type)
		args = append(args, map[string]any{"name": a.Name, "type": types[i], "has_default": a.Default != nil})
	}
	if _, err := compiler.ParseType(st.Returns); err != nil {
		return nil, err
	}
	sig := procSignature(name, types)
	props := map[string]any{"name": name, "args": args, "returns": sqlparse.NormalizeTypeName(st.Returns), "execute_as": "OWNER"}
	if st.ExecuteAs != "" {
		props["execute_as"] = st.ExecuteAs
	}
	o := &catalog.Object{Kind: "PROCEDURE", ParentID: sc.ID, Name: sig, Owner: x.s.Role, Props: props}
	if err := x.applyProcedureProps(o, st.Props, true); err != nil {
		return nil, err
	}
	lang := o.Str("language")
	switch lang {
	case "SQL":
		if st.Body == nil {
			return nil, errProcedureDefinition.With("A SQL procedure needs a body (AS $$ BEGIN … END $$).")
		}
		names := make([]string, len(st.Args))
		for i, a := range st.Args {
			names[i] = a.Name
		}
		if err := checkScript(*st.Body, names); err != nil {
			return nil, err
		}
		o.Props["body"] = *st.Body
		return x.createReplacing(o, name, qualified(db, sc, name), st.OrReplace, st.IfNotExists, "Function %s successfully created.")
	case "PYTHON":
	case "":
		return nil, sqlparse.Unexpected(sqlparse.Token{Kind: sqlparse.TokEOF, Line: 1, Col: len(x.text)})
	default:
		return nil, sferr.Unsupported("LANGUAGE %s procedures", lang)
	}
	if o.Str("runtime_version") == "" {
		return nil, errProcedureDefinition.With("RUNTIME_VERSION is required for a Python procedure.")
	}
	if o.Str("handler") == "" {
		return nil, errProcedureDefinition.With("HANDLER is required for a Python procedure.")
	}
	if !containsPackage(o.List("packages"), "snowflake-snowpark-python") {
		return nil, errSnowparkPackage.With()
	}
	if st.Body != nil {
		o.Props["body"] = *st.Body
	}
	if st.Body == nil && len(o.List("imports")) == 0 {
		return nil, errProcedureDefinition.With("A Python procedure needs a body (AS $$…$$) or IMPORTS with its handler.")
	}
	if st.Secrets != nil {
		if err := x.bindSecrets(o, *st.Secrets); err != nil {
			return nil, err
		}
	}
	if err := x.checkSecretsAllowed(o); err != nil {
		return nil, err
	}
	return x.createReplacing(o, name, qualified(db, sc, name), st.OrReplace, st.IfNotExists, "Function %s successfully created.")
}

func containsPackage(pkgs []string, want string) bool {
	for _, p := range pkgs {
		name := strings.ToLower(strings.TrimSpace(p))
		if i := strings.IndexAny(name, "=<>"); i >= 0 {
			name = name[:i]
		}
		if name == want {
			return true
		}
	}
	return false
}

// applyProcedureProps validates and stores LANGUAGE, RUNTIME_VERSION,
// PACKAGES, IMPORTS, HANDLER, EXTERNAL_ACCESS_INTEGRATIONS and COMMENT.
func (x *execCtx) applyProcedureProps(o *catalog.Object, props []sqlparse.Property, create bool) error {
	for _, p := range props {
		v := p.Value
		switch p.Key {
		case "LANGUAGE":
			if !create {
				return sqlparse.Unexpected(p.KeyTok)
			}
			o.Props["language"] = strings.ToUpper(v.Str)
		case "RUNTIME_VERSION":
			if v.Kind != sqlparse.ValString {
				return sqlparse.Unexpected(v.Tok)
			}
			if v.Str == "3.9" || v.Str == "3.8" {
				return errRuntimeDecommissioned.With(v.Str)
			}
			if !supportedRuntimes[v.Str] {
				return sferr.InvalidValue.With(v.Str, "RUNTIME_VERSION")
			}
			o.Props["runtime_version"] = v.Str
		case "PACKAGES", "IMPORTS":
			if v.Kind != sqlparse.ValList {
				return sqlparse.Unexpected(v.Tok)
			}
			var list []string
			for _, item := range v.List {
				if item.Kind != sqlparse.ValString {
					return sqlparse.Unexpected(item.Tok)
				}
				list = append(list, item.Str)
			}
			o.Props[strings.ToLower(p.Key)] = list
		case "HANDLER":
			if v.Kind != sqlparse.ValString || v.Str == "" {
				return sqlparse.Unexpected(v.Tok)
			}
			o.Props["handler"] = v.Str
		case "EXTERNAL_ACCESS_INTEGRATIONS":
			items := v.List
			if v.Kind != sqlparse.ValList {
				items = []sqlparse.Value{v}
			}
			ids := []int64{}
			for _, item := range items {
				if item.Kind != sqlparse.ValIdent || len(item.Ident.Parts) != 1 {
					return sqlparse.Unexpected(item.Tok)
				}
				eai, err := x.resolveAccountObject("INTEGRATION", item.Ident)
				if err != nil {
					return err
				}
				if ok, err := x.has("USAGE", eai); err != nil {
					return err
				} else if !ok {
					return sferr.Insufficient("integration", item.Ident.String())
				}
				ids = append(ids, eai.ID)
			}
			o.Props["eais"] = ids
		case "COMMENT":
			if v.Kind != sqlparse.ValString {
				return sqlparse.Unexpected(v.Tok)
			}
			c := v.Str
			o.Comment = &c
		default:
			return sqlparse.Unexpected(p.KeyTok)
		}
	}
	return nil
}

// bindSecrets resolves SECRETS = ('alias' = secret, …).
func (x *execCtx) bindSecrets(o *catalog.Object, bindings []sqlparse.SecretBinding) error {
	out := map[string]any{}
	for _, b := range bindings {
		if b.Alias == "" {
			return sferr.InvalidValue.With("''", "SECRETS")
		}
		sec, err := x.resolveSchemaObject("SECRET", b.Secret, "SECRETS")
		if err != nil {
			return err
		}
		out[b.Alias] = sec.ID
	}
	o.Props["secrets"] = out
	return nil
}

// checkSecretsAllowed enforces that every bound secret is allowed by one
// of the bound integrations, as Snowflake does.
func (x *execCtx) checkSecretsAllowed(o *catalog.Object) error {
	secrets, _ := o.Props["secrets"].(map[string]any)
	for alias, raw := range secrets {
		id := toID(raw)
		allowed := false
		for _, eaiID := range idList(o, "eais") {
			eai, err := x.tx.Get(eaiID)
			if err != nil {
				return err
			}
			if eai == nil {
				continue
			}
			if eai.Str("allowed_authentication_secrets") == "ALL" {
				allowed = true
			}
			for _, sid := range idList(eai, "allowed_authentication_secrets") {
				allowed = allowed || sid == id
			}
		}
		if !allowed {
			return errSecretNotAllowed.With(x.objectName(id), alias)
		}
	}
	return nil
}

func toID(raw any) int64 {
	switch v := raw.(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	case json.Number:
		n, _ := v.Int64()
		return n
	}
	return 0
}

func (x *execCtx) objectName(id int64) string {
	o, err := x.tx.Get(id)
	if err != nil || o == nil {
		return strconv.FormatInt(id, 10)
	}
	name, _ := x.displayName(o)
	return name
}

// resolveProcedure finds a procedure by reference (name and arg types).
func (x *execCtx) resolveProcedure(ref sqlparse.ProcRef, action string) (*catalog.Object, error) {
	db, sc, err := x.resolveContainer(ref.Name, action)
	if err != nil {
		return nil, err
	}
	sig := procSignature(ref.Name.Last(), ref.ArgTypes)
	o, err := x.tx.Lookup("PROCEDURE", sc.ID, sig)
	if err != nil {
		return nil, err
	}
	if o != nil {
		if ok, err := x.visible(o); err != nil {
			return nil, err
		} else if ok {
			return o, nil
		}
	}
	return nil, errObjectNotExist("PROCEDURE", sqlparse.DisplayIdent(db.Name)+"."+sqlparse.DisplayIdent(sc.Name)+"."+sig)
}

func (x *execCtx) alterProcedure(st *sqlparse.AlterProcedureStmt) (*Result, error) {
	o, err := x.resolveProcedure(st.Ref, "ALTER PROCEDURE")
	if err != nil {
		if st.IfExists && sferr.AsError(err).Code == "002003" {
			return statusResult(TypeDDL, "Statement executed successfully."), nil
		}
		return nil, err
	}
	if owned, err := x.owns(o); err != nil {
		return nil, err
	} else if !owned {
		return nil, sferr.Insufficient("procedure", o.Name)
	}
	if err := x.applyProcedureProps(o, st.Set, false); err != nil {
		return nil, err
	}
	if st.Secrets != nil {
		if err := x.bindSecrets(o, *st.Secrets); err != nil {
			return nil, err
		}
	}
	for _, t := range st.Unset {
		switch t.Text {
		case "COMMENT":
			o.Comment = nil
		case "SECRETS":
			delete(o.Props, "secrets")
		case "EXTERNAL_ACCESS_INTEGRATIONS":
			delete(o.Props, "eais")
		default:
			return nil, sqlparse.Unexpected(t)
		}
	}
	if st.ExecuteAs != "" {
		o.Props["execute_as"] = st.ExecuteAs
	}
	if err := x.checkSecretsAllowed(o); err != nil {
		return nil, err
	}
	if err := x.tx.Save(o); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Statement executed successfully."), nil
}

func (x *execCtx) dropProcedure(st *sqlparse.DropProcedureStmt) (*Result, error) {
	o, err := x.resolveProcedure(st.Ref, "DROP PROCEDURE")
	if err != nil {
		if st.IfExists && sferr.AsError(err).Code == "002003" {
			return statusResult(TypeDDL, "Drop statement executed successfully (%s already dropped).", st.Ref.Name.Last()), nil
		}
		return nil, err
	}
	if owned, err := x.owns(o); err != nil {
		return nil, err
	} else if !owned {
		return nil, sferr.Insufficient("procedure", o.Name)
	}
	if err := x.deleteObject(o.ID); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "%s successfully dropped.", o.Str("name")), nil
}

func (x *execCtx) procedureArguments(o *catalog.Object) string {
	raw, _ := json.Marshal(o.Props["args"])
	var args []struct{ Type string }
	_ = json.Unmarshal(raw, &args)
	types := make([]string, len(args))
	for i, a := range args {
		types[i] = a.Type
	}
	return o.Str("name") + "(" + strings.Join(types, ", ") + ") RETURN " + o.Str("returns")
}

func (x *execCtx) describeProcedure(st *sqlparse.DescribeProcedureStmt) (*Result, error) {
	o, err := x.resolveProcedure(st.Ref, "DESCRIBE PROCEDURE")
	if err != nil {
		return nil, err
	}
	eais, err := x.refNamesAccount(idList(o, "eais"))
	if err != nil {
		return nil, err
	}
	secrets := map[string]string{}
	if m, ok := o.Props["secrets"].(map[string]any); ok {
		for alias, raw := range m {
			secrets[alias] = x.objectNameQuoted(toID(raw))
		}
	}
	secretsJSON, _ := json.Marshal(secrets)
	prop := func(k, v string) []*string { return []*string{str(k), str(v)} }
	res := &Result{StatementType: TypeShow, Columns: []Column{textCol("property"), textCol("value")}}
	res.Rows = [][]*string{
		prop("signature", "("+strings.TrimSuffix(strings.SplitN(x.procedureArguments(o), "(", 2)[1], ") RETURN "+o.Str("returns"))+")"),
		prop("returns", o.Str("returns")),
		prop("language", o.Str("language")),
		prop("null handling", "CALLED ON NULL INPUT"),
		prop("volatility", "VOLATILE"),
		prop("body", o.Str("body")),
		prop("imports", "["+strings.Join(o.List("imports"), ", ")+"]"),
		prop("handler", o.Str("handler")),
		prop("runtime_version", o.Str("runtime_version")),
		prop("packages", "['"+strings.Join(o.List("packages"), "', '")+"']"),
		prop("installed_packages", "[]"),
		prop("execute as", o.Str("execute_as")),
		prop("external_access_integrations", "["+strings.Join(eais, ", ")+"]"),
		prop("secrets", string(secretsJSON)),
	}
	return res, nil
}

func (x *execCtx) refNamesAccount(ids []int64) ([]string, error) {
	var out []string
	for _, id := range ids {
		o, err := x.tx.Get(id)
		if err != nil {
			return nil, err
		}
		if o != nil {
			out = append(out, sqlparse.DisplayIdent(o.Name))
		}
	}
	return out, nil
}

func (x *execCtx) objectNameQuoted(id int64) string {
	o, err := x.tx.Get(id)
	if err != nil || o == nil {
		return ""
	}
	parts := []string{`"` + strings.ReplaceAll(o.Name, `"`, `""`) + `"`}
	for p := o.ParentID; p != 0; {
		parent, err := x.tx.Get(p)
		if err != nil || parent == nil {
			break
		}
		parts = append([]string{`"` + strings.ReplaceAll(parent.Name, `"`, `""`) + `"`}, parts...)
		p = parent.ParentID
	}
	return strings.Join(parts, ".")
}

func init() {
	showSpecs["PROCEDURE"] = showSpec{
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("schema_name"), textCol("is_builtin"), textCol("is_aggregate"),
			textCol("is_ansi"), fixedCol("min_num_arguments"), fixedCol("max_num_arguments"), textCol("arguments"), textCol("description"),
			textCol("catalog_name"), textCol("is_table_function"), textCol("valid_for_clustering"), textCol("is_secure"), textCol("secrets"),
			textCol("external_access_integrations")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			args, _ := o.Props["args"].([]any)
			n := int64(len(args))
			desc := "user-defined procedure"
			if o.Comment != nil {
				desc = *o.Comment
			}
			eais, err := x.refNamesAccount(idList(o, "eais"))
			if err != nil {
				return nil, err
			}
			var secrets []string
			if m, ok := o.Props["secrets"].(map[string]any); ok {
				for alias := range m {
					secrets = append(secrets, alias)
				}
			}
			return []*string{tsStr(o.CreatedOn), str(o.Str("name")), str(p.sc.Name), str("N"), str("N"), str("N"), intStr(n), intStr(n),
				str(x.procedureArguments(o)), str(desc), str(p.db.Name), str("N"), str("N"), str("N"),
				str("[" + strings.Join(secrets, ", ") + "]"), str("[" + strings.Join(eais, ", ") + "]")}, nil
		},
	}
}
