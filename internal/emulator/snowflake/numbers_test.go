package snowflake

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"
)

// seededEmulator starts an emulator for a seeded test: the seed is
// 20261130 unless the environment variable env replays another.
func seededEmulator(t *testing.T, env string) (int64, *rand.Rand, *sql.DB, context.Context) {
	t.Helper()
	seed := int64(20261130)
	if s := os.Getenv(env); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	srv := startServer(t, Options{})
	return seed, rand.New(rand.NewSource(seed)), connect(t, srv, "ADMIN", "admin"), context.Background()
}

// shortDecimal is a random decimal of up to 12 digits at scale 0 to 6,
// negative one time in negOdds, with its scale.
func shortDecimal(rng *rand.Rand, negOdds int) (string, int) {
	scale, digits := rng.Intn(7), 1+rng.Intn(12)
	body := strconv.FormatInt(rng.Int63n(int64(math.Pow10(digits))), 10)
	for len(body) <= scale {
		body = "0" + body
	}
	if scale > 0 {
		body = body[:len(body)-scale] + "." + body[len(body)-scale:]
	}
	if rng.Intn(negOdds) == 0 {
		body = "-" + body
	}
	return body, scale
}

func TestNumberLiteralsAndCastsNeverWrap(t *testing.T) {
	runConformance(t, []conf{
		first(ok(`SELECT 9223372036854775807 AS M, -9223372036854775807 - 1 AS N, -9223372036854775808 AS O`),
			"M", "9223372036854775807", "N", "-9223372036854775808", "O", "-9223372036854775808"),
		// Beyond 64 bits, exact to 38 digits as Snowflake keeps them.
		first(ok(`SELECT 9223372036854775807 + 1 AS A, 12345678901234567890::NUMBER(38,0) AS B, '99999999999999999999'::NUMBER AS C`),
			"A", "9223372036854775808", "B", "12345678901234567890", "C", "99999999999999999999"),
		// 1e30 is a FLOAT: cast to NUMBER it is the double's exact binary value, as
		// Snowflake documents (TO_DOUBLE(1.1)::NUMBER(38, 18) is 1.100000000000000089).
		first(ok(`SELECT 1e30::NUMBER(38,0) AS A, 3037000500 * 3037000500 AS B, 99999999999999999999999999999999999999 AS C,
			TO_DOUBLE(1.1)::NUMBER(38, 18) AS D, 1.1::FLOAT::NUMBER(10,1) AS E`),
			"A", "1000000000000000019884624838656", "B", "9223372037000250000", "C", "99999999999999999999999999999999999999",
			"D", "1.100000000000000089", "E", "1.1"),
		first(ok(`SELECT TO_NUMBER('12.345', 10, 2) AS A, TO_DECIMAL('123456789012345678901234567890') AS B, TO_NUMERIC(7.5) AS C, TO_DOUBLE('2.5') AS D`),
			"A", "12.35", "B", "123456789012345678901234567890", "C", "8", "D", "2.5"),
		rej(`SELECT TO_NUMBER('12.3', '99.9')`, "000002"),
		// TRY_TO_NUMBER: a string that does not convert or fit is NULL; only strings are accepted.
		first(ok(`SELECT TRY_TO_NUMBER('12.345', 10, 2) AS A, TRY_TO_NUMBER('abc') AS B, TRY_TO_DECIMAL('123', 2) AS C, TRY_TO_NUMERIC(NULL) AS D,
			TRY_TO_NUMBER('123456789012345678901234567890') AS E`),
			"A", "12.35", "B", "<null>", "C", "<null>", "D", "<null>", "E", "123456789012345678901234567890"),
		rej(`SELECT TRY_TO_NUMBER(12)`, "001044"),
		// MOD and %: the remainder of truncating division (Snowflake's MOD page: MOD(3, 2) is 1, MOD(4.5, 1.2) is 0.9).
		first(ok(`SELECT MOD(3, 2) AS mod1, MOD(4.5, 1.2) AS mod2, -7 % 3 AS C, 5.5 % 2 AS D, 12345678901234567890123 % 1000 AS E, 7.5::FLOAT % 2 AS F`),
			"MOD1", "1", "MOD2", "0.9", "C", "-1", "D", "1.5", "E", "123", "F", "1.5"),
		rej(`SELECT 1 % 0`, "100051"),
		// A DATE minus a DATE is a number of days (the arithmetic operators page); other date arithmetic is refused.
		first(ok(`SELECT '2024-03-01'::DATE - '2024-02-01'::DATE AS A, '2024-01-01'::DATE - '2024-12-31'::DATE AS B`), "A", "29", "B", "-365"),
		rej(`SELECT '2024-03-01'::DATE + 1`, "000002"),
		rej(`SELECT CURRENT_TIMESTAMP() - 1`, "000002"),
		rej(`SELECT MOD('a', 2)`, "001044"),
		// How Snowflake writes a double as text is not documented: refused, never guessed.
		rej(`SELECT 1e10::FLOAT::VARCHAR`, "000002"),
		rej(`SELECT 'x' || 0.1::FLOAT`, "000002"),
		rej(`SELECT TO_VARIANT(3::FLOAT)`, "000002"),
		rej(`SELECT PARSE_JSON('{"a": 1e3}')`, "000002"),
		rej(`SELECT TRY_PARSE_JSON('[2.5E-3]')`, "000002"),
		first(ok(`SELECT (1e10::FLOAT)::NUMBER(20,2)::VARCHAR AS A, NULL::FLOAT::VARCHAR AS B, TRY_PARSE_JSON('{') AS C`), "A", "10000000000.00", "B", "<null>", "C", "<null>"),
		rej(`SELECT TO_NUMBER('123', 2)`, "100046"),
		first(ok(`SELECT 12345678901234567.89 = 12345678901234567.88 AS A, 12345678901234567.89 > 12345678901234567.88 AS B, 0.10000000000000001 = 0.1 AS C`),
			"A", "false", "B", "true", "C", "false"),
		// Beyond 38 digits: Snowflake's out-of-range error, never a wrapped value.
		rej(`SELECT 99999999999999999999999999999999999999 + 1`, "100046"),
		rej(`SELECT 10000000000000000000 * 10000000000000000000`, "100046"),
		rej(`SELECT 123456789012345678901234567890123456789`, "100046"),
		rej(`SELECT '1e40'::NUMBER`, "100046"),
		rej(`SELECT 12345678901234567890::NUMBER(19,0)`, "100046"),
		first(ok(`SELECT 2 * 3 + 1 AS A, '42'::NUMBER + 1 AS B, 1.5 + 1 AS C`), "A", "7", "B", "43", "C", "2.5"),
		// Snowflake's result scales: / gives max(S1, min(S1 + 6, 12)), * min(S1 + S2, max(S1, S2, 12)).
		first(ok(`SELECT 1/3 AS A, 2/3 AS B, 10.01 * 1.1 AS C, 7/2 AS D, 10.01/3 AS E`), "A", "0.333333", "B", "0.666667", "C", "11.011", "D", "3.500000", "E", "3.33666667"),
		withMsg(rej(`SELECT 1/0`, "100051"), "Division by zero"),
		rej(`SELECT 1.5/0`, "100051"),
	})
}

