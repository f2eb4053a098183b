// Package engine executes parsed statements against the catalog with
// Snowflake's semantics, privileges, result shapes and error codes.
package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// Error is a Snowflake error as it goes on the wire.
type Error struct {
	Code     string // six digits, e.g. "002003"
	SQLState string
	Message  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s (%s): %s", e.Code, e.SQLState, e.Message) }

func newError(code, state, format string, args ...any) *Error {
	return &Error{Code: code, SQLState: state, Message: fmt.Sprintf(format, args...)}
}

// AsError converts any error into a Snowflake error.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var se *sqlparse.SyntaxError
	if errors.As(err, &se) {
		return &Error{Code: "001003", SQLState: "42000", Message: se.Error()}
	}
	return &Error{Code: "000603", SQLState: "XX000", Message: "SQL execution internal error:\nProcessing aborted due to error 300010:" + err.Error()}
}

// kindTitle is how Snowflake names a kind in messages ("Network rule").
func kindTitle(kind string) string {
	switch kind {
	case "EXTERNAL ACCESS INTEGRATION", "INTEGRATION":
		return "Integration"
	case "STAGE":
		return "Stage"
	}
	lower := strings.ToLower(kind)
	return strings.ToUpper(lower[:1]) + lower[1:]
}

func errNotExist(kind, name string) *Error {
	return newError("002003", "02000", "SQL compilation error:\n%s '%s' does not exist or not authorized.", kindTitle(kind), name)
}

func errInsufficient(kind, name string) *Error {
	return newError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on %s '%s'", strings.ToLower(kind), name)
}

func errNoCurrent(action, what string) *Error {
	return newError("090105", "22000", "Cannot perform %s. This session does not have a current %s. Call 'USE %s', or use a qualified name.", action, strings.ToLower(what), what)
}

func errUnsupported(format string, args ...any) *Error {
	return newError("000002", "0A000", "Unsupported feature '%s'.", fmt.Sprintf(format, args...))
}

// Named Snowflake errors: each the code, SQL state and wording Snowflake
// answers with (the statement's own details as arguments). The families
// whose wording varies by statement take the message after Snowflake's
// fixed prefix.

// errObjectNotExist is 002003 with the SQL state Snowflake gives tables,
// objects and procedures (42S02).
func errObjectNotExist(kind string, name any) *Error {
	return newError("002003", "42S02", "SQL compilation error:\n%s '%s' does not exist or not authorized.", kindTitle(kind), name)
}

// Snowflake's errors for versions, with the numbers snowflake-cli decides on
// (snowflake/cli/api/errno.py).

// Errors raised while a statement runs, inside the functions registered
// with SQLite (sqlfuncs.go): they travel through SQLite as text
// (sfErr) and decodeSQLiteError makes them Snowflake errors again.

// errRuntimeArgumentTypes is 001044 found at run time: what the function
// got instead of what it takes.
func errRuntimeArgumentTypes(fn any, format string, args ...any) error {
	return sfErr("001044", "42P13", "Invalid argument types for function '%s': %s", fn, fmt.Sprintf(format, args...))
}

// errorSpec is a Snowflake error declared once: its code, SQL state and
// wording; with fills in the statement's details.
type errorSpec struct{ code, state, format string }

func (e errorSpec) with(args ...any) *Error { return newError(e.code, e.state, e.format, args...) }

// runtimeErrorSpec is an error raised inside a function SQLite calls.
type runtimeErrorSpec struct{ code, state, format string }

func (e runtimeErrorSpec) with(args ...any) error { return sfErr(e.code, e.state, e.format, args...) }

