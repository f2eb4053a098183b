package engine

import (
	"database/sql/driver"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// NUMBER values live in SQLite as 64-bit integers (scale 0) or doubles.
// Snowflake keeps 38 digits exactly; where a value needs more than 64 bits
// the emulator refuses with Snowflake's out-of-range error instead of
// returning a wrong value (SQLite turns an integer overflow into a double,
// and converting that back wraps or rounds).

const numberRangeFormat = "Number out of representable range: %s (the local Snowflake emulator holds NUMBER values " +
	"in 64 bits, between -9223372036854775808 and 9223372036854775807; Snowflake keeps 38 digits)"

// errNumberRange is raised inside SQLite functions (see sfErr).
func errNumberRange(value string) error { return sfErr("100046", "22003", numberRangeFormat, value) }

// checkIntegerLiteral refuses, at compile time, an integer literal that
// does not fit 64 bits.
func checkIntegerLiteral(text string) error {
	if _, err := strconv.ParseInt(text, 10, 64); err != nil {
		return newError("100046", "22003", numberRangeFormat, text)
	}
	return nil
}

// numberDiv is / : division by zero is Snowflake's error, never NULL.
func numberDiv(a, b driver.Value) (driver.Value, error) {
	if a == nil || b == nil {
		return nil, nil
	}
	fx, ok1 := toFloat(a)
	fy, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return nil, sfErr("100038", "22018", "Numeric value '%v / %v' is not recognized", a, b)
	}
	if fy == 0 {
		return nil, sfErr("100051", "22012", "Division by zero")
	}
	return fx / fy, nil
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

// float64 values at or beyond ±2^63 have no int64 counterpart.
const twoTo63 = 9223372036854775808.0

// numberArith is + - * on NUMBER operands: exact on integers, with
// overflow refused; doubles (NUMBER with a scale, FLOAT) as SQLite does.
func numberArith(op string, a, b driver.Value) (driver.Value, error) {
	if a == nil || b == nil {
		return nil, nil
	}
	x, xok := a.(int64)
	y, yok := b.(int64)
	if xok && yok {
		switch op {
		case "+":
			s := x + y
			if (x >= 0) == (y >= 0) && (s >= 0) != (x >= 0) {
				return nil, errNumberRange(bigText(x, "+", y))
			}
			return s, nil
		case "-":
			d := x - y
			if (x >= 0) != (y >= 0) && (d >= 0) != (x >= 0) {
				return nil, errNumberRange(bigText(x, "-", y))
			}
			return d, nil
		case "*":
			if x == 0 || y == 0 {
				return int64(0), nil
			}
			neg := (x < 0) != (y < 0)
			hi, lo := bits.Mul64(absU(x), absU(y))
			if hi != 0 || (!neg && lo > math.MaxInt64) || (neg && lo > 1<<63) {
				return nil, errNumberRange(bigText(x, "*", y))
			}
			if neg {
				return -int64(lo), nil //nolint:gosec // lo <= 2^63 checked above
			}
			return int64(lo), nil //nolint:gosec // lo <= MaxInt64 checked above
		}
	}
	fx, ok1 := toFloat(a)
	fy, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return nil, sfErr("100038", "22018", "Numeric value '%v %s %v' is not recognized", a, op, b)
	}
	var r float64
	switch op {
	case "+":
		r = fx + fy
	case "-":
		r = fx - fy
	default:
		r = fx * fy
	}
	return r, nil
}

func absU(x int64) uint64 {
	if x < 0 {
		return uint64(-(x + 1)) + 1 //nolint:gosec // -(MinInt64+1) fits
	}
	return uint64(x)
}

func bigText(x int64, op string, y int64) string {
	return strconv.FormatInt(x, 10) + " " + op + " " + strconv.FormatInt(y, 10)
}

func toFloat(v driver.Value) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	s, ok := textArg(v)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}

