package snowflake

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"math/rand"
	"sort"
	"strings"
	"testing"
)

// wideDecimal is a random NUMBER literal of up to maxDigits digits at a
// scale of 0 to maxScale, with its scale: small, 64-bit-edge and 38-digit
// values alike.
func wideDecimal(rng *rand.Rand, maxDigits, maxScale int) (string, int) {
	scale := rng.Intn(maxScale + 1)
	digits := 1 + rng.Intn(maxDigits)
	switch rng.Intn(4) {
	case 0:
		digits = 1 + rng.Intn(4)
	case 1:
		digits = min(maxDigits, 18+rng.Intn(3)) // around 2^63
	}
	digits = max(digits, scale)
	var b strings.Builder
	for i := range digits {
		d := byte('0' + rng.Intn(10))
		if i == 0 && d == '0' && digits > 1 {
			d = '1'
		}
		b.WriteByte(d)
	}
	body := b.String()
	if scale > 0 {
		if len(body) == scale {
			body = "0" + body
		}
		body = body[:len(body)-scale] + "." + body[len(body)-scale:]
	}
	if rng.Intn(3) == 0 {
		body = "-" + body
	}
	return body, scale
}

func ratOf(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("not a number: %q", s)
	}
	return r
}

// fitsNumber38 reports whether x at scale needs at most 38 digits.
func fitsNumber38(t *testing.T, x *big.Rat, scale int) bool {
	m := ratOf(t, roundHalfAway(x, scale))
	m.Mul(m, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	return new(big.Int).Abs(m.Num()).Cmp(new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil)) < 0
}

// TestWideNumberArithmeticIsExact: NUMBER is exact to 38 digits. Over
// many seeded pairs of literals (up to 38 digits, scales 0 to 12, edges of
// 64 bits included) every + - * / equals math/big's value at Snowflake's
// result scale (+ - the larger scale, * min(S1+S2, max(S1,S2,12)), /
// max(S1, min(S1+6, 12)), rounded half away from zero), or is refused
// with 100046 exactly when that value needs more than 38 digits; the
// comparisons, negation and text of the operands are exact too.
func TestWideNumberArithmeticIsExact(t *testing.T) {
	seed, rng, db, ctx := seededEmulator(t, "NUMBER_SEED")
	overflowed, answered := 0, 0
	for i := 0; i < 700; i++ {
		a, sa := wideDecimal(rng, 38, 12)
		b, sb := wideDecimal(rng, 38, 12)
		ra, rb := ratOf(t, a), ratOf(t, b)
		op := []string{"+", "-", "*", "/"}[rng.Intn(4)]
		want, scale := new(big.Rat), max(sa, sb)
		switch op {
		case "+":
			want.Add(ra, rb)
		case "-":
			want.Sub(ra, rb)
		case "*":
			want.Mul(ra, rb)
			scale = min(sa+sb, max(sa, sb, 12))
		default:
			scale = max(sa, min(sa+6, 12))
			if rb.Sign() == 0 {
				continue
			}
			want.Quo(ra, rb)
		}
		q := fmt.Sprintf("SELECT (%s) %s (%s) AS R, (%s) < (%s) AS LT, (%s) = (%s) AS EQ, -(%s) AS N, (%s)::VARCHAR AS T",
			a, op, b, a, b, a, b, a, a)
		rows, err := query(ctx, db, q)
		if !fitsNumber38(t, want, scale) {
			if errorCode(err) != "100046" {
				t.Fatalf("seed %d (NUMBER_SEED=%d) case %d: %s needs more than 38 digits (%s): got %v %v, want 100046",
					seed, seed, i, q, want.FloatString(scale), rows, err)
			}
			overflowed++
			continue
		}
		if err != nil {
			t.Fatalf("seed %d (NUMBER_SEED=%d) case %d: %s: %v, want %s", seed, seed, i, q, err, roundHalfAway(want, scale))
		}
		r := rows[0]
		wantR := roundHalfAway(want, scale)
		if strings.Trim(wantR, "-0.") == "" {
			wantR = strings.TrimPrefix(wantR, "-")
		}
		wantN := new(big.Rat).Neg(ra).FloatString(sa)
		if strings.Trim(wantN, "-0.") == "" {
			wantN = strings.TrimPrefix(wantN, "-")
		}
		got := map[string]string{"R": r["R"], "LT": r["LT"], "EQ": r["EQ"], "N": r["N"], "T": r["T"]}
		exp := map[string]string{"R": wantR, "LT": fmt.Sprint(ra.Cmp(rb) < 0), "EQ": fmt.Sprint(ra.Cmp(rb) == 0), "N": wantN, "T": ra.FloatString(sa)}
		if fmt.Sprint(got) != fmt.Sprint(exp) {
			t.Fatalf("seed %d (NUMBER_SEED=%d) case %d: %s\n got %v\nwant %v", seed, seed, i, q, got, exp)
		}
		answered++
	}
	if answered < 400 || overflowed < 20 {
		t.Fatalf("seed %d: %d answered, %d overflowed: the cases do not cover both sides", seed, answered, overflowed)
	}
}

