package snowflake

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Statement is one SQL statement. SQL validates the builder's fields and
// renders the exact text sent to Snowflake.
type Statement interface {
	SQL() (string, error)
}

// Redactor is implemented by statements that carry a secret; Redacted is the
// only form of their text that may be logged.
type Redactor interface {
	Redacted() string
}

// redactedValue replaces secret literals in loggable SQL.
const redactedValue = "'***'"

// sqlBuilder accumulates clauses separated by single spaces.
type sqlBuilder struct {
	parts []string
	errs  []error
}

func (b *sqlBuilder) add(parts ...string) *sqlBuilder {
	b.parts = append(b.parts, parts...)
	return b
}

func (b *sqlBuilder) ident(field string, id Identifier) *sqlBuilder {
	if err := id.validate(); err != nil {
		b.errs = append(b.errs, fmt.Errorf("%s: %w", field, err))
	}
	b.parts = append(b.parts, id.FullyQualifiedName())
	return b
}

// property adds KEY = 'value'.
func (b *sqlBuilder) property(key, value string) *sqlBuilder {
	return b.add(key, "=", QuoteString(value))
}

// optionalProperty adds KEY = 'value' when value is set.
func (b *sqlBuilder) optionalProperty(key string, value *string) {
	if value != nil {
		b.property(key, *value)
	}
}

func (b *sqlBuilder) boolProperty(key string, value bool) {
	b.add(key, "=", strings.ToUpper(strconv.FormatBool(value)))
}

// identList adds KEY = (id, id, ...).
func (b *sqlBuilder) identList(key string, ids []SchemaObjectIdentifier) {
	rendered := make([]string, 0, len(ids))
	for _, id := range ids {
		if err := id.validate(); err != nil {
			b.errs = append(b.errs, fmt.Errorf("%s: %w", strings.ToLower(key), err))
		}
		rendered = append(rendered, id.FullyQualifiedName())
	}
	b.add(key, "=", "("+strings.Join(rendered, ", ")+")")
}

// location adds '@<stage>/<path>' as a string literal.
func (b *sqlBuilder) location(loc StageLocation) {
	if err := loc.Stage.validate(); err != nil {
		b.errs = append(b.errs, fmt.Errorf("stage: %w", err))
	}
	if strings.HasPrefix(loc.Path, "/") {
		b.errs = append(b.errs, fmt.Errorf("stage path %q must be relative", loc.Path))
	}
	b.add(QuoteString(loc.String()))
}

func (b *sqlBuilder) fail(format string, args ...any) {
	b.errs = append(b.errs, fmt.Errorf(format, args...))
}

func (b *sqlBuilder) String() (string, error) {
	if len(b.errs) > 0 {
		return "", errors.Join(b.errs...)
	}
	return strings.Join(b.parts, " "), nil
}

func stringList(values []string) string {
	quoted := make([]string, 0, len(values))
	for _, v := range values {
		quoted = append(quoted, QuoteString(v))
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

func ifExists(b bool) []string {
	if b {
		return []string{"IF", "EXISTS"}
	}
	return nil
}

func ifNotExists(b bool) []string {
	if b {
		return []string{"IF", "NOT", "EXISTS"}
	}
	return nil
}

func orReplace(b bool) []string {
	if b {
		return []string{"OR", "REPLACE"}
	}
	return nil
}

// Pointer returns a pointer to v, for optional builder fields.
func Pointer[T any](v T) *T { return &v }
