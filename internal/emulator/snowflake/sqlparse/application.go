package sqlparse

import (
	"strconv"
	"strings"
)

// Native App statements.

// CreateApplicationStmt is CREATE APPLICATION … FROM APPLICATION PACKAGE ….
type CreateApplicationStmt struct {
	Name        Name
	Package     Name
	Version     string
	Patch       *int
	Comment     *string
	Tok         Token
	IfNotExists bool
}

// AlterApplicationStmt is ALTER APPLICATION … UPGRADE | SET | UNSET.
type AlterApplicationStmt struct {
	IfExists bool
	Name     Name
	Upgrade  bool
	Version  string
	Patch    *int
	Set      []Property
	Unset    []Token
}

// AlterPackageStmt is ALTER APPLICATION PACKAGE ….
type AlterPackageStmt struct {
	Name     Name
	Action   string // ADD VERSION, ADD PATCH, DROP VERSION, SET DEFAULT RELEASE DIRECTIVE, SET, UNSET, REGISTER VERSION, DEREGISTER VERSION, CHANNEL …
	Channel  string // MODIFY RELEASE CHANNEL <channel>
	Version  string
	Patch    *int
	Location string // stage location after @
	Label    *string
	Set      []Property
	Unset    []Token
	Tok      Token
}

// CreateStreamlitStmt is CREATE [OR REPLACE] STREAMLIT … FROM '…' MAIN_FILE = '…'.
type CreateStreamlitStmt struct {
	OrReplace, IfNotExists bool
	Name                   Name
	From                   string
	Props                  []Property
}

// CreateVersionedSchemaStmt is CREATE OR ALTER VERSIONED SCHEMA.
type CreateVersionedSchemaStmt struct{ Name Name }

// ShowVersionsStmt is SHOW VERSIONS [LIKE] IN APPLICATION PACKAGE p, or
// with ReleaseChannels SHOW RELEASE CHANNELS IN APPLICATION PACKAGE p.
type ShowVersionsStmt struct {
	Like            *string
	Package         Name
	ReleaseChannels bool
}

func (*CreateApplicationStmt) stmtNode()     {}
func (*AlterApplicationStmt) stmtNode()      {}
func (*AlterPackageStmt) stmtNode()          {}
func (*CreateStreamlitStmt) stmtNode()       {}
func (*CreateVersionedSchemaStmt) stmtNode() {}
func (*ShowVersionsStmt) stmtNode()          {}

// versionName reads a version identifier: unquoted (upper-cased) or quoted.
func (p *parser) versionName() (string, error) {
	return p.identPart()
}

func (p *parser) patchNumber() (*int, error) {
	t := p.next()
	n, err := strconv.Atoi(t.Text)
	if t.Kind != TokNumber || err != nil || n < 0 {
		return nil, p.unexpected(t)
	}
	return &n, nil
}

func (p *parser) createApplication(tok Token) (Statement, error) {
	st := &CreateApplicationStmt{Tok: tok}
	st.IfNotExists = p.acceptKw("IF", "NOT", "EXISTS")
	n, err := p.name(1)
	if err != nil {
		return nil, err
	}
	st.Name = n
	if err := p.expectKw("FROM", "APPLICATION", "PACKAGE"); err != nil {
		return nil, err
	}
	if st.Package, err = p.name(1); err != nil {
		return nil, err
	}
	if p.acceptKw("USING") {
		if p.peek().Kind == TokString || p.peek().Kind == TokStageRef {
			t := p.peek()
			return nil, &SyntaxError{Line: t.Line, Col: t.Col, Detail: "development mode (USING '@stage') is not supported by this emulator; use USING VERSION"}
		}
		if err := p.expectKw("VERSION"); err != nil {
			return nil, err
		}
		if st.Version, err = p.versionName(); err != nil {
			return nil, err
		}
		if p.acceptKw("PATCH") {
			if st.Patch, err = p.patchNumber(); err != nil {
				return nil, err
			}
		}
	}
	props, err := p.properties(false)
	if err != nil {
		return nil, err
	}
	for _, prop := range props {
		switch prop.Key {
		case "COMMENT":
			if prop.Value.Kind != ValString {
				return nil, Unexpected(prop.Value.Tok)
			}
			c := prop.Value.Str
			st.Comment = &c
		case "DEBUG_MODE":
		default:
			return nil, Unexpected(prop.KeyTok)
		}
	}
	return st, nil
}

func (p *parser) alterApplication() (Statement, error) {
	st := &AlterApplicationStmt{}
	st.IfExists = p.acceptKw("IF", "EXISTS")
	n, err := p.name(1)
	if err != nil {
		return nil, err
	}
	st.Name = n
	switch {
	case p.acceptKw("UPGRADE"):
		st.Upgrade = true
		if p.acceptKw("USING") {
			if err := p.expectKw("VERSION"); err != nil {
				return nil, err
			}
			if st.Version, err = p.versionName(); err != nil {
				return nil, err
			}
			if p.acceptKw("PATCH") {
				if st.Patch, err = p.patchNumber(); err != nil {
					return nil, err
				}
			}
		}
	case p.acceptKw("SET"):
		if st.Set, err = p.setList(); err != nil {
			return nil, err
		}
	case p.acceptKw("UNSET"):
		if st.Unset, err = p.unsetList(); err != nil {
			return nil, err
		}
	default:
		return nil, p.unexpected(p.peek())
	}
	return st, nil
}

