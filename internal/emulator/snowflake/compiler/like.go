package compiler

// Like is LIKE: % any run, _ one character, and after escape (0:
// none, Snowflake's default) the next character as itself.
func Like(pattern, s string, escape rune) bool {
	type step struct {
		r    rune
		kind byte // 'c' a character, '_' one of any, '%' any run
	}
	var steps []step
	p := []rune(pattern)
	for i := 0; i < len(p); i++ {
		switch {
		case escape != 0 && p[i] == escape && i+1 < len(p):
			i++
			steps = append(steps, step{p[i], 'c'})
		case p[i] == '%' || p[i] == '_':
			steps = append(steps, step{kind: byte(p[i])})
		default:
			steps = append(steps, step{p[i], 'c'})
		}
	}
	t := []rune(s)
	dp := make([]bool, len(t)+1) // dp[j]: the steps so far match t[:j]
	dp[0] = true
	for _, st := range steps {
		next := make([]bool, len(t)+1)
		if st.kind == '%' {
			next[0] = dp[0]
			for j := 1; j <= len(t); j++ {
				next[j] = next[j-1] || dp[j]
			}
		} else {
			for j := 1; j <= len(t); j++ {
				next[j] = dp[j-1] && (st.kind == '_' || st.r == t[j-1])
			}
		}
		dp = next
	}
	return dp[len(t)]
}
