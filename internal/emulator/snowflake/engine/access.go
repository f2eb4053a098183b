package engine

import (
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// rolesGrantedTo returns the roles granted directly to a role or user.
func (x *execCtx) rolesGrantedTo(granteeKind, grantee string) ([]string, error) {
	grants, err := x.tx.GrantsTo(granteeKind, grantee)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range grants {
		if g.Privilege != "USAGE" {
			continue
		}
		o, err := x.tx.Get(g.ObjectID)
		if err != nil {
			return nil, err
		}
		if o != nil && o.Kind == "ROLE" {
			out = append(out, o.Name)
		}
	}
	return out, nil
}

// expandRoles adds every role inherited from start, plus PUBLIC.
func (x *execCtx) expandRoles(start []string) (map[string]bool, error) {
	seen := map[string]bool{"PUBLIC": true}
	queue := append([]string(nil), start...)
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if seen[r] && r != "PUBLIC" {
			continue
		}
		seen[r] = true
		children, err := x.rolesGrantedTo("ROLE", r)
		if err != nil {
			return nil, err
		}
		queue = append(queue, children...)
	}
	return seen, nil
}

// effectiveRoles is the current role and every role it inherits.
func (x *execCtx) effectiveRoles() (map[string]bool, error) {
	if x.roles != nil {
		return x.roles, nil
	}
	if x.isApp() {
		x.roles = map[string]bool{x.s.Role: true}
		return x.roles, nil
	}
	roles, err := x.expandRoles([]string{x.s.Role})
	if err != nil {
		return nil, err
	}
	x.roles = roles
	return roles, nil
}

// userHasRole reports whether role is granted to the session's user,
// directly or through the hierarchy.
func (x *execCtx) userHasRole(role string) (bool, error) {
	if role == "PUBLIC" {
		return true, nil
	}
	direct, err := x.rolesGrantedTo("USER", x.s.User)
	if err != nil {
		return false, err
	}
	all, err := x.expandRoles(direct)
	if err != nil {
		return false, err
	}
	return all[role], nil
}

// owns reports whether an effective role owns o. An application session
// also acts as owner of its own application container.
func (x *execCtx) owns(o *catalog.Object) (bool, error) {
	roles, err := x.effectiveRoles()
	if err != nil {
		return false, err
	}
	if o.Kind == "APPLICATION" && x.s.Role == appPrincipal(o.Name) {
		return true, nil
	}
	return roles[o.Owner], nil
}

const appPrefix = "APPLICATION:"

func appPrincipal(app string) string { return appPrefix + app }

func (x *execCtx) isApp() bool { return strings.HasPrefix(x.s.Role, appPrefix) }

func (x *execCtx) appName() string { return strings.TrimPrefix(x.s.Role, appPrefix) }

// grantApplies reports whether a grant is held by the session: to one of
// its roles, to its application, or to an application role it holds.
func (x *execCtx) grantApplies(g catalog.Grant, roles map[string]bool) (bool, error) {
	switch g.GranteeKind {
	case "ROLE":
		return roles[g.Grantee], nil
	case "APPLICATION":
		return roles[appPrincipal(g.Grantee)], nil
	case "APPLICATION ROLE":
		held, err := x.appRolesHeld()
		return held[g.Grantee], err
	}
	return false, nil
}

// appRolesHeld are the application roles ("APP.ROLE") of applications an
// effective role owns: an application's owner holds all its roles.
func (x *execCtx) appRolesHeld() (map[string]bool, error) {
	if x.appRoles != nil {
		return x.appRoles, nil
	}
	held := map[string]bool{}
	if !x.isApp() {
		roles, err := x.effectiveRoles()
		if err != nil {
			return nil, err
		}
		apps, err := x.tx.List("APPLICATION", 0)
		if err != nil {
			return nil, err
		}
		for _, app := range apps {
			appRoles, err := x.tx.List("APPLICATION ROLE", app.ID)
			if err != nil {
				return nil, err
			}
			if err := x.holdAppRoles(app, appRoles, roles, held); err != nil {
				return nil, err
			}
		}
	}
	x.appRoles = held
	return held, nil
}

// holdAppRoles adds to held the roles of app the session holds: all of
// them for the owner; otherwise those granted to one of its roles, and
// then those granted to an application role it holds, until none is added.
func (x *execCtx) holdAppRoles(app *catalog.Object, appRoles []*catalog.Object, roles, held map[string]bool) error {
	grants := map[int64][]catalog.Grant{}
	for _, r := range appRoles {
		if roles[app.Owner] {
			held[app.Name+"."+r.Name] = true
			continue
		}
		g, err := x.tx.GrantsOn(r.ID)
		if err != nil {
			return err
		}
		grants[r.ID] = g
	}
	for changed := true; changed; {
		changed = false
		for _, r := range appRoles {
			name := app.Name + "." + r.Name
			for _, g := range grants[r.ID] {
				if held[name] || g.Privilege != "USAGE" {
					continue
				}
				if g.GranteeKind == "ROLE" && roles[g.Grantee] || g.GranteeKind == "APPLICATION ROLE" && held[g.Grantee] {
					held[name], changed = true, true
				}
			}
		}
	}
	return nil
}

// has reports whether the session holds privilege on o (ownership implies all).
func (x *execCtx) has(privilege string, o *catalog.Object) (bool, error) {
	if owned, err := x.owns(o); err != nil || owned {
		return owned, err
	}
	return x.granted(privilege, o.ID)
}

