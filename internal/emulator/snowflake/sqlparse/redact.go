package sqlparse

import "strings"

// redactedProperties are the properties whose literal values query history
// shows as '****' (assumed to mirror Snowflake's masking of credentials in stored query text; not confirmed).
var redactedProperties = map[string]bool{
	"SECRET_STRING": true, "PASSWORD": true, "OAUTH_CLIENT_SECRET": true, "OAUTH_REFRESH_TOKEN": true,
}

// Redact returns text with the string literals assigned to credential
// properties (SECRET_STRING = '…', PASSWORD = '…', …) replaced by '****'.
// Everything else is kept, so a credential anywhere else stays visible.
// Text that does not lex is returned unchanged.
func Redact(text string) string {
	toks, err := Lex(text)
	if err != nil {
		return text
	}
	var b strings.Builder
	last := 0
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Kind != TokIdent || !redactedProperties[toks[i].Text] {
			continue
		}
		j := i + 1
		if toks[j].Kind == TokOp && toks[j].Text == "=" {
			j++
		}
		if j >= len(toks) || toks[j].Kind != TokString {
			continue
		}
		b.WriteString(text[last:toks[j].Pos])
		b.WriteString("'****'")
		last = toks[j].Pos + len(toks[j].Raw)
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