// TestFloatValuesAreExactDoubles: FLOAT is a double in Snowflake; a value
// cast, inserted or compared as FLOAT comes back as the nearest double of
// what was written, never rounded to a scale (a cast once rounded to nine
// decimals: 1e-10 came back as 0, -345.4853515625 as -345.485351563).
// Seeded: FLOAT_SEED=n replays one.
func TestFloatValuesAreExactDoubles(t *testing.T) {
	seed, rng, db, ctx := seededEmulator(t, "FLOAT_SEED")
	for _, q := range []string{`CREATE DATABASE F`, `CREATE TABLE F.PUBLIC.T (K NUMBER, F FLOAT, S VARCHAR)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 300 {
		// A double drawn over many magnitudes, written as its shortest text.
		f := (rng.Float64()*2 - 1) * math.Pow(10, float64(rng.Intn(40)-20))
		text := strconv.FormatFloat(f, 'g', -1, 64)
		var viaCast, viaColumn, viaText float64
		var equal bool
		if err := db.QueryRowContext(ctx, `SELECT `+text+`::FLOAT, '`+text+`'::FLOAT, '`+text+`'::FLOAT = `+text+`::FLOAT`).Scan(&viaCast, &viaText, &equal); err != nil {
			t.Fatalf("seed %d case %d (%s): %v", seed, i, text, err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO F.PUBLIC.T (K, F, S) VALUES (?, `+text+`, ?)`, i, text); err != nil {
			t.Fatalf("seed %d case %d (%s): %v", seed, i, text, err)
		}
		var matches int
		if err := db.QueryRowContext(ctx, `SELECT F, (SELECT COUNT(*) FROM F.PUBLIC.T WHERE K = ? AND F = S) FROM F.PUBLIC.T WHERE K = ?`, i, i).Scan(&viaColumn, &matches); err != nil {
			t.Fatalf("seed %d case %d (%s): %v", seed, i, text, err)
		}
		if viaCast != f || viaText != f || viaColumn != f || !equal || matches != 1 {
			t.Fatalf("seed %d (FLOAT_SEED=%d) case %d: %s came back as cast %v, text cast %v, column %v; text = float %v, column = text %d",
				seed, seed, i, text, viaCast, viaText, viaColumn, equal, matches)
		}
	}
}

