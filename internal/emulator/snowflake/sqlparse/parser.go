package sqlparse

import (
	"fmt"
	"strconv"
	"strings"
)

// Binding is one bound parameter value, already decoded from the wire.
type Binding struct {
	Type  string // FIXED, REAL, TEXT, BOOLEAN, …
	Value *string
}

// Parsed is one statement with its source text.
type Parsed struct {
	Stmt Statement
	Text string
}

// Parse splits a request into statements and parses each. Bindings are
// substituted as literals; a statement refers to them as ?, :N or :name.
func Parse(src string, bindings map[string]Binding) ([]Parsed, error) {
	toks, err := Lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, src: src, binds: bindings}
	var out []Parsed
	for {
		for p.peek().Kind == TokOp && p.peek().Text == ";" {
			p.pos++
		}
		if p.peek().Kind == TokEOF {
			break
		}
		start := p.peek().Pos
		st, err := p.statement()
		if err != nil {
			return nil, err
		}
		end := p.peek().Pos
		if t := p.peek(); !(t.Kind == TokEOF || (t.Kind == TokOp && t.Text == ";")) {
			return nil, p.unexpected(t)
		}
		out = append(out, Parsed{Stmt: st, Text: strings.TrimSpace(src[start:end])})
	}
	if len(out) == 0 {
		return nil, &SyntaxError{Line: 1, Col: 0, Detail: "Empty SQL statement"}
	}
	return out, nil
}

type parser struct {
	toks  []Token
	pos   int
	src   string
	binds map[string]Binding
}

func (p *parser) peek() Token { return p.toks[p.pos] }
func (p *parser) peekAt(n int) Token {
	if p.pos+n < len(p.toks) {
		return p.toks[p.pos+n]
	}
	return p.toks[len(p.toks)-1]
}
func (p *parser) next() Token {
	t := p.toks[p.pos]
	if t.Kind != TokEOF {
		p.pos++
	}
	return t
}

// setList parses the non-empty property list after SET.
func (p *parser) setList() ([]Property, error) {
	props, err := p.properties(true)
	if err == nil && len(props) == 0 {
		err = p.unexpected(p.peek())
	}
	return props, err
}

// unsetList parses the comma-separated property names after UNSET.
func (p *parser) unsetList() ([]Token, error) {
	var names []Token
	for {
		t := p.next()
		if t.Kind != TokIdent {
			return nil, p.unexpected(t)
		}
		names = append(names, t)
		if !p.acceptOp(",") {
			return names, nil
		}
	}
}

func (p *parser) unexpected(t Token) error {
	if t.Kind == TokEOF {
		return &SyntaxError{Line: t.Line, Col: t.Col, Detail: "unexpected '<EOF>'"}
	}
	return &SyntaxError{Line: t.Line, Col: t.Col, Unexpected: t.Raw}
}

// Unexpected builds the syntax error Snowflake reports for a token the
// grammar does not allow at that place (used by the executor for unknown
// properties).
func Unexpected(t Token) error {
	return (&parser{}).unexpected(t)
}

func (p *parser) isKw(kws ...string) bool {
	for i, kw := range kws {
		if !p.peekAt(i).IsKeyword(kw) {
			return false
		}
	}
	return true
}

func (p *parser) acceptKw(kws ...string) bool {
	if p.isKw(kws...) {
		p.pos += len(kws)
		return true
	}
	return false
}

// expectOneKw accepts one of the keywords kws and returns it.
func (p *parser) expectOneKw(kws ...string) (string, error) {
	for _, kw := range kws {
		if p.acceptKw(kw) {
			return kw, nil
		}
	}
	return "", p.unexpected(p.peek())
}

func (p *parser) expectKw(kws ...string) error {
	for _, kw := range kws {
		if !p.peek().IsKeyword(kw) {
			return p.unexpected(p.peek())
		}
		p.pos++
	}
	return nil
}

func (p *parser) isOp(op string) bool { return p.peek().Kind == TokOp && p.peek().Text == op }

