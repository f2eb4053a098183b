package engine

import (
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// grantable lists the privileges each kind of object accepts.
var grantable = map[string][]string{
	"ACCOUNT": {"CREATE DATABASE", "CREATE WAREHOUSE", "CREATE INTEGRATION", "CREATE ROLE", "CREATE USER", "MANAGE GRANTS",
		"EXECUTE TASK", "EXECUTE MANAGED TASK", "CREATE APPLICATION PACKAGE", "CREATE APPLICATION", "CREATE NETWORK POLICY", "MONITOR USAGE"},
	"DATABASE":            {"USAGE", "MONITOR", "CREATE SCHEMA", "MODIFY", "OWNERSHIP"},
	"SCHEMA":              {"USAGE", "MONITOR", "MODIFY", "CREATE TABLE", "CREATE VIEW", "CREATE STAGE", "CREATE SECRET", "CREATE NETWORK RULE", "CREATE PROCEDURE", "CREATE FUNCTION", "CREATE TASK", "CREATE STREAMLIT", "OWNERSHIP"},
	"WAREHOUSE":           {"USAGE", "OPERATE", "MONITOR", "MODIFY", "OWNERSHIP"},
	"INTEGRATION":         {"USAGE", "OWNERSHIP"},
	"SECRET":              {"USAGE", "READ", "OWNERSHIP"},
	"NETWORK RULE":        {"OWNERSHIP"},
	"STAGE":               {"READ", "WRITE", "OWNERSHIP"},
	"ROLE":                {"OWNERSHIP"},
	"USER":                {"MONITOR", "OWNERSHIP"},
	"TABLE":               {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "OWNERSHIP"},
	"VIEW":                {"SELECT", "REFERENCES", "OWNERSHIP"},
	"PROCEDURE":           {"USAGE", "OWNERSHIP"},
	"STREAMLIT":           {"USAGE", "OWNERSHIP"},
	"TASK":                {"MONITOR", "OPERATE", "OWNERSHIP"},
	"APPLICATION PACKAGE": {"INSTALL", "DEVELOP", "MANAGE VERSIONS", "OWNERSHIP"},
}

func (x *execCtx) canManageGrants(o *catalog.Object, privilege string) (bool, error) {
	if o != nil {
		if owned, err := x.owns(o); err != nil || owned {
			return owned, err
		}
	}
	if ok, err := x.accountPrivilege("MANAGE GRANTS"); err != nil || ok {
		return ok, err
	}
	// Holders WITH GRANT OPTION may pass the privilege on.
	id := catalog.AccountID
	if o != nil {
		id = o.ID
	}
	roles, err := x.effectiveRoles()
	if err != nil {
		return false, err
	}
	grants, err := x.tx.GrantsOn(id)
	if err != nil {
		return false, err
	}
	for _, g := range grants {
		if g.GranteeKind == "ROLE" && roles[g.Grantee] && g.GrantOption && g.Privilege == privilege {
			return true, nil
		}
	}
	return false, nil
}

func (x *execCtx) grant(st *sqlparse.GrantStmt) (*Result, error) {
	onKind := storedKind(st.OnKind)
	allowed := grantable[onKind]
	var privileges []string
	for _, p := range st.Privileges {
		if p == "ALL" {
			for _, a := range allowed {
				if a != "OWNERSHIP" {
					privileges = append(privileges, a)
				}
			}
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == p
		}
		if !ok {
			return nil, errPrivilege.With("Invalid privilege %s for %s.", p, strings.ToLower(onKind))
		}
		privileges = append(privileges, p)
	}
	var target *catalog.Object
	targetID := catalog.AccountID
	if onKind == "PROCEDURE" {
		o, err := x.resolveProcedure(sqlparse.ProcRef{Name: st.On, ArgTypes: st.OnArgs}, strings.ToUpper(st.Tok.Text))
		if err != nil {
			return nil, err
		}
		target, targetID = o, o.ID
	} else if onKind != "ACCOUNT" {
		o, err := x.resolveObject(st.OnKind, st.On, strings.ToUpper(st.Tok.Text))
		if err != nil {
			return nil, err
		}
		target, targetID = o, o.ID
	}
	granteeKind := st.GranteeKind
	grantee := st.Grantee.Last()
	switch granteeKind {
	case "ROLE":
		r, err := x.tx.Lookup("ROLE", 0, st.Grantee.Last())
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, errNotExist("ROLE", st.Grantee.String())
		}
	case "APPLICATION":
		app, err := x.resolveApplication(st.Grantee)
		if err != nil {
			return nil, err
		}
		for _, p := range privileges {
			if p == "OWNERSHIP" {
				return nil, errAccessControl.With("OWNERSHIP cannot be granted to an application.")
			}
			if onKind == "ACCOUNT" && !containsString(app.List("privileges"), p) {
				return nil, errAccessControl.With("Grant not executed: privilege %s is not requested in the manifest of application %s.", p, app.Name)
			}
		}
	case "APPLICATION ROLE":
		role, err := x.resolveAppRole(st.Grantee)
		if err != nil {
			return nil, err
		}
		app, err := x.tx.Get(role.ParentID)
		if err != nil || app == nil {
			return nil, errorsOr(err, errNotExist("APPLICATION ROLE", st.Grantee.String()))
		}
		grantee = app.Name + "." + role.Name
	default:
		return nil, errNotExist(granteeKind, st.Grantee.String())
	}
	for _, p := range privileges {
		ok, err := x.canManageGrants(target, p)
		if err != nil {
			return nil, err
		}
		if !ok {
			name := x.e.Account()
			kind := "account"
			if target != nil {
				name, kind = st.On.String(), strings.ToLower(target.Kind)
			}
			return nil, sferr.Insufficient(kind, name)
		}
		if p == "OWNERSHIP" {
			if st.Revoke {
				return nil, errPrivilege.With("OWNERSHIP cannot be revoked; grant it to another role instead.")
			}
			if target == nil {
				return nil, sferr.Unsupported("GRANT OWNERSHIP ON ACCOUNT")
			}
			target.Owner = grantee
			if err := x.tx.Save(target); err != nil {
				return nil, err
			}
			continue
		}
		if st.Revoke {
			if _, err := x.tx.RemoveGrant(p, targetID, granteeKind, grantee); err != nil {
				return nil, err
			}
			continue
		}
		if err := x.tx.AddGrant(catalog.Grant{Privilege: p, ObjectID: targetID, GranteeKind: granteeKind, Grantee: grantee,
			GrantOption: st.GrantOption, GrantedBy: x.s.Role}); err != nil {
			return nil, err
		}
	}
	return statusResult(TypeDDL, "Statement executed successfully."), nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// resolveAppRole finds APP.ROLE, or ROLE inside the session's application.
func (x *execCtx) resolveAppRole(n sqlparse.Name) (*catalog.Object, error) {
	appName := x.appName()
	if len(n.Parts) == 2 {
		appName = n.Parts[0]
	}
	app, err := x.tx.LookupAny("APPLICATION", 0, appName)
	if err != nil {
		return nil, err
	}
	if app != nil && app.Kind == "APPLICATION" {
		role, err := x.tx.Lookup("APPLICATION ROLE", app.ID, n.Last())
		if err != nil {
			return nil, err
		}
		if role != nil {
			return role, nil
		}
	}
	return nil, errNotExist("APPLICATION ROLE", n.String())
}

func (x *execCtx) grantRole(st *sqlparse.GrantRoleStmt) (*Result, error) {
	if st.RoleKind == "APPLICATION ROLE" {
		return x.grantAppRole(st)
	}
	role, err := x.tx.Lookup("ROLE", 0, st.Role.Last())
	if err != nil {
		return nil, err
	}
	if role == nil {
		return nil, errNotExist("ROLE", st.Role.String())
	}
	grantee, err := x.tx.Lookup(st.GranteeKind, 0, st.Grantee.Last())
	if err != nil {
		return nil, err
	}
	if grantee == nil {
		return nil, errNotExist(st.GranteeKind, st.Grantee.String())
	}
	ok, err := x.canManageGrants(role, "OWNERSHIP")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, sferr.Insufficient("role", st.Role.String())
	}
	if st.Revoke {
		if _, err := x.tx.RemoveGrant("USAGE", role.ID, st.GranteeKind, grantee.Name); err != nil {
			return nil, err
		}
		return statusResult(TypeDDL, "Statement executed successfully."), nil
	}
	if st.GranteeKind == "ROLE" {
		// Granting A to B makes B inherit A; refuse cycles.
		inherited, err := x.expandRoles([]string{role.Name})
		if err != nil {
			return nil, err
		}
		if inherited[grantee.Name] || role.Name == grantee.Name {
			return nil, errRoleGrant.With("Granting role '%s' to role '%s' would create a cycle.", role.Name, grantee.Name)
		}
	}
	if err := x.tx.AddGrant(catalog.Grant{Privilege: "USAGE", ObjectID: role.ID, GranteeKind: st.GranteeKind, Grantee: grantee.Name, GrantedBy: x.s.Role}); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Statement executed successfully."), nil
}