// roundHalfAway is x at scale decimals, rounded half away from zero, as
// Snowflake rounds decimals.
func roundHalfAway(x *big.Rat, scale int) string {
	return roundExact("ROUND", x, scale).FloatString(scale)
}

// roundExact is ROUND (half away from zero), FLOOR, CEIL or TRUNC of the
// exact x at digits decimals (negative: tens, hundreds…).
func roundExact(mode string, x *big.Rat, digits int) *big.Rat {
	p := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(digits))), nil))
	scaled := new(big.Rat).Set(x)
	if digits >= 0 {
		scaled.Mul(scaled, p)
	} else {
		scaled.Quo(scaled, p)
	}
	q, r := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int)) // truncated toward zero
	twice := new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2))
	switch {
	case mode == "ROUND" && twice.Cmp(scaled.Denom()) >= 0:
		q.Add(q, big.NewInt(int64(scaled.Sign()))) // half away from zero
	case mode == "CEIL" && r.Sign() > 0:
		q.Add(q, big.NewInt(1))
	case mode == "FLOOR" && r.Sign() < 0:
		q.Sub(q, big.NewInt(1))
	}
	out := new(big.Rat).SetInt(q)
	if digits >= 0 {
		return out.Quo(out, p)
	}
	return out.Mul(out, p)
}

