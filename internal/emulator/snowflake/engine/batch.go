package engine

import (
	"context"
	"strconv"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// ExecuteBatch runs one DML statement once per set of bound values, as
// array binding does: in one transaction, all rows or none, recorded as one
// query whose counts ("number of rows inserted", …) are the sums.
func (e *Engine) ExecuteBatch(ctx context.Context, sess *Session, sqlText string, sets []map[string]sqlparse.Binding) (*Result, error) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	start := time.Now()
	queryID, ctx := e.takeQueryID(ctx, true)
	parsed := make([]sqlparse.Parsed, 0, len(sets))
	for _, set := range sets {
		p, err := sqlparse.Parse(sqlText, set)
		if err != nil {
			e.record(sess, queryID, sqlText, "UNKNOWN", start, err)
			return nil, sferr.AsError(err)
		}
		if len(p) != 1 {
			err := errStatementCount.With(len(p), 1)
			e.record(sess, queryID, sqlText, "MULTI_STATEMENT", start, err)
			return nil, err
		}
		switch p[0].Stmt.(type) {
		case *sqlparse.InsertStmt, *sqlparse.UpdateStmt, *sqlparse.DeleteStmt, *sqlparse.MergeStmt:
		default:
			err := errArrayBind.With()
			e.record(sess, queryID, sqlText, queryType(p[0].Stmt), start, err)
			return nil, err
		}
		parsed = append(parsed, p[0])
	}
	var total *Result
	var after []func()
	err := e.store.Update(ctx, func(tx *catalog.Tx) error {
		for _, p := range parsed {
			x := &execCtx{e: e, tx: tx, s: sess, text: p.Text}
			res, err := x.exec(p.Stmt)
			if err != nil {
				return err
			}
			after = append(after, x.afterCommit...)
			total = addCounts(total, res)
		}
		return nil
	})
	typ := "UNKNOWN"
	if len(parsed) > 0 {
		typ = queryType(parsed[0].Stmt)
	}
	e.record(sess, queryID, sqlText, typ, start, err)
	sess.addQueryID(queryID)
	if err != nil {
		return nil, sferr.AsError(err)
	}
	for _, f := range after {
		f()
	}
	total.QueryID = queryID
	return total, nil
}

// addCounts adds the DML counts of res into acc (a copy of the first).
func addCounts(acc, res *Result) *Result {
	if acc == nil {
		out := *res
		out.Rows = [][]*string{append([]*string{}, res.Rows[0]...)}
		return &out
	}
	for i, cell := range res.Rows[0] {
		if cell == nil || acc.Rows[0][i] == nil {
			continue
		}
		a, _ := strconv.ParseInt(*acc.Rows[0][i], 10, 64)
		b, _ := strconv.ParseInt(*cell, 10, 64)
		acc.Rows[0][i] = str(strconv.FormatInt(a+b, 10))
	}
	return acc
}
