package compiler

import (
	"database/sql/driver"
	"encoding/json"
	"regexp"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// REGEXP_LIKE, REGEXP_SUBSTR, REGEXP_SUBSTR_ALL, REGEXP_REPLACE and
// REGEXP_COUNT (https://docs.snowflake.com/sql-reference/functions-regexp):
// POSIX extended expressions with Perl's \d \w \s \b classes; parameters
// c (case-sensitive, the default), i, m (multi-line), s (. matches a
// newline), e (extract a group). Go's engine is used twice, with
// leftmost-first and with POSIX leftmost-longest matching: where the two
// disagree on a value the statement is refused, since which one Snowflake
// applies to such ambiguous patterns is not pinned down here.

type regexPair struct {
	first, longest *regexp.Regexp
	extract        bool
}

var regexCache = struct {
	sync.Mutex
	m map[string]*regexPair
}{m: map[string]*regexPair{}}

// compileRegex compiles pattern with Snowflake's parameters.
func compileRegex(pattern, params string) (*regexPair, error) {
	key := params + "\x00" + pattern
	regexCache.Lock()
	defer regexCache.Unlock()
	if p, ok := regexCache.m[key]; ok {
		return p, nil
	}
	flags := ""
	extract := false
	for _, c := range params {
		switch c {
		case 'c':
			flags = strings.ReplaceAll(flags, "i", "")
		case 'i':
			flags += "i"
		case 'm':
			flags += "m"
		case 's':
			flags += "s"
		case 'e':
			extract = true
		default:
			return nil, errRegexpParameter.With(c, params)
		}
	}
	src := pattern
	if flags != "" {
		src = "(?" + flags + ")" + pattern
	}
	first, err := regexp.Compile(src)
	if err != nil {
		return nil, errInvalidRegexp.With(pattern, err)
	}
	longest := regexp.MustCompile(src)
	longest.Longest()
	if len(regexCache.m) > 512 {
		regexCache.m = map[string]*regexPair{}
	}
	p := &regexPair{first: first, longest: longest, extract: extract}
	regexCache.m[key] = p
	return p, nil
}

func errAmbiguousRegex(pattern string) error {
	return errRuntimeUnsupported.With("the regular expression '%s' matches this subject differently under POSIX leftmost-longest and Perl leftmost-first rules, and the local emulator does not guess which Snowflake applies", pattern)
}

// regexArgs reads the subject, the pattern and the parameters (argument
// params); ok is false when one is NULL.
func regexArgs(a []driver.Value, params int) (subject, pattern, flags string, ok bool) {
	subject, ok1 := TextArg(a[0])
	pattern, ok2 := TextArg(a[1])
	flags, ok3 := TextArg(a[params])
	return subject, pattern, flags, ok1 && ok2 && ok3
}

// fromPosition is the subject from a 1-based character position, which
// Snowflake searches as a string of its own.
func fromPosition(subject string, position int64) (string, bool) {
	runes := []rune(subject)
	if position < 1 || position > int64(len(runes))+1 {
		return "", position == int64(len(runes))+1
	}
	return string(runes[position-1:]), true
}

// matches are the non-overlapping matches (submatch indexes) of re.
func matches(re *regexp.Regexp, s string) [][]int { return re.FindAllStringSubmatchIndex(s, -1) }

// pick is the text of group of match m (0: the whole match); NULL when
// the group took no part in it.
func pick(s string, m []int, group int) driver.Value {
	if 2*group+1 >= len(m) || m[2*group] < 0 {
		return nil
	}
	return s[m[2*group]:m[2*group+1]]
}

func regexGroup(p *regexPair, group int64, explicit bool) int {
	if (p.extract || explicit) && p.first.NumSubexp() > 0 {
		return int(group)
	}
	return 0
}

// regexpRuntime are the family's functions SQLite calls at run time
// (runtimeFunctions registers them).
var regexpRuntime = []runtimeFunc{
	{"sf_regexp_substr", 7, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		all, err := regexSubstrAll(a)
		if all == nil || err != nil {
			return nil, err
		}
		if len(all) == 0 {
			return nil, nil
		}
		return all[0], nil
	}},
	{"sf_regexp_substr_all", 7, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		all, err := regexSubstrAll(a)
		if all == nil || err != nil {
			return nil, err
		}
		out, _ := json.Marshal(all)
		return string(out), nil
	}},
	{"sf_regexp_like", 3, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		subject, pattern, params, ok := regexArgs(a, 2)
		if !ok {
			return nil, nil
		}
		p, err := compileRegex(`\A(?:`+pattern+`)\z`, params)
		if err != nil {
			return nil, err
		}
		return boolInt(p.first.MatchString(subject)), nil
	}},
	{"sf_regexp_count", 4, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		subject, pattern, params, ok := regexArgs(a, 3)
		position, ok2 := a[2].(int64)
		if !ok || !ok2 {
			return nil, nil
		}
		p, err := compileRegex(pattern, params)
		if err != nil {
			return nil, err
		}
		s, in := fromPosition(subject, position)
		if !in {
			return nil, errRegexpArgument.With("Invalid position %d for REGEXP_COUNT", position)
		}
		n, nl := len(matches(p.first, s)), len(matches(p.longest, s))
		if n != nl {
			return nil, errAmbiguousRegex(pattern)
		}
		return int64(n), nil
	}},
	{"sf_regexp_replace", 6, func(_ *sqlite.FunctionContext, a []driver.Value) (driver.Value, error) {
		subject, pattern, params, ok := regexArgs(a, 5)
		replacement, ok2 := TextArg(a[2])
		position, ok3 := a[3].(int64)
		occurrence, ok4 := a[4].(int64)
		if !ok || !ok2 || !ok3 || !ok4 {
			return nil, nil
		}
		p, err := compileRegex(pattern, params)
		if err != nil {
			return nil, err
		}
		if position < 1 {
			return nil, errRegexpArgument.With("Invalid position %d for REGEXP_REPLACE", position)
		}
		runes := []rune(subject)
		if position > int64(len(runes)) {
			return subject, nil
		}
		head, tail := string(runes[:position-1]), string(runes[position-1:])
		a1 := replaceMatches(p.first, tail, replacement, occurrence)
		if a1 != replaceMatches(p.longest, tail, replacement, occurrence) {
			return nil, errAmbiguousRegex(pattern)
		}
		return head + a1, nil
	}},
}

