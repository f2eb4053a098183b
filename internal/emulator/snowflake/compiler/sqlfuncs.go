package compiler

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// Snowflake semantics that SQLite lacks are Go functions registered with
// the driver; the compiler emits calls to them. Their errors carry a
// Snowflake code so the engine can report them faithfully.

// TimestampLayout is how TIMESTAMP values are stored: sortable text.
const TimestampLayout = "2006-01-02 15:04:05.000000000"

// coreRuntime are the family's functions SQLite calls at run time
// (runtimeFunctions registers them).
var coreRuntime = []runtimeFunc{
	{"sf_parse_json", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return parseJSON(a[0], false)
	}},
	{"sf_try_parse_json", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return parseJSON(a[0], true)
	}},
	{"sf_to_variant", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		base, _ := TextArg(a[1])
		return toVariant(a[0], base)
	}},
	{"sf_variant_text", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok := TextArg(a[0])
		if !ok {
			return nil, nil
		}
		return variantText(s)
	}},
	{"sf_div", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return floatDiv(a[0], a[1])
	}},
	{"sf_num_arith", 4, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		op, _ := TextArg(a[0])
		scale, _ := a[3].(int64)
		return numberArith(op, a[1], a[2], int(scale))
	}},
	{"sf_num_div", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		scale, _ := a[2].(int64)
		return exactDiv(a[0], a[1], int(scale))
	}},
	{"sf_num_mod", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		scale, _ := a[2].(int64)
		return exactMod(a[0], a[1], int(scale))
	}},
	{"sf_float_mod", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return floatMod(a[0], a[1])
	}},
	{"sf_num_neg", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return negateNumber(a[0])
	}},
	{"sf_ncmp", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return compareNumbers(a[0], a[1])
	}},
	{"sf_nkey", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return numberKey(a[0])
	}},
	{"sf_nkey_value", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return numberFromKey(a[0])
	}},
	{"sf_small", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return smallNumber(a[0])
	}},
	{"sf_to_number", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		scale, _ := a[1].(int64)
		return toNumber(a[0], int(scale))
	}},
	{"sf_to_number_p", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return toNumberIn(a, toNumber)
	}},
	{"sf_try_to_number", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		v, err := toNumberIn(a, toNumber)
		if err != nil {
			v = nil // TRY_: a string that does not convert (or fit) is NULL
		}
		return v, nil
	}},
	{"sf_float_to_number", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return toNumberIn(a, floatToNumber)
	}},
	{"sf_fit_varchar", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok := TextArg(a[0])
		limit, _ := a[1].(int64)
		if ok && a[0] != nil && int64(utf8.RuneCountInString(s)) > limit {
			return nil, errStringTooLong.With(s)
		}
		return a[0], nil
	}},
	{"sf_number_cmp", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return numberForComparison(a[0])
	}},
	{"sf_number_text", 2, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		scale, _ := a[1].(int64)
		return NumberText(a[0], int(scale))
	}},
	{"sf_float_text", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return floatText(a[0])
	}},
	{"sf_upper", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return changeCase(a[0], true)
	}},
	{"sf_lower", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return changeCase(a[0], false)
	}},
	{"sf_to_float", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return toDouble(a[0])
	}},
	{"sf_to_timestamp", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return ToTimestamp(a[0])
	}},
	{"sf_to_boolean", 1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		return toBoolean(a[0])
	}},
	{"sf_object_construct", -1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		if len(a)%2 != 0 {
			return nil, errRuntimeArgumentCount.With("OBJECT_CONSTRUCT")
		}
		var b bytes.Buffer
		b.WriteByte('{')
		first := true
		for i := 0; i < len(a); i += 2 {
			k, ok := TextArg(a[i])
			v, vok := TextArg(a[i+1])
			if !ok || !vok || v == "null" {
				continue // OBJECT_CONSTRUCT drops NULL-valued keys
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			kj, _ := json.Marshal(k)
			b.Write(kj)
			b.WriteByte(':')
			b.WriteString(v)
		}
		b.WriteByte('}')
		return b.String(), nil
	}},
	{"sf_array_construct", -1, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		parts := make([]string, 0, len(a))
		for _, v := range a {
			s, ok := TextArg(v)
			if !ok {
				// Snowflake keeps a SQL NULL as an undefined element
				// (ARRAY_SIZE counts it), which JSON cannot hold.
				return nil, errRuntimeUnsupported.With("ARRAY_CONSTRUCT with a SQL NULL element (Snowflake keeps it as undefined, which the local emulator cannot hold); use PARSE_JSON('null') for a JSON null")
			}
			parts = append(parts, s)
		}
		return "[" + strings.Join(parts, ",") + "]", nil
	}},
	{"sf_like", 4, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		s, ok1 := TextArg(a[0])
		p, ok2 := TextArg(a[1])
		esc, ok3 := TextArg(a[3])
		if !ok1 || !ok2 || !ok3 {
			return nil, nil // NULL when any argument is
		}
		var escape rune
		if runes := []rune(esc); len(runes) > 1 {
			return nil, errLikeEscape.With(esc)
		} else if len(runes) == 1 {
			escape = runes[0]
		}
		if ci, _ := a[2].(int64); ci == 1 {
			s, p = strings.ToUpper(s), strings.ToUpper(p)
			escape = []rune(strings.ToUpper(string(escape)))[0]
		}
		return boolInt(Like(p, s, escape)), nil
	}},
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func TextArg(v driver.Value) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case []byte:
		return string(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	case time.Time:
		return x.UTC().Format(TimestampLayout), true
	}
	return fmt.Sprint(v), true
}

