package compiler

import (
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// The built-in functions, one registry: each is declared once, in the file
// of its family (builtins_core.go, mathfuncs.go, functions_common.go,
// semifuncs.go, the date functions in functions_common.go), with how a
// call compiles; its run-time part, when it has one, is an sf_… function
// of the family's …Runtime table (runtime_registry.go). Window functions
// compile apart (compiler.window).

// builtin is one SQL function: its names (aliases share the entry) and how
// a call compiles.
type builtin struct {
	names []string
	// compile is given the call's compiled arguments.
	compile func(c *Compiler, k *fnCall) (string, SFType, error)
	// raw compiles from the call itself, before its arguments are (the
	// date functions: their first argument is a date part keyword).
	raw func(c *Compiler, f *sqlparse.FuncCall, sc *Scope) (string, SFType, error)
}

// page is the Snowflake page the builtin follows, named after its first
// name as Snowflake's function reference names its pages.
func (b builtin) page() string {
	return "https://docs.snowflake.com/en/sql-reference/functions/" + strings.ToLower(b.names[0])
}

// builtinFamilies are every family's table.
var builtinFamilies = [][]builtin{coreBuiltins, mathBuiltins, commonBuiltins, semiBuiltins, dateBuiltins}

// builtins are the functions by name, indexed at start (the tables refer
// to the compiler, which refers to this index).
var builtins map[string]*builtin

func init() {
	builtins = map[string]*builtin{}
	for _, family := range builtinFamilies {
		for i := range family {
			for _, name := range family[i].names {
				if builtins[name] != nil {
					panic("built-in function " + name + " is declared twice")
				}
				builtins[name] = &family[i]
			}
		}
	}
}

// fnCall is a call being compiled: the function's name, its compiled
// arguments and their types.
type fnCall struct {
	f        *sqlparse.FuncCall
	sc       *Scope
	name     string
	args     []string
	types    []SFType
	within   string // WITHIN GROUP's ORDER BY, for the aggregates that take one
	distinct string // "DISTINCT " for an aggregate over distinct values
	now      string // the statement's CURRENT_TIMESTAMP as SQL
}

// arity refuses a call whose argument count is none of n.
func (k *fnCall) arity(n ...int) error {
	for _, want := range n {
		if len(k.args) == want {
			return nil
		}
	}
	return errArgumentTypesAt.With(k.f.Tok.Col, k.f.Name)
}

// numeric refuses a non-numeric argument i.
func (k *fnCall) numeric(i int) error {
	if !k.types[i].IsNumeric() && k.types[i].Base != "NULL" {
		return errArgumentTypes.With(k.name, k.types[i])
	}
	return nil
}

// text is argument i as text.
func (k *fnCall) text(i int) string { return TextOf(k.args[i], k.types[i]) }

// variant is argument i as a VARIANT.
func (k *fnCall) variant(i int) string { return CastSQL(k.args[i], k.types[i], TypeVariant) }

// list is the arguments from index from on, as text, comma-separated.
func (k *fnCall) list(from int) string {
	parts := make([]string, 0, len(k.args)-from)
	for i := from; i < len(k.args); i++ {
		parts = append(parts, TextOf(k.args[i], k.types[i]))
	}
	return strings.Join(parts, ", ")
}

// orNull is s as an SQL string, NULL when empty.
func orNull(s string) string {
	if s == "" {
		return "NULL"
	}
	return SQLiteString(s)
}
