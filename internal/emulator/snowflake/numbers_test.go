package snowflake

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"os"
	"strconv"
	"testing"
)

// NUMBER arithmetic is exact or refused, never wrapped or rounded: over
// many seeded operand pairs (edges of the 64-bit range included) every
// + - * the emulator answers equals math/big's result, and every result
// beyond 64 bits is refused with 100046. The failing seed is printed.
func TestNumberArithmeticIsExactOrRefused(t *testing.T) {
	seed := int64(20261130)
	if s := os.Getenv("NUMBER_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	rng := rand.New(rand.NewSource(seed))
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	edges := []int64{0, 1, -1, 2, math.MaxInt64, math.MinInt64 + 1, math.MaxInt64 - 1, 3037000499, 3037000500, -3037000500, 1 << 62, -(1 << 62)}
	operand := func() int64 {
		switch rng.Intn(3) {
		case 0:
			return edges[rng.Intn(len(edges))]
		case 1:
			return rng.Int63n(2_000_000) - 1_000_000
		default:
			n := rng.Int63()
			if rng.Intn(2) == 0 {
				n = -n
			}
			return n
		}
	}
	minI, maxI := big.NewInt(math.MinInt64), big.NewInt(math.MaxInt64)
	for i := 0; i < 400; i++ {
		a, b := operand(), operand()
		op := []string{"+", "-", "*"}[rng.Intn(3)]
		want := new(big.Int)
		switch op {
		case "+":
			want.Add(big.NewInt(a), big.NewInt(b))
		case "-":
			want.Sub(big.NewInt(a), big.NewInt(b))
		default:
			want.Mul(big.NewInt(a), big.NewInt(b))
		}
		q := fmt.Sprintf("SELECT (%d) %s (%d) AS R", a, op, b)
		rows, err := query(ctx, db, q)
		fits := want.Cmp(minI) >= 0 && want.Cmp(maxI) <= 0
		switch {
		case fits && (err != nil || len(rows) != 1 || rows[0]["R"] != want.String()):
			t.Fatalf("seed %d case %d: %s = %v %v, want %s", seed, i, q, rows, err, want)
		case !fits && errorCode(err) != "100046":
			t.Fatalf("seed %d case %d: %s beyond 64 bits (%s): got %v %v, want 100046", seed, i, q, want, rows, err)
		}
	}
}

func TestNumberLiteralsAndCastsNeverWrap(t *testing.T) {
	runConformance(t, []conf{
		first(ok(`SELECT 9223372036854775807 AS M, -9223372036854775807 - 1 AS N`), "M", "9223372036854775807", "N", "-9223372036854775808"),
		rej(`SELECT 9223372036854775807 + 1`, "100046"),
		rej(`SELECT 12345678901234567890::NUMBER(38,0)`, "100046"),
		rej(`SELECT '99999999999999999999'::NUMBER`, "100046"),
		rej(`SELECT 1e30::NUMBER(38,0)`, "100046"),
		rej(`SELECT 3037000500 * 3037000500`, "100046"),
		first(ok(`SELECT 2 * 3 + 1 AS A, '42'::NUMBER + 1 AS B, 1.5 + 1 AS C`), "A", "7", "B", "43", "C", "2.5"),
		// Snowflake's result scales: / gives max(S1, min(S1 + 6, 12)), * min(S1 + S2, max(S1, S2, 12)).
		first(ok(`SELECT 1/3 AS A, 2/3 AS B, 10.01 * 1.1 AS C, 7/2 AS D, 10.01/3 AS E`), "A", "0.333333", "B", "0.666667", "C", "11.011", "D", "3.500000", "E", "3.33666667"),
		withMsg(rej(`SELECT 1/0`, "100051"), "Division by zero"),
		rej(`SELECT 1.5/0`, "100051"),
	})
}
