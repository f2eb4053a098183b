package snowflake

import (
	"strings"
	"testing"
)

func TestQuoteIdentifier(t *testing.T) {
	cases := map[string]string{
		"plain":                   `"plain"`,
		"MixedCase":               `"MixedCase"`,
		`a"b`:                     `"a""b"`,
		`""`:                      `""""""`,
		`back\slash`:              `"back\slash"`,
		"with space":              `"with space"`,
		"ünïcødé 名前":              `"ünïcødé 名前"`,
		`'); DROP DATABASE x; --`: `"'); DROP DATABASE x; --"`,
		`"); DROP DATABASE x; --`: `"""); DROP DATABASE x; --"`,
	}
	for in, want := range cases {
		if got := QuoteIdentifier(in); got != want {
			t.Errorf("QuoteIdentifier(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestQuoteString(t *testing.T) {
	cases := map[string]string{
		"":                        `''`,
		"plain":                   `'plain'`,
		"it's":                    `'it\'s'`,
		`back\slash`:              `'back\\slash'`,
		`\'`:                      `'\\\''`,
		"line\nbreak\ttab\rcr":    `'line\nbreak\ttab\rcr'`,
		"nul\x00byte":             `'nul\0byte'`,
		"$$dollar$$":              `'$$dollar$$'`,
		`'); DROP DATABASE x; --`: `'\'); DROP DATABASE x; --'`,
		"ünïcødé":                 `'ünïcødé'`,
	}
	for in, want := range cases {
		if got := QuoteString(in); got != want {
			t.Errorf("QuoteString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseSchemaObjectIdentifier(t *testing.T) {
	ok := []struct {
		in               string
		db, schema, name string
	}{
		{`db.sch.rule`, "db", "sch", "rule"},
		{`MY_DB.PUBLIC.GH`, "MY_DB", "PUBLIC", "GH"},
		{`"My Db"."PUBLIC"."my rule"`, "My Db", "PUBLIC", "my rule"},
		{`"a.b"."c""d".e`, "a.b", `c"d`, "e"},
		{`"'); DROP DATABASE x; --".s.n`, "'); DROP DATABASE x; --", "s", "n"},
		{`"名前".s.n`, "名前", "s", "n"},
	}
	for _, c := range ok {
		id, err := ParseSchemaObjectIdentifier(c.in)
		if err != nil {
			t.Errorf("ParseSchemaObjectIdentifier(%q): %v", c.in, err)
			continue
		}
		if id.DatabaseName() != c.db || id.SchemaName() != c.schema || id.Name() != c.name {
			t.Errorf("ParseSchemaObjectIdentifier(%q) = %q/%q/%q", c.in, id.DatabaseName(), id.SchemaName(), id.Name())
		}
	}
	// Round trip: the rendered form parses back to the same identifier.
	id := NewSchemaObjectIdentifier(`a"b`, "c.d", "e f")
	back, err := ParseSchemaObjectIdentifier(id.FullyQualifiedName())
	if err != nil || back != id {
		t.Fatalf("round trip of %s: %v %v", id.FullyQualifiedName(), back, err)
	}

	bad := map[string]string{
		``:                                "it is empty",
		`db.sch`:                          "it has 2 part(s), want 3",
		`a.b.c.d`:                         "it has 4 part(s), want 3",
		`db..n`:                           "part 2 is empty",
		`db.sch.`:                         "it ends with a dot",
		`"db.sch.n`:                       "a double quote is not closed",
		`"db"x.sch.n`:                     `unexpected "x" after a closing double quote`,
		`d"b.sch.n`:                       "a double quote may only wrap a whole part",
		"db.sch.a\nb":                     "control character",
		"D.S.R; DROP DATABASE VICTIM; --": "part 3 (R; DROP DATABASE VICTIM; --) is not a plain name; double-quote",
		"my-db.PUBLIC.x":                  "part 1 (my-db) is not a plain name",
		"1db.PUBLIC.x":                    "part 1 (1db) is not a plain name",
	}
	for in, want := range bad {
		_, err := ParseSchemaObjectIdentifier(in)
		if err == nil {
			t.Errorf("ParseSchemaObjectIdentifier(%q) succeeded, want error containing %q", in, want)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "<database_name>.<schema_name>.<object_name>") {
			t.Errorf("ParseSchemaObjectIdentifier(%q) error %q: want %q and the expected form", in, err, want)
		}
	}
}

func TestParseAccountAndDatabaseObjectIdentifier(t *testing.T) {
	id, err := ParseAccountObjectIdentifier(`"GitHub EAI"`)
	if err != nil || id.Name() != "GitHub EAI" {
		t.Fatalf("got %v %v", id, err)
	}
	if _, err := ParseAccountObjectIdentifier("a.b"); err == nil || !strings.Contains(err.Error(), "want 1") {
		t.Fatalf("want part-count error, got %v", err)
	}
	dbo, err := ParseDatabaseObjectIdentifier(`DB."Sch"`)
	if err != nil || dbo.DatabaseName() != "DB" || dbo.Name() != "Sch" {
		t.Fatalf("got %v %v", dbo, err)
	}
	if _, err := ParseDatabaseObjectIdentifier("a"); err == nil || !strings.Contains(err.Error(), "<database_name>.<name>") {
		t.Fatalf("want expected-form error, got %v", err)
	}
}

func TestValidateIdentifierPart(t *testing.T) {
	if err := ValidateIdentifierPart("name", strings.Repeat("x", 255)); err != nil {
		t.Fatal(err)
	}
	if err := ValidateIdentifierPart("name", strings.Repeat("x", 256)); err == nil || !strings.Contains(err.Error(), "at most 255") {
		t.Fatalf("want length error, got %v", err)
	}
	if err := ValidateIdentifierPart("name", ""); err == nil || !strings.Contains(err.Error(), "name must not be empty") {
		t.Fatalf("want empty error, got %v", err)
	}
	if err := ValidateIdentifierPart("name", "a\tb"); err == nil {
		t.Fatal("want control-character error")
	}
}
