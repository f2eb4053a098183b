package snowflake

import (
	"context"
	"path/filepath"
	"testing"
)

// A large result comes back in chunks the driver downloads as it reads:
// every row arrives once, in order.
func TestLargeResultInChunks(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	rows, err := db.QueryContext(context.Background(), `SELECT SEQ4() AS N, 'row ' || SEQ4() AS S FROM TABLE(GENERATOR(ROWCOUNT => 100000))`)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	next := int64(0)
	for rows.Next() {
		var n int64
		var s string
		if err := rows.Scan(&n, &s); err != nil {
			t.Fatal(err)
		}
		if n != next {
			t.Fatalf("row %d out of order: got %d", next, n)
		}
		next++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if next != 100000 {
		t.Fatalf("%d rows, want 100000", next)
	}
	// 1,000 inline, then 5 chunks of 20,000.
	if got := srv.ChunkDownloads(); got != 5 {
		t.Fatalf("%d chunk downloads, want 5", got)
	}
	// The server wrote the chunks to disk as it read the rows, instead of
	// holding the result: its memory is bounded by a chunk.
	files, _ := filepath.Glob(filepath.Join(srv.spillDir, "*", "*", "chunk-*"))
	if len(files) != 5 {
		t.Fatalf("%d spilled chunk files, want 5", len(files))
	}
}
