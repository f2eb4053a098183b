package sqlparse

import (
	"fmt"
	"strings"
)

// PutStmt is PUT 'file://…' @stage[/path] [options].
type PutStmt struct {
	LocalPath    string // file URL without the scheme; may be a glob
	Stage        StageRef
	AutoCompress bool
	Overwrite    bool
}

// StageRef is @db.schema.stage/path.
type StageRef struct {
	Name Name
	Path string // relative, no leading slash
}

func (*PutStmt) stmtNode() {}

// ParseStageRef parses the text after '@': a stage name (plain or quoted
// parts) and an optional /path.
func ParseStageRef(text string) (StageRef, error) {
	text = strings.TrimPrefix(text, "@")
	inQuotes := false
	cut := len(text)
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"':
			inQuotes = !inQuotes
		case '/':
			if !inQuotes {
				cut = i
				i = len(text)
			}
		}
	}
	n, err := ParseName(text[:cut])
	if err != nil || len(n.Parts) == 0 {
		return StageRef{}, fmt.Errorf("invalid stage reference @%s", text)
	}
	path := strings.Trim(text[cut:], "/")
	return StageRef{Name: n, Path: path}, nil
}

func (p *parser) put() (Statement, error) {
	p.next()
	t := p.next()
	if t.Kind != TokString || !strings.HasPrefix(strings.ToLower(t.Text), "file://") {
		return nil, p.unexpected(t)
	}
	st := &PutStmt{LocalPath: t.Text[len("file://"):], AutoCompress: true}
	s := p.next()
	var ref string
	switch {
	case s.Kind == TokStageRef:
		ref = s.Text
	case s.Kind == TokString && strings.HasPrefix(s.Text, "@"):
		ref = s.Text[1:]
	default:
		return nil, p.unexpected(s)
	}
	stage, err := ParseStageRef(ref)
	if err != nil {
		return nil, &SyntaxError{Line: s.Line, Col: s.Col, Detail: err.Error()}
	}
	st.Stage = stage
	props, err := p.properties(false)
	if err != nil {
		return nil, err
	}
	for _, prop := range props {
		switch prop.Key {
		case "AUTO_COMPRESS":
			st.AutoCompress = prop.Value.Kind == ValBool && prop.Value.Bool
		case "OVERWRITE":
			st.Overwrite = prop.Value.Kind == ValBool && prop.Value.Bool
		case "PARALLEL", "SOURCE_COMPRESSION":
		default:
			return nil, Unexpected(prop.KeyTok)
		}
	}
	return st, nil
}
