// Package sqlparse is the emulator's SQL front end: a lexer with
// Snowflake's identifier and literal rules and a parser to a typed AST.
package sqlparse

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokenKind classifies tokens.
type TokenKind int

const (
	TokEOF         TokenKind = iota
	TokIdent                 // unquoted identifier or keyword; Text is upper-cased
	TokQuotedIdent           // "quoted" identifier; Text is the exact name
	TokString                // '…' or $$…$$; Text is the decoded value
	TokNumber                // integer or decimal literal
	TokBind                  // ? or :N or :name; Text is the binding key ("" for ?)
	TokOp                    // punctuation and operators
	TokStageRef              // @stage/path or @~ ; Text is everything after @
)

// Token is one lexical unit with its position for error messages.
type Token struct {
	Kind TokenKind
	Text string
	Raw  string // source text, for error messages
	Line int
	Col  int // 0-based column, as Snowflake reports "position"
	Pos  int // byte offset in the statement text
}

func (t Token) String() string {
	if t.Kind == TokEOF {
		return "<EOF>"
	}
	return t.Raw
}

// IsKeyword reports whether t is the unquoted keyword kw (upper case).
func (t Token) IsKeyword(kw string) bool { return t.Kind == TokIdent && t.Text == kw }

// SyntaxError is Snowflake's 001003.
type SyntaxError struct {
	Line, Col  int
	Unexpected string
	Detail     string
}

func (e *SyntaxError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("SQL compilation error:\nsyntax error line %d at position %d %s.", e.Line, e.Col, e.Detail)
	}
	return fmt.Sprintf("SQL compilation error:\nsyntax error line %d at position %d unexpected '%s'.", e.Line, e.Col, e.Unexpected)
}

type lexer struct {
	src       string
	pos       int
	line, col int
	toks      []Token
	binds     int
}

// Lex splits a request into tokens. Statement separators are TokOp ";".
func Lex(src string) ([]Token, error) {
	l := &lexer{src: src, line: 1}
	for {
		if err := l.skipSpaceAndComments(); err != nil {
			return nil, err
		}
		if l.pos >= len(l.src) {
			l.toks = append(l.toks, Token{Kind: TokEOF, Line: l.line, Col: l.col, Pos: l.pos})
			return l.toks, nil
		}
		if err := l.next(); err != nil {
			return nil, err
		}
	}
}

func (l *lexer) advance(n int) {
	for i := 0; i < n && l.pos < len(l.src); i++ {
		if l.src[l.pos] == '\n' {
			l.line++
			l.col = 0
		} else {
			l.col++
		}
		l.pos++
	}
}

func (l *lexer) errAt(line, col int, detail string) error {
	return &SyntaxError{Line: line, Col: col, Detail: detail}
}

