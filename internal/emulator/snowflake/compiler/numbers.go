package compiler

import (
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// checkNumberLiteral reads a numeric literal (or a bound FIXED value) as
// SQLite SQL for its exact NUMBER value: refused beyond 38 digits.
func checkNumberLiteral(text string, scale int) (string, error) {
	r, err := parseDecimal(text)
	if err != nil {
		return "", errNumericLiteral.With(text)
	}
	m := roundAt(r, scale)
	if new(big.Int).Abs(m).Cmp(pow10(maxNumberDigits)) >= 0 || scale > maxNumberScale {
		return "", errNumberOutOfRange.With(text)
	}
	switch v := numberValue(m, scale).(type) {
	case []byte:
		return "X'" + hex.EncodeToString(v) + "'", nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	}
	return text, nil
}

// floatDiv is / on FLOAT: division by zero is Snowflake's error, never NULL.
func floatDiv(a, b driver.Value) (driver.Value, error) {
	x, y, err := floatDivision(a, b, "/")
	if x == nil || err != nil {
		return nil, err
	}
	return *x / y, nil
}

// floatDivision reads the operands of a FLOAT / or %: x is nil when either
// is NULL; a zero divisor is Snowflake's error.
func floatDivision(a, b driver.Value, op string) (*float64, float64, error) {
	if a == nil || b == nil {
		return nil, 0, nil
	}
	x, ok1 := toFloat(a)
	y, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return nil, 0, errNumericNotRecognized.With(fmt.Sprintf("%v %s %v", a, op, b))
	}
	if y == 0 {
		return nil, 0, errDivisionByZero.With()
	}
	return &x, y, nil
}

// exactMod is % and MOD on NUMBER: the remainder of truncating division,
// with the dividend's sign (docs: MOD), at the larger scale.
func exactMod(a, b driver.Value, scale int) (driver.Value, error) {
	x, y, err := exactPair(a, b)
	if x == nil || y == nil || err != nil {
		return nil, err
	}
	if y.Sign() == 0 {
		return nil, errDivisionByZero.With()
	}
	q := new(big.Rat).Quo(x, y)
	whole := new(big.Int).Quo(q.Num(), q.Denom()) // toward zero
	r := new(big.Rat).Sub(x, new(big.Rat).Mul(y, new(big.Rat).SetInt(whole)))
	return numberAt(r, scale)
}

// floatMod is % and MOD on FLOAT (SQLite's % would truncate both to integers).
func floatMod(a, b driver.Value) (driver.Value, error) {
	x, y, err := floatDivision(a, b, "%")
	if x == nil || err != nil {
		return nil, err
	}
	return math.Mod(*x, y), nil
}

// exactDiv is / on NUMBER: the exact quotient rounded to its scale.
func exactDiv(a, b driver.Value, scale int) (driver.Value, error) {
	x, y, err := exactPair(a, b)
	if x == nil || y == nil || err != nil {
		return nil, err
	}
	if y.Sign() == 0 {
		return nil, errDivisionByZero.With()
	}
	return numberAt(new(big.Rat).Quo(x, y), scale)
}

// arithmeticScale is the scale of a NUMBER result
// (https://docs.snowflake.com/sql-reference/operators-arithmetic): + and -
// keep the larger scale; * adds them, up to max(S1, S2, 12); / gives
// max(S1, min(S1 + 6, 12)).
func arithmeticScale(op string, s1, s2 int) int {
	switch op {
	case "*":
		return min(s1+s2, max(s1, s2, 12))
	case "/":
		return max(s1, min(s1+6, 12))
	}
	return max(s1, s2)
}

// numberArith is + - * on NUMBER operands, exact, rounded to the
// result's scale, refused beyond 38 digits.
func numberArith(op string, a, b driver.Value, scale int) (driver.Value, error) {
	if a == nil || b == nil {
		return nil, nil
	}
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			if v, ok := intArith(op, x, y); ok {
				return v, nil
			}
		}
	}
	x, y, err := exactPair(a, b)
	if err != nil {
		return nil, err
	}
	r := new(big.Rat)
	switch op {
	case "+":
		r.Add(x, y)
	case "-":
		r.Sub(x, y)
	default:
		r.Mul(x, y)
	}
	return numberAt(r, scale)
}

// intArith is the 64-bit fast path; ok is false on overflow.
func intArith(op string, x, y int64) (int64, bool) {
	switch op {
	case "+":
		s := x + y
		return s, !((x >= 0) == (y >= 0) && (s >= 0) != (x >= 0))
	case "-":
		d := x - y
		return d, !((x >= 0) != (y >= 0) && (d >= 0) != (x >= 0))
	}
	if x == 0 || y == 0 {
		return 0, true
	}
	neg := (x < 0) != (y < 0)
	hi, lo := bits.Mul64(absU(x), absU(y))
	if hi != 0 || (!neg && lo > math.MaxInt64) || (neg && lo > 1<<63) {
		return 0, false
	}
	if neg {
		return -int64(lo), true //nolint:gosec // lo <= 2^63 checked above
	}
	return int64(lo), true //nolint:gosec // lo <= MaxInt64 checked above
}

// negateNumber is unary minus on a NUMBER.
func negateNumber(v driver.Value) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		if x != math.MinInt64 {
			return -x, nil
		}
	case float64:
		return -x, nil
	}
	r, err := exactOf(v)
	if err != nil {
		return nil, err
	}
	return numberExact(r.Neg(r))
}

func absU(x int64) uint64 {
	if x < 0 {
		return uint64(-(x + 1)) + 1 //nolint:gosec // -(MinInt64+1) fits
	}
	return uint64(x)
}

func toFloat(v driver.Value) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	s, ok := TextArg(v)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}

// exactDoubleDigits is how many significant digits a double holds for
// any decimal: such NUMBER values are kept as REAL (see decimal.go).
const exactDoubleDigits = 15

// numberForComparison is a string compared with a NUMBER: its exact
// decimal, in the NUMBER form SQLite compares.
func numberForComparison(v driver.Value) (driver.Value, error) {
	if _, isText := v.(string); !isText {
		return v, nil // NULL, or a number already
	}
	r, err := exactOf(v)
	if err != nil {
		return nil, err
	}
	return numberExact(r)
}
