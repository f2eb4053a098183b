package main

import (
	"strings"
	"testing"
)

// The cost guide's table holds the credits benchmark's rows, in numeric
// order, and nothing else's.
func TestCostsTable(t *testing.T) {
	out := `BenchmarkIngestionCredits/repositories=100/changed=0-2 	1	4232333 ns/op	0.2280 run-seconds	22.34 scattered-credits/day	1.200 serverless-credits/day	0.8400 shared-credits/day	0.03760 shared/scattered
BenchmarkIngestionCredits/repositories=10/changed=50-2 	1	4232333 ns/op	0.2726 run-seconds	5.413 scattered-credits/day	0.1200 serverless-credits/day	0.8133 shared-credits/day	0.1502 shared/scattered
BenchmarkMerge100Rows-2 	50	10014238 ns/op	9819 median-µs	12952 p99-µs
`
	rows, _, err := parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	guide := renderCosts(rows)
	want := "| 10 | 50 changed | 0.2726 | 5.413 | 0.8133 | 0.1200 | 0.1502 |\n| 100 | quiet | 0.2280 | 22.34 | 0.8400 | 1.200 | 0.03760 |\n"
	if !strings.Contains(guide, want) || strings.Contains(guide, "Merge100Rows") || strings.Contains(guide, "{{ table }}") {
		t.Fatalf("the table is not the benchmark's:\n%s", guide)
	}
}