func (l *lexer) skipSpaceAndComments() error {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			l.advance(1)
		case strings.HasPrefix(l.src[l.pos:], "--") || strings.HasPrefix(l.src[l.pos:], "//"):
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.advance(1)
			}
		case strings.HasPrefix(l.src[l.pos:], "/*"):
			line, col := l.line, l.col
			end := strings.Index(l.src[l.pos+2:], "*/")
			if end < 0 {
				return l.errAt(line, col, "unexpected end of input inside a comment")
			}
			l.advance(end + 4)
		default:
			return nil
		}
	}
	return nil
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool {
	return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (l *lexer) emit(kind TokenKind, text string, start, line, col int) {
	l.toks = append(l.toks, Token{Kind: kind, Text: text, Raw: l.src[start:l.pos], Line: line, Col: col, Pos: start})
}

func (l *lexer) next() error {
	start, line, col := l.pos, l.line, l.col
	rest := l.src[l.pos:]
	r, size := utf8.DecodeRuneInString(rest)
	switch {
	case isIdentStart(r):
		for l.pos < len(l.src) {
			r, size := utf8.DecodeRuneInString(l.src[l.pos:])
			if !isIdentPart(r) {
				break
			}
			l.advance(size)
		}
		l.emit(TokIdent, strings.ToUpper(l.src[start:l.pos]), start, line, col)
	case r == '"':
		var b strings.Builder
		l.advance(1)
		for {
			if l.pos >= len(l.src) {
				return l.errAt(line, col, "unexpected end of input inside a quoted identifier")
			}
			if l.src[l.pos] == '"' {
				if l.pos+1 < len(l.src) && l.src[l.pos+1] == '"' {
					b.WriteByte('"')
					l.advance(2)
					continue
				}
				l.advance(1)
				break
			}
			b.WriteByte(l.src[l.pos])
			l.advance(1)
		}
		if b.Len() == 0 {
			return &SyntaxError{Line: line, Col: col, Unexpected: `""`}
		}
		l.emit(TokQuotedIdent, b.String(), start, line, col)
	case r == '\'':
		s, err := l.singleQuoted()
		if err != nil {
			return err
		}
		l.emit(TokString, s, start, line, col)
	case strings.HasPrefix(rest, "$$"):
		end := strings.Index(rest[2:], "$$")
		if end < 0 {
			return l.errAt(line, col, "unexpected end of input inside a $$ string")
		}
		l.advance(end + 4)
		l.emit(TokString, rest[2:2+end], start, line, col)
	case r >= '0' && r <= '9' || (r == '.' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9'):
		l.number()
		l.emit(TokNumber, l.src[start:l.pos], start, line, col)
	case r == '?':
		l.advance(1)
		l.binds++
		l.emit(TokBind, fmt.Sprint(l.binds), start, line, col)
	case r == ':' && len(rest) > 1 && rest[1] != ':' && (isIdentStart(rune(rest[1])) || (rest[1] >= '0' && rest[1] <= '9')):
		// :N and :name are bind variables unless the previous token makes
		// this a VARIANT path (raw:field).
		isDigit := rest[1] >= '0' && rest[1] <= '9'
		if prev := l.prev(); !isDigit && prev != nil && (prev.Kind == TokIdent && !reserved[prev.Text] || prev.Kind == TokQuotedIdent || prev.Raw == ")" || prev.Raw == "]") {
			l.advance(1)
			l.emit(TokOp, ":", start, line, col)
			return nil
		}
		l.advance(1)
		nameStart := l.pos
		for l.pos < len(l.src) && isIdentPart(rune(l.src[l.pos])) {
			l.advance(1)
		}
		l.emit(TokBind, l.src[nameStart:l.pos], start, line, col)
	case r == '@':
		l.advance(1)
		// A stage reference runs to the next space, comma, semicolon or paren.
		for l.pos < len(l.src) {
			c := l.src[l.pos]
			if c == '"' {
				l.advance(1)
				for l.pos < len(l.src) && l.src[l.pos] != '"' {
					l.advance(1)
				}
				l.advance(1)
				continue
			}
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == ')' || c == '(' {
				break
			}
			l.advance(1)
		}
		l.emit(TokStageRef, l.src[start+1:l.pos], start, line, col)
	default:
		for _, op := range []string{"::", "<=", ">=", "<>", "!=", "||", "=>", "->>", "->"} {
			if strings.HasPrefix(rest, op) {
				l.advance(len(op))
				l.emit(TokOp, op, start, line, col)
				return nil
			}
		}
		if strings.ContainsRune("(),;.=<>+-*/%:[]{}", r) {
			l.advance(1)
			l.emit(TokOp, string(r), start, line, col)
			return nil
		}
		l.advance(size)
		return &SyntaxError{Line: line, Col: col, Unexpected: string(r)}
	}
	return nil
}

func (l *lexer) prev() *Token {
	if len(l.toks) == 0 {
		return nil
	}
	return &l.toks[len(l.toks)-1]
}

func (l *lexer) number() {
	for l.pos < len(l.src) && l.src[l.pos] >= '0' && l.src[l.pos] <= '9' {
		l.advance(1)
	}
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		l.advance(1)
		for l.pos < len(l.src) && l.src[l.pos] >= '0' && l.src[l.pos] <= '9' {
			l.advance(1)
		}
	}
	if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
		save := l.pos
		l.advance(1)
		if l.pos < len(l.src) && (l.src[l.pos] == '+' || l.src[l.pos] == '-') {
			l.advance(1)
		}
		if l.pos < len(l.src) && l.src[l.pos] >= '0' && l.src[l.pos] <= '9' {
			for l.pos < len(l.src) && l.src[l.pos] >= '0' && l.src[l.pos] <= '9' {
				l.advance(1)
			}
		} else {
			l.pos = save
		}
	}
}

// singleQuoted decodes a '…' literal: backslash escapes and ” for a quote.
func (l *lexer) singleQuoted() (string, error) {
	line, col := l.line, l.col
	l.advance(1)
	var b strings.Builder
	for {
		if l.pos >= len(l.src) {
			return "", l.errAt(line, col, "unexpected end of input inside a string literal")
		}
		c := l.src[l.pos]
		switch c {
		case '\'':
			if l.pos+1 < len(l.src) && l.src[l.pos+1] == '\'' {
				b.WriteByte('\'')
				l.advance(2)
				continue
			}
			l.advance(1)
			return b.String(), nil
		case '\\':
			if l.pos+1 >= len(l.src) {
				return "", l.errAt(line, col, "unexpected end of input inside a string literal")
			}
			e := l.src[l.pos+1]
			l.advance(2)
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case '0':
				b.WriteByte(0)
			default:
				b.WriteByte(e) // \\ \' \" and any other escaped character
			}
		default:
			b.WriteByte(c)
			l.advance(1)
		}
	}
}