// The errors the engine answers with, by name.
var (
	errAlreadyExists = errorSpec{"002002", "42710", "SQL compilation error:\nObject '%s' already exists."}
	errInvalidValue  = errorSpec{"001008", "22023", "SQL compilation error:\ninvalid value [%s] for parameter '%s'"}
	// errConflict reports options that cannot be combined (OR REPLACE + IF NOT EXISTS).
	errConflict = errorSpec{"002011", "42601", "SQL compilation error:\n%s and %s are incompatible."}
	// errProcedureDefinition is 001003 for a CREATE PROCEDURE that lacks a part.
	errProcedureDefinition = errorSpec{"001003", "42601", "SQL compilation error:\n%s"}
	errStatementCount      = errorSpec{"000008", "0A000", "Actual statement count %d did not match the desired statement count %d."}
	errNoWarehouse         = errorSpec{"000606", "57P03", "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n"}
	invalidIdentifier      = errorSpec{"000904", "42000", "SQL compilation error: error line 1 at position 0\ninvalid identifier '%s'"}
	errNotNullColumn       = errorSpec{"001007", "22000", "SQL compilation error:\nNon-nullable column '%s' cannot be added to non-empty table '%s' unless it has a non-null default value."}
	errNotEgressRule       = errorSpec{"001008", "22023", "SQL compilation error:\nNetwork rule '%s' is not an egress rule and cannot be used by an external access integration."}
	errInvalidParameter    = errorSpec{"001008", "22023", "SQL compilation error:\ninvalid parameter '%s'"}
	errPrecision           = errorSpec{"001008", "22023", "SQL compilation error:\ninvalid value [%s] for parameter 'precision'"}
	errDuplicateOption     = errorSpec{"001009", "42601", "SQL compilation error:\nduplicate option '%s'"}
	// errArgumentTypes is 001044 naming the function and the types it got.
	errArgumentTypes = errorSpec{"001044", "42P13", "SQL compilation error:\nInvalid argument types for function '%s': (%s)"}
	// errArgumentTypesOf is 001044 naming the function only.
	errArgumentTypesOf = errorSpec{"001044", "42P13", "SQL compilation error:\nInvalid argument types for function '%s'"}
	// errArgumentTypesAt is 001044 with the call's position.
	errArgumentTypesAt = errorSpec{"001044", "42P13", "SQL compilation error: error line 1 at position %d\nInvalid argument types for function '%s'"}
	// errArgumentTypesAtOf is 001044 with the call's position and the types it got.
	errArgumentTypesAtOf        = errorSpec{"001044", "42P13", "SQL compilation error: error line 1 at position %d\nInvalid argument types for function '%s': (%s)"}
	errArrayContainsTypes       = errorSpec{"001044", "42P13", "SQL compilation error:\nInvalid argument types for function 'ARRAY_CONTAINS': (%s, %s); cast the value to VARIANT"}
	errArgumentCount            = errorSpec{"001044", "42P13", "SQL compilation error:\nInvalid number of arguments for %s"}
	errMissingArgument          = errorSpec{"001044", "42P13", "SQL compilation error:\nmissing argument %s for %s"}
	errSetOperatorColumns       = errorSpec{"001789", "42601", "SQL compilation error:\ninvalid number of result columns for set operator input branches, expected %d, got %d"}
	errSetOperatorBranchColumns = errorSpec{"001789", "42601", "SQL compilation error:\ninvalid number of result columns for set operator input branches, expected %d, got %d in branch %d"}
	errAlreadyExistsAs          = errorSpec{"002002", "42710", "SQL compilation error:\nObject '%s' already exists as %s"}
	errStreamlitMainFile        = errorSpec{"002003", "02000", "Streamlit main file %s does not exist in the application's version."}
	errSecretNotAllowed         = errorSpec{"002003", "42601", "SQL compilation error:\nSecret '%s' (alias '%s') is not allowed by any external access integration of the procedure."}
	errValuesExpression         = errorSpec{"002014", "22000", "SQL compilation error:\nInvalid expression [%s(…)] in VALUES clause"}
	errGetArgumentTypes         = errorSpec{"002016", "22000", "SQL compilation error:\nInvalid argument types for function 'GET': (%s, VARCHAR(%d))"}
	errInsertColumnCount        = errorSpec{"002020", "21S01", "SQL compilation error:\nInsert value list does not match column list expecting %d but got %d"}
	errDateTimePart             = errorSpec{"002020", "42601", "SQL compilation error:\nInvalid date/time part '%s' for function %s"}
	errValuesColumnNames        = errorSpec{"002022", "42601", "SQL compilation error:\nThe number of column names (%d) does not match the VALUES rows' %d expressions"}
	errQueryColumnNames         = errorSpec{"002022", "42601", "SQL compilation error:\nThe number of column names (%d) of %s does not match the query's %d columns"}
	errColumnType               = errorSpec{"002023", "22000", "SQL compilation error:\nExpression type does not match column data type, expecting %s but got %s for column %s"}
	errFlattenInput             = errorSpec{"002023", "22023", "SQL compilation error:\ninvalid type [%s] for parameter 'INPUT'"}
	errColumnExists             = errorSpec{"002025", "42601", "SQL compilation error:\ncolumn '%s' already exists"}
	errDuplicateColumn          = errorSpec{"002025", "42601", "SQL compilation error:\nduplicate column name '%s'"}
	errAmbiguousColumn          = errorSpec{"002028", "42601", "SQL compilation error:\nambiguous column name '%s'"}
	errViewExpansion            = errorSpec{"002037", "42601", "SQL compilation error:\nFailure during expansion of view '%s'"}
	errViewExpansionCause       = errorSpec{"002037", "42601", "SQL compilation error:\nFailure during expansion of view '%s': %v"}
	errUnsupportedType          = errorSpec{"002040", "42601", "SQL compilation error:\nUnsupported data type '%s'."}
	errSubqueryColumns          = errorSpec{"002057", "42601", "SQL compilation error:\nSingle-row subquery returns more than one column."}
	errPositionOutOfRange       = errorSpec{"002062", "42601", "SQL compilation error:\nThe position %s is out of range of the select list"}
	errArrayBind                = errorSpec{"002099", "42601", "SQL compilation error:\nArray bind currently not supported for this query type."}
	errUnknownUDF               = errorSpec{"002141", "42601", "SQL compilation error:\nUnknown user-defined function %s."}
	errRootTaskNotSuspended     = errorSpec{"091083", "22000", "Unable to update graph with root task %s since that root task is not suspended."}
	errTaskNoSchedule           = errorSpec{"091089", "22000", "Task %s cannot be resumed: it has no schedule."}
	errVersionExists            = errorSpec{"093030", "22000", "Version %s already exists in application package %s."}
	errVersionNotExist          = errorSpec{"093031", "22000", "Version %s does not exist in application package %s."}
	errPatchNotExist            = errorSpec{"093036", "22000", "Version %s patch %d does not exist in application package %s."}
	errTwoVersions              = errorSpec{"093037", "22000", "Application package %s already has 2 versions (versions being dropped included); drop one first."}
	errVersionInDirective       = errorSpec{"093088", "22000", "Version %s of application package %s is referenced by a release directive."}
	errAppOwnsOutside           = errorSpec{"093128", "22000", "Application %s owns objects outside itself (%s); drop it with CASCADE."}
	errPatchOrder               = errorSpec{"093157", "22000", "Patch %d must be greater than the existing patches of version %s."}
	errNoReleaseDirective       = errorSpec{"093159", "22000", "Application package %s has no default release directive; name a version with USING VERSION."}
	errPackageGone              = errorSpec{"093160", "22000", "The application package of %s no longer exists."}
	errReleaseChannelsEnabled   = errorSpec{"093161", "22000", "Cannot %s in application package %s because release channels are enabled; use REGISTER VERSION and MODIFY RELEASE CHANNEL instead."}
	errPackageInUse             = errorSpec{"093162", "22000", "Application package %s is used by application %s; drop the application first."}
	// errTooManyPatches: "A version can have a maximum of 130 patches" (ADD PATCH usage notes).
	errTooManyPatches             = errorSpec{"093162", "22000", "Cannot add patch %d to version %s of application package %s: a version can have a maximum of 130 patches."}
	errReleaseChannelsDisabled    = errorSpec{"093163", "22000", "Cannot %s in application package %s because release channels are not enabled."}
	errNoReleaseChannel           = errorSpec{"093165", "22000", "Release channel %s does not exist in application package %s."}
	errChannelFull                = errorSpec{"512004", "22000", "There are 2 versions added to the release channel %s; drop one first."}
	errVersionInChannel           = errorSpec{"512005", "22000", "Version %s is already added to release channel %s."}
	errVersionNotAddedToChannel   = errorSpec{"512008", "22000", "Version %s is not added to release channel %s."}
	errVersionNotInChannel        = errorSpec{"512010", "22000", "Version %s is not in release channel %s."}
	errVersionInChannelDeregister = errorSpec{"512021", "22000", "Cannot deregister version %s of application package %s: it is associated with release channel %s; drop it from the channel first."}
	errNumberOutOfRange           = errorSpec{"100046", "22003", "Number out of representable range: %s"}
	errBoundValues                = errorSpec{"100069", "22P02", "Error parsing the bound values uploaded to %s: %v"}
	errDuplicateRow               = errorSpec{"100090", "42P18", "Duplicate row detected during DML action\nRow Values: [%d]"}
	errSnowparkPackage            = errorSpec{"100357", "P0000", "Python procedures must list 'snowflake-snowpark-python' in PACKAGES."}
	errRuntimeDecommissioned      = errorSpec{"100357", "P0000", "Python runtime version %s is decommissioned"}
	errNumericLiteral             = errorSpec{"100038", "22018", "Numeric value '%s' is not recognized"}
	errNullInNotNullColumn        = errorSpec{"100072", "22000", "NULL result in a non-nullable column"}
	errLogin                      = errorSpec{"390100", "08004", "Incorrect username or password was specified."}
	errRoleNotGranted             = errorSpec{"390189", "08004", "Role '%s' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC."}
)

