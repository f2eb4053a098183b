package snowflake

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

func TestFindExactIsCaseSensitiveAndIgnoresWildcardMatches(t *testing.T) {
	rows := []Row{
		{"name": "GH_RULE"},
		{"name": "gh_rule"},
		{"name": "GHXRULE"}, // what LIKE 'GH_RULE' also matches
	}
	for _, name := range []string{"GH_RULE", "gh_rule", "GHXRULE"} {
		row, err := FindExact(rows, name)
		if err != nil || row.String("name") != name {
			t.Errorf("FindExact(%q) = %v, %v", name, row, err)
		}
	}
	_, err := FindExact(rows, "Gh_Rule")
	if !errors.Is(err, ErrObjectNotFound) {
		t.Errorf("FindExact(Gh_Rule) error = %v, want ErrObjectNotFound", err)
	}
	if _, err := FindExact(nil, "x"); !IsNotFound(err) {
		t.Errorf("empty rows: %v", err)
	}
}

func TestParseList(t *testing.T) {
	cases := map[string][]string{
		"":                             {},
		"[]":                           {},
		"api.github.com:443":           {"api.github.com:443"},
		"a.com,b.com:80":               {"a.com", "b.com:80"},
		"[DB.PUBLIC.R1, DB.PUBLIC.R2]": {"DB.PUBLIC.R1", "DB.PUBLIC.R2"},
		`["a,b"."S"."N", X.Y.Z]`:       {`"a,b"."S"."N"`, "X.Y.Z"},
		"'a.com', 'b.com'":             {"a.com", "b.com"},
	}
	for in, want := range cases {
		if got := ParseList(in); !reflect.DeepEqual(got, want) {
			t.Errorf("ParseList(%q) = %#v, want %#v", in, got, want)
		}
	}
}

func TestPropertyRows(t *testing.T) {
	props := PropertyRows([]Row{
		{"property": "enabled", "property_value": "true"},
		{"property": "ALLOWED_NETWORK_RULES", "property_value": "[A.B.C]"},
		{"property": "comment", "value": "x"},
	})
	if props["ENABLED"] != "true" || props["ALLOWED_NETWORK_RULES"] != "[A.B.C]" || props["COMMENT"] != "x" {
		t.Fatalf("props = %#v", props)
	}
}

func TestRowAccessors(t *testing.T) {
	r := Row{"enabled": "true", "n": " 42 ", "f": "false", "one": "1"}
	if !r.Bool("enabled") || r.Bool("f") || !r.Bool("one") || r.Bool("missing") {
		t.Error("Bool")
	}
	if r.Int("n") != 42 || r.Int("missing") != 0 || !r.Has("n") || r.Has("missing") {
		t.Error("Int/Has")
	}
}

func TestDecodeError(t *testing.T) {
	cases := []struct {
		err  *sf.SnowflakeError
		want error
	}{
		{&sf.SnowflakeError{Number: 2003, Message: "SQL compilation error:\nObject 'X' does not exist or not authorized."}, ErrObjectNotFound},
		{&sf.SnowflakeError{Number: 2043, Message: "Object does not exist, or operation cannot be performed."}, ErrObjectNotFound},
		{&sf.SnowflakeError{Number: 2002, Message: "SQL compilation error:\nObject 'X' already exists."}, ErrObjectAlreadyExists},
		{&sf.SnowflakeError{Number: 3001, Message: "SQL access control error:\nInsufficient privileges to operate on schema 'S'"}, ErrInsufficientPrivileges},
	}
	for _, c := range cases {
		wrapped := fmt.Errorf("exec: %w", c.err)
		got := decodeError(wrapped)
		if !errors.Is(got, c.want) {
			t.Errorf("decodeError(%d) does not match %v", c.err.Number, c.want)
		}
		var sfErr *sf.SnowflakeError
		if !errors.As(got, &sfErr) || sfErr.Number != c.err.Number {
			t.Errorf("decodeError(%d) lost the driver error", c.err.Number)
		}
		var e *Error
		if !errors.As(got, &e) || e.Code != c.err.Number {
			t.Errorf("decodeError(%d) is not an *Error with the code", c.err.Number)
		}
	}
	syntax := decodeError(&sf.SnowflakeError{Number: 1003, Message: "syntax error line 1 at position 0 unexpected 'X'."})
	for _, s := range []error{ErrObjectNotFound, ErrObjectAlreadyExists, ErrInsufficientPrivileges} {
		if errors.Is(syntax, s) {
			t.Errorf("syntax error mapped to %v", s)
		}
	}
	plain := errors.New("network down")
	if decodeError(plain) != plain || decodeError(nil) != nil {
		t.Error("non-driver errors must pass through unchanged")
	}
}
