package snowflake

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names are case-sensitive: they are always rendered double-quoted, so
// "my_db" and "MY_DB" are different objects, exactly as in Snowflake.

// maxIdentifierLength is Snowflake's limit for one identifier part.
const maxIdentifierLength = 255

// AccountObjectIdentifier names an object that lives directly in the account
// (database, warehouse, integration, application, application package).
type AccountObjectIdentifier struct {
	name string
}

// DatabaseObjectIdentifier names an object inside a database (a schema).
type DatabaseObjectIdentifier struct {
	database string
	name     string
}

// SchemaObjectIdentifier names an object inside a schema (network rule,
// secret, stage, table, view, procedure, task).
type SchemaObjectIdentifier struct {
	database string
	schema   string
	name     string
}

// Identifier is implemented by all identifier kinds.
type Identifier interface {
	Name() string
	FullyQualifiedName() string
	validate() error
}

func NewAccountObjectIdentifier(name string) AccountObjectIdentifier {
	return AccountObjectIdentifier{name: name}
}

func NewDatabaseObjectIdentifier(database, name string) DatabaseObjectIdentifier {
	return DatabaseObjectIdentifier{database: database, name: name}
}

func NewSchemaObjectIdentifier(database, schema, name string) SchemaObjectIdentifier {
	return SchemaObjectIdentifier{database: database, schema: schema, name: name}
}

func (i AccountObjectIdentifier) Name() string { return i.name }
func (i AccountObjectIdentifier) FullyQualifiedName() string {
	return QuoteIdentifier(i.name)
}
func (i AccountObjectIdentifier) String() string { return i.FullyQualifiedName() }
func (i AccountObjectIdentifier) validate() error {
	return ValidateIdentifierPart("name", i.name)
}

func (i DatabaseObjectIdentifier) Name() string         { return i.name }
func (i DatabaseObjectIdentifier) DatabaseName() string { return i.database }
func (i DatabaseObjectIdentifier) DatabaseId() AccountObjectIdentifier {
	return NewAccountObjectIdentifier(i.database)
}
func (i DatabaseObjectIdentifier) FullyQualifiedName() string {
	return QuoteIdentifier(i.database) + "." + QuoteIdentifier(i.name)
}
func (i DatabaseObjectIdentifier) String() string { return i.FullyQualifiedName() }
func (i DatabaseObjectIdentifier) validate() error {
	if err := ValidateIdentifierPart("database", i.database); err != nil {
		return err
	}
	return ValidateIdentifierPart("name", i.name)
}

func (i SchemaObjectIdentifier) Name() string         { return i.name }
func (i SchemaObjectIdentifier) DatabaseName() string { return i.database }
func (i SchemaObjectIdentifier) SchemaName() string   { return i.schema }
func (i SchemaObjectIdentifier) SchemaId() DatabaseObjectIdentifier {
	return NewDatabaseObjectIdentifier(i.database, i.schema)
}
func (i SchemaObjectIdentifier) FullyQualifiedName() string {
	return QuoteIdentifier(i.database) + "." + QuoteIdentifier(i.schema) + "." + QuoteIdentifier(i.name)
}
func (i SchemaObjectIdentifier) String() string { return i.FullyQualifiedName() }
func (i SchemaObjectIdentifier) validate() error {
	if err := ValidateIdentifierPart("database", i.database); err != nil {
		return err
	}
	if err := ValidateIdentifierPart("schema", i.schema); err != nil {
		return err
	}
	return ValidateIdentifierPart("name", i.name)
}

// ValidateIdentifierPart checks one part of a name against what Snowflake
// accepts for a double-quoted identifier. field names the part in the error.
func ValidateIdentifierPart(field, part string) error {
	if part == "" {
		return fmt.Errorf("%s must not be empty", field)
	}
	if !utf8.ValidString(part) {
		return fmt.Errorf("%s %q is not valid UTF-8", field, part)
	}
	if n := utf8.RuneCountInString(part); n > maxIdentifierLength {
		return fmt.Errorf("%s is %d characters long; Snowflake allows at most %d", field, n, maxIdentifierLength)
	}
	for _, r := range part {
		if unicode.IsControl(r) {
			return fmt.Errorf("%s %q contains the control character %U; names may not contain control characters such as newlines or tabs", field, part, r)
		}
	}
	return nil
}

