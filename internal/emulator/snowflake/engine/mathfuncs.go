package engine

import (
	"crypto/md5" //nolint:gosec // MD5 is the function being emulated, not a security measure
	"database/sql/driver"
	"encoding/hex"
	"math"
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
			return newError("001044", "42P13", "SQL compilation error:\nInvalid argument types for function '%s': (%s)", name, types[i])
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
		if err := arity(1, 2); err != nil {
			return "", SFType{}, true, err
		}
		if name == "TRUNC" && types[0].isTime() {
			return "", SFType{}, true, newError("000002", "0A000", "Unsupported feature 'TRUNC of a date or timestamp (use DATE_TRUNC)'.")
		}
		if err := numeric(0); err != nil {
			return "", SFType{}, true, err
		}
		digits := 0
		if len(args) == 2 {
			d, ok := constArg(args[1])
			if !ok {
				return "", SFType{}, true, newError("000002", "0A000", "Unsupported feature '%s with a scale that is not a constant integer'.", name)
			}
			digits = d
		}
		typ := types[0]
		if typ.Base == "FLOAT" && digits != 0 {
			return "", SFType{}, true, newError("000002", "0A000",
				"Unsupported feature '%s of a FLOAT at a scale (the local emulator does not round doubles at a decimal scale)'.", name)
		}
		if typ.Base == "NUMBER" {
			typ.Scale = max(0, min(typ.Scale, digits))
		}
		mode := map[string]string{"ROUND": "round", "FLOOR": "floor", "CEIL": "ceil", "CEILING": "ceil", "TRUNC": "trunc", "TRUNCATE": "trunc"}[name]
		return "sf_round('" + mode + "', " + args[0] + ", " + strconv.Itoa(digits) + ")", typ, true, nil
	case "GREATEST", "LEAST":
		if len(args) == 0 {
			return "", SFType{}, true, arity(1)
		}
		typ := types[0]
		for i, t := range types {
			same := t.Base == typ.Base || t.isNumeric() && typ.isNumeric() || t.Base == "NULL" || typ.Base == "NULL"
			if !same || t.isSemi() {
				return "", SFType{}, true, newError("000002", "0A000", "Unsupported feature '%s over %s and %s'.", name, typ, types[i])
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
		// NULL, as Snowflake's GREATEST and LEAST do.
		return fn + "(" + strings.Join(args, ", ") + ")", typ, true, nil
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
		return "(CASE WHEN " + args[0] + " IS NOT NULL THEN " + args[1] + " ELSE " + args[2] + " END)", unifyTypes(types[1], types[2]), true, nil
	case "DECODE":
		// DECODE(expr, search1, result1, …[, default]); NULL matches NULL.
		if len(args) < 3 {
			return "", SFType{}, true, arity(3)
		}
		var b strings.Builder
		b.WriteString("(CASE")
		typ := tNull
		for i := 1; i+1 < len(args); i += 2 {
			l, r := comparableOperands(args[0], types[0], args[i], types[i])
			b.WriteString(" WHEN " + l + " IS " + r + " THEN " + args[i+1])
			typ = unifyTypes(typ, types[i+1])
		}
		if len(args)%2 == 0 {
			b.WriteString(" ELSE " + args[len(args)-1])
			typ = unifyTypes(typ, types[len(args)-1])
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

func registerMathFunctions(reg func(string, int32, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error))) {
	reg("sf_abs", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		switch x := a[0].(type) {
		case nil:
			return nil, nil
		case int64:
			if x == math.MinInt64 {
				return nil, errNumberRange("ABS(" + strconv.FormatInt(x, 10) + ")")
			}
			return max(x, -x), nil
		}
		f, ok := toFloat(a[0])
		if !ok {
			return nil, sfErr("100038", "22018", "Numeric value '%v' is not recognized", a[0])
		}
		return math.Abs(f), nil
	})
	reg("sf_round", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		mode, _ := textArg(a[0])
		digits, _ := a[2].(int64)
		return roundNumber(mode, a[1], int(digits))
	})
	reg("sf_md5", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok := textArg(a[0])
		if !ok || a[0] == nil {
			return nil, nil
		}
		sum := md5.Sum([]byte(s)) //nolint:gosec // emulating MD5
		return hex.EncodeToString(sum[:]), nil
	})
}

// roundNumber is ROUND (half away from zero), FLOOR, CEIL or TRUNC at
// digits decimals (negative: tens, hundreds…) of the exact decimal an
// integer or a double-held decimal stands for.
func roundNumber(mode string, v driver.Value, digits int) (driver.Value, error) {
	var x float64
	switch n := v.(type) {
	case nil:
		return nil, nil
	case int64:
		if digits >= 0 {
			return n, nil
		}
		if -digits > 18 {
			return int64(0), nil // every int64 is below 10^19 in size
		}
		p := int64(1)
		for range -digits {
			p *= 10
		}
		q, r := n/p, n%p
		switch {
		case mode == "round" && 2*abs64(r) >= p:
			q += sign64(n)
		case mode == "floor" && r < 0:
			q--
		case mode == "ceil" && r > 0:
			q++
		}
		if q > math.MaxInt64/p || q < math.MinInt64/p {
			return nil, errNumberRange(strconv.FormatInt(n, 10) + " rounded to " + strconv.Itoa(digits) + " digits")
		}
		return q * p, nil
	case float64:
		x = n
	default:
		f, ok := toFloat(v)
		if !ok {
			return nil, sfErr("100038", "22018", "Numeric value '%v' is not recognized", v)
		}
		x = f
	}
	// On the double's shortest decimal text, the value Snowflake holds.
	text := strconv.FormatFloat(x, 'f', -1, 64)
	neg := strings.HasPrefix(text, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(text, "-"), ".")
	shift := len(frac) - digits // digits to drop from the right of whole+frac
	all := whole + frac
	if shift <= 0 {
		return x, nil
	}
	for len(all) < shift {
		all = "0" + all
	}
	kept, dropped := all[:len(all)-shift], all[len(all)-shift:]
	up := false
	switch mode {
	case "round":
		up = dropped[0] >= '5'
	case "floor":
		up = neg && strings.Trim(dropped, "0") != ""
	case "ceil":
		up = !neg && strings.Trim(dropped, "0") != ""
	}
	k, _ := strconv.ParseFloat("0"+kept, 64)
	if up {
		k++
	}
	r := k * math.Pow10(max(0, -digits))
	if digits > 0 {
		r, _ = strconv.ParseFloat(strconv.FormatFloat(k, 'f', 0, 64)+"e-"+strconv.Itoa(digits), 64)
	}
	if neg && r != 0 {
		r = -r
	}
	if digits <= 0 {
		return floatToInteger(r)
	}
	return r, nil
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func sign64(x int64) int64 {
	if x < 0 {
		return -1
	}
	return 1
}