// floatToInteger rounds a double to a NUMBER(p,0), refusing what has no
// exact 64-bit counterpart.
func floatToInteger(f float64) (driver.Value, error) {
	r := math.Round(f)
	if math.IsNaN(r) || r >= twoTo63 || r < -twoTo63 {
		return nil, errNumberRange(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return int64(r), nil
}

// NUMBER values with a scale are held as doubles, which carry any decimal
// of up to 15 significant digits exactly (rounded back at the column's
// scale); beyond that the digits shown could differ from Snowflake's, so
// a result with such a value is refused instead. Integers held as doubles
// (an integer column fed a double) are exact up to 2^53.
const exactDoubleDigits = 15

const precisionFormat = "Number out of representable range: about %s needs more than %d significant digits, which the local " +
	"Snowflake emulator does not hold exactly for NUMBER values with a scale (Snowflake keeps 38)"

// checkDecimalDigits refuses a decimal (literal, or a value rounded to its
// scale) with more significant digits than a double holds exactly: its
// comparisons and sums would be wrong, not only its display.
func checkDecimalDigits(text string) error {
	digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "", "+", "").Replace(text), "0")
	if len(digits) > exactDoubleDigits {
		return newError("100046", "22003", precisionFormat, text, exactDoubleDigits)
	}
	return nil
}

// checkDecimalLiteral accepts a decimal literal a double tells apart from
// every other: 15 significant digits or fewer, or more when it is the
// double's own shortest text (0.058291658854532295, as FLOAT values are
// often written), so that no two different literals compare equal; its
// arithmetic is then checked at the result's scale, its display at output.
func checkDecimalLiteral(text string) error {
	if checkDecimalDigits(text) == nil {
		return nil
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil && sameDecimal(text, f) {
		return nil
	}
	return checkDecimalDigits(text)
}

// checkExactNumber refuses a NUMBER result value whose digits the emulator
// cannot guarantee.
func checkExactNumber(v any, t SFType) error {
	f, ok := v.(float64)
	if !ok || t.Base != "NUMBER" || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	if t.Scale == 0 {
		if math.Abs(math.Round(f)) > 1<<53 {
			return newError("100046", "22003", precisionFormat, strconv.FormatFloat(f, 'g', 6, 64), exactDoubleDigits)
		}
		return nil
	}
	if _, ok := decimalText(f, t.Scale); !ok {
		return newError("100046", "22003", precisionFormat, strconv.FormatFloat(f, 'g', 6, 64), exactDoubleDigits)
	}
	return nil
}

// decimalText writes f, a decimal held as a double, at scale: the
// double's shortest text rounded half away from zero, padded with zeros.
// ok is false when the text at that scale has more than 15 significant
// digits: a double pins down no more, and a computed value (a quotient,
// a product) may truly have more digits there than the double kept.
func decimalText(f float64, scale int) (string, bool) {
	r := roundDecimal(f, scale)
	short := strconv.FormatFloat(r, 'f', -1, 64)
	whole, frac, _ := strings.Cut(short, ".")
	if len(frac) > scale { // cannot happen after roundDecimal; kept exact anyway
		return strconv.FormatFloat(r, 'f', scale, 64), false
	}
	if scale > 0 {
		whole += "." + frac + strings.Repeat("0", scale-len(frac))
	}
	digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(whole), "0")
	return whole, len(digits) <= exactDoubleDigits
}

// numberForComparison is a string compared with a NUMBER: its exact
// decimal, held exactly (an integer, or a decimal a double tells apart
// from every other), or refused.
func numberForComparison(v driver.Value) (driver.Value, error) {
	s, isText := v.(string)
	if !isText {
		return v, nil // NULL, or a number already
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, sfErr("100038", "22018", "Numeric value '%s' is not recognized", s)
	}
	if math.IsInf(f, 0) || !sameDecimal(s, f) {
		return nil, sfErr("100046", "22003", precisionFormat, s, exactDoubleDigits)
	}
	return f, nil
}

// sameDecimal reports whether text is exactly the decimal f's shortest text is.
func sameDecimal(text string, f float64) bool {
	want, ok1 := new(big.Rat).SetString(text)
	got, ok2 := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	return ok1 && ok2 && want.Cmp(got) == 0
}
