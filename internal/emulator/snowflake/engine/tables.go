package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// tableCol is a column of a stored table.
type tableCol struct {
	Name       string          `json:"name"`
	TypeStr    string          `json:"type"`
	NotNull    bool            `json:"not_null"`
	PrimaryKey bool            `json:"primary_key,omitempty"`
	Unique     bool            `json:"unique,omitempty"`
	Default    string          `json:"default,omitempty"` // SQLite expression
	Comment    *string         `json:"comment,omitempty"`
	Type       compiler.SFType `json:"-"`
}

// tableColumns decodes a table's column list.
func tableColumns(o *catalog.Object) []tableCol {
	raw, _ := json.Marshal(o.Props["columns"])
	var cols []tableCol
	_ = json.Unmarshal(raw, &cols)
	for i := range cols {
		cols[i].Type, _ = compiler.ParseType(cols[i].TypeStr)
	}
	return cols
}

// dataTable is the SQLite table holding a Snowflake table's rows.
func dataTable(o *catalog.Object) string { return fmt.Sprintf(`"t_%d"`, o.ID) }

// resolveRelation finds a table or view by a 1–3 part name; asOwner skips
// visibility checks (view expansion runs with the view owner's rights).
func (x *execCtx) resolveRelation(n sqlparse.Name, asOwner bool) (*catalog.Object, error) {
	if asOwner {
		db, sc, err := x.containerUnchecked(n)
		if err != nil {
			return nil, err
		}
		o, err := x.tx.LookupAny("TABLE", sc.ID, n.Last())
		if err != nil {
			return nil, err
		}
		if o == nil {
			return nil, errNotExist("TABLE", qualified(db, sc, n.Last()))
		}
		return o, nil
	}
	db, sc, err := x.resolveContainer(n, "SELECT")
	if err != nil {
		return nil, err
	}
	o, err := x.tx.LookupAny("TABLE", sc.ID, n.Last())
	if err != nil {
		return nil, err
	}
	if o != nil {
		if ok, err := x.visible(o); err != nil {
			return nil, err
		} else if ok {
			return o, nil
		}
	}
	return nil, errObjectNotExist("OBJECT", qualified(db, sc, n.Last()))
}

// containerUnchecked resolves a schema without privilege checks.
func (x *execCtx) containerUnchecked(n sqlparse.Name) (*catalog.Object, *catalog.Object, error) {
	dbName, scName := x.s.Database, x.s.Schema
	switch len(n.Parts) {
	case 3:
		dbName, scName = n.Parts[0], n.Parts[1]
	case 2:
		scName = n.Parts[0]
	}
	db, err := x.tx.LookupAny("DATABASE", 0, dbName)
	if err != nil || db == nil {
		return nil, nil, errorsOr(err, errNotExist("DATABASE", sqlparse.DisplayIdent(dbName)))
	}
	sc, err := x.tx.Lookup("SCHEMA", db.ID, scName)
	if err != nil || sc == nil {
		return nil, nil, errorsOr(err, errNotExist("SCHEMA", sqlparse.DisplayIdent(dbName)+"."+sqlparse.DisplayIdent(scName)))
	}
	return db, sc, nil
}

func errorsOr(err error, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// prepareSchemaObject resolves the container of a new schema object and
// checks USAGE and CREATE <kind>; it returns the display name.
func (x *execCtx) prepareSchemaObject(kind string, n sqlparse.Name) (*catalog.Object, *catalog.Object, error) {
	db, sc, err := x.resolveContainer(n, "CREATE "+kind)
	if err != nil {
		return nil, nil, err
	}
	if err := x.requireUsage(db, sc); err != nil {
		return nil, nil, err
	}
	if ok, err := x.has("CREATE "+kind, sc); err != nil {
		return nil, nil, err
	} else if !ok {
		return nil, nil, sferr.Insufficient("schema", sqlparse.DisplayIdent(sc.Name))
	}
	return db, sc, nil
}

// replaceExisting applies IF NOT EXISTS / OR REPLACE to an existing object.
// It returns done=true when the statement is already complete.
func (x *execCtx) replaceExisting(kind string, parentID int64, name, display string, orReplace, ifNotExists bool) (bool, error) {
	if orReplace && ifNotExists {
		return false, errConflict.With("OR REPLACE", "IF NOT EXISTS")
	}
	existing, err := x.tx.LookupAny(kind, parentID, name)
	if err != nil || existing == nil {
		return false, err
	}
	if ifNotExists {
		return true, nil
	}
	if !orReplace {
		return false, errAlreadyExists.With(display)
	}
	if existing.Kind != kind {
		return false, errAlreadyExistsAs.With(display, existing.Kind)
	}
	if owned, err := x.owns(existing); err != nil {
		return false, err
	} else if !owned {
		return false, sferr.Insufficient(strings.ToLower(kind), display)
	}
	return false, x.deleteObject(existing.ID)
}

// createReplacing inserts o (a schema object) under the OR REPLACE and IF
// NOT EXISTS rules; o.Name is its lookup key (a procedure's signature),
// shown its name in messages, created the success message's format.
func (x *execCtx) createReplacing(o *catalog.Object, shown, display string, orReplace, ifNotExists bool, created string) (*Result, error) {
	done, err := x.replaceExisting(o.Kind, o.ParentID, o.Name, display, orReplace, ifNotExists)
	if err != nil {
		return nil, err
	}
	if done {
		return statusResult(TypeDDL, "%s already exists, statement succeeded.", shown), nil
	}
	if err := x.tx.Insert(o); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, created, shown), nil
}

