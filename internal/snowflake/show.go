package snowflake

import (
	"fmt"
	"strconv"
	"strings"
)

// ObjectType is the plural keyword used by SHOW.
type ObjectType string

const (
	ObjectTypeNetworkRules               ObjectType = "NETWORK RULES"
	ObjectTypeSecrets                    ObjectType = "SECRETS"
	ObjectTypeExternalAccessIntegrations ObjectType = "EXTERNAL ACCESS INTEGRATIONS"
	ObjectTypeApplications               ObjectType = "APPLICATIONS"
	ObjectTypeApplicationPackages        ObjectType = "APPLICATION PACKAGES"
	ObjectTypeStages                     ObjectType = "STAGES"
	ObjectTypeDatabases                  ObjectType = "DATABASES"
	ObjectTypeSchemas                    ObjectType = "SCHEMAS"
	ObjectTypeWarehouses                 ObjectType = "WAREHOUSES"
	ObjectTypeTables                     ObjectType = "TABLES"
	ObjectTypeViews                      ObjectType = "VIEWS"
	ObjectTypeTasks                      ObjectType = "TASKS"
	ObjectTypeProcedures                 ObjectType = "PROCEDURES"
)

// ScopeKind is the kind of container in SHOW … IN.
type ScopeKind string

const (
	ScopeAccount            ScopeKind = "ACCOUNT"
	ScopeDatabase           ScopeKind = "DATABASE"
	ScopeSchema             ScopeKind = "SCHEMA"
	ScopeApplication        ScopeKind = "APPLICATION"
	ScopeApplicationPackage ScopeKind = "APPLICATION PACKAGE"
)

// Scope is the IN clause of a SHOW statement.
type Scope struct {
	Kind ScopeKind
	ID   Identifier // nil for ACCOUNT
}

func InAccount() *Scope { return &Scope{Kind: ScopeAccount} }
func InDatabase(db AccountObjectIdentifier) *Scope {
	return &Scope{Kind: ScopeDatabase, ID: db}
}
func InSchema(schema DatabaseObjectIdentifier) *Scope {
	return &Scope{Kind: ScopeSchema, ID: schema}
}
func InApplication(app AccountObjectIdentifier) *Scope {
	return &Scope{Kind: ScopeApplication, ID: app}
}
func InApplicationPackage(pkg AccountObjectIdentifier) *Scope {
	return &Scope{Kind: ScopeApplicationPackage, ID: pkg}
}

// Show renders SHOW <objects> [LIKE '<pattern>'] [IN <scope>]. LIKE is
// case-insensitive and treats _ and % as wildcards, so callers that look
// for one object must filter the rows with FindExact.
type Show struct {
	Object ObjectType
	Like   *string
	In     *Scope
}

func (s Show) SQL() (string, error) {
	b := &sqlBuilder{}
	if s.Object == "" {
		b.fail("SHOW needs an object type")
	}
	b.add("SHOW", string(s.Object))
	if s.Like != nil {
		b.add("LIKE", QuoteString(*s.Like))
	}
	if s.In != nil {
		b.add("IN", string(s.In.Kind))
		if s.In.Kind != ScopeAccount {
			if s.In.ID == nil {
				b.fail("SHOW … IN %s needs an identifier", s.In.Kind)
			} else {
				b.ident("scope", s.In.ID)
			}
		}
	}
	return b.String()
}

// ShowByName is the SHOW that looks up one object by exact name.
func ShowByName(object ObjectType, name string, in *Scope) Show {
	return Show{Object: object, Like: &name, In: in}
}

// Row is one result row keyed by lower-cased column name. Cells that are
// SQL NULL are absent.
type Row map[string]string

func (r Row) String(column string) string { return r[column] }

func (r Row) Has(column string) bool {
	_, ok := r[column]
	return ok
}

func (r Row) Bool(column string) bool {
	v := strings.ToLower(strings.TrimSpace(r[column]))
	return v == "true" || v == "1" || v == "y" || v == "yes"
}

func (r Row) Int(column string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r[column]))
	return n
}

// FindExact returns the first row whose name column equals name exactly
// (case-sensitively), or ErrObjectNotFound.
func FindExact(rows []Row, name string) (Row, error) {
	for _, row := range rows {
		if n, ok := row["name"]; ok && n == name {
			return row, nil
		}
	}
	return nil, fmt.Errorf("%w: no object named %s in SHOW output", ErrObjectNotFound, QuoteIdentifier(name))
}

// PropertyRows turns DESCRIBE output of (property, property_value|value)
// rows into a map keyed by upper-cased property name.
func PropertyRows(rows []Row) map[string]string {
	props := make(map[string]string, len(rows))
	for _, row := range rows {
		key := strings.ToUpper(row.String("property"))
		if row.Has("property_value") {
			props[key] = row.String("property_value")
		} else {
			props[key] = row.String("value")
		}
	}
	return props
}

// ParseList parses a comma-separated list as printed by DESCRIBE, possibly
// wrapped in [ ], with optional quotes around each item.
func ParseList(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "[")
	s = strings.TrimSuffix(s, "]")
	if strings.TrimSpace(s) == "" {
		return []string{}
	}
	var out []string
	for _, item := range splitOutsideQuotes(s, ',') {
		item = strings.TrimSpace(item)
		if len(item) >= 2 && item[0] == '\'' && item[len(item)-1] == '\'' {
			item = item[1 : len(item)-1]
		}
		if item != "" {
			out = append(out, item)
		}
	}
	return out
}

// splitOutsideQuotes splits on sep, ignoring separators inside double quotes.
func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	inQuotes := false
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			inQuotes = !inQuotes
		case sep:
			if !inQuotes {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}