// canonicalJSON validates and compacts JSON text.
func canonicalJSON(s string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", jsonErr(err)
	}
	if dec.More() {
		return "", errors.New("unexpected content after the JSON value")
	}
	if n, ok := exponentNumber(v); ok {
		return "", errExponentNumber(n)
	}
	var out bytes.Buffer
	if err := json.Compact(&out, []byte(strings.TrimSpace(s))); err != nil {
		return "", jsonErr(err)
	}
	return out.String(), nil
}

// errExponentNumber is a JSON number written with an exponent (1e3):
// Snowflake holds it as a DOUBLE and renders it its own way, which the
// emulator, keeping JSON text as written, does not reproduce.
type errExponentNumber string

func (e errExponentNumber) Error() string { return "JSON number in exponent notation: " + string(e) }

func (e errExponentNumber) sfError() error {
	return errRuntimeUnsupported.With("the JSON number %s in exponent notation (Snowflake holds it as a DOUBLE and renders it in its own format, which the local emulator does not reproduce); write it as a plain decimal", string(e))
}

// exponentNumber finds a number written with an exponent in a decoded JSON value.
func exponentNumber(v any) (string, bool) {
	switch x := v.(type) {
	case json.Number:
		return string(x), strings.ContainsAny(string(x), "eE")
	case []any:
		for _, e := range x {
			if n, ok := exponentNumber(e); ok {
				return n, true
			}
		}
	case map[string]any:
		for _, e := range x {
			if n, ok := exponentNumber(e); ok {
				return n, true
			}
		}
	}
	return "", false
}

func jsonErr(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s, pos %d", se.Error(), se.Offset)
	}
	return err
}

// toVariant converts a SQL value of Snowflake type base to JSON text.
func toVariant(v driver.Value, base string) (driver.Value, error) {
	if v == nil {
		return nil, nil
	}
	switch base {
	case "VARIANT", "OBJECT", "ARRAY":
		s, _ := TextArg(v)
		return s, nil
	case "BOOLEAN":
		b, err := toBoolean(v)
		if err != nil || b == nil {
			return nil, err
		}
		if n, ok := b.(int64); ok && n == 1 {
			return "true", nil
		}
		return "false", nil
	case "NUMBER":
		// A JSON number written exactly: 12345678901234567890, 1.5.
		r, err := exactOf(v)
		if err != nil {
			return nil, err
		}
		m := roundAt(r, maxNumberScale)
		return strings.TrimSuffix(strings.TrimRight(scaledText(m, maxNumberScale), "0"), "."), nil
	case "FLOAT":
		return floatText(v)
	}
	s, _ := TextArg(v)
	out, _ := json.Marshal(s)
	return string(out), nil
}

// variantText is VARIANT::VARCHAR: strings unquoted, JSON null as NULL.
func variantText(s string) (driver.Value, error) {
	t := strings.TrimSpace(s)
	switch {
	case t == "null":
		return nil, nil
	case strings.HasPrefix(t, `"`):
		var out string
		if err := json.Unmarshal([]byte(t), &out); err != nil {
			return nil, errParsingJSON.With(err)
		}
		return out, nil
	}
	return t, nil
}

func toNumber(v driver.Value, scale int) (driver.Value, error) {
	switch x := v.(type) {
	case int64:
		return x, nil // an integer is itself at every scale
	case string: // the common case (a VARIANT's integer), without math/big
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return n, nil
		}
	}
	r, err := exactOf(v)
	if r == nil || err != nil {
		return nil, err
	}
	return numberAt(r, scale)
}