// deleteObject removes an object and everything under it, with table data.
func (x *execCtx) deleteObject(id int64) error {
	removed, err := x.tx.Delete(id)
	if err != nil {
		return err
	}
	for _, o := range removed {
		if o.Kind == "TABLE" {
			if _, err := x.tx.SQL().ExecContext(x.ctx(), "DROP TABLE IF EXISTS "+dataTable(o)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (x *execCtx) createTable(st *sqlparse.CreateTableStmt) (*Result, error) {
	db, sc, err := x.prepareSchemaObject("TABLE", st.Name)
	if err != nil {
		return nil, err
	}
	name := st.Name.Last()
	display := qualified(db, sc, name)
	seen := map[string]bool{}
	var cols []tableCol
	comp := x.compiler()
	for _, c := range st.Columns {
		if seen[c.Name] {
			return nil, errDuplicateColumn.With(c.Name)
		}
		seen[c.Name] = true
		typ, err := compiler.ParseType(c.Type)
		if err != nil {
			return nil, err
		}
		// A primary key column is NOT NULL (Snowflake enforces only that part).
		col := tableCol{Name: c.Name, TypeStr: typ.String(), NotNull: c.NotNull || c.PrimaryKey, PrimaryKey: c.PrimaryKey,
			Unique: c.Unique, Comment: c.Comment, Type: typ}
		if c.Default != nil {
			text, dt, err := comp.Expr(c.Default, &compiler.Scope{})
			if err != nil {
				return nil, err
			}
			col.Default = compiler.CastSQL(text, dt, typ)
		}
		cols = append(cols, col)
	}
	done, err := x.replaceExisting("TABLE", sc.ID, name, display, st.OrReplace, st.IfNotExists)
	if err != nil {
		return nil, err
	}
	if done {
		return statusResult(TypeDDL, "%s already exists, statement succeeded.", name), nil
	}
	o := &catalog.Object{Kind: "TABLE", ParentID: sc.ID, Name: name, Owner: x.s.Role, Comment: st.Comment, Props: map[string]any{"columns": cols}}
	if err := x.applyProps("TABLE", st.Props, true, o); err != nil {
		return nil, err
	}
	if err := x.tx.Insert(o); err != nil {
		return nil, err
	}
	defs := make([]string, len(cols))
	for i, c := range cols {
		defs[i] = fmt.Sprintf("c%d %s", i, c.Type.Affinity())
		if c.NotNull {
			defs[i] += " NOT NULL"
		}
	}
	if _, err := x.tx.SQL().ExecContext(x.ctx(), "CREATE TABLE "+dataTable(o)+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Table %s successfully created.", name), nil
}

// addColumns is ALTER TABLE … ADD [COLUMN] [IF NOT EXISTS]. Snowflake
// refuses an existing name (002025 without IF NOT EXISTS) and a NOT NULL
// column without a default on a table that has rows; the emulator also
// refuses defaults on added columns, which it cannot backfill faithfully.
func (x *execCtx) addColumns(o *catalog.Object, st *sqlparse.AlterStmt) error {
	cols := tableColumns(o)
	seen := map[string]bool{}
	for _, c := range cols {
		seen[c.Name] = true
	}
	for _, c := range st.AddColumns {
		if seen[c.Name] {
			if st.AddIfNotExists {
				continue
			}
			return errColumnExists.With(c.Name)
		}
		if c.Default != nil {
			return sferr.Compilation.With("the emulator does not support DEFAULT on ALTER TABLE … ADD COLUMN '%s'", c.Name)
		}
		if c.NotNull {
			var n int
			if err := x.tx.SQL().QueryRowContext(x.ctx(), "SELECT COUNT(*) FROM "+dataTable(o)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errNotNullColumn.With(c.Name, o.Name)
			}
		}
		typ, err := compiler.ParseType(c.Type)
		if err != nil {
			return err
		}
		seen[c.Name] = true
		col := tableCol{Name: c.Name, TypeStr: typ.String(), NotNull: c.NotNull, Unique: c.Unique, Comment: c.Comment, Type: typ}
		def := fmt.Sprintf("c%d %s", len(cols), typ.Affinity())
		if _, err := x.tx.SQL().ExecContext(x.ctx(), "ALTER TABLE "+dataTable(o)+" ADD COLUMN "+def); err != nil {
			return err
		}
		cols = append(cols, col)
	}
	o.Props["columns"] = cols
	return nil
}

func (x *execCtx) createView(st *sqlparse.CreateViewStmt) (*Result, error) {
	db, sc, err := x.prepareSchemaObject("VIEW", st.Name)
	if err != nil {
		return nil, err
	}
	name := st.Name.Last()
	display := qualified(db, sc, name)
	// Compile now: a view over a missing table or column is refused at creation.
	comp := x.compiler()
	sub, err := comp.CompileSelect(st.Select, nil)
	if err != nil {
		return nil, err
	}
	var cols []tableCol
	for _, c := range sub.Cols {
		cols = append(cols, tableCol{Name: c.Name, TypeStr: c.Type.String()})
	}
	o := &catalog.Object{Kind: "VIEW", ParentID: sc.ID, Name: name, Owner: x.s.Role, Comment: st.Comment,
		Props: map[string]any{"query": st.QueryText, "text": st.Text, "secure": st.Secure, "columns": cols}}
	return x.createReplacing(o, name, display, st.OrReplace, st.IfNotExists, "View %s successfully created.")
}