func (p *parser) stageLocation() (string, error) {
	t := p.next()
	switch {
	case t.Kind == TokString && len(t.Text) > 1 && t.Text[0] == '@':
		return t.Text[1:], nil
	case t.Kind == TokStageRef:
		return t.Text, nil
	}
	return "", p.unexpected(t)
}

func (p *parser) alterPackage(tok Token) (Statement, error) {
	st := &AlterPackageStmt{Tok: tok}
	n, err := p.name(1)
	if err != nil {
		return nil, err
	}
	st.Name = n
	label := func() error {
		if p.acceptKw("LABEL") {
			if err := p.expectOp("="); err != nil {
				return err
			}
			t := p.next()
			if t.Kind != TokString {
				return p.unexpected(t)
			}
			l := t.Text
			st.Label = &l
		}
		return nil
	}
	switch {
	case p.acceptKw("ADD", "VERSION"):
		st.Action = "ADD VERSION"
		if st.Version, err = p.versionName(); err != nil {
			return nil, err
		}
		if err := p.expectKw("USING"); err != nil {
			return nil, err
		}
		if st.Location, err = p.stageLocation(); err != nil {
			return nil, err
		}
		return st, label()
	case p.acceptKw("ADD", "PATCH"):
		st.Action = "ADD PATCH"
		if p.peek().Kind == TokNumber {
			if st.Patch, err = p.patchNumber(); err != nil {
				return nil, err
			}
		}
		if err := p.expectKw("FOR", "VERSION"); err != nil {
			return nil, err
		}
		if st.Version, err = p.versionName(); err != nil {
			return nil, err
		}
		if err := p.expectKw("USING"); err != nil {
			return nil, err
		}
		if st.Location, err = p.stageLocation(); err != nil {
			return nil, err
		}
		return st, label()
	case p.acceptKw("DROP", "VERSION"):
		st.Action = "DROP VERSION"
		st.Version, err = p.versionName()
		return st, err
	case p.acceptKw("SET", "DEFAULT", "RELEASE", "DIRECTIVE"):
		st.Action = "SET DEFAULT RELEASE DIRECTIVE"
		return st, p.releaseDirective(st)
	case p.acceptKw("REGISTER", "VERSION"):
		// REGISTER VERSION [v] USING '@…' [LABEL = '…'] (release channels).
		st.Action = "REGISTER VERSION"
		if !p.isKw("USING") {
			if st.Version, err = p.versionName(); err != nil {
				return nil, err
			}
		}
		if err := p.expectKw("USING"); err != nil {
			return nil, err
		}
		if st.Location, err = p.stageLocation(); err != nil {
			return nil, err
		}
		return st, label()
	case p.acceptKw("DEREGISTER", "VERSION"):
		st.Action = "DEREGISTER VERSION"
		st.Version, err = p.versionName()
		return st, err
	case p.acceptKw("MODIFY", "RELEASE", "CHANNEL"):
		t := p.next()
		if t.Kind != TokIdent {
			return nil, p.unexpected(t)
		}
		st.Channel = strings.ToUpper(t.Text)
		switch {
		case p.acceptKw("ADD", "VERSION"):
			st.Action = "CHANNEL ADD VERSION"
		case p.acceptKw("DROP", "VERSION"):
			st.Action = "CHANNEL DROP VERSION"
		case p.acceptKw("SET", "DEFAULT", "RELEASE", "DIRECTIVE"):
			st.Action = "CHANNEL SET DEFAULT RELEASE DIRECTIVE"
			return st, p.releaseDirective(st)
		default:
			// Accounts and custom directives: not emulated.
			st.Action = "RELEASE CHANNELS"
			for p.peek().Kind != TokEOF && !(p.peek().Kind == TokOp && p.peek().Text == ";") {
				p.pos++
			}
			return st, nil
		}
		st.Version, err = p.versionName()
		return st, err
	case p.acceptKw("SET"):
		st.Action = "SET"
		if st.Set, err = p.setList(); err != nil {
			return nil, err
		}
		return st, nil
	case p.acceptKw("UNSET"):
		st.Action = "UNSET"
		st.Unset, err = p.unsetList()
		return st, err
	}
	return nil, p.unexpected(p.peek())
}

// releaseDirective parses VERSION = v PATCH = n.
func (p *parser) releaseDirective(st *AlterPackageStmt) error {
	if err := p.expectKw("VERSION"); err != nil {
		return err
	}
	if err := p.expectOp("="); err != nil {
		return err
	}
	var err error
	if st.Version, err = p.versionName(); err != nil {
		return err
	}
	if err := p.expectKw("PATCH"); err != nil {
		return err
	}
	if err := p.expectOp("="); err != nil {
		return err
	}
	st.Patch, err = p.patchNumber()
	return err
}

func (p *parser) createStreamlit(orReplace bool) (Statement, error) {
	st := &CreateStreamlitStmt{OrReplace: orReplace}
	st.IfNotExists = p.acceptKw("IF", "NOT", "EXISTS")
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st.Name = n
	if err := p.expectKw("FROM"); err != nil {
		return nil, err
	}
	t := p.next()
	if t.Kind != TokString && t.Kind != TokStageRef {
		return nil, p.unexpected(t)
	}
	st.From = t.Text
	if st.Props, err = p.properties(false); err != nil {
		return nil, err
	}
	return st, nil
}
