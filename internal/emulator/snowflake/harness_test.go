package snowflake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

func TestMain(m *testing.M) {
	// The driver must only ever talk to the emulator on loopback.
	_ = os.Setenv("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")
	_ = sf.GetLogger().SetLogLevel("fatal")
	os.Exit(m.Run())
}

func startServer(t testing.TB, opts Options) *Server {
	t.Helper()
	srv, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func connect(t testing.TB, srv *Server, user, password string) *sql.DB {
	t.Helper()
	cfg := sf.Config{Account: srv.Account(), User: user, Password: password, Host: srv.Host(), Port: srv.Port(), Protocol: "http", Warehouse: "COMPUTE_WH"}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, cfg))
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// query runs a statement and returns its rows keyed by column name.
func query(ctx context.Context, db *sql.DB, text string) ([]map[string]string, error) {
	rows, err := db.QueryContext(ctx, text)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []map[string]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := map[string]string{}
		for i, c := range cols {
			if vals[i].Valid {
				row[c] = vals[i].String
			} else {
				row[c] = "<null>"
			}
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// errorCode returns the six-digit Snowflake code of err, or "".
func errorCode(err error) string {
	var sfErr *sf.SnowflakeError
	if errors.As(err, &sfErr) {
		return fmt.Sprintf("%06d", sfErr.Number)
	}
	if err != nil {
		return "non-snowflake: " + err.Error()
	}
	return ""
}