// Expected forms, used in parser errors so users know what to type.
const (
	accountObjectForm  = `<name> (for example MY_INTEGRATION or "My Integration")`
	databaseObjectForm = `<database_name>.<name> (for example MY_DB.PUBLIC or "My Db"."Public")`
	schemaObjectForm   = `<database_name>.<schema_name>.<object_name> (for example MY_DB.PUBLIC.MY_RULE or "My Db"."PUBLIC"."my rule")`
)

// ParseAccountObjectIdentifier parses a single, plain or double-quoted name.
func ParseAccountObjectIdentifier(s string) (AccountObjectIdentifier, error) {
	parts, err := parseIdentifierParts(s, 1, accountObjectForm)
	if err != nil {
		return AccountObjectIdentifier{}, err
	}
	return NewAccountObjectIdentifier(parts[0]), nil
}

// ParseDatabaseObjectIdentifier parses `db.name`, each part plain or double-quoted.
func ParseDatabaseObjectIdentifier(s string) (DatabaseObjectIdentifier, error) {
	parts, err := parseIdentifierParts(s, 2, databaseObjectForm)
	if err != nil {
		return DatabaseObjectIdentifier{}, err
	}
	return NewDatabaseObjectIdentifier(parts[0], parts[1]), nil
}

// ParseSchemaObjectIdentifier parses `db.schema.name`, each part plain or double-quoted.
func ParseSchemaObjectIdentifier(s string) (SchemaObjectIdentifier, error) {
	parts, err := parseIdentifierParts(s, 3, schemaObjectForm)
	if err != nil {
		return SchemaObjectIdentifier{}, err
	}
	return NewSchemaObjectIdentifier(parts[0], parts[1], parts[2]), nil
}

// plainPart is an unquoted name as Snowflake's grammar allows it.
var plainPart = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*$`)

// parseIdentifierParts splits on dots outside double quotes. A quoted part
// keeps its exact text (with "" meaning one "); a plain part is taken
// verbatim (it must be a plain name), because every name this provider
// renders is quoted and therefore case-sensitive.
func parseIdentifierParts(s string, want int, form string) ([]string, error) {
	fail := func(reason string) error {
		return fmt.Errorf("invalid identifier %q: %s; expected %s", s, reason, form)
	}
	if strings.TrimSpace(s) == "" {
		return nil, fail("it is empty")
	}
	var parts []string
	i := 0
	for {
		var part strings.Builder
		quoted := i < len(s) && s[i] == '"'
		if quoted {
			i++
			closed := false
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						part.WriteByte('"')
						i += 2
						continue
					}
					closed = true
					i++
					break
				}
				part.WriteByte(s[i])
				i++
			}
			if !closed {
				return nil, fail("a double quote is not closed")
			}
			if i < len(s) && s[i] != '.' {
				return nil, fail(fmt.Sprintf("unexpected %q after a closing double quote", s[i:i+1]))
			}
		} else {
			for i < len(s) && s[i] != '.' {
				if s[i] == '"' {
					return nil, fail(`a double quote may only wrap a whole part; write "" for a literal quote inside a quoted part`)
				}
				part.WriteByte(s[i])
				i++
			}
		}
		p := part.String()
		if p == "" {
			return nil, fail(fmt.Sprintf("part %d is empty", len(parts)+1))
		}
		if err := ValidateIdentifierPart(fmt.Sprintf("part %d", len(parts)+1), p); err != nil {
			return nil, fail(err.Error())
		}
		if !quoted && !plainPart.MatchString(p) {
			return nil, fail(fmt.Sprintf("part %d (%s) is not a plain name; double-quote a part that holds characters other than letters, digits, _ and $", len(parts)+1, p))
		}
		parts = append(parts, p)
		if i >= len(s) {
			break
		}
		i++ // skip '.'
		if i >= len(s) {
			return nil, fail("it ends with a dot")
		}
	}
	if len(parts) != want {
		return nil, fail(fmt.Sprintf("it has %d part(s), want %d", len(parts), want))
	}
	return parts, nil
}
