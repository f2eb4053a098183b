package engine

import (
	"context"
	"errors"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"testing"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
)

// inProcess runs statements against an in-memory catalog and SQLite, with
// no HTTP server and no driver: the compiler's own tests.
type inProcess struct {
	t    *testing.T
	e    *Engine
	sess *Session
}

func newInProcess(t *testing.T) *inProcess {
	t.Helper()
	store, err := catalog.Open("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	ctx := context.Background()
	e, err := New(ctx, store, Config{FilesDir: t.TempDir(), Account: "TEST", Organization: "ORG", AdminUser: "ADMIN", AdminPassword: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.Login(ctx, "ADMIN", "pw", "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	return &inProcess{t: t, e: e, sess: sess}
}

// value runs a query of one row and one column and returns its text
// ("<null>" for NULL), or the error.
func (p *inProcess) value(query string) (string, error) {
	p.t.Helper()
	results, err := p.e.Execute(context.Background(), p.sess, query, nil, nil)
	if err != nil {
		return "", err
	}
	r := results[len(results)-1]
	if len(r.Rows) != 1 || len(r.Rows[0]) != 1 {
		p.t.Fatalf("%s: %d rows, want one value", query, len(r.Rows))
	}
	if v := r.Rows[0][0]; v != nil {
		return *v, nil
	}
	return "<null>", nil
}

// Functions as Snowflake's pages give them (the same expectations as the
// driver-level conformance tests), compiled and run in process.
func TestFunctionsInProcess(t *testing.T) {
	p := newInProcess(t)
	for _, c := range []struct{ query, want, code string }{
		// MOD's page: MOD(3, 2) is 1, MOD(4.5, 1.2) is 0.9; % truncates.
		{query: `SELECT MOD(3, 2)`, want: "1"},
		{query: `SELECT MOD(4.5, 1.2)`, want: "0.9"},
		{query: `SELECT -7 % 3`, want: "-1"},
		{query: `SELECT MOD('a', 2)`, code: "001044"},
		{query: `SELECT 1 % 0`, code: "100051"},
		// ROUND rounds half away from zero; a negative scale rounds left of the point.
		{query: `SELECT ROUND(2.5)`, want: "3"},
		{query: `SELECT ROUND(-2.5)`, want: "-3"},
		{query: `SELECT ROUND(1.005, 2)`, want: "1.01"},
		{query: `SELECT ROUND(1234.5678, -2)`, want: "1200"},
		{query: `SELECT ROUND(2.675::FLOAT, 2)`, code: "000002"},
		{query: `SELECT FLOOR(-2.5)`, want: "-3"},
		{query: `SELECT CEIL(-2.5)`, want: "-2"},
		{query: `SELECT TRUNC(-2.7)`, want: "-2"},
		{query: `SELECT ABS(-3.25)`, want: "3.25"},
		{query: `SELECT ABS('x')`, code: "001044"},
		{query: `SELECT GREATEST(1, 3, 2)`, want: "3"},
		{query: `SELECT LEAST(1, NULL)`, want: "<null>"},
		{query: `SELECT NULLIF(1, 1)`, want: "<null>"},
		{query: `SELECT NVL2(0, 1, 2.5)`, want: "1.0"},
		{query: `SELECT DECODE(NULL, 1, 'one', NULL, 'null', 'other')`, want: "null"},
		{query: `SELECT CONCAT_WS('-', 'a', 'b', 'c')`, want: "a-b-c"},
		{query: `SELECT MD5('a')`, want: "0cc175b9c0f1b6a831c399e269772661"},
		// REGEXP_REPLACE's page.
		{query: `SELECT REGEXP_REPLACE('Customers - (NY)','\\(|\\)','')`, want: "Customers - NY"},
		{query: `SELECT REGEXP_REPLACE('It was the best of times, it was the worst of times', 'times', 'days', 1, 2)`,
			want: "It was the best of times, it was the worst of days"},
		{query: `SELECT NO_SUCH_FUNCTION(1)`, code: "002140"},
	} {
		got, err := p.value(c.query)
		var sfErr *sferr.Error
		switch {
		case c.code != "" && (!errors.As(err, &sfErr) || sfErr.Code != c.code):
			t.Errorf("%s: %q, %v; want error %s", c.query, got, err, c.code)
		case c.code == "" && (err != nil || got != c.want):
			t.Errorf("%s = %q (%v), want %q", c.query, got, err, c.want)
		}
	}
}