// TestDecimalRoundingComparisonAndText: seeded decimals rounded by a cast
// to a smaller scale (half away from zero on the exact decimal: 1.005 is
// 1.01, not the 1.00 of its double), divided (the quotient at Snowflake's
// scale, so 1/3*3 is 0.999999), summed and compared with their exact
// value (0.1 + 0.2 = 0.3 is true), and cast to text with their scale
// (1.50 is '1.50'). Each answer is Snowflake's or a refusal (100046).
func TestDecimalRoundingComparisonAndText(t *testing.T) {
	seed, rng, db, ctx := seededEmulator(t, "NUMBER_SEED")
	decimal := func() (string, int) { return shortDecimal(rng, 3) }
	checked := 0
	for i := 0; i < 500; i++ {
		a, sa := decimal()
		b, sb := decimal()
		ra, _ := new(big.Rat).SetString(a)
		rb, _ := new(big.Rat).SetString(b)
		to := rng.Intn(sa + 1)
		sum := new(big.Rat).Add(ra, rb)
		divScale := max(sa, min(sa+6, 12))
		q := fmt.Sprintf("SELECT (%s)::NUMBER(38,%d) AS R, (%s)::VARCHAR AS T, ((%s) + (%s)) = %s AS E, (%s) / (%s) AS D",
			a, to, a, a, b, sum.FloatString(max(sa, sb)), a, b)
		rows, err := query(ctx, db, q)
		if err != nil {
			if c := errorCode(err); c != "100046" && !(c == "100051" && rb.Sign() == 0) {
				t.Fatalf("seed %d case %d: %s: %v", seed, i, q, err)
			}
			continue
		}
		r := rows[0]
		wantD := "<division by zero>"
		if rb.Sign() != 0 {
			wantD = roundHalfAway(new(big.Rat).Quo(ra, rb), divScale)
		}
		if r["R"] != roundHalfAway(ra, to) || r["T"] != ra.FloatString(sa) || r["E"] != "true" || r["D"] != wantD {
			t.Fatalf("seed %d (NUMBER_SEED=%d) case %d: %s\n got R=%s T=%s E=%s D=%s\nwant R=%s T=%s E=true D=%s", seed, seed, i, q,
				r["R"], r["T"], r["E"], r["D"], roundHalfAway(ra, to), ra.FloatString(sa), wantD)
		}
		checked++
	}
	if checked < 300 {
		t.Fatalf("seed %d: only %d of 500 cases answered", seed, checked)
	}
	runConformance(t, []conf{
		first(ok(`SELECT 1.005::NUMBER(10,2) AS A, -1.005::NUMBER(10,2) AS B, 2.675::NUMBER(10,2) AS C, 1/3*3 AS D, 0.1 + 0.2 = 0.3 AS E`),
			"A", "1.01", "B", "-1.01", "C", "2.68", "D", "0.999999", "E", "true"),
		first(ok(`SELECT SUM(x) = 0.3 AS A, SUM(x) AS B FROM (SELECT 0.1 AS x UNION ALL SELECT 0.2)`), "A", "true", "B", "0.3"),
		// AVG of NUMBER is a NUMBER at a quotient's scale (Snowpark's reference: AVG of 1, 2, 2 is 1.666667).
		first(ok(`SELECT AVG(x) AS A, AVG(DISTINCT x) AS B, AVG(x * 1.25) AS C, AVG(x::FLOAT) AS D FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 2)`),
			"A", "1.666667", "B", "1.500000", "C", "2.08333333", "D", "1.6666666666666667"),
		first(ok(`SELECT AVG(x) AS A FROM (SELECT 1 AS x) WHERE x > 1`), "A", "<null>"),
		// Digits come from the decimal, not the double's binary tail; zeros pad a wide scale.
		// A string compared with a number: its exact decimal, or refused.
		first(ok(`SELECT '12345678.5' = 12345678.5 AS A, '0.30' = 0.3 AS B, ' 7 ' = 7 AS C, 1.5 > '1.25' AS D`), "A", "true", "B", "true", "C", "true", "D", "true"),
		first(ok(`SELECT '0.10000000000000001' = 0.1 AS A, '12345678901234567890' > 12345678901234567889 AS B`), "A", "false", "B", "true"),
		// One type for all branches: numbers widen to the largest scale.
		first(ok(`SELECT IFF(TRUE, 1, 2.5) AS A, CASE WHEN TRUE THEN 1 ELSE 2.5 END AS B, COALESCE(1, 2.5) AS C, COALESCE(NULL, 2, 1.25) AS D, IFF(FALSE, 1, 2.5::FLOAT) AS E`),
			"A", "1.0", "B", "1.0", "C", "1.0", "D", "2.00", "E", "2.5"),
		// A VARIANT compared with a number likewise.
		first(ok(`SELECT PARSE_JSON('{"a":12345678.5}'):a = 12345678.5 AS A, PARSE_JSON('{"a":"12"}'):a = 12 AS B, PARSE_JSON('{"a":2000000191}'):a = 2000000191 AS C, PARSE_JSON('{"a":null}'):a = 1 AS D`),
			"A", "true", "B", "true", "C", "true", "D", "<null>"),
		rej(`SELECT 'x' = 1`, "100038"),
		// A number and a string (or a VARIANT and a scalar) in one CASE/IFF/COALESCE: refused, not shown under a guessed type.
		rej(`SELECT IFF(TRUE, 1, 'a')`, "000002"),
		rej(`SELECT SUM(x) FROM (SELECT 'abc' AS x)`, "000002"), // SQLite counted it as 0
		rej(`SELECT AVG(x) OVER () FROM (SELECT '1' AS x)`, "000002"),
		rej(`SELECT COALESCE(PARSE_JSON('{"a":1}'):b, 'none')`, "000002"),
		rej(`SELECT CASE WHEN TRUE THEN 'a' ELSE 2 END`, "000002"),
		rej(`SELECT DECODE(1, 1, 'one', 2)`, "000002"),
		first(ok(`SELECT COALESCE(PARSE_JSON('{"a":1}'):b::VARCHAR, 'none') AS A, IFF(FALSE, NULL, 'x') AS B`), "A", "none", "B", "x"),
		first(ok(`SELECT 0.058291658854532295::FLOAT AS A, -0.0007::NUMBER(10,1) AS B`), "A", "0.058291658854532295", "B", "0.0"),
		first(ok(`SELECT 1.50::VARCHAR AS A, TO_VARCHAR(1.50) AS B, 1.50 || '' AS C, 10::VARCHAR AS D`), "A", "1.50", "B", "1.50", "C", "1.50", "D", "10"),
		first(ok(`SELECT UPPER('école') AS A, LOWER('ÉCOLE') AS B, UPPER('日本 a') AS C`), "A", "ÉCOLE", "B", "école", "C", "日本 A"),
		// Characters with a fuller or contextual case mapping are refused, not guessed.
		rej(`SELECT UPPER('straße')`, "000002"),
		rej(`SELECT LOWER('ΟΔΟΣ')`, "000002"),
		rej(`SELECT UPPER('ﬁle')`, "000002"),
		first(ok(`SELECT LOWER('ß') AS A, UPPER('σ') AS B`), "A", "ß", "B", "Σ"),
	})
}

