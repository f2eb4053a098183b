package engine

import (
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

type propType int

const (
	pString propType = iota
	pBool
	pInt
	pEnum
	pStringList
	pRuleList   // list of network rule names, stored as ids
	pSecretList // list of secret names, or ALL / NONE
	pName       // an identifier or string naming another object
	pOptions    // ( KEY = value … ), stored as a map of upper-case keys to text
)

type propSpec struct {
	typ        propType
	enum       []string
	createOnly bool
	required   bool
	secret     bool // never returned by SHOW or DESCRIBE
}

// kindProps lists, per kind, the properties CREATE / ALTER … SET accept.
// Anything else is a syntax error at the property name, as in Snowflake.
var kindProps = map[string]map[string]propSpec{
	"DATABASE": {
		"COMMENT":                         {typ: pString},
		"DATA_RETENTION_TIME_IN_DAYS":     {typ: pInt},
		"MAX_DATA_EXTENSION_TIME_IN_DAYS": {typ: pInt},
		"DEFAULT_DDL_COLLATION":           {typ: pString},
	},
	"SCHEMA": {
		"COMMENT":                     {typ: pString},
		"DATA_RETENTION_TIME_IN_DAYS": {typ: pInt},
	},
	"VIEW": {
		"COMMENT":         {typ: pString},
		"CHANGE_TRACKING": {typ: pBool},
	},
	"TABLE": {
		"COMMENT":                         {typ: pString},
		"CHANGE_TRACKING":                 {typ: pBool},
		"DATA_RETENTION_TIME_IN_DAYS":     {typ: pInt},
		"MAX_DATA_EXTENSION_TIME_IN_DAYS": {typ: pInt},
		"DEFAULT_DDL_COLLATION":           {typ: pString},
	},
	"WAREHOUSE": {
		"COMMENT":                      {typ: pString},
		"WAREHOUSE_SIZE":               {typ: pEnum, enum: []string{"XSMALL", "X-SMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "X-LARGE", "XXLARGE", "X2LARGE", "2X-LARGE", "XXXLARGE", "X3LARGE", "3X-LARGE", "X4LARGE", "4X-LARGE", "X5LARGE", "5X-LARGE", "X6LARGE", "6X-LARGE"}},
		"WAREHOUSE_TYPE":               {typ: pEnum, enum: []string{"STANDARD", "SNOWPARK-OPTIMIZED"}},
		"AUTO_SUSPEND":                 {typ: pInt},
		"AUTO_RESUME":                  {typ: pBool},
		"INITIALLY_SUSPENDED":          {typ: pBool, createOnly: true},
		"MIN_CLUSTER_COUNT":            {typ: pInt},
		"MAX_CLUSTER_COUNT":            {typ: pInt},
		"SCALING_POLICY":               {typ: pEnum, enum: []string{"STANDARD", "ECONOMY"}},
		"STATEMENT_TIMEOUT_IN_SECONDS": {typ: pInt},
	},
	"ROLE": {
		"COMMENT": {typ: pString},
	},
	"USER": {
		"COMMENT":              {typ: pString},
		"PASSWORD":             {typ: pString, secret: true},
		"LOGIN_NAME":           {typ: pString},
		"DISPLAY_NAME":         {typ: pString},
		"FIRST_NAME":           {typ: pString},
		"LAST_NAME":            {typ: pString},
		"EMAIL":                {typ: pString},
		"DEFAULT_ROLE":         {typ: pName},
		"DEFAULT_WAREHOUSE":    {typ: pName},
		"DEFAULT_NAMESPACE":    {typ: pName},
		"DISABLED":             {typ: pBool},
		"MUST_CHANGE_PASSWORD": {typ: pBool},
		"TYPE":                 {typ: pEnum, enum: []string{"PERSON", "SERVICE", "LEGACY_SERVICE"}},
		"RSA_PUBLIC_KEY":       {typ: pString},
	},
	"NETWORK RULE": {
		"TYPE":       {typ: pEnum, enum: []string{"IPV4", "AWSVPCEID", "AZURELINKID", "GCPPSCID", "HOST_PORT", "PRIVATE_HOST_PORT"}, createOnly: true, required: true},
		"VALUE_LIST": {typ: pStringList, required: true},
		"MODE":       {typ: pEnum, enum: []string{"INGRESS", "INTERNAL_STAGE", "EGRESS"}, createOnly: true},
		"COMMENT":    {typ: pString},
	},
	"SECRET": {
		"TYPE":          {typ: pEnum, enum: []string{"GENERIC_STRING", "PASSWORD"}, createOnly: true, required: true},
		"SECRET_STRING": {typ: pString, secret: true},
		"USERNAME":      {typ: pString},
		"PASSWORD":      {typ: pString, secret: true},
		"COMMENT":       {typ: pString},
	},
	"EXTERNAL ACCESS INTEGRATION": {
		"ALLOWED_NETWORK_RULES":                   {typ: pRuleList, required: true},
		"ALLOWED_AUTHENTICATION_SECRETS":          {typ: pSecretList},
		"ALLOWED_API_AUTHENTICATION_INTEGRATIONS": {typ: pSecretList},
		"ENABLED": {typ: pBool, required: true},
		"COMMENT": {typ: pString},
	},
	"STAGE": {
		"COMMENT":     {typ: pString},
		"FILE_FORMAT": {typ: pOptions},
	},
}

// applyProps validates props for kind and writes them into o.
func (x *execCtx) applyProps(kind string, props []sqlparse.Property, create bool, o *catalog.Object) error {
	specs := kindProps[kind]
	seen := map[string]bool{}
	for _, p := range props {
		spec, ok := specs[p.Key]
		if !ok || (!create && spec.createOnly) {
			return sqlparse.Unexpected(p.KeyTok)
		}
		if seen[p.Key] {
			return errDuplicateOption.With(p.Key)
		}
		seen[p.Key] = true
		key := strings.ToLower(p.Key)
		v := p.Value
		if p.Key == "COMMENT" {
			switch v.Kind {
			case sqlparse.ValString:
				c := v.Str
				o.Comment = &c
			case sqlparse.ValNull:
				o.Comment = nil
			default:
				return sqlparse.Unexpected(v.Tok)
			}
			continue
		}
		switch spec.typ {
		case pOptions:
			if v.Kind != sqlparse.ValOptions {
				return sqlparse.Unexpected(v.Tok)
			}
			opts := map[string]any{}
			for _, o := range v.Opts {
				opts[strings.ToUpper(o.Key)] = o.Value.Str
			}
			o.Props[key] = opts
		case pString:
			if v.Kind != sqlparse.ValString {
				return sqlparse.Unexpected(v.Tok)
			}
			o.Props[key] = v.Str
		case pBool:
			switch {
			case v.Kind == sqlparse.ValBool:
				o.Props[key] = v.Bool
			case v.Kind == sqlparse.ValString && (strings.EqualFold(v.Str, "true") || strings.EqualFold(v.Str, "false")):
				o.Props[key] = strings.EqualFold(v.Str, "true")
			default:
				return sferr.InvalidValue.With(v.Tok.Raw, p.Key)
			}
		case pInt:
			n, err := strconv.ParseInt(v.Str, 10, 64)
			if v.Kind != sqlparse.ValNumber || err != nil || n < 0 {
				return sferr.InvalidValue.With(v.Tok.Raw, p.Key)
			}
			o.Props[key] = n
		case pEnum:
			var word string
			switch v.Kind {
			case sqlparse.ValIdent:
				if len(v.Ident.Parts) != 1 {
					return sferr.InvalidValue.With(v.Ident.String(), p.Key)
				}
				word = strings.ToUpper(v.Str)
			case sqlparse.ValString:
				word = strings.ToUpper(v.Str)
			default:
				return sqlparse.Unexpected(v.Tok)
			}
			valid := false
			for _, e := range spec.enum {
				valid = valid || e == word
			}
			if !valid {
				return sferr.InvalidValue.With(word, p.Key)
			}
			o.Props[key] = word
		case pStringList:
			if v.Kind != sqlparse.ValList {
				return sqlparse.Unexpected(v.Tok)
			}
			list := make([]string, 0, len(v.List))
			for _, item := range v.List {
				if item.Kind != sqlparse.ValString {
					return sqlparse.Unexpected(item.Tok)
				}
				list = append(list, item.Str)
			}
			o.Props[key] = list
		case pName:
			switch v.Kind {
			case sqlparse.ValIdent:
				o.Props[key] = v.Ident.String()
			case sqlparse.ValString:
				o.Props[key] = v.Str
			default:
				return sqlparse.Unexpected(v.Tok)
			}
		case pRuleList:
			ids, err := x.resolveRefList(v, "NETWORK RULE", p.Key)
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				return sferr.InvalidValue.With("()", p.Key)
			}
			o.Props[key] = ids
		case pSecretList:
			if v.Kind == sqlparse.ValIdent && len(v.Ident.Parts) == 1 && (v.Ident.Parts[0] == "ALL" || v.Ident.Parts[0] == "NONE") {
				o.Props[key] = v.Ident.Parts[0]
				continue
			}
			if p.Key == "ALLOWED_API_AUTHENTICATION_INTEGRATIONS" {
				if v.Kind == sqlparse.ValList && len(v.List) == 0 {
					o.Props[key] = "NONE"
					continue
				}
				return sferr.Unsupported("API authentication integrations")
			}
			ids, err := x.resolveRefList(v, "SECRET", p.Key)
			if err != nil {
				return err
			}
			o.Props[key] = ids
		}
	}
	if create {
		for name, spec := range specs {
			if spec.required && !seen[name] {
				return sqlparse.Unexpected(sqlparse.Token{Kind: sqlparse.TokEOF, Line: 1, Col: len(x.text)})
			}
		}
	}
	return nil
}

// resolveRefList resolves a parenthesised list of schema-object names (or
// a single name, or a string literal holding one) to object ids.
func (x *execCtx) resolveRefList(v sqlparse.Value, kind, param string) ([]int64, error) {
	items := v.List
	if v.Kind != sqlparse.ValList {
		items = []sqlparse.Value{v}
	}
	ids := []int64{}
	for _, item := range items {
		var n sqlparse.Name
		switch item.Kind {
		case sqlparse.ValIdent:
			n = item.Ident
		case sqlparse.ValString:
			parsed, err := sqlparse.ParseName(item.Str)
			if err != nil {
				return nil, sferr.InvalidValue.With(item.Str, param)
			}
			n = parsed
		default:
			return nil, sqlparse.Unexpected(item.Tok)
		}
		o, err := x.resolveSchemaObject(kind, n, "CREATE EXTERNAL ACCESS INTEGRATION")
		if err != nil {
			return nil, err
		}
		ids = append(ids, o.ID)
	}
	return ids, nil
}

// idList reads an id-list property, fresh ([]int64) or decoded from JSON ([]any).
func idList(o *catalog.Object, key string) []int64 {
	switch v := o.Props[key].(type) {
	case []int64:
		return v
	case []any:
		out := make([]int64, 0, len(v))
		for _, raw := range v {
			if f, ok := raw.(float64); ok {
				out = append(out, int64(f))
			}
		}
		return out
	}
	return nil
}

// refNames renders a stored id list as qualified names, skipping dropped objects.
func (x *execCtx) refNames(ids []int64) ([]string, error) {
	var out []string
	for _, id := range ids {
		o, err := x.tx.Get(id)
		if err != nil {
			return nil, err
		}
		if o == nil {
			continue
		}
		sc, err := x.tx.Get(o.ParentID)
		if err != nil || sc == nil {
			return nil, err
		}
		db, err := x.tx.Get(sc.ParentID)
		if err != nil || db == nil {
			return nil, err
		}
		out = append(out, qualified(db, sc, o.Name))
	}
	return out, nil
}

// validateNetworkRule applies Snowflake's rules for TYPE, MODE and values.
func validateNetworkRule(o *catalog.Object) error {
	typ, mode := o.Str("type"), o.Str("mode")
	if mode == "" {
		mode = "INGRESS"
		o.Props["mode"] = mode
	}
	switch typ {
	case "HOST_PORT", "PRIVATE_HOST_PORT":
		if mode != "EGRESS" {
			return sferr.InvalidValue.With(mode, "MODE")
		}
		for _, v := range o.List("value_list") {
			if !validHostPort(v) {
				return sferr.InvalidValue.With(v, "VALUE_LIST")
			}
		}
	case "IPV4":
		if mode == "EGRESS" && len(o.List("value_list")) > 0 {
			// Snowflake accepts IPV4 egress rules only for some targets; keep it simple and strict.
			return sferr.InvalidValue.With(mode, "MODE")
		}
	}
	return nil
}

// validHostPort checks host[:port] with at most one leading * label.
func validHostPort(v string) bool {
	host, port := v, ""
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		host, port = v[:i], v[i+1:]
		if port == "" {
			return false
		}
		if strings.Contains(port, "-") {
			lo, hi, _ := strings.Cut(port, "-")
			a, err1 := strconv.Atoi(lo)
			b, err2 := strconv.Atoi(hi)
			if err1 != nil || err2 != nil || a < 1 || b > 65535 || a > b {
				return false
			}
		} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return false
		}
	}
	if host == "" || len(host) > 253 {
		return false
	}
	labels := strings.Split(host, ".")
	for i, l := range labels {
		if l == "*" {
			if i != 0 || len(labels) < 3 {
				return false
			}
			continue
		}
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}
