package snowflake

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// CreateApplication renders CREATE APPLICATION … FROM APPLICATION PACKAGE … USING VERSION v [PATCH n].
type CreateApplication struct {
	ID      AccountObjectIdentifier
	Package AccountObjectIdentifier
	Version string
	Patch   *int
	Comment *string
}

func (s CreateApplication) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("CREATE", "APPLICATION").ident("application", s.ID)
	b.add("FROM", "APPLICATION", "PACKAGE").ident("application package", s.Package)
	b.add("USING", "VERSION").ident("version", NewAccountObjectIdentifier(s.Version))
	if s.Patch != nil {
		if *s.Patch < 0 {
			b.fail("patch must not be negative")
		}
		b.add("PATCH", strconv.Itoa(*s.Patch))
	}
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

// AlterApplicationUpgrade renders ALTER APPLICATION … UPGRADE USING VERSION v [PATCH n].
type AlterApplicationUpgrade struct {
	ID      AccountObjectIdentifier
	Version string
	Patch   *int
}

func (s AlterApplicationUpgrade) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "APPLICATION").ident("application", s.ID).add("UPGRADE", "USING", "VERSION").ident("version", NewAccountObjectIdentifier(s.Version))
	if s.Patch != nil {
		if *s.Patch < 0 {
			b.fail("patch must not be negative")
		}
		b.add("PATCH", strconv.Itoa(*s.Patch))
	}
	return b.String()
}

// AlterApplicationSetComment renders ALTER APPLICATION … SET COMMENT = '…'.
type AlterApplicationSetComment struct {
	ID      AccountObjectIdentifier
	Comment string
}

func (s AlterApplicationSetComment) SQL() (string, error) {
	return (&sqlBuilder{}).add("ALTER", "APPLICATION").ident("application", s.ID).add("SET").property("COMMENT", s.Comment).String()
}

// AlterApplicationUnsetComment renders ALTER APPLICATION … UNSET COMMENT.
type AlterApplicationUnsetComment struct {
	ID AccountObjectIdentifier
}

func (s AlterApplicationUnsetComment) SQL() (string, error) {
	return (&sqlBuilder{}).add("ALTER", "APPLICATION").ident("application", s.ID).add("UNSET", "COMMENT").String()
}

// DropApplication renders DROP APPLICATION [IF EXISTS] … [CASCADE]. CASCADE
// also drops objects the application created outside itself (the
// destination database).
type DropApplication struct {
	IfExists bool
	ID       AccountObjectIdentifier
	Cascade  bool
}

func (s DropApplication) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("DROP", "APPLICATION").add(ifExists(s.IfExists)...).ident("application", s.ID)
	if s.Cascade {
		b.add("CASCADE")
	}
	return b.String()
}

// DescribeApplication renders DESCRIBE APPLICATION.
type DescribeApplication struct {
	ID AccountObjectIdentifier
}

func (s DescribeApplication) SQL() (string, error) {
	return (&sqlBuilder{}).add("DESCRIBE", "APPLICATION").ident("application", s.ID).String()
}

// Application is a row of SHOW APPLICATIONS.
type Application struct {
	CreatedOn  string
	Name       string
	SourceType string
	Source     string
	Owner      string
	Comment    string
	Version    string
	Label      string
	Patch      int
}

func applicationFromShow(row Row) Application {
	return Application{
		CreatedOn:  row.String("created_on"),
		Name:       row.String("name"),
		SourceType: row.String("source_type"),
		Source:     row.String("source"),
		Owner:      row.String("owner"),
		Comment:    row.String("comment"),
		Version:    row.String("version"),
		Label:      row.String("label"),
		Patch:      row.Int("patch"),
	}
}

// Arg is one argument of a CALL.
type Arg interface {
	render() (string, error)
}

type stringArg string
type intArg int64
type boolArg bool
type nullArg struct{}
type jsonArg struct{ v any }

// StringArg passes a VARCHAR literal.
func StringArg(s string) Arg { return stringArg(s) }

// IntArg passes a NUMBER literal.
func IntArg(n int64) Arg { return intArg(n) }

// BoolArg passes a BOOLEAN literal.
func BoolArg(b bool) Arg { return boolArg(b) }

// NullArg passes NULL.
func NullArg() Arg { return nullArg{} }

// JSONArg passes v as a VARIANT built with PARSE_JSON('<json>').
func JSONArg(v any) Arg { return jsonArg{v: v} }

func (a stringArg) render() (string, error) { return QuoteString(string(a)), nil }
func (a intArg) render() (string, error)    { return strconv.FormatInt(int64(a), 10), nil }
func (a boolArg) render() (string, error)   { return strings.ToUpper(strconv.FormatBool(bool(a))), nil }
func (nullArg) render() (string, error)     { return "NULL", nil }
func (a jsonArg) render() (string, error) {
	if f, ok := a.v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return "", fmt.Errorf("JSON argument %v is not representable", f)
	}
	data, err := json.Marshal(a.v)
	if err != nil {
		return "", fmt.Errorf("encoding JSON argument: %w", err)
	}
	return "PARSE_JSON(" + QuoteString(string(data)) + ")", nil
}

// Call renders CALL <procedure>(<args>).
type Call struct {
	Procedure SchemaObjectIdentifier
	Args      []Arg
}

func (s Call) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("CALL").ident("procedure", s.Procedure)
	args := make([]string, 0, len(s.Args))
	for i, a := range s.Args {
		text, err := a.render()
		if err != nil {
			b.fail("argument %d: %w", i+1, err)
		}
		args = append(args, text)
	}
	b.parts[len(b.parts)-1] += "(" + strings.Join(args, ", ") + ")"
	return b.String()
}

// DescribeProcedure renders DESCRIBE PROCEDURE <name>(<types>).
type DescribeProcedure struct {
	ID       SchemaObjectIdentifier
	ArgTypes []string
}

var argType = regexp.MustCompile(`^[A-Z_]+(\([0-9, ]+\))?$`)

func (s DescribeProcedure) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("DESCRIBE", "PROCEDURE").ident("procedure", s.ID)
	for _, t := range s.ArgTypes {
		if !argType.MatchString(t) {
			b.fail("argument type %q is not a Snowflake type name", t)
		}
	}
	b.parts[len(b.parts)-1] += "(" + strings.Join(s.ArgTypes, ", ") + ")"
	return b.String()
}
