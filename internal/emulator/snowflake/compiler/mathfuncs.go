package compiler

import (
	"crypto/md5" //nolint:gosec // MD5 is the function being emulated, not a security measure
	"database/sql/driver"
	"encoding/hex"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"modernc.org/sqlite"
)

// The numeric and null-handling functions analysts reach for: ABS, ROUND,
// FLOOR, CEIL, TRUNC/TRUNCATE (numbers), GREATEST, LEAST, NULLIF, NVL2,
// DECODE, ZEROIFNULL, NULLIFZERO, CONCAT_WS, MD5. NUMBER results keep Snowflake's scale and
// round half away from zero on the exact decimal; what would need a
// rounding of a FLOAT at a scale (where a double and its decimal text can
// disagree) is refused rather than guessed.

// constArg reads a compiled integer constant ("2", "-1", "(-1)").
func constArg(sql string) (int, bool) {
	s := strings.TrimSpace(sql)
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	s = strings.ReplaceAll(s, " ", "")
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// mathRuntime are the family's functions SQLite calls at run time
// (runtimeFunctions registers them).
var mathRuntime = []runtimeFunc{
	{"sf_abs", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		switch x := a[0].(type) {
		case nil:
			return nil, nil
		case int64:
			if x != math.MinInt64 {
				return max(x, -x), nil
			}
		case float64:
			return math.Abs(x), nil
		}
		r, err := exactOf(a[0])
		if err != nil {
			return nil, err
		}
		return numberExact(r.Abs(r))
	}},
	{"sf_round", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		mode, _ := TextArg(a[0])
		digits, _ := a[2].(int64)
		return roundNumber(mode, a[1], int(digits))
	}},
	{"sf_md5", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok := TextArg(a[0])
		if !ok || a[0] == nil {
			return nil, nil
		}
		sum := md5.Sum([]byte(s)) //nolint:gosec // emulating MD5
		return hex.EncodeToString(sum[:]), nil
	}},
}

// roundNumber is ROUND (half away from zero), FLOOR, CEIL or TRUNC at
// digits decimals (negative: tens, hundreds…) of the exact decimal a
// NUMBER value (or a double's shortest text) stands for.
func roundNumber(mode string, v driver.Value, digits int) (driver.Value, error) {
	r, err := exactOf(v)
	if r == nil || err != nil {
		return nil, err
	}
	shift := new(big.Rat).SetInt(pow10(abs(digits)))
	x := new(big.Rat)
	if digits >= 0 {
		x.Mul(r, shift)
	} else {
		x.Quo(r, shift)
	}
	var q *big.Int
	if mode == "round" {
		q = roundAt(x, 0)
	} else {
		q, m := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int)) // toward zero
		switch {
		case mode == "floor" && m.Sign() < 0:
			q.Sub(q, big.NewInt(1))
		case mode == "ceil" && m.Sign() > 0:
			q.Add(q, big.NewInt(1))
		}
		return scaleBack(q, shift, digits)
	}
	return scaleBack(q, shift, digits)
}

