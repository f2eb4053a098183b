package snowflake

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
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

// A large array bind below Snowflake's stage-bind threshold (24,000 of
// 65,280 values): bound inline, every row arrives, NULL and the empty
// string kept apart.
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

// Above CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (65,280 values) gosnowflake
// creates the temporary stage SYSTEM$BIND, uploads the rows there as CSV
// (gzip, through the presigned URL the PUT returns) and sends the INSERT
// with bindStage: every row arrives, in order, NULL and "" apart, and a
// failing row inserts none.
func TestStageArrayBind(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	for _, q := range []string{`CREATE DATABASE B`, `CREATE TABLE B.PUBLIC.T (N NUMBER NOT NULL, S VARCHAR, F FLOAT)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	const rows = 22_000 // 66,000 values, just above the threshold
	ns := make([]int, rows)
	ss := make([]any, rows)
	fs := make([]float64, rows)
	var wantNulls, wantEmpties, wantQuoted int
	for i := range ns {
		ns[i] = i + 1
		fs[i] = float64(i) / 4
		switch i % 3 {
		case 0:
			ss[i] = ""
			wantEmpties++
		case 2:
			wantNulls++
		case 1:
			wantQuoted++
			ss[i] = "a \"quoted\", value\nover two lines"
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO B.PUBLIC.T (N, S, F) VALUES (?, ?, ?)`, sf.Array(&ns), sf.Array(&ss), sf.Array(&fs)); err != nil {
		t.Fatal(err)
	}
	puts := 0
	for _, r := range srv.QueryHistory() {
		if r.Type == "PUT" && strings.Contains(r.Text, "SYSTEM$BIND") {
			puts++
		}
	}
	if puts == 0 {
		t.Fatal("no PUT to SYSTEM$BIND: the driver bound inline, the stage path is untested")
	}
	var count, sum, nulls, empties, quoted int
	var fsum float64
	err := db.QueryRowContext(ctx, `SELECT COUNT(*), SUM(N), COUNT_IF(S IS NULL), COUNT_IF(S = ''), COUNT_IF(S = 'a "quoted", value\nover two lines'), SUM(F) FROM B.PUBLIC.T`).
		Scan(&count, &sum, &nulls, &empties, &quoted, &fsum)
	if err != nil || count != rows || sum != rows*(rows+1)/2 || nulls != wantNulls || empties != wantEmpties || quoted != wantQuoted || fsum != float64(rows-1)*rows/8 {
		t.Fatalf("after the stage bind: %d rows, sum %d, %d NULL, %d empty, %d quoted, float sum %v; %v", count, sum, nulls, empties, quoted, fsum, err)
	}
	// All or nothing: a NULL in the NOT NULL column fails the whole bind.
	bad := make([]any, rows)
	for i := range bad {
		bad[i] = i + 1
	}
	bad[rows-1] = nil
	_, err = db.ExecContext(ctx, `INSERT INTO B.PUBLIC.T (N, S, F) VALUES (?, ?, ?)`, sf.Array(&bad), sf.Array(&ss), sf.Array(&fs))
	if err == nil {
		t.Fatal("a NULL in a NOT NULL column was accepted")
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM B.PUBLIC.T`).Scan(&count); err != nil || count != rows {
		t.Fatalf("after the failed bind: %d rows, want %d (none of it) %v", count, rows, err)
	}
}

// TestStageArrayBindRandomized: seeded binds above the stage threshold of
// generated text that CSV and the driver's escaping could corrupt — quotes,
// commas, CR/LF, backslashes, the text "NULL" and `\N`, blanks at the ends,
// non-ASCII — with NULL and "" mixed in; every row must come back exactly.
// A failure prints the seed (BIND_SEED=n replays it).
func TestStageArrayBindRandomized(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE B`); err != nil {
		t.Fatal(err)
	}
	pieces := []string{"a", "Z", "0", " ", `"`, `""`, ",", "\n", "\r\n", "\r", `\`, `\\`, "'", "\t", "NULL", `\N`, "é", "日本", "🙂", ";", "|"}
	seeds := []int64{1, 2, 3}
	if s := os.Getenv("BIND_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seeds = []int64{n}
	}
	for _, seed := range seeds {
		rng := rand.New(rand.NewSource(seed))
		table := fmt.Sprintf("B.PUBLIC.T%d", seed)
		if _, err := db.ExecContext(ctx, `CREATE TABLE `+table+` (N NUMBER NOT NULL, S VARCHAR, F FLOAT)`); err != nil {
			t.Fatal(err)
		}
		rows := 21_761 + rng.Intn(2000) // 3 values a row: above 65,280
		ns, ss, fs := make([]int, rows), make([]any, rows), make([]float64, rows)
		for i := range ns {
			ns[i] = i
			fs[i] = float64(rng.Intn(1<<20)-1<<19) / 1024 // exact in binary and in decimal text
			switch rng.Intn(10) {
			case 0:
				ss[i] = nil
			case 1:
				ss[i] = ""
			default:
				var b strings.Builder
				for range 1 + rng.Intn(12) {
					b.WriteString(pieces[rng.Intn(len(pieces))])
				}
				ss[i] = b.String()
			}
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO `+table+` (N, S, F) VALUES (?, ?, ?)`, sf.Array(&ns), sf.Array(&ss), sf.Array(&fs)); err != nil {
			t.Fatalf("seed %d (BIND_SEED=%d): %v", seed, seed, err)
		}
		got, err := db.QueryContext(ctx, `SELECT N, S, F FROM `+table+` ORDER BY N`)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for got.Next() {
			var n int
			var s sql.NullString
			var f float64
			if err := got.Scan(&n, &s, &f); err != nil {
				t.Fatal(err)
			}
			want, isText := ss[n].(string)
			if n != i || s.Valid != isText || s.String != want || f != fs[n] {
				t.Fatalf("seed %d (BIND_SEED=%d): row %d came back as (%d, %q valid=%v, %v), bound (%d, %#v, %v)",
					seed, seed, i, n, s.String, s.Valid, f, i, ss[i], fs[i])
			}
			i++
		}
		if err := got.Err(); err != nil || i != rows {
			t.Fatalf("seed %d (BIND_SEED=%d): %d of %d rows back (%v)", seed, seed, i, rows, err)
		}
	}
	puts := 0
	for _, r := range srv.QueryHistory() {
		if r.Type == "PUT" && strings.Contains(r.Text, "SYSTEM$BIND") {
			puts++
		}
	}
	if puts < len(seeds) {
		t.Fatalf("%d PUTs to SYSTEM$BIND for %d binds: the stage path is untested", puts, len(seeds))
	}
}