// grantAppRole grants an application role to an account role (by the
// application's owner, or a holder of MANAGE GRANTS) or, inside the
// application, to another of its application roles: the holder gets every
// privilege granted to the role (Snowflake's GRANT APPLICATION ROLE page).
// Stored as USAGE on the application role, to "ROLE" x or to
// "APPLICATION ROLE" "APP.ROLE".
func (x *execCtx) grantAppRole(st *sqlparse.GrantRoleStmt) (*Result, error) {
	role, err := x.resolveAppRole(st.Role)
	if err != nil {
		return nil, err
	}
	app, err := x.tx.Get(role.ParentID)
	if err != nil || app == nil {
		return nil, errorsOr(err, errNotExist("APPLICATION ROLE", st.Role.String()))
	}
	grantee := ""
	switch st.GranteeKind {
	case "ROLE":
		if x.isApp() {
			return nil, errAccessControl.With("An application cannot grant its application roles to account roles; the consumer grants them.")
		}
		r, err := x.tx.Lookup("ROLE", 0, st.Grantee.Last())
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, errNotExist("ROLE", st.Grantee.String())
		}
		ok, err := x.canManageGrants(app, "OWNERSHIP")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, sferr.Insufficient("application", app.Name)
		}
		grantee = r.Name
	case "APPLICATION ROLE":
		if !x.isApp() || x.appName() != app.Name {
			return nil, errAccessControl.With("Application roles are granted to application roles only by the application itself.")
		}
		other, err := x.resolveAppRole(st.Grantee)
		if err != nil {
			return nil, err
		}
		if other.ParentID != app.ID || other.ID == role.ID {
			return nil, errRoleGrant.With("Application role '%s' cannot be granted to '%s'.", role.Name, st.Grantee.String())
		}
		grantee = app.Name + "." + other.Name
	default:
		return nil, errNotExist(st.GranteeKind, st.Grantee.String())
	}
	if st.Revoke {
		if _, err := x.tx.RemoveGrant("USAGE", role.ID, st.GranteeKind, grantee); err != nil {
			return nil, err
		}
	} else if err := x.tx.AddGrant(catalog.Grant{Privilege: "USAGE", ObjectID: role.ID, GranteeKind: st.GranteeKind, Grantee: grantee, GrantedBy: x.s.Role}); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Statement executed successfully."), nil
}

