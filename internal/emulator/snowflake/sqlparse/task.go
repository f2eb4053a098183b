package sqlparse

import "strings"

// CreateTaskStmt is CREATE [OR REPLACE] TASK … [props] AS <statement>.
type CreateTaskStmt struct {
	OrReplace, IfNotExists bool
	Name                   Name
	Props                  []Property
	After                  []Name
	When                   Expr
	Body                   string
	Tok                    Token
}

// AlterTaskStmt is ALTER TASK … RESUME | SUSPEND | SET | UNSET | MODIFY AS.
type AlterTaskStmt struct {
	IfExists bool
	Name     Name
	Action   string // RESUME, SUSPEND, SET, UNSET, MODIFY AS
	Set      []Property
	Unset    []Token
	Body     string
}

// ExecuteTaskStmt is EXECUTE TASK name.
type ExecuteTaskStmt struct{ Name Name }

func (*CreateTaskStmt) stmtNode()  {}
func (*AlterTaskStmt) stmtNode()   {}
func (*ExecuteTaskStmt) stmtNode() {}

// taskBody parses the single statement after AS and returns its text, from
// its first token to the end of its last: a comment after it (the official
// provider appends "--terraform_provider_usage_tracking {…}" to every
// statement) is not part of the definition Snowflake stores, while comments
// inside the statement are.
func (p *parser) taskBody() (string, error) {
	start := p.peek()
	if _, err := p.statement(); err != nil {
		return "", err
	}
	last := p.toks[p.pos-1]
	return strings.TrimSpace(p.src[start.Pos : last.Pos+len(last.Raw)]), nil
}

func (p *parser) createTask(tok Token, orReplace bool) (Statement, error) {
	st := &CreateTaskStmt{OrReplace: orReplace, Tok: tok}
	st.IfNotExists = p.acceptKw("IF", "NOT", "EXISTS")
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st.Name = n
	for {
		switch {
		case p.acceptKw("AFTER"):
			for {
				pred, err := p.name(3)
				if err != nil {
					return nil, err
				}
				st.After = append(st.After, pred)
				if !p.acceptOp(",") {
					break
				}
			}
		case p.acceptKw("WHEN"):
			if st.When, err = p.expr(); err != nil {
				return nil, err
			}
		case p.acceptKw("AS"):
			if st.Body, err = p.taskBody(); err != nil {
				return nil, err
			}
			return st, nil
		default:
			props, err := p.properties(false)
			if err != nil {
				return nil, err
			}
			if len(props) == 0 {
				return nil, p.unexpected(p.peek())
			}
			st.Props = append(st.Props, props...)
		}
	}
}

func (p *parser) alterTask() (Statement, error) {
	st := &AlterTaskStmt{}
	st.IfExists = p.acceptKw("IF", "EXISTS")
	n, err := p.name(3)
	if err != nil {
		return nil, err
	}
	st.Name = n
	switch {
	case p.acceptKw("RESUME"):
		st.Action = "RESUME"
	case p.acceptKw("SUSPEND"):
		st.Action = "SUSPEND"
	case p.acceptKw("SET"):
		st.Action = "SET"
		if st.Set, err = p.setList(); err != nil {
			return nil, err
		}
	case p.acceptKw("UNSET"):
		st.Action = "UNSET"
		if st.Unset, err = p.unsetList(); err != nil {
			return nil, err
		}
	case p.acceptKw("MODIFY", "AS"):
		st.Action = "MODIFY AS"
		if st.Body, err = p.taskBody(); err != nil {
			return nil, err
		}
	default:
		return nil, p.unexpected(p.peek())
	}
	return st, nil
}
