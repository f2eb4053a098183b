package compiler

import (
	"cmp"
	"database/sql/driver"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"modernc.org/sqlite"
)

// NUMBER is exact to 38 digits (https://docs.snowflake.com/sql-reference/data-types-numeric).
// A NUMBER value lives in SQLite in exactly one of three forms, so that
// SQLite's own = (joins, GROUP BY, DISTINCT, IN, MERGE) stays right:
//
//   - INTEGER: an integer that fits 64 bits;
//   - REAL: any other value of at most 15 significant digits (the double
//     nearest a decimal of 15 digits or fewer tells it apart from every
//     other such decimal, and its shortest text is that decimal);
//   - BLOB: anything else, as a fixed-point code (see encodeNumber).
//
// Ordering is not SQLite's (a BLOB sorts after every number), so the
// compiler routes NUMBER <, >, BETWEEN, ORDER BY, MIN and MAX through
// sf_ncmp / sf_nkey, and arithmetic, SUM and casts through Go on math/big.

const (
	maxNumberDigits = 38 // precision
	maxNumberScale  = 37
	keyDigits       = maxNumberDigits + maxNumberScale
)

// numberOverflow is Snowflake's error for a value beyond 38 digits.
func numberOverflow(r *big.Rat, scale int) error {
	return errOutOfRange.With("type NUMBER(38,%d), value=%s", scale, r.FloatString(min(scale, 6)))
}

var pow10Cache = func() []*big.Int {
	out := make([]*big.Int, keyDigits+2)
	p := big.NewInt(1)
	for i := range out {
		out[i] = new(big.Int).Set(p)
		p.Mul(p, big.NewInt(10))
	}
	return out
}()

func pow10(n int) *big.Int {
	if n < len(pow10Cache) {
		return pow10Cache[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

var decimalSyntax = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,4})?$`)

// parseDecimal reads a number as Snowflake's TO_NUMBER does: a decimal,
// optionally with an exponent.
func parseDecimal(s string) (*big.Rat, error) {
	t := strings.TrimSpace(s)
	if !decimalSyntax.MatchString(t) {
		return nil, errNumericNotRecognized.With(s)
	}
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		if e, _ := strconv.Atoi(t[i+1:]); e > 2*keyDigits || e < -2*keyDigits {
			return nil, errOutOfRange.With("%s", s)
		}
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return nil, errNumericNotRecognized.With(s)
	}
	return r, nil
}

// exactOf is the exact value of a NUMBER (or number-like) SQLite value.
// A double stands for its shortest decimal text, the value it was made from.
func exactOf(v driver.Value) (*big.Rat, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int64:
		return new(big.Rat).SetInt64(x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, errNumericNotRecognized.With(x)
		}
		r, _ := new(big.Rat).SetString(strconv.FormatFloat(x, 'f', -1, 64))
		return r, nil
	case []byte:
		if r, ok := decodeNumber(x); ok {
			return r, nil
		}
		return parseDecimal(string(x))
	case string:
		s := strings.TrimSpace(x)
		if strings.HasPrefix(s, `"`) { // a VARIANT string holding a number
			if t, err := variantText(s); err == nil && t != nil {
				s, _ = TextArg(t)
			}
		}
		return parseDecimal(s)
	case bool:
		if x {
			return big.NewRat(1, 1), nil
		}
		return new(big.Rat), nil
	}
	return nil, errNumericNotRecognized.With(v)
}

