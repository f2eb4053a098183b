package snowflake

import (
	"errors"
	"fmt"

	sf "github.com/snowflakedb/gosnowflake"
)

// Sentinel errors; match them with errors.Is.
var (
	ErrObjectNotFound          = errors.New("object does not exist or not authorized")
	ErrObjectAlreadyExists     = errors.New("object already exists")
	ErrInsufficientPrivileges  = errors.New("insufficient privileges")
	ErrConnectionNotConfigured = errors.New("the provider has no Snowflake connection configured")
)

// Snowflake error numbers the provider reacts to. It decides on these,
// never on the words of a message (they are Snowflake's to reword); the
// Native App numbers are those snowflake-cli decides on (its errno.py).
const (
	codeObjectNotExist           = 2003
	codeObjectNotExistOrCannotDo = 2043
	codeAlreadyExists            = 2002
	codeInsufficientPrivileges   = 3001

	// CodeSQLCompilation is a compilation (syntax) error: what SHOW RELEASE
	// CHANNELS answers in an account without release channels.
	CodeSQLCompilation = 1003
	// CodeVersionReferencedByReleaseDirective refuses dropping (or taking
	// out of a channel) a version a release directive points at.
	CodeVersionReferencedByReleaseDirective = 93088
	// CodeVersionNotInReleaseChannel refuses taking a version out of a
	// channel it is not in.
	CodeVersionNotInReleaseChannel = 512010
	// CodeCannotDeregisterVersionInChannel refuses deregistering a version
	// still in a release channel.
	CodeCannotDeregisterVersionInChannel = 512021
	// CodeApplicationOwnsExternalObjects refuses DROP APPLICATION without
	// CASCADE when the application owns objects outside itself.
	CodeApplicationOwnsExternalObjects = 93128
)

// HasCode reports whether err is a Snowflake error with one of codes.
func HasCode(err error, codes ...int) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, c := range codes {
		if e.Code == c {
			return true
		}
	}
	return false
}

// Error wraps a driver error together with the sentinel it maps to, so
// callers can use errors.Is and still show Snowflake's own message.
type Error struct {
	Sentinel error
	Code     int
	SQLState string
	QueryID  string
	Err      error
}

func (e *Error) Error() string { return e.Err.Error() }

func (e *Error) Unwrap() []error {
	if e.Sentinel == nil {
		return []error{e.Err}
	}
	return []error{e.Sentinel, e.Err}
}

// decodeError maps a gosnowflake error to an *Error with a sentinel.
func decodeError(err error) error {
	if err == nil {
		return nil
	}
	var sfErr *sf.SnowflakeError
	if !errors.As(err, &sfErr) {
		return err
	}
	out := &Error{Code: sfErr.Number, SQLState: sfErr.SQLState, QueryID: sfErr.QueryID, Err: err}
	switch sfErr.Number {
	case codeObjectNotExist, codeObjectNotExistOrCannotDo:
		out.Sentinel = ErrObjectNotFound
	case codeAlreadyExists:
		out.Sentinel = ErrObjectAlreadyExists
	case codeInsufficientPrivileges:
		out.Sentinel = ErrInsufficientPrivileges
	}
	return out
}

func errUnexpectedRows(statement string, want, got int) error {
	return fmt.Errorf("%s returned %d rows, expected %d", statement, got, want)
}