// regexSubstrAll lists the matches REGEXP_SUBSTR(_ALL) returns from the
// occurrence-th on; nil with no error when an argument is NULL.
func regexSubstrAll(a []driver.Value) ([]any, error) {
	subject, pattern, params, ok := regexArgs(a, 4)
	position, ok2 := a[2].(int64)
	occurrence, ok3 := a[3].(int64)
	group, ok4 := a[5].(int64)
	explicit, _ := a[6].(int64)
	if !ok || !ok2 || !ok3 || !ok4 {
		return nil, nil
	}
	p, err := compileRegex(pattern, params)
	if err != nil {
		return nil, err
	}
	if position < 1 || occurrence < 1 {
		return nil, errRegexpArgument.With("Invalid position or occurrence (%d, %d) for REGEXP_SUBSTR", position, occurrence)
	}
	if explicit != 0 && (group < 0 || int(group) > p.first.NumSubexp()) {
		return nil, errRegexpArgument.With("Invalid group number %d for the regular expression '%s'", group, pattern)
	}
	s, in := fromPosition(subject, position)
	if !in {
		return []any{}, nil
	}
	g := regexGroup(p, group, explicit != 0)
	var results [2][]any
	for i, re := range []*regexp.Regexp{p.first, p.longest} {
		results[i] = []any{}
		for k, m := range matches(re, s) {
			if int64(k)+1 < occurrence {
				continue
			}
			results[i] = append(results[i], pick(s, m, g))
		}
	}
	a1, _ := json.Marshal(results[0])
	a2, _ := json.Marshal(results[1])
	if string(a1) != string(a2) {
		return nil, errAmbiguousRegex(pattern)
	}
	return results[0], nil
}

// replaceMatches replaces the occurrence-th match (0: every match) with
// replacement, where \1 … \9 stand for groups and \\ for a backslash.
func replaceMatches(re *regexp.Regexp, s, replacement string, occurrence int64) string {
	var b strings.Builder
	last := 0
	for k, m := range matches(re, s) {
		if occurrence != 0 && int64(k)+1 != occurrence {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(expandReplacement(s, m, replacement))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func expandReplacement(s string, m []int, replacement string) string {
	var b strings.Builder
	for i := 0; i < len(replacement); i++ {
		c := replacement[i]
		if c != '\\' || i+1 == len(replacement) {
			b.WriteByte(c)
			continue
		}
		i++
		if d := replacement[i]; d >= '0' && d <= '9' {
			if g := int(d - '0'); 2*g+1 < len(m) && m[2*g] >= 0 {
				b.WriteString(s[m[2*g]:m[2*g+1]])
			}
			continue
		}
		b.WriteByte(replacement[i])
	}
	return b.String()
}