// granted reports whether an effective role was granted privilege (or ALL /
// OWNERSHIP) on objectID.
func (x *execCtx) granted(privilege string, objectID int64) (bool, error) {
	roles, err := x.effectiveRoles()
	if err != nil {
		return false, err
	}
	grants, err := x.tx.GrantsOn(objectID)
	if err != nil {
		return false, err
	}
	for _, g := range grants {
		if g.Privilege != privilege && g.Privilege != "ALL" && g.Privilege != "OWNERSHIP" {
			continue
		}
		if ok, err := x.grantApplies(g, roles); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// visible reports whether the session holds any privilege on o. An
// application is visible, as a database, to the roles that hold one of its
// application roles: they see what those roles were granted inside it.
func (x *execCtx) visible(o *catalog.Object) (bool, error) {
	if owned, err := x.owns(o); err != nil || owned {
		return owned, err
	}
	if o.Kind == "APPLICATION" {
		held, err := x.appRolesHeld()
		if err != nil {
			return false, err
		}
		for name := range held {
			if app, _, _ := strings.Cut(name, "."); app == o.Name {
				return true, nil
			}
		}
	}
	roles, err := x.effectiveRoles()
	if err != nil {
		return false, err
	}
	grants, err := x.tx.GrantsOn(o.ID)
	if err != nil {
		return false, err
	}
	for _, g := range grants {
		if ok, err := x.grantApplies(g, roles); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// accountPrivilege reports whether the session holds a global privilege.
func (x *execCtx) accountPrivilege(privilege string) (bool, error) {
	return x.granted(privilege, catalog.AccountID)
}

func (x *execCtx) requireAccount(privilege string) error {
	ok, err := x.accountPrivilege(privilege)
	if err != nil {
		return err
	}
	if !ok {
		return sferr.Insufficient("account", x.e.Account())
	}
	return nil
}

// visibleDatabase returns the database if the session can see it, else nil.
func (x *execCtx) visibleDatabase(name string) (*catalog.Object, error) {
	db, err := x.tx.LookupAny("DATABASE", 0, name)
	if err != nil || db == nil {
		return nil, err
	}
	ok, err := x.visible(db)
	if err != nil || !ok {
		return nil, err
	}
	return db, nil
}

// lookupSchema returns a schema of db the session can see, else nil.
func (x *execCtx) lookupSchema(db *catalog.Object, name string) (*catalog.Object, error) {
	sc, err := x.tx.Lookup("SCHEMA", db.ID, name)
	if err != nil || sc == nil {
		return nil, err
	}
	ok, err := x.visible(sc)
	if err != nil || !ok {
		return nil, err
	}
	return sc, nil
}

// resolveDatabase finds a database by a one-part name.
func (x *execCtx) resolveDatabase(n sqlparse.Name) (*catalog.Object, error) {
	db, err := x.visibleDatabase(n.Last())
	if err != nil {
		return nil, err
	}
	if db == nil {
		return nil, errNotExist("DATABASE", n.String())
	}
	return db, nil
}

// resolveSchema finds a schema from a one- or two-part name, using the
// session's database for one part. action names the statement for the
// "no current database" error.
func (x *execCtx) resolveSchema(n sqlparse.Name, action string) (*catalog.Object, *catalog.Object, error) {
	dbName := x.s.Database
	if len(n.Parts) == 2 {
		dbName = n.Parts[0]
	} else if dbName == "" {
		return nil, nil, errNoCurrent(action, "DATABASE")
	}
	db, err := x.visibleDatabase(dbName)
	if err != nil {
		return nil, nil, err
	}
	if db == nil {
		return nil, nil, errNotExist("DATABASE", sqlparse.DisplayIdent(dbName))
	}
	sc, err := x.lookupSchema(db, n.Last())
	if err != nil {
		return nil, nil, err
	}
	if sc == nil {
		return nil, nil, errNotExist("SCHEMA", sqlparse.DisplayIdent(db.Name)+"."+sqlparse.DisplayIdent(n.Last()))
	}
	return db, sc, nil
}

// resolveContainer finds the schema that holds a schema object named by a
// one- to three-part name.
func (x *execCtx) resolveContainer(n sqlparse.Name, action string) (*catalog.Object, *catalog.Object, error) {
	switch len(n.Parts) {
	case 3:
		return x.resolveSchema(sqlparse.Name{Parts: n.Parts[:2]}, action)
	case 2:
		return x.resolveSchema(sqlparse.Name{Parts: n.Parts[:1]}, action)
	}
	if x.s.Database == "" {
		return nil, nil, errNoCurrent(action, "DATABASE")
	}
	if x.s.Schema == "" {
		return nil, nil, errNoCurrent(action, "SCHEMA")
	}
	return x.resolveSchema(sqlparse.Name{Parts: []string{x.s.Database, x.s.Schema}}, action)
}

// qualified renders a schema object's full name for messages.
func qualified(db, sc *catalog.Object, name string) string {
	return sqlparse.DisplayIdent(db.Name) + "." + sqlparse.DisplayIdent(sc.Name) + "." + sqlparse.DisplayIdent(name)
}

// requireUsage checks USAGE on the containers of a schema object.
func (x *execCtx) requireUsage(db, sc *catalog.Object) error {
	for _, o := range []*catalog.Object{db, sc} {
		if o == nil {
			continue
		}
		// An application needs no USAGE: holding one of its application
		// roles is what lets a consumer role in (visible).
		var ok bool
		var err error
		if o.Kind == "APPLICATION" {
			ok, err = x.visible(o)
		} else {
			ok, err = x.has("USAGE", o)
		}
		if err != nil {
			return err
		}
		if !ok {
			return sferr.Insufficient(o.Kind, sqlparse.DisplayIdent(o.Name))
		}
	}
	return nil
}