// displayName renders an object's qualified name for SHOW GRANTS.
func (x *execCtx) displayName(o *catalog.Object) (string, error) {
	parts := []string{sqlparse.DisplayIdent(o.Name)}
	for p := o.ParentID; p != 0; {
		parent, err := x.tx.Get(p)
		if err != nil || parent == nil {
			return "", err
		}
		parts = append([]string{sqlparse.DisplayIdent(parent.Name)}, parts...)
		p = parent.ParentID
	}
	return strings.Join(parts, "."), nil
}

var grantColumns = []Column{timestampCol("created_on"), textCol("privilege"), textCol("granted_on"), textCol("name"),
	textCol("granted_to"), textCol("grantee_name"), textCol("grant_option"), textCol("granted_by")}

var roleGrantColumns = []Column{timestampCol("created_on"), textCol("role"), textCol("granted_to"), textCol("grantee_name"), textCol("granted_by")}

func (x *execCtx) grantRow(g catalog.Grant) ([]*string, error) {
	grantedOn, name := "ACCOUNT", x.e.Account()
	if g.ObjectID != catalog.AccountID {
		o, err := x.tx.Get(g.ObjectID)
		if err != nil || o == nil {
			return nil, err
		}
		grantedOn = strings.ReplaceAll(o.Kind, " ", "_")
		if name, err = x.displayName(o); err != nil {
			return nil, err
		}
	}
	granteeName := g.Grantee
	return []*string{tsStr(g.CreatedOn), str(g.Privilege), str(grantedOn), str(name), str(g.GranteeKind), str(granteeName),
		boolStr(g.GrantOption), str(g.GrantedBy)}, nil
}

