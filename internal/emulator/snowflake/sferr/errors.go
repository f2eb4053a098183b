// Package sferr is Snowflake's errors as the emulator answers them: each
// declared once, by name, with Snowflake's code, SQL state and wording, in
// the package that raises it; the ones both the compiler and the engine
// raise are here.
package sferr

import (
	"errors"
	"fmt"
	"regexp"
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

func New(code, state, format string, args ...any) *Error {
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

func Insufficient(kind, name string) *Error {
	return New("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on %s '%s'", strings.ToLower(kind), name)
}

func Unsupported(format string, args ...any) *Error {
	return New("000002", "0A000", "Unsupported feature '%s'.", fmt.Sprintf(format, args...))
}

// Spec is a Snowflake error declared once: its code, SQL state and
// wording; with fills in the statement's details.
type Spec struct{ code, state, format string }

func (e Spec) With(args ...any) *Error { return New(e.code, e.state, e.format, args...) }

// RuntimeSpec is an error raised inside a function SQLite calls.
type RuntimeSpec struct{ code, state, format string }

func (e RuntimeSpec) With(args ...any) error { return Raise(e.code, e.state, e.format, args...) }

// Family is a Snowflake error whose wording after a fixed prefix
// varies by statement; with gives the rest.
type Family struct{ code, state, prefix string }

func (e Family) With(format string, args ...any) *Error {
	return New(e.code, e.state, e.prefix+format, args...)
}

// RuntimeFamily is an errorFamily raised inside a function SQLite calls.
type RuntimeFamily struct{ code, state, prefix string }

func (e RuntimeFamily) With(format string, args ...any) error {
	return Raise(e.code, e.state, e.prefix+format, args...)
}

// Snowflake's shapes: a six-digit code and a five-character SQL state.
var (
	codeShape  = regexp.MustCompile(`^[0-9]{6}$`)
	stateShape = regexp.MustCompile(`^[0-9A-Z]{5}$`)
)

// mustShape refuses, when the errors are declared, a code or SQL state
// that does not have Snowflake's shape.
func mustShape(code, state string) {
	if !codeShape.MatchString(code) || !stateShape.MatchString(state) {
		panic(fmt.Sprintf("sferr: code %q or SQL state %q is not in Snowflake's shape", code, state))
	}
}

func NewSpec(code, state, format string) Spec {
	mustShape(code, state)
	return Spec{code, state, format}
}

func NewRuntimeSpec(code, state, format string) RuntimeSpec {
	mustShape(code, state)
	return RuntimeSpec{code, state, format}
}

func NewFamily(code, state, prefix string) Family {
	mustShape(code, state)
	return Family{code, state, prefix}
}

func NewRuntimeFamily(code, state, prefix string) RuntimeFamily {
	mustShape(code, state)
	return RuntimeFamily{code, state, prefix}
}

// Errors raised inside the functions SQLite calls travel through SQLite
// as text (sfErr); decodeSQLiteError makes them Snowflake errors again.

const sfErrPrefix = "SFERR|"

func Raise(code, state, format string, args ...any) error {
	return fmt.Errorf("%s%s|%s|%s", sfErrPrefix, code, state, fmt.Sprintf(format, args...))
}

// FromSQLite recovers a Snowflake error raised inside a function.
func FromSQLite(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "NOT NULL constraint failed") {
		return NullInNotNullColumn.With()
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

// The errors both the compiler and the engine answer with.
var (
	InvalidValue        = NewSpec("001008", "22023", "SQL compilation error:\ninvalid value [%s] for parameter '%s'")
	InvalidIdentifier   = NewSpec("000904", "42000", "SQL compilation error: error line 1 at position 0\ninvalid identifier '%s'")
	NullInNotNullColumn = NewSpec("100072", "22000", "NULL result in a non-nullable column")
	// Compilation is 001003, Snowflake's compilation and syntax error.
	Compilation = NewFamily("001003", "42000", "SQL compilation error:\n")
	// UnknownFunction is 002140, a function (or its form) Snowflake does not have.
	UnknownFunction = NewFamily("002140", "42601", "SQL compilation error:\n")
)