// floatText is a FLOAT as text or in a VARIANT: how Snowflake writes a
// double (how many digits, when an exponent) is not documented, so it is
// refused rather than guessed. Doubles reach clients exactly through the
// wire, and a cast to NUMBER(p,s) first gives documented text.
func floatText(v driver.Value) (driver.Value, error) {
	if v == nil {
		return nil, nil
	}
	return nil, errRuntimeUnsupported.With("converting the FLOAT %v to text or to a VARIANT (Snowflake's rendering of doubles is not documented, so the local emulator does not guess it); cast it to NUMBER(p,s) first", v)
}

// floatToNumber is a FLOAT cast to NUMBER: the double's exact binary
// value rounded to scale, as Snowflake documents (TO_DOUBLE(1.1)::NUMBER(38, 18)
// is 1.100000000000000089), not its shortest decimal text.
func floatToNumber(v driver.Value, scale int) (driver.Value, error) {
	f, ok := v.(float64)
	if !ok {
		return toNumber(v, scale)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, errNumericNotRecognized.With(f)
	}
	return numberAt(new(big.Rat).SetFloat64(f), scale)
}

// fitPrecision refuses a NUMBER(prec, scale) value with more than
// prec-scale integer digits.
func fitPrecision(v driver.Value, scale, prec int) (driver.Value, error) {
	r, _ := exactOf(v)
	if new(big.Rat).Abs(r).Cmp(new(big.Rat).SetInt(pow10(prec-scale))) >= 0 {
		text, _ := NumberText(v, scale)
		return nil, errOutOfRange.With("type NUMBER(%d,%d), value=%s", prec, scale, text)
	}
	return v, nil
}

// toDouble is a cast to FLOAT: the nearest double, never rounded to a
// scale (a double keeps what it can: 1e-10 stays 1e-10).
func toDouble(v driver.Value) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		return float64(x), nil
	case float64:
		return x, nil
	case []byte:
		if r, ok := decodeNumber(x); ok {
			f, _ := r.Float64()
			return f, nil
		}
	}
	s, _ := TextArg(v)
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `"`) {
		if t, err := variantText(s); err == nil && t != nil {
			s, _ = TextArg(t)
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, nil
	}
	return nil, errNumericNotRecognized.With(s)
}

var timestampLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05",
	"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02",
}

func ToTimestamp(v driver.Value) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		return time.Unix(x, 0).UTC().Format(TimestampLayout), nil
	case float64:
		sec, frac := math.Modf(x)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC().Format(TimestampLayout), nil
	case time.Time:
		return x.UTC().Format(TimestampLayout), nil
	}
	s, _ := TextArg(v)
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `"`) {
		if t, err := variantText(s); err == nil && t != nil {
			s, _ = TextArg(t)
		}
	}
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(TimestampLayout), nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC().Format(TimestampLayout), nil
	}
	return nil, errTimestampNotRecognized.With(s)
}

func toBoolean(v driver.Value) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		return boolInt(x != 0), nil
	case float64:
		return boolInt(x != 0), nil
	}
	s, _ := TextArg(v)
	switch strings.ToLower(strings.Trim(strings.TrimSpace(s), `"`)) {
	case "true", "t", "yes", "y", "on", "1":
		return int64(1), nil
	case "false", "f", "no", "n", "off", "0":
		return int64(0), nil
	}
	return nil, errBooleanNotRecognized.With(s)
}

// toNumberIn is a[0] converted by convert at scale a[1], fitted to
// precision a[2]: NUMBER(p,s) holds p-s integer digits.
func toNumberIn(a []driver.Value, convert func(driver.Value, int) (driver.Value, error)) (driver.Value, error) {
	scale, _ := a[1].(int64)
	prec, _ := a[2].(int64)
	v, err := convert(a[0], int(scale))
	if v == nil || err != nil {
		return v, err
	}
	return fitPrecision(v, int(scale), int(prec))
}

// parseJSON is PARSE_JSON, or TRY_PARSE_JSON (try), whose invalid JSON is
// NULL; valid JSON Snowflake would answer differently (an exponent) is
// refused by both, not NULL.
func parseJSON(v driver.Value, try bool) (driver.Value, error) {
	s, ok := TextArg(v)
	if !ok {
		return nil, nil
	}
	out, err := canonicalJSON(s)
	var exp errExponentNumber
	switch {
	case errors.As(err, &exp):
		return nil, exp.sfError()
	case err != nil && try:
		return nil, nil
	case err != nil:
		return nil, errParsingJSON.With(err)
	}
	return out, nil
}
