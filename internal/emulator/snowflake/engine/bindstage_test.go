package engine

import (
	"fmt"
	"testing"
)

func TestParseBindCSV(t *testing.T) {
	rows, err := parseBindCSV([]byte("1,\"\"\n2,\n3,\"a \"\"q\"\", b\"\n,x\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	show := func(v *string) string {
		if v == nil {
			return "NULL"
		}
		return fmt.Sprintf("%q", *v)
	}
	var got []string
	for _, r := range rows {
		line := ""
		for _, v := range r {
			line += show(v) + " "
		}
		got = append(got, line)
	}
	want := []string{`"1" "" `, `"2" NULL `, `"3" "a \"q\", b" `, `NULL "x" `}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, err := parseBindCSV([]byte("1,\"open")); err == nil {
		t.Fatal("an unterminated quote must be an error")
	}
}
