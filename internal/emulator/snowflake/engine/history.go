package engine

import (
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// QueryRecord is one statement in the account's query history, as
// INFORMATION_SCHEMA.QUERY_HISTORY shows it: the text as sent (bind
// placeholders, not values), its type, who ran it and how it ended.
//
// Nothing in the text is masked. Snowflake documents no masking of
// CREATE/ALTER SECRET's SECRET_STRING (nor of PASSWORD) in query history;
// its only documented redaction (behavior change 2023_01) hides the text of
// statements that failed to parse from users other than the one who ran
// them. The user who ran a statement always sees its text, so the stricter
// reading is the one kept here: a credential written as a literal is in
// the history (docs/guides/security.md).
type QueryRecord struct {
	QueryID   string
	Text      string
	Type      string // e.g. MERGE, INSERT, CALL, SHOW, CREATE_SECRET; UNKNOWN when it did not parse
	User      string
	Role      string
	SessionID int64
	Start     time.Time
	Duration  time.Duration
	ErrorCode string // "" when it succeeded
}

// StoresSecret reports whether the statement writes a secret's value
// (CREATE SECRET, ALTER SECRET … SET SECRET_STRING): where a token is in
// the history as it was written, Snowflake documenting no masking there.
func (r QueryRecord) StoresSecret() bool {
	return r.Type == "CREATE_SECRET" || r.Type == "ALTER_SECRET"
}

// historyLimit bounds memory in long-running stacks; Snowflake keeps
// 14 days per account, which no emulator run comes near.
const historyLimit = 50000

type queryHistory struct {
	mu      sync.Mutex
	records []QueryRecord
}

func (h *queryHistory) add(r QueryRecord) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = appendBounded(h.records, r, historyLimit)
}

// appendBounded appends v to s, first dropping the older half of s when it
// holds limit elements.
func appendBounded[T any](s []T, v T, limit int) []T {
	if len(s) >= limit {
		s = append(s[:0], s[len(s)-limit/2:]...)
	}
	return append(s, v)
}

// QueryHistory returns the statements run since the engine started (or
// since the last ResetQueryHistory), oldest first.
func (e *Engine) QueryHistory() []QueryRecord {
	e.history.mu.Lock()
	defer e.history.mu.Unlock()
	return append([]QueryRecord(nil), e.history.records...)
}

// ResetQueryHistory forgets the recorded statements (benchmarks count one
// phase at a time).
func (e *Engine) ResetQueryHistory() {
	e.history.mu.Lock()
	defer e.history.mu.Unlock()
	e.history.records = nil
}

func (e *Engine) record(sess *Session, queryID, text, typ string, start time.Time, err error) {
	r := QueryRecord{QueryID: queryID, Text: text, Type: typ, User: sess.User, Role: sess.Role,
		SessionID: sess.ID, Start: start, Duration: time.Since(start)}
	if err != nil {
		r.ErrorCode = sferr.AsError(err).Code
	}
	e.history.add(r)
}

// queryType names a statement as QUERY_HISTORY's QUERY_TYPE does:
// *sqlparse.CreateSecretStmt → CREATE_SECRET.
func queryType(st sqlparse.Statement) string {
	switch st := st.(type) {
	case *sqlparse.CreateStmt:
		return "CREATE_" + strings.ReplaceAll(st.Kind, " ", "_")
	case *sqlparse.AlterStmt:
		return "ALTER_" + strings.ReplaceAll(st.Kind, " ", "_")
	case *sqlparse.DropStmt:
		return "DROP_" + strings.ReplaceAll(st.Kind, " ", "_")
	}
	t := reflect.TypeOf(st)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := strings.TrimSuffix(t.Name(), "Stmt")
	var b strings.Builder
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}