func (p *parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expectOp(op string) error {
	if !p.acceptOp(op) {
		return p.unexpected(p.peek())
	}
	return nil
}

// reserved words that can never be unquoted identifiers.
var reserved = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "CREATE": true, "DROP": true, "ALTER": true, "TABLE": true,
	"ON": true, "TO": true, "GRANT": true, "REVOKE": true, "AND": true, "OR": true, "NOT": true, "NULL": true,
	"WITH": true, "AS": true, "SET": true, "UNION": true, "ORDER": true, "BY": true, "GROUP": true, "HAVING": true,
	"LIKE": true, "IN": true, "IS": true, "BETWEEN": true, "CASE": true, "WHEN": true, "THEN": true, "ELSE": true,
	"INSERT": true, "UPDATE": true, "DELETE": true, "VALUES": true, "INTO": true, "JOIN": true, "USING": true,
	"TRUE": true, "FALSE": true, "DISTINCT": true, "ALL": true, "CONNECT": true, "START": true, "ILIKE": true,
	"EXISTS": true, "ROW": true, "ROWS": true, "LIMIT": true, "QUALIFY": true, "LATERAL": true,
}

// identPart reads one identifier part: unquoted, quoted or IDENTIFIER('…').
func (p *parser) identPart() (string, error) {
	t := p.peek()
	switch t.Kind {
	case TokQuotedIdent:
		p.pos++
		return t.Text, nil
	case TokIdent:
		if reserved[t.Text] {
			return "", p.unexpected(t)
		}
		p.pos++
		return t.Text, nil
	}
	return "", p.unexpected(t)
}

// name reads a dotted name of 1..max parts, or IDENTIFIER('…'|?).
func (p *parser) name(maxParts int) (Name, error) {
	start := p.peek()
	if p.isKw("IDENTIFIER") && p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "(" {
		p.pos += 2
		t := p.next()
		var text string
		switch t.Kind {
		case TokString:
			text = t.Text
		case TokBind:
			v, err := p.bindValue(t)
			if err != nil {
				return Name{}, err
			}
			if v.Kind != ValString {
				return Name{}, p.unexpected(t)
			}
			text = v.Str
		default:
			return Name{}, p.unexpected(t)
		}
		if err := p.expectOp(")"); err != nil {
			return Name{}, err
		}
		n, err := ParseName(text)
		if err != nil {
			return Name{}, &SyntaxError{Line: t.Line, Col: t.Col, Detail: fmt.Sprintf("invalid identifier '%s'", text)}
		}
		if len(n.Parts) > maxParts {
			return Name{}, p.unexpected(t)
		}
		n.Tok = start
		return n, nil
	}
	var parts []string
	for {
		part, err := p.identPart()
		if err != nil {
			return Name{}, err
		}
		parts = append(parts, part)
		if len(parts) < maxParts && p.isOp(".") {
			p.pos++
			continue
		}
		break
	}
	return Name{Parts: parts, Tok: start}, nil
}

// ParseName parses text such as db."Sch".t into a Name (used by IDENTIFIER()).
func ParseName(text string) (Name, error) {
	toks, err := Lex(text)
	if err != nil {
		return Name{}, err
	}
	p := &parser{toks: toks, src: text}
	n, err := p.name(3)
	if err != nil {
		return Name{}, err
	}
	if p.peek().Kind != TokEOF {
		return Name{}, p.unexpected(p.peek())
	}
	return n, nil
}

func (p *parser) bindValue(t Token) (Value, error) {
	b, ok := p.binds[t.Text]
	if !ok {
		// Named variables are identifiers: case-insensitive.
		for k, v := range p.binds {
			if strings.EqualFold(k, t.Text) {
				b, ok = v, true
				break
			}
		}
	}
	if !ok {
		return Value{}, &SyntaxError{Line: t.Line, Col: t.Col, Detail: fmt.Sprintf("Bind variable %s not set", t.Raw)}
	}
	if b.Value == nil {
		return Value{Kind: ValNull, Tok: t}, nil
	}
	switch strings.ToUpper(b.Type) {
	case "FIXED", "REAL":
		return Value{Kind: ValNumber, Str: *b.Value, Tok: t}, nil
	case "BOOLEAN":
		return Value{Kind: ValBool, Bool: strings.EqualFold(*b.Value, "true") || *b.Value == "1", Tok: t}, nil
	}
	return Value{Kind: ValString, Str: *b.Value, Tok: t}, nil
}

