package compiler

import (
	"database/sql/driver"
	"math/big"
	"sort"

	"modernc.org/sqlite"
)

// MEDIAN (docs: "MEDIAN"): the middle value of the group's non-NULL
// values, the mean of the two middle ones for an even count, NULL for
// none. NUMBER input gives NUMBER at the input's scale plus 3 (Snowpark's
// median reference: MEDIAN of the integers 1, 3, 10, 1, 3 is 3.000);
// FLOAT gives FLOAT. Exact on NUMBER values of any width.
type exactMedian struct {
	values []*big.Rat
	floats []float64
	float  bool
}

func (m *exactMedian) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	switch v := args[0].(type) {
	case nil:
		return nil
	case float64:
		m.float = true
		m.floats = append(m.floats, v)
		return nil
	default:
		r, err := exactOf(v)
		if err != nil {
			return err
		}
		m.values = append(m.values, r)
		return nil
	}
}

func (m *exactMedian) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return errRuntimeUnsupported.With("MEDIAN over a sliding window frame (not supported by the local Snowflake emulator)")
}

func (m *exactMedian) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if m.float {
		all := append([]float64{}, m.floats...)
		for _, r := range m.values {
			f, _ := r.Float64()
			all = append(all, f)
		}
		if len(all) == 0 {
			return nil, nil
		}
		sort.Float64s(all)
		mid := len(all) / 2
		if len(all)%2 == 1 {
			return all[mid], nil
		}
		return (all[mid-1] + all[mid]) / 2, nil
	}
	if len(m.values) == 0 {
		return nil, nil
	}
	sorted := append([]*big.Rat{}, m.values...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Cmp(sorted[j]) < 0 })
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return numberExact(new(big.Rat).Set(sorted[mid]))
	}
	sum := new(big.Rat).Add(sorted[mid-1], sorted[mid])
	return numberExact(sum.Quo(sum, big.NewRat(2, 1)))
}

func (m *exactMedian) Final(*sqlite.FunctionContext) {}

func init() {
	sqlite.MustRegisterFunction("sf_median", &sqlite.FunctionImpl{
		NArgs:         1,
		Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &exactMedian{}, nil },
	})
}