// TestWideNumbersInTables: seeded tables of NUMBER(38,0) and NUMBER(38,4)
// values of every size (duplicates and NULLs included, inserted as
// literals and as bound strings) give math/big's answers to ORDER BY,
// MIN, MAX, SUM, AVG (exact, at scale max(S, min(S+6, 12))), COUNT(DISTINCT), GROUP BY, range filters,
// BETWEEN, an equality join, a running SUM window and MAX over a window.
// fillWideTable inserts 120 rows of wide NUMBER(38, scale) values
// (duplicates and NULLs among them, bound or literal) and returns the
// non-NULL ones in K order.
func fillWideTable(t *testing.T, ctx context.Context, db *sql.DB, rng *rand.Rand, where, table string, scale int) []*big.Rat {
	t.Helper()
	var values []*big.Rat // non-NULL, in K order
	var texts []string
	for k := 0; k < 120; k++ {
		var text string
		switch {
		case k > 0 && rng.Intn(6) == 0:
			text = texts[rng.Intn(len(texts))] // a duplicate
		case rng.Intn(10) == 0:
			text = ""
		default:
			// Leading digits stay below 36 so that 120 of them sum within 38.
			text, _ = wideDecimal(rng, 35-scale, scale)
		}
		var err error
		if text == "" {
			_, err = db.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (K, V) VALUES (%d, NULL)`, table, k))
		} else if rng.Intn(2) == 0 {
			_, err = db.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (K, V) VALUES (?, ?)`, table), k, text)
		} else {
			_, err = db.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (K, V) VALUES (%d, %s)`, table, k, text))
		}
		if err != nil {
			t.Fatalf("%s: insert %q: %v", where, text, err)
		}
		if text != "" {
			values = append(values, ratOf(t, text))
			texts = append(texts, text)
		}
	}
	return values
}

func TestWideNumbersInTables(t *testing.T) {
	seed, rng, db, ctx := seededEmulator(t, "NUMBER_SEED")
	if _, err := db.ExecContext(ctx, `CREATE DATABASE W`); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 6; round++ {
		scale := []int{0, 4}[round%2]
		table := fmt.Sprintf("W.PUBLIC.T%d", round)
		if _, err := db.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE %s (K NUMBER, V NUMBER(38,%d))`, table, scale)); err != nil {
			t.Fatal(err)
		}
		values := fillWideTable(t, ctx, db, rng, fmt.Sprintf("seed %d (NUMBER_SEED=%d) round %d", seed, seed, round), table, scale)
		at := func(r *big.Rat) string {
			s := r.FloatString(scale)
			if strings.Trim(s, "-0.") == "" {
				s = strings.TrimPrefix(s, "-")
			}
			return s
		}
		sorted := append([]*big.Rat(nil), values...)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Cmp(sorted[j]) < 0 })
		sum := new(big.Rat)
		distinct := map[string]int{}
		for _, v := range values {
			sum.Add(sum, v)
			distinct[at(v)]++
		}
		lo, hi := values[rng.Intn(len(values))], values[rng.Intn(len(values))]
		if lo.Cmp(hi) > 0 {
			lo, hi = hi, lo
		}
		below, between, joined := 0, 0, 0
		for _, v := range values {
			if v.Cmp(hi) < 0 {
				below++
			}
			if v.Cmp(lo) >= 0 && v.Cmp(hi) <= 0 {
				between++
			}
		}
		for _, n := range distinct {
			joined += n * n
		}
		fail := func(what string, got, want any) {
			t.Helper()
			t.Fatalf("seed %d (NUMBER_SEED=%d) round %d (scale %d): %s\n got %v\nwant %v", seed, seed, round, scale, what, got, want)
		}
		one := func(q string) map[string]string {
			t.Helper()
			rows, err := query(ctx, db, q)
			if err != nil || len(rows) != 1 {
				fail(q, fmt.Sprint(rows, err), "one row")
			}
			return rows[0]
		}

		rows, err := query(ctx, db, fmt.Sprintf(`SELECT V FROM %s WHERE V IS NOT NULL ORDER BY V, K`, table))
		if err != nil {
			t.Fatal(err)
		}
		var gotOrder, wantOrder []string
		for i, r := range rows {
			gotOrder = append(gotOrder, r["V"])
			if i < len(sorted) {
				wantOrder = append(wantOrder, at(sorted[i]))
			}
		}
		if strings.Join(gotOrder, " ") != strings.Join(wantOrder, " ") {
			fail("ORDER BY V", gotOrder, wantOrder)
		}
		avgScale := max(scale, min(scale+6, 12))
		exactMean := new(big.Rat).Quo(sum, new(big.Rat).SetInt64(int64(len(values))))
		mean := roundHalfAway(exactMean, avgScale)
		if strings.Trim(mean, "-0.") == "" {
			mean = strings.TrimPrefix(mean, "-")
		}
		// A mean needing more than 38 digits at its scale is refused (whether
		// Snowflake then lowers the scale is not documented).
		avgRows, err := query(ctx, db, fmt.Sprintf(`SELECT AVG(V) AS A FROM %s`, table))
		switch {
		case !fitsNumber38(t, exactMean, avgScale) && errorCode(err) != "100046":
			fail("AVG(V) beyond 38 digits", fmt.Sprint(avgRows, err), "100046")
		case fitsNumber38(t, exactMean, avgScale) && (err != nil || avgRows[0]["A"] != mean):
			fail("AVG(V)", fmt.Sprint(avgRows, err), mean)
		}
		agg := one(fmt.Sprintf(`SELECT MIN(V) AS MN, MAX(V) AS MX, SUM(V) AS S, COUNT(V) AS C, COUNT(DISTINCT V) AS D,
			COUNT_IF(V < %s) AS B, COUNT_IF(V BETWEEN %s AND %s) AS BT FROM %s`, at(hi), at(lo), at(hi), table))
		want := map[string]string{"MN": at(sorted[0]), "MX": at(sorted[len(sorted)-1]), "S": at(sum), "C": fmt.Sprint(len(values)),
			"D": fmt.Sprint(len(distinct)), "B": fmt.Sprint(below), "BT": fmt.Sprint(between)}
		if fmt.Sprint(agg) != fmt.Sprint(want) {
			fail("aggregates and filters", agg, want)
		}
		groups, err := query(ctx, db, fmt.Sprintf(`SELECT V, COUNT(*) AS N FROM %s WHERE V IS NOT NULL GROUP BY V`, table))
		if err != nil {
			t.Fatal(err)
		}
		gotGroups := map[string]int{}
		for _, g := range groups {
			var n int
			_, _ = fmt.Sscan(g["N"], &n)
			gotGroups[g["V"]] = n
		}
		if fmt.Sprint(gotGroups) != fmt.Sprint(distinct) {
			fail("GROUP BY V", gotGroups, distinct)
		}
		join := one(fmt.Sprintf(`SELECT COUNT(*) AS J FROM %s A JOIN %s B ON A.V = B.V`, table, table))
		if join["J"] != fmt.Sprint(joined) {
			fail("self-join on V", join["J"], joined)
		}
		win, err := query(ctx, db, fmt.Sprintf(`SELECT V, SUM(V) OVER (ORDER BY K) AS RUN, MAX(V) OVER () AS TOP
			FROM %s WHERE V IS NOT NULL ORDER BY K`, table))
		if err != nil {
			t.Fatal(err)
		}
		run := new(big.Rat)
		for i, w := range win {
			run.Add(run, values[i])
			if w["RUN"] != at(run) || w["TOP"] != at(sorted[len(sorted)-1]) || w["V"] != at(values[i]) {
				fail(fmt.Sprintf("window row %d", i), w, map[string]string{"RUN": at(run), "TOP": at(sorted[len(sorted)-1]), "V": at(values[i])})
			}
		}
	}
}

