package engine

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every Snowflake error is built by a named constructor in errors.go:
// no other file writes a code inline (newError, sfErr or an Error literal).
func TestErrorsAreNamed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	inline := regexp.MustCompile(`\b(newError|sfErr)\("|Error\{Code:`)
	for _, f := range files {
		if f == "errors.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if inline.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "func sfErr(") {
				t.Errorf("%s:%d: an inline Snowflake error; declare it in errors.go: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// The declared errors carry Snowflake's shapes: a six-digit code and a
// five-character SQL state.
func TestErrorSpecsHaveSnowflakeShapes(t *testing.T) {
	src, err := os.ReadFile("errors.go")
	if err != nil {
		t.Fatal(err)
	}
	specs := regexp.MustCompile(`(?:Spec|Family)\{"([^"]*)", "([^"]*)"`).FindAllStringSubmatch(string(src), -1)
	if len(specs) < 80 {
		t.Fatalf("%d declared errors found in errors.go; the pattern no longer matches them", len(specs))
	}
	code, state := regexp.MustCompile(`^[0-9]{6}$`), regexp.MustCompile(`^[0-9A-Z]{5}$`)
	for _, m := range specs {
		if !code.MatchString(m[1]) || !state.MatchString(m[2]) {
			t.Errorf("%s: code %q or SQL state %q not in Snowflake's shape", m[0], m[1], m[2])
		}
	}
}
