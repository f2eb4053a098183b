package compiler

import (
	"bytes"
	"database/sql/driver"
	"math/big"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// Every NUMBER value has one SQLite form and one sort key; keys order as
// the values do and turn back into the same value. Seeded over integers,
// 64-bit edges, short decimals and 38-digit ones.
func TestNumberFormsAndKeysOrderAsValues(t *testing.T) {
	rng := rand.New(rand.NewSource(20261130))
	var values []driver.Value
	var exact []*big.Rat
	for i := 0; i < 3000; i++ {
		scale := rng.Intn(12)
		digits := 1 + rng.Intn(38-scale)
		var b strings.Builder
		if rng.Intn(2) == 0 {
			b.WriteByte('-')
		}
		for range digits {
			b.WriteByte(byte('0' + rng.Intn(10)))
		}
		text := b.String()
		if i%7 == 0 {
			text = strconv.FormatInt(rng.Int63()-rng.Int63(), 10)
			scale = 0
		}
		r, _ := new(big.Rat).SetString(text)
		r.Quo(r, new(big.Rat).SetInt(pow10(scale)))
		v, err := numberAt(r, scale)
		if err != nil {
			t.Fatalf("case %d: %s: %v", i, r.FloatString(scale), err)
		}
		back, err := exactOf(v)
		if err != nil || back.Cmp(r) != 0 {
			t.Fatalf("case %d: %s came back as %v (%v)", i, r.FloatString(scale), back, err)
		}
		if _, isInt := v.(int64); !isInt && r.IsInt() && r.Num().IsInt64() {
			t.Fatalf("case %d: the 64-bit integer %s is held as %T", i, r.String(), v)
		}
		values, exact = append(values, v), append(exact, r)
	}
	for i := range values {
		j := rng.Intn(len(values))
		ki, err1 := numberKey(values[i])
		kj, err2 := numberKey(values[j])
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		bi, _ := ki.([]byte)
		bj, _ := kj.([]byte)
		if got, want := bytes.Compare(bi, bj), exact[i].Cmp(exact[j]); got != want {
			t.Fatalf("keys of %s and %s compare %d, values %d", exact[i].RatString(), exact[j].RatString(), got, want)
		}
		if c, _ := compareNumbers(values[i], values[j]); c != int64(exact[i].Cmp(exact[j])) {
			t.Fatalf("compareNumbers(%s, %s) = %v", exact[i].RatString(), exact[j].RatString(), c)
		}
		v, err := numberFromKey(ki)
		if back, _ := exactOf(v); err != nil || back.Cmp(exact[i]) != 0 {
			t.Fatalf("key of %s turned back into %v (%v)", exact[i].RatString(), v, err)
		}
	}
}