// TestVariantNumbersOrderByValue: seeded JSON numbers of every width
// (integers past 64 bits, decimals) stored in a VARIANT column order,
// MIN and MAX by value as math/big does, never as JSON text.
func TestVariantNumbersOrderByValue(t *testing.T) {
	seed, rng, db, ctx := seededEmulator(t, "NUMBER_SEED")
	for _, q := range []string{`CREATE DATABASE VJ`, `CREATE TABLE VJ.PUBLIC.T (K NUMBER, V VARIANT)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var values []*big.Rat
	var texts []string
	for k := 0; k < 150; k++ {
		text, _ := wideDecimal(rng, 30, 6)
		if _, err := db.ExecContext(ctx, fmt.Sprintf(`INSERT INTO VJ.PUBLIC.T SELECT %d, PARSE_JSON('{"n": %s}')`, k, text)); err != nil {
			t.Fatalf("seed %d: insert %s: %v", seed, text, err)
		}
		values, texts = append(values, ratOf(t, text)), append(texts, text)
	}
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		if c := values[order[a]].Cmp(values[order[b]]); c != 0 {
			return c < 0
		}
		return order[a] < order[b]
	})
	rows, err := query(ctx, db, `SELECT K FROM VJ.PUBLIC.T ORDER BY V:n, K`)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if r["K"] != fmt.Sprint(order[i]) {
			t.Fatalf("seed %d (NUMBER_SEED=%d): row %d of ORDER BY V:n is K=%s (%s), want K=%d (%s)", seed, seed, i, r["K"],
				texts[mustAtoi(t, r["K"])], order[i], texts[order[i]])
		}
	}
	got, err := query(ctx, db, `SELECT MIN(V:n)::VARCHAR AS MN, MAX(V:n)::VARCHAR AS MX FROM VJ.PUBLIC.T`)
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi := ratOf(t, got[0]["MN"]), ratOf(t, got[0]["MX"]); lo.Cmp(values[order[0]]) != 0 || hi.Cmp(values[order[len(order)-1]]) != 0 {
		t.Fatalf("seed %d: MIN/MAX %v, want %s and %s", seed, got[0], texts[order[0]], texts[order[len(order)-1]])
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