// setupError is a statement's error in a setup script, with its code,
// named as the script's.
func setupError(app *catalog.Object, err *Error) error {
	return &Error{Code: err.Code, SQLState: err.SQLState,
		Message: fmt.Sprintf("Failed to run the setup script of application %s: %s", app.Name, err.Message)}
}

// Errors raised inside the functions SQLite calls travel through SQLite
// as text (sfErr); decodeSQLiteError makes them Snowflake errors again.

const sfErrPrefix = "SFERR|"

func sfErr(code, state, format string, args ...any) error {
	return fmt.Errorf("%s%s|%s|%s", sfErrPrefix, code, state, fmt.Sprintf(format, args...))
}

// decodeSQLiteError recovers a Snowflake error raised inside a function.
func decodeSQLiteError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "NOT NULL constraint failed") {
		return errNullInNotNullColumn.with()
	}
	if i := strings.Index(msg, sfErrPrefix); i >= 0 {
		parts := strings.SplitN(msg[i+len(sfErrPrefix):], "|", 3)
		if len(parts) == 3 {
			text := parts[2]
			if j := strings.Index(text, " (1)"); j >= 0 {
				text = text[:j]
			}
			return &Error{Code: parts[0], SQLState: parts[1], Message: text}
		}
	}
	return err
}