// roundAt is r rounded half away from zero to scale decimals, as the
// integer mantissa of r × 10^scale.
func roundAt(r *big.Rat, scale int) *big.Int {
	num := new(big.Int).Mul(r.Num(), pow10(scale))
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if m.Sign() != 0 {
		twice := new(big.Int).Abs(m)
		twice.Lsh(twice, 1)
		if twice.Cmp(r.Denom()) >= 0 {
			if num.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	return q
}

// numberAt is r as a NUMBER(38, scale) value: rounded half away from zero,
// refused beyond 38 digits, in its one SQLite form.
func numberAt(r *big.Rat, scale int) (driver.Value, error) {
	if r == nil {
		return nil, nil
	}
	scale = max(0, min(scale, maxNumberScale))
	m := roundAt(r, scale)
	if new(big.Int).Abs(m).Cmp(pow10(maxNumberDigits)) >= 0 {
		return nil, numberOverflow(r, scale)
	}
	return numberValue(m, scale), nil
}

// numberExact is r as a NUMBER value at the scale it needs (up to 37):
// for results whose type keeps their operand's scale (negation, ABS, MIN,
// MAX) and for values compared.
func numberExact(r *big.Rat) (driver.Value, error) {
	if r == nil {
		return nil, nil
	}
	m, scale := trimZeros(roundAt(r, maxNumberScale), maxNumberScale)
	if new(big.Int).Abs(m).Cmp(pow10(maxNumberDigits)) >= 0 {
		return nil, numberOverflow(r, scale)
	}
	return numberValue(m, scale), nil
}

// trimZeros drops trailing zeros, which carry no value (1.50 is 1.5, 2.00
// is 2), from mantissa m at scale, in place.
func trimZeros(m *big.Int, scale int) (*big.Int, int) {
	ten := big.NewInt(10)
	q, rem := new(big.Int), new(big.Int)
	for scale > 0 {
		q.QuoRem(m, ten, rem)
		if rem.Sign() != 0 {
			break
		}
		m.Set(q)
		scale--
	}
	return m, scale
}

// numberValue is mantissa × 10^-scale (at most 38 digits) in its SQLite form.
func numberValue(m *big.Int, scale int) driver.Value {
	if m.Sign() == 0 {
		return int64(0)
	}
	m, scale = trimZeros(new(big.Int).Set(m), scale)
	if scale == 0 && m.IsInt64() {
		return m.Int64()
	}
	digits := m.String()
	digits = strings.TrimPrefix(digits, "-")
	significant := len(strings.TrimRight(digits, "0"))
	if significant <= exactDoubleDigits {
		if f, err := strconv.ParseFloat(m.String()+"e-"+strconv.Itoa(scale), 64); err == nil {
			return f
		}
	}
	return encodeNumber(m, scale)
}

// encodeNumber is the BLOB form: a sign byte (1 negative, 2 otherwise) and
// the value × 10^37 as 75 digits, each complemented to 9 when negative, so
// that bytewise order is numeric order.
func encodeNumber(m *big.Int, scale int) []byte {
	fixed := new(big.Int).Mul(m, pow10(maxNumberScale-scale))
	return encodeFixed(fixed.Sign() < 0, new(big.Int).Abs(fixed).String())
}

// encodeFixed is the BLOB form of the value whose digits × 10^-37 are given.
func encodeFixed(neg bool, digits string) []byte {
	out := make([]byte, 1, keyDigits+1)
	out[0] = 2
	if neg {
		out[0] = 1
	}
	for range keyDigits - len(digits) {
		out = append(out, '0')
	}
	out = append(out, digits...)
	if neg {
		for i := 1; i < len(out); i++ {
			out[i] = '9' - out[i] + '0'
		}
	}
	return out
}

func decodeNumber(b []byte) (*big.Rat, bool) {
	if len(b) != keyDigits+1 || (b[0] != 1 && b[0] != 2) {
		return nil, false
	}
	digits := make([]byte, keyDigits)
	for i, c := range b[1:] {
		if c < '0' || c > '9' {
			return nil, false
		}
		digits[i] = c
		if b[0] == 1 {
			digits[i] = '9' - c + '0'
		}
	}
	m, _ := new(big.Int).SetString(string(digits), 10)
	if b[0] == 1 {
		m.Neg(m)
	}
	return new(big.Rat).SetFrac(m, pow10(maxNumberScale)), true
}

// numberKey is a NUMBER value's sort key: the BLOB form for every value,
// so that SQLite's ORDER BY, MIN and MAX order them by value.
func numberKey(v driver.Value) (driver.Value, error) {
	if n, ok := v.(int64); ok { // the common case, without math/big
		return encodeFixed(n < 0, strconv.FormatUint(absU(n), 10)+strings.Repeat("0", maxNumberScale)), nil
	}
	r, err := exactOf(v)
	if r == nil || err != nil {
		return nil, err
	}
	fixed := new(big.Rat).Mul(r, new(big.Rat).SetInt(pow10(maxNumberScale)))
	if !fixed.IsInt() || new(big.Int).Abs(fixed.Num()).Cmp(pow10(keyDigits)) >= 0 {
		return nil, numberOverflow(r, maxNumberScale)
	}
	return encodeNumber(fixed.Num(), maxNumberScale), nil
}

// numberFromKey turns a sort key back into the value's SQLite form.
func numberFromKey(v driver.Value) (driver.Value, error) {
	b, ok := v.([]byte)
	if !ok {
		return v, nil // NULL
	}
	r, ok := decodeNumber(b)
	if !ok {
		return nil, errRuntimeUnsupported.With("a number sort key the local emulator did not make")
	}
	return numberExact(r)
}

// compareNumbers is -1, 0 or 1, or NULL when either side is NULL.
func compareNumbers(a, b driver.Value) (driver.Value, error) {
	if a == nil || b == nil {
		return nil, nil
	}
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			return int64(cmp.Compare(x, y)), nil
		}
	}
	if x, ok := a.(float64); ok {
		if y, ok := b.(float64); ok && !math.IsNaN(x) && !math.IsNaN(y) {
			return int64(cmp.Compare(x, y)), nil
		}
	}
	x, y, err := exactPair(a, b)
	if err != nil {
		return nil, err
	}
	return int64(x.Cmp(y)), nil
}