func (p *parser) statement() (Statement, error) {
	t := p.peek()
	switch {
	case t.IsKeyword("USE"):
		return p.use()
	case t.IsKeyword("ALTER") && p.peekAt(1).IsKeyword("SESSION"):
		return p.alterSession()
	case t.IsKeyword("BEGIN"), t.IsKeyword("START") && p.peekAt(1).IsKeyword("TRANSACTION"):
		p.next()
		p.acceptKw("TRANSACTION")
		p.acceptKw("WORK")
		return &TransactionStmt{Op: "BEGIN"}, nil
	case t.IsKeyword("COMMIT"), t.IsKeyword("ROLLBACK"):
		p.next()
		p.acceptKw("WORK")
		return &TransactionStmt{Op: t.Text}, nil
	case t.IsKeyword("CREATE"):
		return p.create()
	case t.IsKeyword("ALTER"):
		return p.alter()
	case t.IsKeyword("DROP"):
		return p.drop()
	case t.IsKeyword("SHOW"):
		return p.show()
	case t.IsKeyword("DESC"), t.IsKeyword("DESCRIBE"):
		return p.describe()
	case t.IsKeyword("GRANT"), t.IsKeyword("REVOKE"):
		return p.grant()
	case t.IsKeyword("SELECT"), t.IsKeyword("WITH"):
		return p.selectStmt()
	case t.IsKeyword("INSERT"):
		return p.insert()
	case t.IsKeyword("UPDATE"):
		return p.update()
	case t.IsKeyword("DELETE"):
		return p.deleteStmt()
	case t.IsKeyword("MERGE"):
		return p.merge()
	case t.IsKeyword("CALL"):
		return p.call()
	case t.IsKeyword("PUT"):
		return p.put()
	case t.IsKeyword("EXECUTE") && p.peekAt(1).IsKeyword("TASK"):
		p.pos += 2
		n, err := p.name(3)
		if err != nil {
			return nil, err
		}
		return &ExecuteTaskStmt{Name: n}, nil
	}
	return nil, p.unexpected(t)
}

func (p *parser) use() (Statement, error) {
	p.next()
	st := &UseStmt{}
	for _, k := range []string{"ROLE", "DATABASE", "SCHEMA", "WAREHOUSE"} {
		if p.isKw(k) && p.peekAt(1).Kind != TokEOF && !(p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == ";") {
			p.next()
			st.Kind = k
			break
		}
	}
	maxParts := 1
	if st.Kind == "SCHEMA" || st.Kind == "" {
		maxParts = 2
	}
	n, err := p.name(maxParts)
	if err != nil {
		return nil, err
	}
	st.Name = n
	if st.Kind == "" {
		if len(n.Parts) == 2 {
			st.Kind = "SCHEMA"
		} else {
			st.Kind = "DATABASE"
		}
	}
	return st, nil
}

func (p *parser) alterSession() (Statement, error) {
	p.pos += 2
	st := &AlterSessionStmt{}
	switch {
	case p.acceptKw("SET"):
		props, err := p.properties(true)
		if err != nil {
			return nil, err
		}
		if len(props) == 0 {
			return nil, p.unexpected(p.peek())
		}
		st.Set = props
	case p.acceptKw("UNSET"):
		for {
			part, err := p.identPart()
			if err != nil {
				return nil, err
			}
			st.Unset = append(st.Unset, strings.ToUpper(part))
			if !p.acceptOp(",") {
				break
			}
		}
	default:
		return nil, p.unexpected(p.peek())
	}
	return st, nil
}

// objectKinds maps the keywords after CREATE/ALTER/DROP/DESCRIBE to kinds.
// Longer keyword sequences come first.
var objectKinds = []struct {
	words []string
	kind  string
}{
	{[]string{"EXTERNAL", "ACCESS", "INTEGRATION"}, "EXTERNAL ACCESS INTEGRATION"},
	{[]string{"APPLICATION", "PACKAGE"}, "APPLICATION PACKAGE"},
	{[]string{"APPLICATION", "ROLE"}, "APPLICATION ROLE"},
	{[]string{"APPLICATION"}, "APPLICATION"},
	{[]string{"STREAMLIT"}, "STREAMLIT"},
	{[]string{"TASK"}, "TASK"},
	{[]string{"NETWORK", "RULE"}, "NETWORK RULE"},
	{[]string{"INTEGRATION"}, "INTEGRATION"},
	{[]string{"DATABASE"}, "DATABASE"},
	{[]string{"SCHEMA"}, "SCHEMA"},
	{[]string{"WAREHOUSE"}, "WAREHOUSE"},
	{[]string{"ROLE"}, "ROLE"},
	{[]string{"USER"}, "USER"},
	{[]string{"SECRET"}, "SECRET"},
	{[]string{"STAGE"}, "STAGE"},
	{[]string{"TABLE"}, "TABLE"},
	{[]string{"VIEW"}, "VIEW"},
}

