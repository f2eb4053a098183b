// Package catalog is the emulator's durable catalog: objects, ownership and
// grants in embedded SQLite. Every statement runs in one SQLite
// transaction, so a crash never leaves a half-applied statement.
package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

const schemaSQL = `
CREATE TABLE IF NOT EXISTS objects (
  id         INTEGER PRIMARY KEY,
  kind       TEXT    NOT NULL,
  ns         TEXT    NOT NULL,
  parent_id  INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  owner      TEXT    NOT NULL,
  created_on INTEGER NOT NULL,
  comment    TEXT,
  props      TEXT    NOT NULL DEFAULT '{}',
  UNIQUE (ns, parent_id, name)
);
CREATE INDEX IF NOT EXISTS objects_parent ON objects(parent_id, kind);
CREATE TABLE IF NOT EXISTS grants (
  privilege    TEXT    NOT NULL,
  object_id    INTEGER NOT NULL,
  grantee_kind TEXT    NOT NULL,
  grantee      TEXT    NOT NULL,
  grant_option INTEGER NOT NULL DEFAULT 0,
  granted_by   TEXT    NOT NULL,
  created_on   INTEGER NOT NULL,
  PRIMARY KEY (privilege, object_id, grantee_kind, grantee)
);
CREATE INDEX IF NOT EXISTS grants_grantee ON grants(grantee_kind, grantee);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS task_runs (
  query_id       TEXT PRIMARY KEY,
  task_id        INTEGER NOT NULL,
  name           TEXT NOT NULL,
  database_name  TEXT NOT NULL,
  schema_name    TEXT NOT NULL,
  query_text     TEXT NOT NULL,
  state          TEXT NOT NULL,
  error_code     TEXT,
  error_message  TEXT,
  scheduled_time TEXT NOT NULL,
  query_start_time TEXT,
  completed_time TEXT,
  return_value   TEXT,
  run_id         INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS task_runs_name ON task_runs(name, scheduled_time);
`

// AccountID is the object id used for grants ON ACCOUNT.
const AccountID int64 = 0

// Object is one catalog entry.
type Object struct {
	ID        int64
	Kind      string
	ParentID  int64
	Name      string
	Owner     string
	CreatedOn time.Time
	Comment   *string
	Props     map[string]any
}

// Str returns a string property ("" when unset).
func (o *Object) Str(key string) string {
	s, _ := o.Props[key].(string)
	return s
}

// Bool returns a boolean property.
func (o *Object) Bool(key string) bool {
	b, _ := o.Props[key].(bool)
	return b
}

// Int returns an integer property.
func (o *Object) Int(key string) int64 {
	switch v := o.Props[key].(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	case int:
		return int64(v)
	case json.Number:
		n, _ := v.Int64()
		return n
	}
	return 0
}

