package sqlparse

import "testing"

func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{`CREATE SECRET S TYPE = GENERIC_STRING SECRET_STRING = 'it''s \' x'`, `CREATE SECRET S TYPE = GENERIC_STRING SECRET_STRING = '****'`},
		{`ALTER SECRET S SET SECRET_STRING = $$a'b$$ COMMENT = 'kept'`, `ALTER SECRET S SET SECRET_STRING = '****' COMMENT = 'kept'`},
		{`create user u password='p1' default_role = r`, `create user u password='****' default_role = r`},
		{`SELECT 'secret_string' AS SECRET_STRING`, `SELECT 'secret_string' AS SECRET_STRING`},
		{`SELECT "SECRET_STRING" FROM T WHERE X = 'v'`, `SELECT "SECRET_STRING" FROM T WHERE X = 'v'`},
		{`SELECT 'unterminated`, `SELECT 'unterminated`},
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