func scaleBack(q *big.Int, shift *big.Rat, digits int) (driver.Value, error) {
	out := new(big.Rat).SetInt(q)
	if digits >= 0 {
		out.Quo(out, shift)
	} else {
		out.Mul(out, shift)
	}
	return numberAt(out, max(digits, 0))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// roundFunction compiles ROUND, FLOOR, CEIL(ING) and TRUNC(ATE) of a
// number: the scale a constant, the result's scale at most it.
func roundFunction(k *fnCall) (string, SFType, error) {
	if err := k.arity(1, 2); err != nil {
		return "", SFType{}, err
	}
	if k.name == "TRUNC" && k.types[0].IsTime() {
		return "", SFType{}, sferr.Unsupported("TRUNC of a date or timestamp (use DATE_TRUNC)")
	}
	if err := k.numeric(0); err != nil {
		return "", SFType{}, err
	}
	digits := 0
	if len(k.args) == 2 {
		d, ok := constArg(k.args[1])
		if !ok {
			return "", SFType{}, sferr.Unsupported("%s with a scale that is not a constant integer", k.name)
		}
		digits = d
	}
	typ := k.types[0]
	if typ.Base == "FLOAT" && digits != 0 {
		return "", SFType{}, sferr.Unsupported("%s of a FLOAT at a scale (the local emulator does not round doubles at a decimal scale)", k.name)
	}
	if typ.Base == "NUMBER" {
		typ.Scale = max(0, min(typ.Scale, digits))
	}
	mode := map[string]string{"ROUND": "round", "FLOOR": "floor", "CEIL": "ceil", "CEILING": "ceil", "TRUNC": "trunc", "TRUNCATE": "trunc"}[k.name]
	if typ.Base == "FLOAT" {
		return "sf_to_float(sf_round('" + mode + "', " + k.args[0] + ", 0))", typ, nil
	}
	return "sf_round('" + mode + "', " + k.args[0] + ", " + strconv.Itoa(digits) + ")", typ, nil
}

// mathBuiltins are the numeric functions: one builtin each (builtins.go).
var mathBuiltins = []builtin{
	{names: []string{"ABS"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		if err := k.numeric(0); err != nil {
			return "", SFType{}, err
		}
		return "sf_abs(" + k.args[0] + ")", k.types[0], nil
	}},
	{names: []string{"ROUND", "FLOOR", "CEIL", "CEILING", "TRUNC", "TRUNCATE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		return roundFunction(k)
	}},
	{names: []string{"GREATEST", "LEAST"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if len(k.args) == 0 {
			return "", SFType{}, k.arity(1)
		}
		typ := k.types[0]
		for i, t := range k.types {
			same := t.Base == typ.Base || t.IsNumeric() && typ.IsNumeric() || t.Base == "NULL" || typ.Base == "NULL"
			if !same || t.IsSemi() {
				return "", SFType{}, sferr.Unsupported("%s over %s and %s", k.name, typ, k.types[i])
			}
			if typ.Base == "NULL" || t.Base == "FLOAT" || t.IsNumeric() && typ.Base == "NUMBER" && t.Scale > typ.Scale {
				typ = t
			}
		}
		fn := "max"
		if k.name == "LEAST" {
			fn = "min"
		}
		if len(k.args) == 1 {
			return k.args[0], typ, nil
		}
		// SQLite's multi-argument max/min return NULL when any argument is
		// NULL, as Snowflake's GREATEST and LEAST do; NUMBER values by key.
		keyed := make([]string, len(k.args))
		for i := range k.args {
			keyed[i] = branchAs(k.args[i], k.types[i], typ)
			if typ.Base == "NUMBER" {
				keyed[i] = "sf_nkey(" + keyed[i] + ")"
			}
		}
		if typ.Base == "NUMBER" {
			return "sf_nkey_value(" + fn + "(" + strings.Join(keyed, ", ") + "))", typ, nil
		}
		return fn + "(" + strings.Join(keyed, ", ") + ")", typ, nil
	}},
	{names: []string{"NULLIF"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(2); err != nil {
			return "", SFType{}, err
		}
		l, r := comparableOperands(k.args[0], k.types[0], k.args[1], k.types[1])
		return "(CASE WHEN " + l + " = " + r + " THEN NULL ELSE " + k.args[0] + " END)", k.types[0], nil
	}},
	{names: []string{"ZEROIFNULL", "NULLIFZERO"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		if err := k.numeric(0); err != nil {
			return "", SFType{}, err
		}
		if k.name == "ZEROIFNULL" {
			return "coalesce(" + k.args[0] + ", 0)", k.types[0], nil
		}
		return "nullif(" + k.args[0] + ", 0)", k.types[0], nil
	}},
	{names: []string{"NVL2"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(3); err != nil {
			return "", SFType{}, err
		}
		typ, err := oneType("NVL2", k.types[1], k.types[2])
		if err != nil {
			return "", SFType{}, err
		}
		return "(CASE WHEN " + k.args[0] + " IS NOT NULL THEN " + branchAs(k.args[1], k.types[1], typ) + " ELSE " + branchAs(k.args[2], k.types[2], typ) + " END)", typ, nil
	}},
	{names: []string{"DECODE"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		// DECODE(expr, search1, result1, …[, default]); NULL matches NULL.
		if len(k.args) < 3 {
			return "", SFType{}, k.arity(3)
		}
		var b strings.Builder
		b.WriteString("(CASE")
		var results []SFType
		for i := 2; i < len(k.args); i += 2 {
			results = append(results, k.types[i])
		}
		if len(k.args)%2 == 0 {
			results = append(results, k.types[len(k.args)-1])
		}
		typ, err := oneType("DECODE", results...)
		if err != nil {
			return "", SFType{}, err
		}
		for i := 1; i+1 < len(k.args); i += 2 {
			l, r := comparableOperands(k.args[0], k.types[0], k.args[i], k.types[i])
			b.WriteString(" WHEN " + l + " IS " + r + " THEN " + branchAs(k.args[i+1], k.types[i+1], typ))
		}
		if len(k.args)%2 == 0 {
			b.WriteString(" ELSE " + branchAs(k.args[len(k.args)-1], k.types[len(k.args)-1], typ))
		}
		b.WriteString(" END)")
		return b.String(), typ, nil
	}},
	{names: []string{"CONCAT_WS"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		// NULL when any argument is, separator included.
		if len(k.args) < 2 {
			return "", SFType{}, k.arity(2)
		}
		parts := make([]string, 0, 2*len(k.args)-3)
		for i := 1; i < len(k.args); i++ {
			if i > 1 {
				parts = append(parts, TextOf(k.args[0], k.types[0]))
			}
			parts = append(parts, TextOf(k.args[i], k.types[i]))
		}
		if len(k.args) == 2 { // no separator in the text, but a NULL one still makes it NULL
			return "(CASE WHEN " + k.args[0] + " IS NULL THEN NULL ELSE " + parts[0] + " END)", TypeVarchar, nil
		}
		return "(" + strings.Join(parts, " || ") + ")", TypeVarchar, nil
	}},
	{names: []string{"MD5", "MD5_HEX"}, compile: func(c *Compiler, k *fnCall) (string, SFType, error) {
		if err := k.arity(1); err != nil {
			return "", SFType{}, err
		}
		return "sf_md5(" + TextOf(k.args[0], k.types[0]) + ")", TypeVarchar, nil
	}},
}
