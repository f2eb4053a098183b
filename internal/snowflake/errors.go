package snowflake

import (
	"errors"
	"fmt"
	"strings"

	sf "github.com/snowflakedb/gosnowflake"
)

// Sentinel errors; match them with errors.Is.
var (
	ErrObjectNotFound          = errors.New("object does not exist or not authorized")
	ErrObjectAlreadyExists     = errors.New("object already exists")
	ErrInsufficientPrivileges  = errors.New("insufficient privileges")
	ErrConnectionNotConfigured = errors.New("the provider has no Snowflake connection configured")
)

// Snowflake error numbers the provider reacts to.
const (
	codeObjectNotExist           = 2003
	codeObjectNotExistOrCannotDo = 2043
	codeAlreadyExists            = 2002
	codeInsufficientPrivileges   = 3001
)

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
	msg := strings.ToLower(sfErr.Message)
	switch {
	case sfErr.Number == codeObjectNotExist || sfErr.Number == codeObjectNotExistOrCannotDo,
		strings.Contains(msg, "does not exist or not authorized"),
		strings.Contains(msg, "object does not exist, or operation cannot be performed"):
		out.Sentinel = ErrObjectNotFound
	case sfErr.Number == codeAlreadyExists, strings.Contains(msg, "already exists"):
		out.Sentinel = ErrObjectAlreadyExists
	case sfErr.Number == codeInsufficientPrivileges, strings.Contains(msg, "insufficient privileges"):
		out.Sentinel = ErrInsufficientPrivileges
	}
	return out
}

func errUnexpectedRows(statement string, want, got int) error {
	return fmt.Errorf("%s returned %d rows, expected %d", statement, got, want)
}