// pluralKinds maps SHOW keywords to kinds.
var pluralKinds = []struct {
	words []string
	kind  string
}{
	{[]string{"EXTERNAL", "ACCESS", "INTEGRATIONS"}, "EXTERNAL ACCESS INTEGRATION"},
	{[]string{"APPLICATION", "PACKAGES"}, "APPLICATION PACKAGE"},
	{[]string{"APPLICATION", "ROLES"}, "APPLICATION ROLE"},
	{[]string{"APPLICATIONS"}, "APPLICATION"},
	{[]string{"STREAMLITS"}, "STREAMLIT"},
	{[]string{"TASKS"}, "TASK"},
	{[]string{"NETWORK", "RULES"}, "NETWORK RULE"},
	{[]string{"INTEGRATIONS"}, "INTEGRATION"},
	{[]string{"DATABASES"}, "DATABASE"},
	{[]string{"SCHEMAS"}, "SCHEMA"},
	{[]string{"WAREHOUSES"}, "WAREHOUSE"},
	{[]string{"ROLES"}, "ROLE"},
	{[]string{"USERS"}, "USER"},
	{[]string{"SECRETS"}, "SECRET"},
	{[]string{"STAGES"}, "STAGE"},
	{[]string{"TABLES"}, "TABLE"},
	{[]string{"VIEWS"}, "VIEW"},
	{[]string{"PROCEDURES"}, "PROCEDURE"},
}

// NameParts is how many parts a kind's name may have.
func NameParts(kind string) int {
	switch kind {
	case "SCHEMA":
		return 2
	case "NETWORK RULE", "SECRET", "STAGE", "TABLE", "VIEW", "STREAMLIT", "TASK":
		return 3
	case "APPLICATION ROLE":
		return 2
	}
	return 1
}

func (p *parser) objectKind() (string, bool) {
	for _, k := range objectKinds {
		if p.acceptKw(k.words...) {
			return k.kind, true
		}
	}
	return "", false
}

func (p *parser) create() (Statement, error) {
	tok := p.next()
	if p.acceptKw("OR", "ALTER") {
		if err := p.expectKw("VERSIONED", "SCHEMA"); err != nil {
			return nil, err
		}
		n, err := p.name(2)
		if err != nil {
			return nil, err
		}
		return &CreateVersionedSchemaStmt{Name: n}, nil
	}
	st := &CreateStmt{Tok: tok}
	if p.acceptKw("OR", "REPLACE") {
		st.OrReplace = true
	}
	st.Temporary = p.acceptKw("TEMPORARY")
	secure := p.acceptKw("SECURE")
	if p.isProcedureKw() {
		return p.createProcedure(tok, st.OrReplace, secure)
	}
	if p.acceptKw("STREAMLIT") {
		return p.createStreamlit(st.OrReplace)
	}
	if p.acceptKw("TASK") {
		return p.createTask(tok, st.OrReplace)
	}
	if p.isKw("APPLICATION") && !p.peekAt(1).IsKeyword("PACKAGE") && !p.peekAt(1).IsKeyword("ROLE") {
		p.next()
		if st.OrReplace {
			return nil, p.unexpected(tok)
		}
		return p.createApplication(tok)
	}
	kind, ok := p.objectKind()
	if !ok {
		return nil, p.unexpected(p.peek())
	}
	st.Kind = kind
	if p.isKw("IF", "NOT", "EXISTS") {
		// Snowflake's grammar has no IF NOT EXISTS for these kinds.
		if kind == "NETWORK RULE" || kind == "EXTERNAL ACCESS INTEGRATION" {
			return nil, p.unexpected(p.peek())
		}
		p.pos += 3
		st.IfNotExists = true
	}
	n, err := p.name(NameParts(kind))
	if err != nil {
		return nil, err
	}
	st.Name = n
	switch kind {
	case "TABLE":
		return p.createTable(st)
	case "VIEW":
		return p.createView(st, secure)
	}
	if secure {
		return nil, p.unexpected(tok)
	}
	p.acceptKw("WITH")
	props, err := p.properties(false)
	if err != nil {
		return nil, err
	}
	st.Props = props
	st.End = p.peek()
	return st, nil
}

// properties reads KEY = value pairs separated by spaces (or commas when
// commaSeparated). It stops at the first token that is not a key.
func (p *parser) properties(commaSeparated bool) ([]Property, error) {
	var props []Property
	for {
		t := p.peek()
		if t.Kind != TokIdent || reserved[t.Text] && t.Text != "SET" || t.Text == "SECRETS" {
			return props, nil
		}
		if !(p.peekAt(1).Kind == TokOp && p.peekAt(1).Text == "=") {
			return props, nil
		}
		p.pos += 2
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		props = append(props, Property{Key: t.Text, KeyTok: t, Value: v})
		if commaSeparated {
			p.acceptOp(",")
		}
	}
}