// The errors raised while a statement runs, by name.
var (
	errRuntimeArgumentCount   = runtimeErrorSpec{"001044", "42P13", "SQL compilation error:\nInvalid number of arguments for %s"}
	errTimestampNotRecognized = runtimeErrorSpec{"100035", "22007", "Timestamp '%s' is not recognized"}
	errBooleanNotRecognized   = runtimeErrorSpec{"100037", "22018", "Boolean value '%s' is not recognized"}
	errNumericNotRecognized   = runtimeErrorSpec{"100038", "22018", "Numeric value '%v' is not recognized"}
	errInvalidRegexp          = runtimeErrorSpec{"100048", "2201B", "Invalid regular expression: '%s', %v"}
	errRegexpParameter        = runtimeErrorSpec{"100048", "22023", "Invalid regular expression parameter '%c' in '%s'"}
	errDivisionByZero         = runtimeErrorSpec{"100051", "22012", "Division by zero"}
	errLikeEscape             = runtimeErrorSpec{"100069", "22019", "Invalid escape character '%s' in LIKE: it must be one character"}
	errParsingJSON            = runtimeErrorSpec{"100069", "22P02", "Error parsing JSON: %s"}
	errStringTooLong          = runtimeErrorSpec{"100074", "22000", "String '%s' is too long and would be truncated"}
)

// errorFamily is a Snowflake error whose wording after a fixed prefix
// varies by statement; with gives the rest.
type errorFamily struct{ code, state, prefix string }

func (e errorFamily) with(format string, args ...any) *Error {
	return newError(e.code, e.state, e.prefix+format, args...)
}

// runtimeErrorFamily is an errorFamily raised inside a function SQLite calls.
type runtimeErrorFamily struct{ code, state, prefix string }

func (e runtimeErrorFamily) with(format string, args ...any) error {
	return sfErr(e.code, e.state, e.prefix+format, args...)
}

// The families of errors, by name.
var (
	// errCompilation is 001003, Snowflake's compilation and syntax error.
	errCompilation = errorFamily{"001003", "42000", "SQL compilation error:\n"}
	// errInvalidArgument is 001015, a table function's argument refused.
	errInvalidArgument = errorFamily{"001015", "42601", "SQL compilation error:\n"}
	// errUnknownFunction is 002140, a function (or its form) Snowflake does not have.
	errUnknownFunction = errorFamily{"002140", "42601", "SQL compilation error:\n"}
	// errAccessControl is 003001 for a refusal other than a missing privilege.
	errAccessControl = errorFamily{"003001", "42501", "SQL access control error:\n"}
	// errRoleGrant is 003013, a role grant Snowflake refuses.
	errRoleGrant = errorFamily{"003013", "42601", "SQL compilation error:\n"}
	// errPrivilege is 003111, a privilege that cannot be granted or revoked so.
	errPrivilege = errorFamily{"003111", "42601", "SQL compilation error:\n"}
	// errSetupScriptOnly is 093152, a statement only a setup script may run, or one it may not.
	errSetupScriptOnly = errorFamily{"093152", "22000", ""}
	// errVersionDirectory is 093146, a version directory without its files.
	errVersionDirectory = errorFamily{"093146", "22000", ""}
	errInvalidManifest  = errorFamily{"093147", "22000", "Invalid manifest: "}
)

// The families of errors raised while a statement runs, by name.
var (
	errRuntimeUnsupported = runtimeErrorFamily{"000002", "0A000", "Unsupported feature: "}
	// errOutOfRange is 100046 with what overflowed.
	errOutOfRange = runtimeErrorFamily{"100046", "22003", "Number out of representable range: "}
	// errRegexpArgument is 100051 for a position, occurrence or group out of range.
	errRegexpArgument = runtimeErrorFamily{"100051", "22023", ""}
)
