package engine

import (
	"crypto/md5" //nolint:gosec // MD5 is the function being emulated, not a security measure
	"database/sql/driver"
	"encoding/hex"
	"math"
	"math/big"
	"strconv"
	"strings"

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

func mathFunction(name string, args []string, types []SFType, arity func(...int) error) (string, SFType, bool, error) {
	numeric := func(i int) error {
		if !types[i].isNumeric() && types[i].Base != "NULL" {
			return errArgumentTypes.with(name, types[i])
		}
		return nil
	}
	switch name {
	case "ABS":
		if err := arity(1); err != nil {
			return "", SFType{}, true, err
		}
		if err := numeric(0); err != nil {
			return "", SFType{}, true, err
		}
		return "sf_abs(" + args[0] + ")", types[0], true, nil
	case "ROUND", "FLOOR", "CEIL", "CEILING", "TRUNC", "TRUNCATE":
		return roundFunction(name, args, types, arity, numeric)
	case "GREATEST", "LEAST":
		if len(args) == 0 {
			return "", SFType{}, true, arity(1)
		}
		typ := types[0]
		for i, t := range types {
			same := t.Base == typ.Base || t.isNumeric() && typ.isNumeric() || t.Base == "NULL" || typ.Base == "NULL"
			if !same || t.isSemi() {
				return "", SFType{}, true, errUnsupported("%s over %s and %s", name, typ, types[i])
			}
			if typ.Base == "NULL" || t.Base == "FLOAT" || t.isNumeric() && typ.Base == "NUMBER" && t.Scale > typ.Scale {
				typ = t
			}
		}
		fn := "max"
		if name == "LEAST" {
			fn = "min"
		}
		if len(args) == 1 {
			return args[0], typ, true, nil
		}
		// SQLite's multi-argument max/min return NULL when any argument is
		// NULL, as Snowflake's GREATEST and LEAST do; NUMBER values by key.
		keyed := make([]string, len(args))
		for i := range args {
			keyed[i] = branchAs(args[i], types[i], typ)
			if typ.Base == "NUMBER" {
				keyed[i] = "sf_nkey(" + keyed[i] + ")"
			}
		}
		if typ.Base == "NUMBER" {
			return "sf_nkey_value(" + fn + "(" + strings.Join(keyed, ", ") + "))", typ, true, nil
		}
		return fn + "(" + strings.Join(keyed, ", ") + ")", typ, true, nil
	case "NULLIF":
		if err := arity(2); err != nil {
			return "", SFType{}, true, err
		}
		l, r := comparableOperands(args[0], types[0], args[1], types[1])
		return "(CASE WHEN " + l + " = " + r + " THEN NULL ELSE " + args[0] + " END)", types[0], true, nil
	case "ZEROIFNULL", "NULLIFZERO":
		if err := arity(1); err != nil {
			return "", SFType{}, true, err
		}
		if err := numeric(0); err != nil {
			return "", SFType{}, true, err
		}
		if name == "ZEROIFNULL" {
			return "coalesce(" + args[0] + ", 0)", types[0], true, nil
		}
		return "nullif(" + args[0] + ", 0)", types[0], true, nil
	case "NVL2":
		if err := arity(3); err != nil {
			return "", SFType{}, true, err
		}
		typ, err := oneType("NVL2", types[1], types[2])
		if err != nil {
			return "", SFType{}, true, err
		}
		return "(CASE WHEN " + args[0] + " IS NOT NULL THEN " + branchAs(args[1], types[1], typ) + " ELSE " + branchAs(args[2], types[2], typ) + " END)", typ, true, nil
	case "DECODE":
		// DECODE(expr, search1, result1, …[, default]); NULL matches NULL.
		if len(args) < 3 {
			return "", SFType{}, true, arity(3)
		}
		var b strings.Builder
		b.WriteString("(CASE")
		var results []SFType
		for i := 2; i < len(args); i += 2 {
			results = append(results, types[i])
		}
		if len(args)%2 == 0 {
			results = append(results, types[len(args)-1])
		}
		typ, err := oneType("DECODE", results...)
		if err != nil {
			return "", SFType{}, true, err
		}
		for i := 1; i+1 < len(args); i += 2 {
			l, r := comparableOperands(args[0], types[0], args[i], types[i])
			b.WriteString(" WHEN " + l + " IS " + r + " THEN " + branchAs(args[i+1], types[i+1], typ))
		}
		if len(args)%2 == 0 {
			b.WriteString(" ELSE " + branchAs(args[len(args)-1], types[len(args)-1], typ))
		}
		b.WriteString(" END)")
		return b.String(), typ, true, nil
	case "CONCAT_WS":
		// NULL when any argument is, separator included.
		if len(args) < 2 {
			return "", SFType{}, true, arity(2)
		}
		parts := make([]string, 0, 2*len(args)-3)
		for i := 1; i < len(args); i++ {
			if i > 1 {
				parts = append(parts, textOf(args[0], types[0]))
			}
			parts = append(parts, textOf(args[i], types[i]))
		}
		if len(args) == 2 { // no separator in the text, but a NULL one still makes it NULL
			return "(CASE WHEN " + args[0] + " IS NULL THEN NULL ELSE " + parts[0] + " END)", tVarchar, true, nil
		}
		return "(" + strings.Join(parts, " || ") + ")", tVarchar, true, nil // || is NULL when any part is
	case "MD5", "MD5_HEX":
		if err := arity(1); err != nil {
			return "", SFType{}, true, err
		}
		return "sf_md5(" + textOf(args[0], types[0]) + ")", tVarchar, true, nil
	}
	return "", SFType{}, false, nil
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
		mode, _ := textArg(a[0])
		digits, _ := a[2].(int64)
		return roundNumber(mode, a[1], int(digits))
	}},
	{"sf_md5", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok := textArg(a[0])
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
func roundFunction(name string, args []string, types []SFType, arity func(...int) error, numeric func(int) error) (string, SFType, bool, error) {
	if err := arity(1, 2); err != nil {
		return "", SFType{}, true, err
	}
	if name == "TRUNC" && types[0].isTime() {
		return "", SFType{}, true, errUnsupported("TRUNC of a date or timestamp (use DATE_TRUNC)")
	}
	if err := numeric(0); err != nil {
		return "", SFType{}, true, err
	}
	digits := 0
	if len(args) == 2 {
		d, ok := constArg(args[1])
		if !ok {
			return "", SFType{}, true, errUnsupported("%s with a scale that is not a constant integer", name)
		}
		digits = d
	}
	typ := types[0]
	if typ.Base == "FLOAT" && digits != 0 {
		return "", SFType{}, true, errUnsupported("%s of a FLOAT at a scale (the local emulator does not round doubles at a decimal scale)", name)
	}
	if typ.Base == "NUMBER" {
		typ.Scale = max(0, min(typ.Scale, digits))
	}
	mode := map[string]string{"ROUND": "round", "FLOOR": "floor", "CEIL": "ceil", "CEILING": "ceil", "TRUNC": "trunc", "TRUNCATE": "trunc"}[name]
	if typ.Base == "FLOAT" {
		return "sf_to_float(sf_round('" + mode + "', " + args[0] + ", 0))", typ, true, nil
	}
	return "sf_round('" + mode + "', " + args[0] + ", " + strconv.Itoa(digits) + ")", typ, true, nil
}
