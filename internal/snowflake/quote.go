package snowflake

import "strings"

// QuoteIdentifier renders a name as a double-quoted Snowflake identifier,
// doubling embedded double quotes. Every identifier in generated SQL goes
// through here, so a name can never end the identifier early.
func QuoteIdentifier(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QuoteString renders a single-quoted Snowflake string literal. Snowflake
// interprets backslash escapes inside single-quoted strings, so backslashes
// are escaped first, then quotes and the characters that would otherwise be
// read as escapes or break the statement.
func QuoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case 0:
			b.WriteString(`\0`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
