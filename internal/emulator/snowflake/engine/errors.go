// Package engine executes parsed statements against the catalog with
// Snowflake's semantics, privileges, result shapes and error codes.
package engine

import (
	"errors"
	"fmt"
	"strings"

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

func errAlreadyExists(name string) *Error {
	return newError("002002", "42710", "SQL compilation error:\nObject '%s' already exists.", name)
}

func errInsufficient(kind, name string) *Error {
	return newError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on %s '%s'", strings.ToLower(kind), name)
}

func errInvalidValue(value, param string) *Error {
	return newError("001008", "22023", "SQL compilation error:\ninvalid value [%s] for parameter '%s'", value, param)
}

func errNoCurrent(action, what string) *Error {
	return newError("090105", "22000", "Cannot perform %s. This session does not have a current %s. Call 'USE %s', or use a qualified name.", action, strings.ToLower(what), what)
}

func errUnsupported(format string, args ...any) *Error {
	return newError("000002", "0A000", "Unsupported feature '%s'.", fmt.Sprintf(format, args...))
}

// errConflict reports options that cannot be combined (OR REPLACE + IF NOT EXISTS).
func errConflict(a, b string) *Error {
	return newError("002011", "42601", "SQL compilation error:\n%s and %s are incompatible.", a, b)
}
