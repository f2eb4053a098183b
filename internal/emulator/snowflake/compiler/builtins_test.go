package compiler

import (
	"regexp"
	"testing"
)

// Every built-in is declared whole: at least one name, upper case as the
// parser gives them, and exactly one way to compile.
func TestBuiltinsAreDeclaredWhole(t *testing.T) {
	upper := regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	count := 0
	for _, family := range builtinFamilies {
		for _, b := range family {
			count++
			if len(b.names) == 0 || (b.compile == nil) == (b.raw == nil) {
				t.Errorf("builtin %v: needs names and exactly one of compile and raw", b.names)
			}
			if len(b.names) > 0 && !regexp.MustCompile(`^https://docs\.snowflake\.com/en/sql-reference/functions/[a-z0-9_]+$`).MatchString(b.page()) {
				t.Errorf("builtin %v: page %q", b.names, b.page())
			}
			for _, n := range b.names {
				if !upper.MatchString(n) {
					t.Errorf("builtin name %q: the parser upper-cases function names", n)
				}
				if builtins[n] == nil {
					t.Errorf("builtin %q is not in the index", n)
				}
			}
		}
	}
	if count < 60 {
		t.Fatalf("%d builtins declared; the families lost some", count)
	}
}