// value reads a property value.
func (p *parser) value() (Value, error) {
	t := p.peek()
	switch t.Kind {
	case TokString:
		p.pos++
		return Value{Kind: ValString, Str: t.Text, Tok: t}, nil
	case TokNumber:
		p.pos++
		return Value{Kind: ValNumber, Str: t.Text, Tok: t}, nil
	case TokBind:
		p.pos++
		return p.bindValue(t)
	case TokOp:
		if t.Text == "-" && p.peekAt(1).Kind == TokNumber {
			p.pos += 2
			return Value{Kind: ValNumber, Str: "-" + p.toks[p.pos-1].Text, Tok: t}, nil
		}
		if t.Text == "(" && p.peekAt(1).Kind == TokIdent && p.peekAt(2).Kind == TokOp && p.peekAt(2).Text == "=" {
			// ( KEY = value [,] … ): nested options.
			p.pos++
			v := Value{Kind: ValOptions, Tok: t}
			for !p.acceptOp(")") {
				key := p.next()
				if key.Kind != TokIdent {
					return Value{}, p.unexpected(key)
				}
				if err := p.expectOp("="); err != nil {
					return Value{}, err
				}
				val, err := p.value()
				if err != nil {
					return Value{}, err
				}
				v.Opts = append(v.Opts, Property{Key: key.Text, KeyTok: key, Value: val})
				p.acceptOp(",")
			}
			return v, nil
		}
		if t.Text == "(" {
			p.pos++
			v := Value{Kind: ValList, Tok: t, List: []Value{}}
			if p.acceptOp(")") {
				return v, nil
			}
			for {
				item, err := p.value()
				if err != nil {
					return Value{}, err
				}
				v.List = append(v.List, item)
				if p.acceptOp(")") {
					return v, nil
				}
				if err := p.expectOp(","); err != nil {
					return Value{}, err
				}
			}
		}
	case TokIdent:
		switch t.Text {
		case "TRUE", "FALSE":
			p.pos++
			return Value{Kind: ValBool, Bool: t.Text == "TRUE", Tok: t}, nil
		case "NULL":
			p.pos++
			return Value{Kind: ValNull, Tok: t}, nil
		case "ALL":
			p.pos++
			return Value{Kind: ValIdent, Ident: Name{Parts: []string{"ALL"}, Tok: t}, Str: "ALL", Tok: t}, nil
		}
		n, err := p.name(3)
		if err != nil {
			return Value{}, err
		}
		return Value{Kind: ValIdent, Ident: n, Str: n.Last(), Tok: t}, nil
	case TokQuotedIdent:
		n, err := p.name(3)
		if err != nil {
			return Value{}, err
		}
		return Value{Kind: ValIdent, Ident: n, Str: n.Last(), Tok: t}, nil
	}
	return Value{}, p.unexpected(t)
}

func (p *parser) alter() (Statement, error) {
	tok := p.next()
	if p.isProcedureKw() {
		return p.alterProcedure(tok)
	}
	if p.acceptKw("APPLICATION", "PACKAGE") {
		return p.alterPackage(tok)
	}
	if p.acceptKw("TASK") {
		return p.alterTask()
	}
	if p.acceptKw("APPLICATION") {
		return p.alterApplication()
	}
	st := &AlterStmt{Tok: tok}
	kind, ok := p.objectKind()
	if !ok {
		return nil, p.unexpected(p.peek())
	}
	st.Kind = kind
	if p.acceptKw("IF", "EXISTS") {
		st.IfExists = true
	}
	n, err := p.name(NameParts(kind))
	if err != nil {
		return nil, err
	}
	st.Name = n
	switch {
	case kind == "TABLE" && p.acceptKw("ADD"):
		// ALTER TABLE … ADD [COLUMN] [IF NOT EXISTS] <col> <type> [, …]
		p.acceptKw("COLUMN")
		st.AddIfNotExists = p.acceptKw("IF", "NOT", "EXISTS")
		for {
			col, err := p.columnDef()
			if err != nil {
				return nil, err
			}
			st.AddColumns = append(st.AddColumns, col)
			if !p.acceptOp(",") {
				break
			}
		}
	case p.acceptKw("SET"):
		props, err := p.setList()
		if err != nil {
			return nil, err
		}
		st.Set = props
	case p.acceptKw("UNSET"):
		unset, err := p.unsetList()
		if err != nil {
			return nil, err
		}
		st.Unset = unset
	case p.acceptKw("RENAME", "TO"):
		to, err := p.name(NameParts(kind))
		if err != nil {
			return nil, err
		}
		st.RenameTo = &to
	case p.peek().Kind == TokIdent && (p.isKw("SUSPEND") || p.isKw("RESUME")):
		st.Action = p.next().Text
		if st.Action == "RESUME" {
			p.acceptKw("IF", "SUSPENDED")
		}
	default:
		return nil, p.unexpected(p.peek())
	}
	return st, nil
}

