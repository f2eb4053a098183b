package snowflake

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every Snowflake error the emulator answers with is declared by name in
// the errors.go of the package that raises it (the protocol's here, the
// engine's, the compiler's, and in sferr those both raise): no other file
// writes a code inline.
func TestErrorsAreNamed(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "engine", "compiler", "sferr"} {
		matches, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(matches) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		files = append(files, matches...)
	}
	inline := regexp.MustCompile(`Error\{Code:|"code": "[0-9]{6}"|\b(New\w*|Raise)\("[0-9]`)
	for _, f := range files {
		if filepath.Base(f) == "errors.go" || strings.HasSuffix(f, "_test.go") {
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