// exactPair is the exact values of two operands.
func exactPair(a, b driver.Value) (*big.Rat, *big.Rat, error) {
	x, err := exactOf(a)
	if err != nil {
		return nil, nil, err
	}
	y, err := exactOf(b)
	return x, y, err
}

// NumberText is a NUMBER value written at scale: 1.5 at scale 2 is 1.50.
func NumberText(v driver.Value, scale int) (driver.Value, error) {
	if n, ok := v.(int64); ok { // the common case, without math/big
		text := strconv.FormatInt(n, 10)
		if scale > 0 {
			text += "." + strings.Repeat("0", scale)
		}
		return text, nil
	}
	r, err := exactOf(v)
	if r == nil || err != nil {
		return nil, err
	}
	m := roundAt(r, scale)
	return scaledText(m, scale), nil
}

// scaledText writes mantissa × 10^-scale with exactly scale decimals.
func scaledText(m *big.Int, scale int) string {
	neg := m.Sign() < 0
	digits := new(big.Int).Abs(m).String()
	if scale > 0 {
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// smallNumber passes a NUMBER on to a function that only knows SQLite's
// numbers, refusing one held as a BLOB rather than letting it read bytes.
func smallNumber(v driver.Value) (driver.Value, error) {
	if b, ok := v.([]byte); ok {
		if r, ok := decodeNumber(b); ok {
			return nil, errOutOfRange.With("%s (the local Snowflake emulator computes this function on numbers of up to 64 bits or 15 significant digits only)", r.FloatString(6))
		}
	}
	return v, nil
}

// exactSum is SUM over NUMBER values (and as a window function): exact,
// NULL over no values, refused beyond 38 digits.
type exactSum struct {
	ints  int64    // the integers' sum while it fits 64 bits
	total *big.Rat // everything else
	count int
}

func (s *exactSum) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	return s.add(args[0], 1)
}

func (s *exactSum) WindowInverse(_ *sqlite.FunctionContext, args []driver.Value) error {
	return s.add(args[0], -1)
}

func (s *exactSum) add(v driver.Value, sign int) error {
	if v == nil {
		return nil
	}
	s.count += sign
	if n, ok := v.(int64); ok {
		op := "+"
		if sign < 0 {
			op = "-"
		}
		if sum, ok := intArith(op, s.ints, n); ok {
			s.ints = sum
			return nil
		}
	}
	r, err := exactOf(v)
	if err != nil {
		return err
	}
	if sign < 0 {
		r.Neg(r)
	}
	s.total.Add(s.total, r)
	return nil
}

func (s *exactSum) WindowValue(_ *sqlite.FunctionContext) (driver.Value, error) {
	if s.count == 0 {
		return nil, nil
	}
	if s.total.Sign() == 0 {
		return s.ints, nil
	}
	r := new(big.Rat).SetInt64(s.ints)
	return numberExact(r.Add(r, s.total)) // checked at the sum's type by sf_to_number
}

func (s *exactSum) Final(_ *sqlite.FunctionContext) {}

func init() {
	sqlite.MustRegisterFunction("sf_sum", &sqlite.FunctionImpl{
		NArgs:         1,
		Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) {
			return &exactSum{total: new(big.Rat)}, nil
		},
	})
}