// List returns a string-list property.
func (o *Object) List(key string) []string {
	switch v := o.Props[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Grant is one privilege granted on an object (or the account).
type Grant struct {
	Privilege   string
	ObjectID    int64
	GranteeKind string // ROLE, USER, APPLICATION
	Grantee     string
	GrantOption bool
	GrantedBy   string
	CreatedOn   time.Time
}

// Namespace maps kinds that share a name space (tables and views do).
func Namespace(kind string) string {
	switch kind {
	case "TABLE", "VIEW":
		return "RELATION"
	case "DATABASE", "APPLICATION", "APPLICATION PACKAGE":
		return "DATABASE"
	}
	return kind
}

// ErrDuplicate is returned by Insert when the name is taken.
var ErrDuplicate = errors.New("duplicate object name")

// Store is the catalog. One writer at a time: statements are serialised.
type Store struct {
	db *sql.DB
	mu sync.Mutex
}

// Open opens the catalog in dir (created if needed), or in memory when dir
// is empty.
func Open(dir string) (*Store, error) {
	dsn := "file:catalog?mode=memory&cache=private"
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		dsn = "file:" + filepath.Join(dir, "catalog.db") + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One connection: it serialises access and keeps the in-memory database alive.
	db.SetMaxOpenConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if _, err := db.Exec(schemaSQL); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("initialising catalog: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB exposes the SQLite handle for the data layer (user tables).
func (s *Store) DB() *sql.DB { return s.db }

// Update runs fn in one write transaction; an error rolls everything back.
func (s *Store) Update(ctx context.Context, fn func(tx *Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{tx: sqlTx, ctx: ctx, Now: time.Now()}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

// Tx is a catalog transaction.
type Tx struct {
	tx  *sql.Tx
	ctx context.Context
	// Now is the statement's timestamp.
	Now time.Time
}

// SQL exposes the transaction for the data layer.
func (t *Tx) SQL() *sql.Tx { return t.tx }

const objectColumns = `id, kind, parent_id, name, owner, created_on, comment, props`

func scanObject(scan func(...any) error) (*Object, error) {
	var o Object
	var created int64
	var comment sql.NullString
	var props string
	if err := scan(&o.ID, &o.Kind, &o.ParentID, &o.Name, &o.Owner, &created, &comment, &props); err != nil {
		return nil, err
	}
	o.CreatedOn = time.Unix(0, created).UTC()
	if comment.Valid {
		c := comment.String
		o.Comment = &c
	}
	o.Props = map[string]any{}
	if err := json.Unmarshal([]byte(props), &o.Props); err != nil {
		return nil, fmt.Errorf("corrupt properties of object %d: %w", o.ID, err)
	}
	return &o, nil
}

// Lookup finds an object by kind namespace, parent and exact name; nil if absent.
func (t *Tx) Lookup(kind string, parentID int64, name string) (*Object, error) {
	row := t.tx.QueryRowContext(t.ctx, `SELECT `+objectColumns+` FROM objects WHERE ns = ? AND parent_id = ? AND name = ?`,
		Namespace(kind), parentID, name)
	o, err := scanObject(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if o.Kind != kind {
		return nil, nil
	}
	return o, nil
}

// LookupAny finds an object in kind's namespace whatever its kind (a
// table where a view is wanted, for example); nil if absent.
func (t *Tx) LookupAny(kind string, parentID int64, name string) (*Object, error) {
	row := t.tx.QueryRowContext(t.ctx, `SELECT `+objectColumns+` FROM objects WHERE ns = ? AND parent_id = ? AND name = ?`,
		Namespace(kind), parentID, name)
	o, err := scanObject(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return o, err
}

// Get returns the object with id; nil if absent.
func (t *Tx) Get(id int64) (*Object, error) {
	row := t.tx.QueryRowContext(t.ctx, `SELECT `+objectColumns+` FROM objects WHERE id = ?`, id)
	o, err := scanObject(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return o, err
}

// List returns objects of kind under parentID (any parent when parentID < 0), by name.
func (t *Tx) List(kind string, parentID int64) ([]*Object, error) {
	query := `SELECT ` + objectColumns + ` FROM objects WHERE kind = ?`
	args := []any{kind}
	if parentID >= 0 {
		query += ` AND parent_id = ?`
		args = append(args, parentID)
	}
	rows, err := t.tx.QueryContext(t.ctx, query+` ORDER BY name`, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []*Object
	for rows.Next() {
		o, err := scanObject(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Children returns every object directly under parentID.
func (t *Tx) Children(parentID int64) ([]*Object, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT `+objectColumns+` FROM objects WHERE parent_id = ? ORDER BY id`, parentID)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []*Object
	for rows.Next() {
		o, err := scanObject(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func encodeProps(p map[string]any) (string, error) {
	if p == nil {
		p = map[string]any{}
	}
	data, err := json.Marshal(p)
	return string(data), err
}

// Insert adds o and sets its ID. ErrDuplicate if the name is taken.
func (t *Tx) Insert(o *Object) error {
	if existing, err := t.LookupAny(o.Kind, o.ParentID, o.Name); err != nil {
		return err
	} else if existing != nil {
		return ErrDuplicate
	}
	props, err := encodeProps(o.Props)
	if err != nil {
		return err
	}
	if o.CreatedOn.IsZero() {
		o.CreatedOn = t.Now
	}
	res, err := t.tx.ExecContext(t.ctx, `INSERT INTO objects (kind, ns, parent_id, name, owner, created_on, comment, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Kind, Namespace(o.Kind), o.ParentID, o.Name, o.Owner, o.CreatedOn.UnixNano(), o.Comment, props)
	if err != nil {
		return err
	}
	o.ID, err = res.LastInsertId()
	return err
}

// Save writes o's name, owner, comment and properties.
func (t *Tx) Save(o *Object) error {
	props, err := encodeProps(o.Props)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(t.ctx, `UPDATE objects SET name = ?, owner = ?, comment = ?, props = ? WHERE id = ?`,
		o.Name, o.Owner, o.Comment, props, o.ID)
	return err
}

// Delete removes the object, everything under it and every grant on them.
// It returns the removed objects, children first.
func (t *Tx) Delete(id int64) ([]*Object, error) {
	children, err := t.Children(id)
	if err != nil {
		return nil, err
	}
	var removed []*Object
	for _, c := range children {
		r, err := t.Delete(c.ID)
		if err != nil {
			return nil, err
		}
		removed = append(removed, r...)
	}
	o, err := t.Get(id)
	if err != nil || o == nil {
		return removed, err
	}
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM grants WHERE object_id = ?`, id); err != nil {
		return nil, err
	}
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM objects WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return append(removed, o), nil
}

// AddGrant records a grant; re-granting is a no-op that may add the grant option.
func (t *Tx) AddGrant(g Grant) error {
	if g.CreatedOn.IsZero() {
		g.CreatedOn = t.Now
	}
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO grants (privilege, object_id, grantee_kind, grantee, grant_option, granted_by, created_on)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (privilege, object_id, grantee_kind, grantee) DO UPDATE SET grant_option = MAX(grant_option, excluded.grant_option)`,
		g.Privilege, g.ObjectID, g.GranteeKind, g.Grantee, g.GrantOption, g.GrantedBy, g.CreatedOn.UnixNano())
	return err
}

// RemoveGrant deletes a grant; it reports whether one existed.
func (t *Tx) RemoveGrant(privilege string, objectID int64, granteeKind, grantee string) (bool, error) {
	res, err := t.tx.ExecContext(t.ctx, `DELETE FROM grants WHERE privilege = ? AND object_id = ? AND grantee_kind = ? AND grantee = ?`,
		privilege, objectID, granteeKind, grantee)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RemoveGranteeGrants deletes every grant to a grantee (when it is dropped).
func (t *Tx) RemoveGranteeGrants(granteeKind, grantee string) error {
	_, err := t.tx.ExecContext(t.ctx, `DELETE FROM grants WHERE grantee_kind = ? AND grantee = ?`, granteeKind, grantee)
	return err
}

func (t *Tx) queryGrants(where string, args ...any) ([]Grant, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT privilege, object_id, grantee_kind, grantee, grant_option, granted_by, created_on FROM grants WHERE `+where+` ORDER BY created_on, privilege`, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []Grant
	for rows.Next() {
		var g Grant
		var created int64
		if err := rows.Scan(&g.Privilege, &g.ObjectID, &g.GranteeKind, &g.Grantee, &g.GrantOption, &g.GrantedBy, &created); err != nil {
			return nil, err
		}
		g.CreatedOn = time.Unix(0, created).UTC()
		out = append(out, g)
	}
	return out, rows.Err()
}

// GrantsOn lists grants on an object.
func (t *Tx) GrantsOn(objectID int64) ([]Grant, error) {
	return t.queryGrants(`object_id = ?`, objectID)
}

// GrantsTo lists grants to a grantee.
func (t *Tx) GrantsTo(granteeKind, grantee string) ([]Grant, error) {
	return t.queryGrants(`grantee_kind = ? AND grantee = ?`, granteeKind, grantee)
}

// HasGrant reports whether grantee holds privilege on objectID.
func (t *Tx) HasGrant(privilege string, objectID int64, granteeKind, grantee string) (bool, error) {
	var n int
	err := t.tx.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM grants WHERE privilege = ? AND object_id = ? AND grantee_kind = ? AND grantee = ?`,
		privilege, objectID, granteeKind, grantee).Scan(&n)
	return n > 0, err
}

// Meta reads a metadata value ("" if unset).
func (t *Tx) Meta(key string) (string, error) {
	var v string
	err := t.tx.QueryRowContext(t.ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetMeta writes a metadata value.
func (t *Tx) SetMeta(key, value string) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// ReassignOwner gives every object owned by from to to (DROP ROLE).
func (t *Tx) ReassignOwner(from, to string) error {
	_, err := t.tx.ExecContext(t.ctx, `UPDATE objects SET owner = ? WHERE owner = ?`, to, from)
	return err
}

// Context is the statement's context.
func (t *Tx) Context() context.Context { return t.ctx }
