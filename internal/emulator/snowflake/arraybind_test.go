package snowflake

import (
	"context"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// Array binding through the real driver: one INSERT, many rows, in one
// transaction (a failing row inserts nothing), counted as one statement.
func TestArrayBinding(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	for _, q := range []string{`CREATE DATABASE B`, `CREATE TABLE B.PUBLIC.T (N NUMBER NOT NULL, S VARCHAR)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	ns := make([]int, 500)
	ss := make([]string, 500)
	for i := range ns {
		ns[i], ss[i] = i+1, "row "+string(rune('a'+i%26))
	}
	res, err := db.ExecContext(ctx, `INSERT INTO B.PUBLIC.T (N, S) VALUES (?, ?)`, sf.Array(&ns), sf.Array(&ss))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 500 {
		t.Fatalf("rows affected %d, want 500", n)
	}
	var count, sum int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), SUM(N) FROM B.PUBLIC.T`).Scan(&count, &sum); err != nil || count != 500 || sum != 500*501/2 {
		t.Fatalf("after the array insert: %d rows, sum %d, %v", count, sum, err)
	}
	// A row that fails (NULL into NOT NULL) fails the statement: no row of it stays.
	bad := []any{7, nil, 9}
	if _, err := db.ExecContext(ctx, `INSERT INTO B.PUBLIC.T (N) VALUES (?)`, sf.Array(&bad)); errorCode(err) != "100072" {
		t.Fatalf("an array insert with a NULL into a NOT NULL column: %v, want 100072", err)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM B.PUBLIC.T`).Scan(&count); err != nil || count != 500 {
		t.Fatalf("a failed array insert left rows behind: %d %v", count, err)
	}
	// Array binds update too.
	ids := []int{1, 2}
	names := []string{"one", "two"}
	if _, err := db.ExecContext(ctx, `UPDATE B.PUBLIC.T SET S = ? WHERE N = ?`, sf.Array(&names), sf.Array(&ids)); err != nil {
		t.Fatal(err)
	}
	var s string
	if err := db.QueryRowContext(ctx, `SELECT S FROM B.PUBLIC.T WHERE N = 2`).Scan(&s); err != nil || s != "two" {
		t.Fatalf("array update: %q %v", s, err)
	}
}

// A large array bind (24,000 values): the emulator announces no
// stage-bind threshold, so the driver binds inline however many values
// there are, and every row arrives, NULL and the empty string kept apart.
func TestLargeArrayBindInline(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	for _, q := range []string{`CREATE DATABASE B`, `CREATE TABLE B.PUBLIC.T (N NUMBER NOT NULL, S VARCHAR)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	const rows = 12_000
	ns := make([]int, rows)
	ss := make([]any, rows) // a third NULL, a third empty, a third with quotes and a comma
	for i := range ns {
		ns[i] = i + 1
		switch i % 3 {
		case 0:
			ss[i] = ""
		case 1:
			ss[i] = `a "quoted", value`
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO B.PUBLIC.T (N, S) VALUES (?, ?)`, sf.Array(&ns), sf.Array(&ss)); err != nil {
		t.Fatal(err)
	}
	var count, sum, nulls, empties, quoted int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*), SUM(N), COUNT_IF(S IS NULL), COUNT_IF(S = ''), COUNT_IF(S = 'a "quoted", value') FROM B.PUBLIC.T`).
		Scan(&count, &sum, &nulls, &empties, &quoted)
	if err != nil || count != rows || sum != rows*(rows+1)/2 || nulls != rows/3 || empties != rows/3 || quoted != rows/3 {
		t.Fatalf("after the large array bind: %d rows, sum %d, %d NULL, %d empty, %d quoted; %v", count, sum, nulls, empties, quoted, err)
	}
}