// TestRoundingFunctionsMatchExactDecimals: seeded ROUND (half away from
// zero), FLOOR, CEIL and TRUNC of integers and decimals at generated
// scales, negative ones included, against math/big on the exact decimal,
// with Snowflake's result scale (min(input scale, digits), at least 0).
func TestRoundingFunctionsMatchExactDecimals(t *testing.T) {
	seed, rng, db, ctx := seededEmulator(t, "NUMBER_SEED")
	for i := 0; i < 400; i++ {
		body, scale := shortDecimal(rng, 2)
		x, _ := new(big.Rat).SetString(body)
		mode := []string{"ROUND", "FLOOR", "CEIL", "TRUNC"}[rng.Intn(4)]
		d := rng.Intn(9) - 3
		q := fmt.Sprintf("SELECT %s(%s, %d) AS R", mode, body, d)
		rows, err := query(ctx, db, q)
		if err != nil {
			t.Fatalf("seed %d (NUMBER_SEED=%d) case %d: %s: %v", seed, seed, i, q, err)
		}
		resultScale := max(0, min(scale, d))
		want := roundExact(mode, x, d).FloatString(resultScale)
		if want == "-0" || strings.Trim(strings.TrimPrefix(want, "-"), "0.") == "" {
			want = strings.TrimPrefix(want, "-")
		}
		if rows[0]["R"] != want {
			t.Fatalf("seed %d (NUMBER_SEED=%d) case %d: %s = %s, want %s", seed, seed, i, q, rows[0]["R"], want)
		}
	}
	runConformance(t, []conf{
		first(ok(`SELECT ROUND(2.5) AS A, ROUND(-2.5) AS B, ROUND(1.005, 2) AS C, ROUND(1234.5678, -2) AS D, ROUND(2.5::FLOAT) AS E`),
			"A", "3", "B", "-3", "C", "1.01", "D", "1200", "E", "3"),
		first(ok(`SELECT FLOOR(-2.5) AS A, CEIL(-2.5) AS B, TRUNC(-2.7) AS C, CEIL(2.1) AS D, ABS(-3.25) AS E, ABS(-7) AS F`),
			"A", "-3", "B", "-2", "C", "-2", "D", "3", "E", "3.25", "F", "7"),
		first(ok(`SELECT GREATEST(1, 3, 2) AS A, LEAST(1, NULL) AS B, GREATEST('b', 'a') AS C, GREATEST(1, 2.5) AS D`),
			"A", "3", "B", "<null>", "C", "b", "D", "2.5"),
		first(ok(`SELECT NULLIF(1, 1) AS A, NULLIF(1, 2) AS B, ZEROIFNULL(NULL) AS C, NULLIFZERO(0) AS D, MD5('a') AS E`),
			"A", "<null>", "B", "1", "C", "0", "D", "<null>", "E", "0cc175b9c0f1b6a831c399e269772661"),
		first(ok(`SELECT NVL2(NULL, 1, 2) AS A, NVL2(0, 1, 2.5) AS B, DECODE(NULL, 1, 'one', NULL, 'null', 'other') AS C, DECODE(2, 1, 'one') AS D`),
			"A", "2", "B", "1.0", "C", "null", "D", "<null>"),
		first(ok(`SELECT CONCAT_WS('-', 'a', 'b', 'c') AS A, CONCAT_WS('-', 'a', NULL) AS B, CONCAT_WS(NULL, 'a') AS C, CONCAT_WS(',', 'x') AS D`),
			"A", "a-b-c", "B", "<null>", "C", "<null>", "D", "x"),
		rej(`SELECT ROUND(2.675::FLOAT, 2)`, "000002"),
		first(ok(`SELECT ABS(-9223372036854775807 - 1) AS A, ROUND(12345678901234567890123.456, -3) AS B, FLOOR(-12345678901234567890.5) AS C`),
			"A", "9223372036854775808", "B", "12345678901234567890000", "C", "-12345678901234567891"),
		rej(`SELECT ABS('x')`, "001044"),
	})
}

