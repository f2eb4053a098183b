package snowflake

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
)

// QueryLogger receives every statement the client runs, already redacted.
type QueryLogger func(ctx context.Context, sql string)

// Client runs Statements over one shared, bounded connection pool.
type Client struct {
	db         *sql.DB
	log        QueryLogger
	version    string // provider version, in tracking comments
	statements atomic.Int64
}

func NewClient(db *sql.DB, log QueryLogger) *Client {
	return &Client{db: db, log: log}
}

// DB exposes the pool for callers that need the driver directly (PUT).
func (c *Client) DB() *sql.DB { return c.db }

// Statements counts statements sent, for benchmarks of refresh cost.
func (c *Client) Statements() int64 { return c.statements.Load() }

func (c *Client) Close() error { return c.db.Close() }

func (c *Client) render(ctx context.Context, st Statement) (string, error) {
	text, err := st.SQL()
	if err != nil {
		return "", err
	}
	if c.log != nil {
		logged := text
		if r, ok := st.(Redactor); ok {
			logged = r.Redacted()
		}
		c.log(ctx, logged)
	}
	c.statements.Add(1)
	return text + trackingComment(ctx, c.version), nil
}

// Exec runs a statement that returns no rows of interest.
func (c *Client) Exec(ctx context.Context, st Statement) error {
	text, err := c.render(ctx, st)
	if err != nil {
		return err
	}
	if _, err := c.db.ExecContext(ctx, text); err != nil {
		return decodeError(err)
	}
	return nil
}

// Query runs a statement and returns its rows keyed by lower-cased column.
func (c *Client) Query(ctx context.Context, st Statement) ([]Row, error) {
	text, err := c.render(ctx, st)
	if err != nil {
		return nil, err
	}
	rows, err := c.db.QueryContext(ctx, text)
	if err != nil {
		return nil, decodeError(err)
	}
	defer func() { _ = rows.Close() }()
	return scanRows(rows)
}

// CallJSON runs a CALL of a procedure that returns a VARIANT and decodes
// the value into out.
func (c *Client) CallJSON(ctx context.Context, call Call, out any) error {
	rows, err := c.Query(ctx, call)
	if err != nil {
		return err
	}
	if len(rows) != 1 || len(rows[0]) != 1 {
		return fmt.Errorf("%s returned %d rows, want one value", call.Procedure.FullyQualifiedName(), len(rows))
	}
	for _, v := range rows[0] {
		if err := json.Unmarshal([]byte(v), out); err != nil {
			return fmt.Errorf("%s returned %q: %w", call.Procedure.FullyQualifiedName(), v, err)
		}
	}
	return nil
}

// QueryOne runs a SHOW and returns the row whose name equals name exactly.
func (c *Client) QueryOne(ctx context.Context, show Show, name string) (Row, error) {
	rows, err := c.Query(ctx, show)
	if err != nil {
		return nil, err
	}
	return FindExact(rows, name)
}

func scanRows(rows *sql.Rows) ([]Row, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, decodeError(err)
	}
	var out []Row
	for rows.Next() {
		cells := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("reading result row: %w", err)
		}
		row := make(Row, len(cols))
		for i, col := range cols {
			if cells[i].Valid {
				row[strings.ToLower(col)] = cells[i].String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, decodeError(err)
	}
	return out, nil
}