func (p *parser) drop() (Statement, error) {
	p.next()
	if p.isProcedureKw() {
		p.next()
		ifExists := p.acceptKw("IF", "EXISTS")
		ref, err := p.procRef()
		if err != nil {
			return nil, err
		}
		return &DropProcedureStmt{IfExists: ifExists, Ref: ref}, nil
	}
	st := &DropStmt{}
	kind, ok := p.objectKind()
	if !ok {
		return nil, p.unexpected(p.peek())
	}
	st.Kind = kind
	if p.acceptKw("IF", "EXISTS") {
		st.IfExists = true
	}
	n, err := p.name(NameParts(kind))
	if err != nil {
		return nil, err
	}
	st.Name = n
	switch {
	case p.acceptKw("CASCADE"):
		st.Cascade = true
	case p.acceptKw("RESTRICT"):
		st.Restrict = true
	}
	return st, nil
}

func (p *parser) show() (Statement, error) {
	p.next()
	for _, form := range showForms {
		if p.acceptKw(form.words...) {
			return form.parse(p)
		}
	}
	return p.showObjects()
}

// showForms are the SHOW statements of their own shape; the others list
// objects of a kind (showObjects).
var showForms = []struct {
	words []string
	parse func(*parser) (Statement, error)
}{
	{[]string{"GRANTS"}, (*parser).showGrants},
	{[]string{"REPLICATION", "DATABASES"}, (*parser).showReplicationDatabases},
	{[]string{"PARAMETERS"}, (*parser).showParameters},
	{[]string{"RELEASE", "CHANNELS"}, func(p *parser) (Statement, error) {
		n, err := p.inApplicationPackage()
		return &ShowVersionsStmt{Package: n, ReleaseChannels: true}, err
	}},
	{[]string{"VERSIONS"}, func(p *parser) (Statement, error) {
		like, err := p.stringAfter("LIKE")
		if err != nil {
			return nil, err
		}
		n, err := p.inApplicationPackage()
		return &ShowVersionsStmt{Like: like, Package: n}, err
	}},
}

// stringAfter reads the string literal after the keywords, when they come.
func (p *parser) stringAfter(kws ...string) (*string, error) {
	if !p.acceptKw(kws...) {
		return nil, nil
	}
	t := p.next()
	if t.Kind != TokString {
		return nil, p.unexpected(t)
	}
	return &t.Text, nil
}

func (p *parser) inApplicationPackage() (Name, error) {
	if err := p.expectKw("IN", "APPLICATION", "PACKAGE"); err != nil {
		return Name{}, err
	}
	return p.name(1)
}

func (p *parser) showReplicationDatabases() (Statement, error) {
	st := &ShowReplicationDatabasesStmt{}
	var err error
	if st.Like, err = p.stringAfter("LIKE"); err != nil {
		return nil, err
	}
	if p.acceptKw("WITH", "PRIMARY") {
		n, err := p.name(3)
		if err != nil {
			return nil, err
		}
		if len(n.Parts) < 2 {
			return nil, p.unexpected(n.Tok)
		}
		st.Primary = &n
	}
	return st, nil
}

