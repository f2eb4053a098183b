package sferr

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// A declared error without Snowflake's shape stops the emulator when it
// starts, not when the error is first answered.
func TestConstructorsRefuseShapesSnowflakeDoesNotHave(t *testing.T) {
	bad := []struct{ code, state string }{
		{"2003", "02000"},    // code too short
		{"0020031", "02000"}, // code too long
		{"00200A", "02000"},  // code not digits
		{"002003", "0200"},   // state too short
		{"002003", "02a00"},  // state lower case
	}
	constructors := map[string]func(code, state string){
		"NewSpec":          func(c, s string) { NewSpec(c, s, "x") },
		"NewFamily":        func(c, s string) { NewFamily(c, s, "x") },
		"NewRuntimeSpec":   func(c, s string) { NewRuntimeSpec(c, s, "x") },
		"NewRuntimeFamily": func(c, s string) { NewRuntimeFamily(c, s, "x") },
	}
	for name, construct := range constructors {
		for _, b := range bad {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s(%q, %q) was accepted", name, b.code, b.state)
					}
				}()
				construct(b.code, b.state)
			}()
		}
		construct("002003", "42S02") // a good shape is accepted
	}
}

// An error raised inside a function SQLite calls comes back as the same
// Snowflake error, whatever SQLite wraps around it.
func TestRuntimeErrorsSurviveSQLite(t *testing.T) {
	raised := NewRuntimeSpec("100038", "22018", "Numeric value '%v' is not recognized").With("abc")
	wrapped := fmt.Errorf("SQL logic error: %v (1)", raised)
	got := AsError(FromSQLite(wrapped))
	want := Error{Code: "100038", SQLState: "22018", Message: "Numeric value 'abc' is not recognized"}
	if *got != want {
		t.Errorf("got %+v, want %+v", *got, want)
	}
	if got := AsError(FromSQLite(errors.New("NOT NULL constraint failed: t_1.c0"))); got.Code != "100072" {
		t.Errorf("a NOT NULL violation is %s, want 100072", got.Code)
	}
}

func TestAsError(t *testing.T) {
	_, err := sqlparse.Parse("SELEC 1", nil)
	if got := AsError(err); got.Code != "001003" || got.SQLState != "42000" {
		t.Errorf("a syntax error is %s (%s), want 001003 (42000)", got.Code, got.SQLState)
	}
	if got := AsError(errors.New("boom")); got.Code != "000603" {
		t.Errorf("an unknown error is %s, want 000603", got.Code)
	}
	family := NewFamily("002140", "42601", "SQL compilation error:\n").With("Unknown function %s", "F")
	if got := AsError(fmt.Errorf("wrapped: %w", family)); got != family {
		t.Errorf("a wrapped Snowflake error is %+v, want itself", got)
	}
}