func (x *execCtx) showGrants(st *sqlparse.ShowGrantsStmt) (*Result, error) {
	res := &Result{StatementType: TypeShow, Columns: grantColumns, Rows: [][]*string{}}
	switch {
	case st.Mode == "TO" && (st.Kind == "ROLE" || st.Kind == "APPLICATION"):
		var grants []catalog.Grant
		if st.Kind == "APPLICATION" {
			app, err := x.resolveApplication(st.Name)
			if err != nil {
				return nil, err
			}
			if grants, err = x.tx.GrantsTo("APPLICATION", app.Name); err != nil {
				return nil, err
			}
		} else {
			role, err := x.tx.Lookup("ROLE", 0, st.Name.Last())
			if err != nil {
				return nil, err
			}
			if role == nil {
				return nil, errNotExist("ROLE", st.Name.String())
			}
			if grants, err = x.tx.GrantsTo("ROLE", role.Name); err != nil {
				return nil, err
			}
		}
		for _, g := range grants {
			row, err := x.grantRow(g)
			if err != nil {
				return nil, err
			}
			if row != nil {
				res.Rows = append(res.Rows, row)
			}
		}
		return res, nil
	case st.Mode == "TO" && st.Kind == "USER", st.Mode == "OF":
		res.Columns = roleGrantColumns
		var grants []catalog.Grant
		if st.Mode == "OF" {
			role, err := x.tx.Lookup("ROLE", 0, st.Name.Last())
			if err != nil {
				return nil, err
			}
			if role == nil {
				return nil, errNotExist("ROLE", st.Name.String())
			}
			if grants, err = x.tx.GrantsOn(role.ID); err != nil {
				return nil, err
			}
		} else {
			user, err := x.tx.Lookup("USER", 0, st.Name.Last())
			if err != nil {
				return nil, err
			}
			if user == nil {
				return nil, errNotExist("USER", st.Name.String())
			}
			if grants, err = x.tx.GrantsTo("USER", user.Name); err != nil {
				return nil, err
			}
		}
		for _, g := range grants {
			role, err := x.tx.Get(g.ObjectID)
			if err != nil {
				return nil, err
			}
			if role == nil || role.Kind != "ROLE" {
				continue
			}
			res.Rows = append(res.Rows, []*string{tsStr(g.CreatedOn), str(role.Name), str(g.GranteeKind), str(g.Grantee), str(g.GrantedBy)})
		}
		return res, nil
	case st.Mode == "ON":
		var grants []catalog.Grant
		var err error
		if st.Kind == "ACCOUNT" {
			grants, err = x.tx.GrantsOn(catalog.AccountID)
		} else {
			var o *catalog.Object
			if o, err = x.resolveObject(st.Kind, st.Name, "SHOW GRANTS"); err != nil {
				return nil, err
			}
			name, nameErr := x.displayName(o)
			if nameErr != nil {
				return nil, nameErr
			}
			res.Rows = append(res.Rows, []*string{tsStr(o.CreatedOn), str("OWNERSHIP"), str(strings.ReplaceAll(o.Kind, " ", "_")), str(name),
				str("ROLE"), str(o.Owner), str("true"), str(o.Owner)})
			grants, err = x.tx.GrantsOn(o.ID)
		}
		if err != nil {
			return nil, err
		}
		for _, g := range grants {
			row, err := x.grantRow(g)
			if err != nil {
				return nil, err
			}
			res.Rows = append(res.Rows, row)
		}
		return res, nil
	case st.Mode == "":
		return x.showGrants(&sqlparse.ShowGrantsStmt{Mode: "TO", Kind: "USER", Name: sqlparse.Name{Parts: []string{x.s.User}}})
	}
	return nil, errNotExist(st.Kind, st.Name.String())
}