// showParameters: SHOW PARAMETERS [LIKE '…'] [IN {SESSION | ACCOUNT |
// USER [u] | WAREHOUSE w | DATABASE d | SCHEMA s | TASK t | TABLE t}]
func (p *parser) showParameters() (Statement, error) {
	st := &ShowParametersStmt{Level: "SESSION"}
	var err error
	if st.Like, err = p.stringAfter("LIKE"); err != nil {
		return nil, err
	}
	if !p.acceptKw("IN") && !p.acceptKw("FOR") {
		return st, nil
	}
	t := p.next()
	if t.Kind != TokIdent {
		return nil, p.unexpected(t)
	}
	st.Level = t.Text
	switch st.Level {
	case "SESSION", "ACCOUNT":
	case "USER":
		if p.peek().Kind == TokIdent || p.peek().Kind == TokQuotedIdent {
			n, err := p.name(1)
			if err != nil {
				return nil, err
			}
			st.Object = &n
		}
	case "WAREHOUSE", "DATABASE", "SCHEMA", "TASK", "TABLE":
		n, err := p.name(map[string]int{"WAREHOUSE": 1, "DATABASE": 1, "SCHEMA": 2, "TASK": 3, "TABLE": 3}[st.Level])
		if err != nil {
			return nil, err
		}
		st.Object = &n
	default:
		return nil, p.unexpected(t)
	}
	return st, nil
}

// showObjects: SHOW [TERSE] <kinds> [LIKE '…'] [IN …] [STARTS WITH '…'] [LIMIT n]
func (p *parser) showObjects() (Statement, error) {
	st := &ShowStmt{}
	st.Terse = p.acceptKw("TERSE")
	found := false
	for _, k := range pluralKinds {
		if p.acceptKw(k.words...) {
			st.Kind, found = k.kind, true
			break
		}
	}
	if !found {
		return nil, p.unexpected(p.peek())
	}
	var err error
	if st.Like, err = p.stringAfter("LIKE"); err != nil {
		return nil, err
	}
	if p.acceptKw("IN") {
		if err := p.showScope(st); err != nil {
			return nil, err
		}
	}
	if st.StartsWith, err = p.stringAfter("STARTS", "WITH"); err != nil {
		return nil, err
	}
	if p.acceptKw("LIMIT") {
		t := p.next()
		n, err := strconv.Atoi(t.Text)
		if t.Kind != TokNumber || err != nil || n < 0 {
			return nil, p.unexpected(t)
		}
		st.Limit = n
	}
	return st, nil
}

// showScope reads what follows SHOW … IN: ACCOUNT, or a container kind
// (SCHEMA when none is named) and, optionally, its name.
func (p *parser) showScope(st *ShowStmt) error {
	switch {
	case p.acceptKw("ACCOUNT"):
		st.InKind = "ACCOUNT"
		return nil
	case p.acceptKw("APPLICATION", "PACKAGE"):
		st.InKind = "APPLICATION PACKAGE"
	case p.acceptKw("APPLICATION"):
		st.InKind = "APPLICATION"
	case p.acceptKw("DATABASE"):
		st.InKind = "DATABASE"
	case p.acceptKw("SCHEMA"):
		st.InKind = "SCHEMA"
	default:
		st.InKind = "SCHEMA"
	}
	if t := p.peek(); t.Kind == TokIdent && !reserved[t.Text] && !p.isKw("STARTS") && !p.isKw("LIMIT") || t.Kind == TokQuotedIdent {
		maxParts := 1
		if st.InKind == "SCHEMA" {
			maxParts = 2
		}
		n, err := p.name(maxParts)
		if err != nil {
			return err
		}
		st.In = &n
	}
	return nil
}

func (p *parser) showGrants() (Statement, error) {
	st := &ShowGrantsStmt{}
	switch {
	case p.acceptKw("TO"):
		st.Mode = "TO"
		switch {
		case p.acceptKw("ROLE"):
			st.Kind = "ROLE"
		case p.acceptKw("USER"):
			st.Kind = "USER"
		case p.acceptKw("APPLICATION", "ROLE"):
			st.Kind = "APPLICATION ROLE"
		case p.acceptKw("APPLICATION"):
			st.Kind = "APPLICATION"
		default:
			return nil, p.unexpected(p.peek())
		}
	case p.acceptKw("OF", "ROLE"):
		st.Mode, st.Kind = "OF", "ROLE"
	case p.acceptKw("ON"):
		st.Mode = "ON"
		if p.acceptKw("ACCOUNT") {
			st.Kind = "ACCOUNT"
			return st, nil
		}
		kind, ok := p.objectKind()
		if !ok {
			return nil, p.unexpected(p.peek())
		}
		st.Kind = kind
		n, err := p.name(NameParts(kind))
		if err != nil {
			return nil, err
		}
		st.Name = n
		return st, nil
	default:
		return st, nil
	}
	maxParts := 1
	if st.Kind == "APPLICATION ROLE" {
		maxParts = 2
	}
	n, err := p.name(maxParts)
	if err != nil {
		return nil, err
	}
	st.Name = n
	return st, nil
}

