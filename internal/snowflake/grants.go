package snowflake

import "strings"

// Privilege is a privilege keyword such as USAGE, READ or CREATE DATABASE.
type Privilege string

const (
	PrivilegeUsage          Privilege = "USAGE"
	PrivilegeRead           Privilege = "READ"
	PrivilegeCreateDatabase Privilege = "CREATE DATABASE"
	PrivilegeExecuteTask    Privilege = "EXECUTE TASK"
	// PrivilegeExecuteManagedTask lets the application create serverless tasks.
	PrivilegeExecuteManagedTask Privilege = "EXECUTE MANAGED TASK"
)

// GrantableKind is the kind of object a privilege is granted on.
type GrantableKind string

const (
	OnAccount     GrantableKind = "ACCOUNT"
	OnIntegration GrantableKind = "INTEGRATION"
	OnDatabase    GrantableKind = "DATABASE"
	OnSchema      GrantableKind = "SCHEMA"
	OnSecret      GrantableKind = "SECRET"
	OnWarehouse   GrantableKind = "WAREHOUSE"
)

// GrantOn is the ON clause: a kind plus its identifier (none for ACCOUNT).
type GrantOn struct {
	Kind GrantableKind
	ID   Identifier
}

func (o GrantOn) render(b *sqlBuilder) {
	b.add("ON", string(o.Kind))
	if o.Kind == OnAccount {
		return
	}
	if o.ID == nil {
		b.fail("GRANT ON %s needs an identifier", o.Kind)
		return
	}
	b.ident(strings.ToLower(string(o.Kind)), o.ID)
}

// GrantToApplication renders GRANT <privilege> ON <object> TO APPLICATION <app>.
type GrantToApplication struct {
	Privilege   Privilege
	On          GrantOn
	Application AccountObjectIdentifier
}

func (s GrantToApplication) SQL() (string, error) {
	b := &sqlBuilder{}
	if s.Privilege == "" {
		b.fail("a privilege is required")
	}
	b.add("GRANT", string(s.Privilege))
	s.On.render(b)
	b.add("TO", "APPLICATION").ident("application", s.Application)
	return b.String()
}

// RevokeFromApplication renders REVOKE <privilege> ON <object> FROM APPLICATION <app>.
type RevokeFromApplication struct {
	Privilege   Privilege
	On          GrantOn
	Application AccountObjectIdentifier
}

func (s RevokeFromApplication) SQL() (string, error) {
	b := &sqlBuilder{}
	if s.Privilege == "" {
		b.fail("a privilege is required")
	}
	b.add("REVOKE", string(s.Privilege))
	s.On.render(b)
	b.add("FROM", "APPLICATION").ident("application", s.Application)
	return b.String()
}

// ShowGrantsToApplication renders SHOW GRANTS TO APPLICATION.
type ShowGrantsToApplication struct {
	Application AccountObjectIdentifier
}

func (s ShowGrantsToApplication) SQL() (string, error) {
	return (&sqlBuilder{}).add("SHOW", "GRANTS", "TO", "APPLICATION").ident("application", s.Application).String()
}

// ShowGrantsToRole renders SHOW GRANTS TO ROLE: the role's privileges and,
// as USAGE on ROLE rows, the roles it inherits.
type ShowGrantsToRole struct {
	Role AccountObjectIdentifier
}

func (s ShowGrantsToRole) SQL() (string, error) {
	return (&sqlBuilder{}).add("SHOW", "GRANTS", "TO", "ROLE").ident("role", s.Role).String()
}

// Grant is a row of SHOW GRANTS.
type Grant struct {
	Privilege   string
	GrantedOn   string
	Name        string
	GrantedTo   string
	GranteeName string
	GrantOption bool
	GrantedBy   string
}

func grantFromShow(row Row) Grant {
	return Grant{
		Privilege:   row.String("privilege"),
		GrantedOn:   row.String("granted_on"),
		Name:        row.String("name"),
		GrantedTo:   row.String("granted_to"),
		GranteeName: row.String("grantee_name"),
		GrantOption: row.Bool("grant_option"),
		GrantedBy:   row.String("granted_by"),
	}
}
