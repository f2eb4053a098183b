package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
)

// StreamlitPage locates the main file of an application's Streamlit object
// (CREATE STREAMLIT … FROM '/dir' MAIN_FILE = 'x.py', relative to the
// installed version) and returns it with the session its queries run in:
// as the application, in its database, on warehouse. Streamlit in
// Snowflake runs a native app's page with the application's rights.
func (e *Engine) StreamlitPage(ctx context.Context, app, schema, name, warehouse string) (string, *Session, error) {
	var main string
	err := e.store.Update(ctx, func(tx *catalog.Tx) error {
		db, err := tx.LookupAny("DATABASE", 0, app)
		if err != nil {
			return err
		}
		if db == nil || db.Kind != "APPLICATION" {
			return errNotExist("APPLICATION", app)
		}
		sc, err := tx.Lookup("SCHEMA", db.ID, schema)
		if err != nil || sc == nil {
			return errOr(err, errNotExist("SCHEMA", app+"."+schema))
		}
		st, err := tx.Lookup("STREAMLIT", sc.ID, name)
		if err != nil || st == nil {
			return errOr(err, errNotExist("STREAMLIT", app+"."+schema+"."+name))
		}
		rel, err := cleanStagePath(strings.TrimSuffix(st.Str("from"), "/") + "/" + st.Str("main_file"))
		if err != nil {
			return err
		}
		main = filepath.Join(db.Str("version_dir"), filepath.FromSlash(rel))
		if _, err := os.Stat(main); err != nil {
			return errStreamlitMainFile.With(rel)
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	return main, &Session{User: "STREAMLIT", Role: appPrincipal(app), Database: app, Schema: schema, Warehouse: warehouse,
		Params: map[string]string{}}, nil
}

func errOr(err error, otherwise *sferr.Error) error {
	if err != nil {
		return err
	}
	return otherwise
}
