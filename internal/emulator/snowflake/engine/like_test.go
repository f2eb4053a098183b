package engine

import "testing"

func TestLikeMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"GH_RULE", "gh_rule", true},
		{"GH_RULE", "GHXRULE", true},
		{"GH_RULE", "GH_RULES", false},
		{"gh%", "GH_ANYTHING", true},
		{"%", "", true},
		{"_", "", false},
		{`a\b`, `A\B`, true},
		{"%rule", "my_rule", true},
		{"名前%", "名前テスト", true},
	}
	for _, c := range cases {
		if got := LikeMatch(c.pattern, c.s); got != c.want {
			t.Errorf("LikeMatch(%q, %q) = %v", c.pattern, c.s, got)
		}
	}
}
