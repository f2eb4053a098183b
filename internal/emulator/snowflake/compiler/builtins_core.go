package compiler

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// coreBuiltins are the session and context functions, JSON constructors,
// conditionals, conversions, regular expressions and aggregates: one
// builtin each (builtins.go).
var coreBuiltins = []builtin{
	sessionValue(func(c *Compiler) string { return SQLiteString(c.env.Context().Account) }, "CURRENT_ACCOUNT", "CURRENT_ACCOUNT_NAME"),
	sessionValue(func(c *Compiler) string { return SQLiteString(c.env.Context().Organization) }, "CURRENT_ORGANIZATION_NAME"),
	sessionValue(func(c *Compiler) string { return SQLiteString(c.env.Context().User) }, "CURRENT_USER"),
	sessionValue(func(c *Compiler) string { return SQLiteString(c.env.Context().Role) }, "CURRENT_ROLE"),
	sessionValue(func(c *Compiler) string { return orNull(c.env.Context().Database) }, "CURRENT_DATABASE"),
	sessionValue(func(c *Compiler) string { return orNull(c.env.Context().Schema) }, "CURRENT_SCHEMA"),
	sessionValue(func(c *Compiler) string { return orNull(c.env.Context().Warehouse) }, "CURRENT_WAREHOUSE"),
	sessionValue(func(c *Compiler) string { return SQLiteString(c.env.Context().Version) }, "CURRENT_VERSION"),
	sessionValue(func(c *Compiler) string { return SQLiteString(strconv.FormatInt(c.env.Context().SessionID, 10)) }, "CURRENT_SESSION"),
	sessionValue(func(c *Compiler) string { return SQLiteString(c.env.Context().Region) }, "CURRENT_REGION"),
	// No secondary roles are in use: users here have no DEFAULT_SECONDARY_ROLES
	// and USE SECONDARY ROLES is not emulated.
	sessionValue(func(*Compiler) string { return SQLiteString(`{"roles":"","value":""}`) }, "CURRENT_SECONDARY_ROLES"),
	{names: []string{"LAST_QUERY_ID"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(0, 1); err != nil {
			return "", SFType{}, err
		}
		n := -1
		if len(k.f.Args) == 1 {
			v, ok := ConstantInt(k.f.Args[0])
			if !ok {
				return "", SFType{}, errArgumentTypesOf.With("LAST_QUERY_ID")
			}
			n = v
		}
		return orNull(c.env.LastQueryID(n)), TypeVarchar, nil
	}},
	{names: []string{"IS_ROLE_IN_SESSION"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		lit, ok := k.f.Args[0].(*sqlparse.Literal)
		if !ok || lit.Kind != sqlparse.ValString {
			return "", SFType{}, errArgumentTypesOf.With("IS_ROLE_IN_SESSION")
		}
		roles, err := c.env.RolesInSession()
		if err != nil {
			return "", SFType{}, err
		}
		// A double-quoted name is parsed as an identifier; otherwise the
		// string is the role's name as stored (case-sensitive).
		name := lit.Str
		if strings.HasPrefix(name, `"`) {
			role, err := sqlparse.ParseName(name)
			if err != nil || len(role.Parts) != 1 {
				return "", SFType{}, sferr.InvalidValue.With(lit.Str, "IS_ROLE_IN_SESSION")
			}
			name = role.Parts[0]
		}
		if roles[name] {
			return "1", TypeBoolean, nil
		}
		return "0", TypeBoolean, nil
	}},
	{names: []string{"PARSE_JSON", "TRY_PARSE_JSON"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		fn := "sf_parse_json"
		if k.f.Name == "TRY_PARSE_JSON" {
			fn = "sf_try_parse_json"
		}
		return fn + "(" + TextOf(k.args[0], k.types[0]) + ")", TypeVariant, nil
	}},
	{names: []string{"TO_VARIANT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return CastSQL(k.args[0], k.types[0], TypeVariant), TypeVariant, nil
	}},
	{names: []string{"OBJECT_CONSTRUCT", "OBJECT_CONSTRUCT_KEEP_NULL"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		parts := make([]string, len(k.args))
		for i := range k.args {
			if i%2 == 0 {
				parts[i] = TextOf(k.args[i], k.types[i])
			} else {
				parts[i] = CastSQL(k.args[i], k.types[i], TypeVariant)
				if k.f.Name == "OBJECT_CONSTRUCT_KEEP_NULL" {
					parts[i] = "coalesce(" + parts[i] + ", 'null')"
				}
			}
		}
		return "sf_object_construct(" + strings.Join(parts, ", ") + ")", TypeObject, nil
	}},
	{names: []string{"ARRAY_CONSTRUCT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		parts := make([]string, len(k.args))
		for i := range k.args {
			parts[i] = CastSQL(k.args[i], k.types[i], TypeVariant)
		}
		return "sf_array_construct(" + strings.Join(parts, ", ") + ")", TypeArray, nil
	}},
	{names: []string{"ARRAY_SIZE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return "(CASE json_type(" + k.args[0] + ") WHEN 'array' THEN json_array_length(" + k.args[0] + ") END)", TypeNumber, nil
	}},
	{names: []string{"GET_PATH"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		lit, ok := k.f.Args[1].(*sqlparse.Literal)
		if !ok || lit.Kind != sqlparse.ValString {
			return "", SFType{}, sferr.Unsupported("GET_PATH with a non-literal path")
		}
		var path []sqlparse.PathElem
		for _, k := range strings.Split(lit.Str, ".") {
			path = append(path, sqlparse.PathElem{Key: k})
		}
		return "(" + k.args[0] + " -> " + SQLiteString(jsonPath(path)) + ")", TypeVariant, nil
	}},
	{names: []string{"IS_NULL_VALUE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return "(" + k.args[0] + " = 'null')", TypeBoolean, nil
	}},
	{names: []string{"SEQ1", "SEQ2", "SEQ4", "SEQ8"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		// A monotonically increasing sequence from 0: over a GENERATOR it
		// numbers the rows, as Snowflake's does within one run.
		if err := k.arity(0); err != nil {
			return "", SFType{}, err
		}
		for s := k.sc; s != nil; s = s.Outer {
			for _, rel := range s.Rels {
				if rel.seq != "" {
					return rel.seq, TypeNumber, nil
				}
			}
		}
		return "(ROW_NUMBER() OVER () - 1)", TypeNumber, nil
	}},
	{names: []string{"RANDOM"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if len(k.args) > 0 {
			return "", SFType{}, sferr.Unsupported("RANDOM with a seed: the emulator cannot reproduce Snowflake's seeded sequence; use RANDOM()")
		}
		return "random()", TypeNumber, nil
	}},
	{names: []string{"UNIFORM"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		// UNIFORM(min, max, gen): integers when both bounds are integers.
		if err := k.arity(3); err != nil {
			return "", SFType{}, err
		}
		if k.types[0].Base == "NUMBER" && k.types[0].Scale == 0 && k.types[1].Base == "NUMBER" && k.types[1].Scale == 0 {
			return "(" + k.args[0] + " + ((" + k.args[2] + ") % (" + k.args[1] + " - " + k.args[0] + " + 1) + (" + k.args[1] + " - " + k.args[0] + " + 1)) % (" +
				k.args[1] + " - " + k.args[0] + " + 1))", TypeNumber, nil
		}
		return "(" + k.args[0] + " + (abs(" + k.args[2] + ") / 9223372036854775807.0) * (" + k.args[1] + " - " + k.args[0] + "))", TypeFloat, nil
	}},
	{names: []string{"IFF"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(3); err != nil {
			return "", SFType{}, err
		}
		typ, err := oneType("IFF", k.types[1], k.types[2])
		if err != nil {
			return "", SFType{}, err
		}
		return "(CASE WHEN " + k.args[0] + " THEN " + branchAs(k.args[1], k.types[1], typ) + " ELSE " + branchAs(k.args[2], k.types[2], typ) + " END)", typ, nil
	}},
	{names: []string{"COALESCE", "NVL", "IFNULL"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if len(k.args) < 2 {
			return "", SFType{}, k.arity(2)
		}
		typ, err := oneType(k.f.Name, k.types...)
		if err != nil {
			return "", SFType{}, err
		}
		for i := range k.args {
			k.args[i] = branchAs(k.args[i], k.types[i], typ)
		}
		return "coalesce(" + strings.Join(k.args, ", ") + ")", typ, nil
	}},
	{names: []string{"CURRENT_TIMESTAMP", "SYSDATE", "LOCALTIMESTAMP", "GETDATE", "SYSTIMESTAMP"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		return k.now, TypeTimestampLTZ, nil
	}},
	{names: []string{"CURRENT_DATE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		return "substr(" + k.now + ", 1, 10)", TypeDate, nil
	}},
	{names: []string{"TO_TIMESTAMP", "TO_TIMESTAMP_NTZ", "TO_TIMESTAMP_LTZ", "TRY_TO_TIMESTAMP"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		x := k.args[0]
		if k.types[0].IsSemi() {
			x = "sf_variant_text(" + x + ")"
		}
		return "sf_to_timestamp(" + x + ")", TypeTimestamp, nil
	}},
	{names: []string{"REGEXP_SUBSTR", "REGEXP_SUBSTR_ALL", "REGEXP_EXTRACT_ALL"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2, 3, 4, 5, 6); err != nil {
			return "", SFType{}, err
		}
		call := []string{TextOf(k.args[0], k.types[0]), TextOf(k.args[1], k.types[1]), "1", "1", "'c'", "1", "0"}
		for i := 2; i < len(k.args); i++ {
			call[i] = k.args[i]
			if i == 4 {
				call[i] = TextOf(k.args[i], k.types[i])
			}
		}
		if len(k.args) == 6 {
			call[6] = "1" // an explicit group number extracts
		}
		if k.f.Name == "REGEXP_SUBSTR" {
			return "sf_regexp_substr(" + strings.Join(call, ", ") + ")", TypeVarchar, nil
		}
		return "sf_regexp_substr_all(" + strings.Join(call, ", ") + ")", TypeArray, nil
	}},
	{names: []string{"REGEXP_LIKE", "RLIKE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2, 3); err != nil {
			return "", SFType{}, err
		}
		params := "'c'"
		if len(k.args) == 3 {
			params = TextOf(k.args[2], k.types[2])
		}
		return "sf_regexp_like(" + TextOf(k.args[0], k.types[0]) + ", " + TextOf(k.args[1], k.types[1]) + ", " + params + ")", TypeBoolean, nil
	}},
	{names: []string{"REGEXP_COUNT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2, 3, 4); err != nil {
			return "", SFType{}, err
		}
		call := []string{TextOf(k.args[0], k.types[0]), TextOf(k.args[1], k.types[1]), "1", "'c'"}
		if len(k.args) > 2 {
			call[2] = k.args[2]
		}
		if len(k.args) > 3 {
			call[3] = TextOf(k.args[3], k.types[3])
		}
		return "sf_regexp_count(" + strings.Join(call, ", ") + ")", TypeNumber, nil
	}},
	{names: []string{"REGEXP_REPLACE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2, 3, 4, 5, 6); err != nil {
			return "", SFType{}, err
		}
		call := []string{TextOf(k.args[0], k.types[0]), TextOf(k.args[1], k.types[1]), "''", "1", "0", "'c'"}
		for i := 2; i < len(k.args); i++ {
			call[i] = k.args[i]
			if i == 2 || i == 5 {
				call[i] = TextOf(k.args[i], k.types[i])
			}
		}
		return "sf_regexp_replace(" + strings.Join(call, ", ") + ")", TypeVarchar, nil
	}},
	{names: []string{"MOD"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		return modSQL(k.args[0], k.types[0], k.args[1], k.types[1])
	}},
	{names: []string{"TO_DOUBLE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return CastSQL(k.args[0], k.types[0], TypeFloat), TypeFloat, nil
	}},
	{names: []string{"TO_NUMBER", "TO_DECIMAL", "TO_NUMERIC", "TRY_TO_NUMBER", "TRY_TO_DECIMAL", "TRY_TO_NUMERIC"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		// TO_NUMBER(expr [, precision [, scale]]); a format model is not emulated.
		// The TRY_ forms take a string and give NULL where the conversion fails.
		if err := k.arity(1, 2, 3); err != nil {
			return "", SFType{}, err
		}
		try := strings.HasPrefix(k.f.Name, "TRY_")
		if try && k.types[0].Base != "VARCHAR" && k.types[0].Base != "NULL" {
			return "", SFType{}, errArgumentTypesAtOf.With(k.f.Tok.Col, k.f.Name, TypeDisplay(k.types[0]))
		}
		to := SFType{Base: "NUMBER", Prec: 38}
		for i, arg := range k.f.Args[1:] {
			n, ok := ConstantInt(arg)
			if !ok {
				return "", SFType{}, sferr.Unsupported("%s with a format model or a non-constant precision or scale", k.f.Name)
			}
			if i == 0 {
				to.Prec = n
			} else {
				to.Scale = n
			}
		}
		if to.Prec < 1 || to.Prec > 38 || to.Scale < 0 || to.Scale > to.Prec {
			return "", SFType{}, errPrecision.With(fmt.Sprintf("NUMBER(%d,%d)", to.Prec, to.Scale))
		}
		if try {
			return "sf_try_to_number(" + k.args[0] + ", " + strconv.Itoa(to.Scale) + ", " + strconv.Itoa(to.Prec) + ")", to, nil
		}
		return CastSQL(k.args[0], k.types[0], to), to, nil
	}},
	{names: []string{"TO_VARCHAR", "TO_CHAR"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return CastSQL(k.args[0], k.types[0], TypeVarchar), TypeVarchar, nil
	}},
	{names: []string{"UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "LENGTH", "LEN"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		fn := strings.ToLower(k.f.Name)
		switch fn {
		case "len":
			fn = "length"
		case "upper", "lower":
			fn = "sf_" + fn // Unicode case mapping; SQLite's maps ASCII only
		}
		typ := TypeVarchar
		if fn == "length" {
			typ = TypeNumber
		}
		return fn + "(" + TextOf(k.args[0], k.types[0]) + ")", typ, nil
	}},
	{names: []string{"CONCAT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		parts := make([]string, len(k.args))
		for i := range k.args {
			parts[i] = TextOf(k.args[i], k.types[i])
		}
		return "(" + strings.Join(parts, " || ") + ")", TypeVarchar, nil
	}},
	{names: []string{"COUNT"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if k.f.Star {
			return "count(*)", TypeNumber, nil
		}
		return "count(" + k.distinct + strings.Join(k.args, ", ") + ")", TypeNumber, nil
	}},
	{names: []string{"SUM", "AVG"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		typ := k.types[0]
		if !typ.IsNumeric() && typ.Base != "NULL" {
			// SQLite would add up the numeric prefixes of strings ('abc' as 0).
			return "", SFType{}, sferr.Unsupported("%s of %s values (cast them to a number first)", k.f.Name, typ)
		}
		if k.f.Name == "AVG" && typ.Base == "NUMBER" {
			// The exact mean at a quotient's scale, max(S, min(S + 6, 12)):
			// AVG of 1, 2, 2 is 1.666667 (Snowpark's AVG reference shows it).
			typ.Scale = arithmeticScale("/", typ.Scale, 0)
			return "sf_num_div(sf_sum(" + k.distinct + k.args[0] + "), count(" + k.distinct + k.args[0] + "), " + strconv.Itoa(typ.Scale) + ")", typ, nil
		}
		if k.f.Name == "AVG" {
			return "avg(" + k.distinct + k.args[0] + ")", TypeFloat, nil
		}
		if typ.Base == "NUMBER" {
			// Exact, refused beyond its type's 38 digits.
			return "sf_to_number(sf_sum(" + k.distinct + k.args[0] + "), " + strconv.Itoa(typ.Scale) + ")", typ, nil
		}
		return "sum(" + k.distinct + k.args[0] + ")", typ, nil
	}},
	{names: []string{"MEDIAN"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		typ := k.types[0]
		switch typ.Base {
		case "NUMBER":
			typ.Scale = min(typ.Scale+3, 37)
			return "sf_to_number(sf_median(" + k.args[0] + "), " + strconv.Itoa(typ.Scale) + ")", typ, nil
		case "FLOAT", "NULL":
			return "sf_median(" + k.args[0] + ")", TypeFloat, nil
		}
		return "", SFType{}, sferr.Unsupported("MEDIAN of %s values (cast them to a number first)", typ)
	}},
	{names: []string{"MIN", "MAX"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return byNumberKey(strings.ToLower(k.f.Name), k.args[0], k.types[0], ""), k.types[0], nil
	}},
	{names: []string{"COUNT_IF"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return "coalesce(sum(CASE WHEN " + k.args[0] + " THEN 1 ELSE 0 END), 0)", TypeNumber, nil
	}},
	{names: []string{"ARRAY_AGG", "ARRAYAGG"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		// NULLs are left out, as Snowflake does; without WITHIN GROUP the
		// order is unspecified on both.
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		elem := k.args[0]
		if k.types[0].IsSemi() {
			elem = "json(" + elem + ")"
		} else if k.types[0].Base == "NUMBER" || k.types[0].Base == "FLOAT" {
			elem = "json(" + CastSQL(elem, k.types[0], TypeVariant) + ")" // exact to 38 digits; FLOAT refused
		}
		return "coalesce(json_group_array(" + k.distinct + elem + k.within + ") FILTER (WHERE " + k.args[0] + " IS NOT NULL), '[]')", TypeArray, nil
	}},
	{names: []string{"LISTAGG"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		// NULLs are skipped; no rows give ''. The order is WITHIN GROUP's,
		// unspecified without it (on both).
		if err := k.arity(1, 2); err != nil {
			return "", SFType{}, err
		}
		sep := "''"
		if len(k.args) == 2 {
			sep = TextOf(k.args[1], k.types[1])
		}
		if k.distinct != "" {
			return "", SFType{}, sferr.Unsupported("LISTAGG(DISTINCT …)")
		}
		return "coalesce(group_concat(" + TextOf(k.args[0], k.types[0]) + ", " + sep + k.within + "), '')", TypeVarchar, nil
	}},
	{names: []string{"ANY_VALUE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return byNumberKey("min", k.args[0], k.types[0], ""), k.types[0], nil
	}},
}

// sessionValue is a function of no arguments whose VARCHAR value the
// session or the account gives.
func sessionValue(value func(c *Compiler) string, names ...string) builtin {
	return builtin{names: names, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(0); err != nil {
			return "", SFType{}, err
		}
		return value(c), TypeVarchar, nil
	}}
}
