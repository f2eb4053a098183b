package compiler

import (
	"database/sql/driver"

	"modernc.org/sqlite"
)

// runtimeFunc is a Go function SQLite calls while a statement runs (the
// sf_… names the compiler emits), with its argument count (-1: any).
type runtimeFunc struct {
	name string
	args int32
	fn   func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error)
}

// runtimeFunctions is the one registry of runtime functions, family by
// family; each family's table is in its own file.
var runtimeFunctions = [][]runtimeFunc{coreRuntime, commonRuntime, semiRuntime, mathRuntime, regexpRuntime, variantOrderRuntime}

func init() {
	seen := map[string]bool{}
	for _, family := range runtimeFunctions {
		for _, f := range family {
			if seen[f.name] {
				panic("runtime function " + f.name + " is declared twice")
			}
			seen[f.name] = true
			sqlite.MustRegisterDeterministicScalarFunction(f.name, f.args, f.fn)
		}
	}
}
