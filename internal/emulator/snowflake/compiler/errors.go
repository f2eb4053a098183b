package compiler

import "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
import "fmt"

// The errors the compiler and its functions answer with, by name.

// errRuntimeArgumentTypes is 001044 found at run time: what the function
// got instead of what it takes.
func errRuntimeArgumentTypes(fn any, format string, args ...any) error {
	return errRuntimeArgumentTypesOf.With(fn, fmt.Sprintf(format, args...))
}

// Compilation errors.
var (
	errAmbiguousColumn = sferr.NewSpec("002028", "42601", "SQL compilation error:\nambiguous column name '%s'")
	errArgumentCount   = sferr.NewSpec("001044", "42P13", "SQL compilation error:\nInvalid number of arguments for %s")
	// errArgumentTypes is 001044 naming the function and the types it got.
	errArgumentTypes = sferr.NewSpec("001044", "42P13", "SQL compilation error:\nInvalid argument types for function '%s': (%s)")
	// errArgumentTypesAt is 001044 with the call's position.
	errArgumentTypesAt = sferr.NewSpec("001044", "42P13", "SQL compilation error: error line 1 at position %d\nInvalid argument types for function '%s'")
	// errArgumentTypesAtOf is 001044 with the call's position and the types it got.
	errArgumentTypesAtOf = sferr.NewSpec("001044", "42P13", "SQL compilation error: error line 1 at position %d\nInvalid argument types for function '%s': (%s)")
	// errArgumentTypesOf is 001044 naming the function only.
	errArgumentTypesOf          = sferr.NewSpec("001044", "42P13", "SQL compilation error:\nInvalid argument types for function '%s'")
	errArrayContainsTypes       = sferr.NewSpec("001044", "42P13", "SQL compilation error:\nInvalid argument types for function 'ARRAY_CONTAINS': (%s, %s); cast the value to VARIANT")
	errDateTimePart             = sferr.NewSpec("002020", "42601", "SQL compilation error:\nInvalid date/time part '%s' for function %s")
	errFlattenInput             = sferr.NewSpec("002023", "22023", "SQL compilation error:\ninvalid type [%s] for parameter 'INPUT'")
	errGetArgumentTypes         = sferr.NewSpec("002016", "22000", "SQL compilation error:\nInvalid argument types for function 'GET': (%s, VARCHAR(%d))")
	errNumberOutOfRange         = sferr.NewSpec("100046", "22003", "Number out of representable range: %s")
	errNumericLiteral           = sferr.NewSpec("100038", "22018", "Numeric value '%s' is not recognized")
	errPositionOutOfRange       = sferr.NewSpec("002062", "42601", "SQL compilation error:\nThe position %s is out of range of the select list")
	errPrecision                = sferr.NewSpec("001008", "22023", "SQL compilation error:\ninvalid value [%s] for parameter 'precision'")
	errQueryColumnNames         = sferr.NewSpec("002022", "42601", "SQL compilation error:\nThe number of column names (%d) of %s does not match the query's %d columns")
	errSetOperatorBranchColumns = sferr.NewSpec("001789", "42601", "SQL compilation error:\ninvalid number of result columns for set operator input branches, expected %d, got %d in branch %d")
	errSetOperatorColumns       = sferr.NewSpec("001789", "42601", "SQL compilation error:\ninvalid number of result columns for set operator input branches, expected %d, got %d")
	errSubqueryColumns          = sferr.NewSpec("002057", "42601", "SQL compilation error:\nSingle-row subquery returns more than one column.")
	errUnsupportedType          = sferr.NewSpec("002040", "42601", "SQL compilation error:\nUnsupported data type '%s'.")
	errValuesColumnNames        = sferr.NewSpec("002022", "42601", "SQL compilation error:\nThe number of column names (%d) does not match the VALUES rows' %d expressions")
)

// Compilation errors whose wording after Snowflake's prefix varies.
var ()

// Errors raised while a statement runs, inside the functions SQLite calls.
var (
	errRuntimeArgumentTypesOf = sferr.NewRuntimeSpec("001044", "42P13", "Invalid argument types for function '%s': %s")
	errBooleanNotRecognized   = sferr.NewRuntimeSpec("100037", "22018", "Boolean value '%s' is not recognized")
	errDivisionByZero         = sferr.NewRuntimeSpec("100051", "22012", "Division by zero")
	errInvalidRegexp          = sferr.NewRuntimeSpec("100048", "2201B", "Invalid regular expression: '%s', %v")
	errLikeEscape             = sferr.NewRuntimeSpec("100069", "22019", "Invalid escape character '%s' in LIKE: it must be one character")
	errNumericNotRecognized   = sferr.NewRuntimeSpec("100038", "22018", "Numeric value '%v' is not recognized")
	errParsingJSON            = sferr.NewRuntimeSpec("100069", "22P02", "Error parsing JSON: %s")
	errRegexpParameter        = sferr.NewRuntimeSpec("100048", "22023", "Invalid regular expression parameter '%c' in '%s'")
	errRuntimeArgumentCount   = sferr.NewRuntimeSpec("001044", "42P13", "SQL compilation error:\nInvalid number of arguments for %s")
	errStringTooLong          = sferr.NewRuntimeSpec("100074", "22000", "String '%s' is too long and would be truncated")
	errTimestampNotRecognized = sferr.NewRuntimeSpec("100035", "22007", "Timestamp '%s' is not recognized")
)

// Families of errors raised while a statement runs.
var (
	// errOutOfRange is 100046 with what overflowed.
	errOutOfRange = sferr.NewRuntimeFamily("100046", "22003", "Number out of representable range: ")
	// errRegexpArgument is 100051 for a position, occurrence or group out of range.
	errRegexpArgument     = sferr.NewRuntimeFamily("100051", "22023", "")
	errRuntimeUnsupported = sferr.NewRuntimeFamily("000002", "0A000", "Unsupported feature: ")
)
