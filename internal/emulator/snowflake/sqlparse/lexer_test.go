package sqlparse

import (
	"reflect"
	"testing"
)

func TestLexIdentifiersAndLiterals(t *testing.T) {
	toks, err := Lex(`select "My ""Db""".sch, 'it''s\n' $$a'b$$ :1 ? raw:id::string -- c
	/* block */ @"P"."C"."S"/v1`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Text)
	}
	want := []string{"SELECT", `My "Db"`, ".", "SCH", ",", "it's\n", "a'b", "1", "1", "RAW", ":", "ID", "::", "STRING", `"P"."C"."S"/v1`, ""}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tokens\n got %q\nwant %q", got, want)
	}
	if toks[len(toks)-2].Kind != TokStageRef || toks[0].Kind != TokIdent || toks[1].Kind != TokQuotedIdent {
		t.Fatal("token kinds")
	}
}

func TestSyntaxErrorPositions(t *testing.T) {
	_, err := Parse("SELECT 1;\nSELEC 2", nil)
	se, ok := err.(*SyntaxError)
	if !ok || se.Line != 2 || se.Col != 0 || se.Error() != "SQL compilation error:\nsyntax error line 2 at position 0 unexpected 'SELEC'." {
		t.Fatalf("got %#v", err)
	}
}

func TestParseName(t *testing.T) {
	n, err := ParseName(`db."Mixed".t`)
	if err != nil || !reflect.DeepEqual(n.Parts, []string{"DB", "Mixed", "T"}) || n.String() != `DB."Mixed".T` {
		t.Fatalf("%v %v", n, err)
	}
	if _, err := ParseName(`a.b.c.d`); err == nil {
		t.Fatal("four parts must fail")
	}
}
