package snowflake

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The protocol's errors, like the engine's, are declared in errors.go.
func TestProtocolErrorsAreNamed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	inline := regexp.MustCompile(`Error\{Code:|"code": "[0-9]{6}"`)
	for _, f := range files {
		if f == "errors.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if inline.MatchString(line) {
				t.Errorf("%s:%d: an inline Snowflake error; declare it in errors.go: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
