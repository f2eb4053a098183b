package snowflake

import (
	"context"
	"errors"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/engine"
)

// SecretString returns a secret's stored value. It is a test hook for
// checking rotations from Go; no SQL statement or wire reply ever returns
// a secret value.
func (s *Server) SecretString(ctx context.Context, database, schema, name string) (string, error) {
	var value string
	err := s.store.Update(ctx, func(tx *catalog.Tx) error {
		db, err := tx.Lookup("DATABASE", 0, database)
		if err != nil || db == nil {
			return errors.Join(err, errors.New("database not found"))
		}
		sc, err := tx.Lookup("SCHEMA", db.ID, schema)
		if err != nil || sc == nil {
			return errors.Join(err, errors.New("schema not found"))
		}
		sec, err := tx.Lookup("SECRET", sc.ID, name)
		if err != nil || sec == nil {
			return errors.Join(err, errors.New("secret not found"))
		}
		value = sec.Str("secret_string")
		return nil
	})
	return value, err
}

// QueryRecord is one statement of the account's query history.
type QueryRecord = engine.QueryRecord

// QueryHistory returns every statement run since start (or the last
// ResetQueryHistory), oldest first, including statements procedures and
// tasks ran; credential literals are redacted (assumed Snowflake behaviour).
func (s *Server) QueryHistory() []QueryRecord { return s.engine.QueryHistory() }

// ResetQueryHistory forgets the recorded statements.
func (s *Server) ResetQueryHistory() { s.engine.ResetQueryHistory() }