func (p *parser) describe() (Statement, error) {
	p.next()
	if p.isProcedureKw() {
		p.next()
		ref, err := p.procRef()
		if err != nil {
			return nil, err
		}
		return &DescribeProcedureStmt{Ref: ref}, nil
	}
	kind, ok := p.objectKind()
	if !ok {
		return nil, p.unexpected(p.peek())
	}
	n, err := p.name(NameParts(kind))
	if err != nil {
		return nil, err
	}
	// DESCRIBE TABLE t TYPE = COLUMNS is what DESCRIBE TABLE shows by
	// default; TYPE = STAGE (the table's stage properties) is not emulated.
	if kind == "TABLE" && p.acceptKw("TYPE") {
		if err := p.expectOp("="); err != nil {
			return nil, err
		}
		t := p.next()
		if !t.IsKeyword("COLUMNS") {
			return nil, p.unexpected(t)
		}
	}
	return &DescribeStmt{Kind: kind, Name: n}, nil
}

func (p *parser) grant() (Statement, error) {
	tok := p.next()
	revoke := tok.Text == "REVOKE"
	appRole := p.acceptKw("APPLICATION", "ROLE")
	if appRole || p.isKw("ROLE") {
		// GRANT ROLE r TO ROLE|USER x, and GRANT APPLICATION ROLE [app.]r TO
		// ROLE x | APPLICATION ROLE y (Snowflake's GRANT APPLICATION ROLE page).
		st := &GrantRoleStmt{Revoke: revoke, RoleKind: "ROLE"}
		parts := 1
		if appRole {
			st.RoleKind, parts = "APPLICATION ROLE", 2
		} else {
			p.next()
		}
		role, err := p.name(parts)
		if err != nil {
			return nil, err
		}
		st.Role = role
		if revoke {
			err = p.expectKw("FROM")
		} else {
			err = p.expectKw("TO")
		}
		if err != nil {
			return nil, err
		}
		switch {
		case appRole && p.acceptKw("APPLICATION", "ROLE"):
			st.GranteeKind = "APPLICATION ROLE"
			st.Grantee, err = p.name(2)
		case appRole:
			if err = p.expectKw("ROLE"); err == nil {
				st.GranteeKind = "ROLE"
				st.Grantee, err = p.name(1)
			}
		default:
			if st.GranteeKind, err = p.expectOneKw("ROLE", "USER"); err == nil {
				st.Grantee, err = p.name(1)
			}
		}
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	st := &GrantStmt{Revoke: revoke, Tok: tok}
	// Privileges are one or more words each, separated by commas, up to ON.
	for {
		var words []string
		for p.peek().Kind == TokIdent && !p.isKw("ON") {
			words = append(words, p.next().Text)
		}
		if len(words) == 0 {
			return nil, p.unexpected(p.peek())
		}
		priv := strings.Join(words, " ")
		if priv == "ALL PRIVILEGES" {
			priv = "ALL"
		}
		st.Privileges = append(st.Privileges, priv)
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectKw("ON"); err != nil {
		return nil, err
	}
	if p.acceptKw("ACCOUNT") {
		st.OnKind = "ACCOUNT"
	} else if p.acceptKw("PROCEDURE") {
		ref, err := p.procRef()
		if err != nil {
			return nil, err
		}
		st.OnKind, st.On, st.OnArgs = "PROCEDURE", ref.Name, ref.ArgTypes
	} else {
		kind, ok := p.objectKind()
		if !ok {
			return nil, p.unexpected(p.peek())
		}
		st.OnKind = kind
		n, err := p.name(NameParts(kind))
		if err != nil {
			return nil, err
		}
		st.On = n
	}
	var err error
	if revoke {
		err = p.expectKw("FROM")
	} else {
		err = p.expectKw("TO")
	}
	if err != nil {
		return nil, err
	}
	switch {
	case p.acceptKw("ROLE"):
		st.GranteeKind = "ROLE"
	case p.acceptKw("APPLICATION", "ROLE"):
		st.GranteeKind = "APPLICATION ROLE"
	case p.acceptKw("APPLICATION"):
		st.GranteeKind = "APPLICATION"
	default:
		return nil, p.unexpected(p.peek())
	}
	maxParts := 1
	if st.GranteeKind == "APPLICATION ROLE" {
		maxParts = 2
	}
	if st.Grantee, err = p.name(maxParts); err != nil {
		return nil, err
	}
	if !revoke && p.acceptKw("WITH", "GRANT", "OPTION") {
		st.GrantOption = true
	}
	return st, nil
}
