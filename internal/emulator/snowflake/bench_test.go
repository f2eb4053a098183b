package snowflake

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"
)

// BenchmarkShowRoundTrip measures one SHOW … LIKE … IN SCHEMA through
// gosnowflake over loopback, as the provider issues on every refresh.
// It reports the median and p99 besides the mean.
func BenchmarkShowRoundTrip(b *testing.B) {
	srv := startServer(b, Options{})
	db := connect(b, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE B`); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		if _, err := db.ExecContext(ctx, fmt.Sprintf(`CREATE NETWORK RULE B.PUBLIC.R%d TYPE = HOST_PORT VALUE_LIST = ('a.example.com') MODE = EGRESS`, i)); err != nil {
			b.Fatal(err)
		}
	}
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		rows, err := query(ctx, db, `SHOW NETWORK RULES LIKE 'R7' IN SCHEMA "B"."PUBLIC"`)
		if err != nil || len(rows) != 1 {
			b.Fatal(rows, err)
		}
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds()), "median-µs")
	b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds()), "p99-µs")
}