func abs(x int) int { return max(x, -x) }

// NUMBER(p,s) holds p-s integer digits and VARCHAR(n) n characters:
// Snowflake refuses more (it neither widens nor truncates), in casts and
// in what INSERT and UPDATE store.
func TestPrecisionAndLengthAreEnforced(t *testing.T) {
	runConformance(t, []conf{
		ok(`CREATE DATABASE P`),
		ok(`CREATE TABLE P.PUBLIC.T (N NUMBER(2,0), S VARCHAR(2), D NUMBER(4,2))`),
		rej(`SELECT 123::NUMBER(2,0)`, "100046"),
		rej(`SELECT 99.99::NUMBER(3,1)`, "100046"), // rounds to 100.0: three integer digits
		first(ok(`SELECT 99::NUMBER(2,0) AS A, -9.94::NUMBER(2,1) AS B, 'é日'::VARCHAR(2) AS C`), "A", "99", "B", "-9.9", "C", "é日"),
		rej(`INSERT INTO P.PUBLIC.T (N) VALUES (123)`, "100046"),
		withMsg(rej(`INSERT INTO P.PUBLIC.T (S) VALUES ('abc')`, "100074"), "String 'abc' is too long and would be truncated"),
		rej(`INSERT INTO P.PUBLIC.T (D) VALUES (99.999)`, "100046"),
		okRows(`INSERT INTO P.PUBLIC.T (N, S, D) VALUES (12, 'ab', 12.345)`, 1),
		rej(`UPDATE P.PUBLIC.T SET S = 'abc'`, "100074"),
		rej(`UPDATE P.PUBLIC.T SET N = N * 10`, "100046"),
		first(ok(`SELECT N, S, D FROM P.PUBLIC.T`), "N", "12", "S", "ab", "D", "12.35"),
	})
}
