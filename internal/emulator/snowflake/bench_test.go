package snowflake

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
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
	timeEach(b, func(int) {
		rows, err := query(ctx, db, `SHOW NETWORK RULES LIKE 'R7' IN SCHEMA "B"."PUBLIC"`)
		if err != nil || len(rows) != 1 {
			b.Fatal(rows, err)
		}
	})
}

// BenchmarkMerge100Rows measures the connector's per-page statement: a
// MERGE of 100 JSON issues (half new, half updates) into a 10,000-row sink
// table, through gosnowflake.
func BenchmarkMerge100Rows(b *testing.B) {
	srv := startServer(b, Options{})
	db := connect(b, srv, "ADMIN", "admin")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, q := range []string{
		`CREATE DATABASE B`,
		`CREATE TABLE B.PUBLIC.SINK (ID NUMBER NOT NULL, UPDATED_AT TIMESTAMP_NTZ NOT NULL, RAW VARIANT NOT NULL, INGESTED_AT TIMESTAMP_NTZ)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	page := func(from int, ts string) string {
		var sb strings.Builder
		sb.WriteString("[")
		for i := range 100 {
			if i > 0 {
				sb.WriteString(",")
			}
			fmt.Fprintf(&sb, `{"id":%d,"number":%d,"title":"Issue %d","state":"open","updated_at":"%s"}`, from+i, from+i, from+i, ts)
		}
		sb.WriteString("]")
		return sb.String()
	}
	const merge = `MERGE INTO B.PUBLIC.SINK t USING (SELECT raw, id, updated_at FROM (SELECT value AS raw, value:id::NUMBER AS id, value:updated_at::TIMESTAMP_NTZ AS updated_at, ROW_NUMBER() OVER (PARTITION BY value:id::NUMBER ORDER BY value:updated_at::TIMESTAMP_NTZ DESC) AS rn FROM TABLE(FLATTEN(input => PARSE_JSON(?)))) WHERE rn = 1) s ON t.ID = s.id WHEN MATCHED AND s.updated_at >= t.UPDATED_AT THEN UPDATE SET RAW = s.raw, UPDATED_AT = s.updated_at, INGESTED_AT = CURRENT_TIMESTAMP() WHEN NOT MATCHED THEN INSERT (ID, UPDATED_AT, RAW, INGESTED_AT) VALUES (s.id, s.updated_at, s.raw, CURRENT_TIMESTAMP())`
	for from := 0; from < 10000; from += 100 {
		if _, err := db.ExecContext(ctx, merge, page(from, "2024-01-01T00:00:00Z")); err != nil {
			b.Fatal(err)
		}
	}
	timeEach(b, func(i int) {
		// Half the page updates existing rows, half inserts new ones.
		if _, err := db.ExecContext(ctx, merge, page(9950+i*50, "2024-02-01T00:00:00Z")); err != nil {
			b.Fatal(err)
		}
	})
}

// timeEach runs f b.N times and reports the median and p99 besides the mean.
func timeEach(b *testing.B, f func(i int)) {
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		f(i)
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds()), "median-µs")
	b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkMillionRowSelect reads a 1,000,000-row result (a number and a
// short string per row) through gosnowflake, which downloads its chunks as
// it reads. It reports rows/s and the process's peak heap, the emulator's
// and the driver's together, sampled while the rows stream.
func BenchmarkMillionRowSelect(b *testing.B) {
	srv := startServer(b, Options{})
	db := connect(b, srv, "ADMIN", "admin")
	ctx := context.Background()
	const n = 1_000_000
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	for range b.N {
		rows, err := db.QueryContext(ctx, `SELECT SEQ4() AS N, 'issue ' || SEQ4() AS S FROM TABLE(GENERATOR(ROWCOUNT => 1000000))`)
		if err != nil {
			b.Fatal(err)
		}
		count := 0
		for rows.Next() {
			var id int64
			var s string
			if err := rows.Scan(&id, &s); err != nil {
				b.Fatal(err)
			}
			count++
		}
		if err := rows.Err(); err != nil || count != n {
			b.Fatalf("%d rows, %v", count, err)
		}
		_ = rows.Close()
	}
	elapsed := time.Since(start)
	close(stop)
	<-done
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(srv.ChunkDownloads())/float64(b.N), "chunks/op")
}
