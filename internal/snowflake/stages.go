package snowflake

import (
	"fmt"
	"path/filepath"
	"strings"
)

// CreateSchema renders CREATE SCHEMA [IF NOT EXISTS] (used for the
// application package's code schema).
type CreateSchema struct {
	IfNotExists bool
	ID          DatabaseObjectIdentifier
	Comment     *string
}

func (s CreateSchema) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("CREATE", "SCHEMA").add(ifNotExists(s.IfNotExists)...).ident("schema", s.ID)
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

// CreateStage renders CREATE STAGE [IF NOT EXISTS] for an internal stage.
type CreateStage struct {
	IfNotExists bool
	ID          SchemaObjectIdentifier
	Comment     *string
}

func (s CreateStage) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("CREATE", "STAGE").add(ifNotExists(s.IfNotExists)...).ident("stage", s.ID)
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

// DropStage renders DROP STAGE [IF EXISTS].
type DropStage struct {
	IfExists bool
	ID       SchemaObjectIdentifier
}

func (s DropStage) SQL() (string, error) {
	return (&sqlBuilder{}).add("DROP", "STAGE").add(ifExists(s.IfExists)...).ident("stage", s.ID).String()
}

// Put renders PUT 'file://<local>' '@<stage>/<path>' with compression off
// (the payload must land byte for byte) and overwrite on (re-uploads of
// a version directory replace its files).
type Put struct {
	LocalFile string // absolute path; may be a glob
	Location  StageLocation
}

func (s Put) SQL() (string, error) {
	b := &sqlBuilder{}
	if !filepath.IsAbs(s.LocalFile) {
		b.fail("PUT needs an absolute local path, got %q", s.LocalFile)
	}
	if strings.ContainsAny(s.LocalFile, "'\\\n") {
		b.fail("PUT cannot upload %q: the path contains a quote, backslash or newline", s.LocalFile)
	}
	b.add("PUT", QuoteString("file://"+filepath.ToSlash(s.LocalFile))).location(s.Location)
	b.add("AUTO_COMPRESS", "=", "FALSE", "OVERWRITE", "=", "TRUE")
	return b.String()
}

// Stage is a row of SHOW STAGES.
type Stage struct {
	Name         string
	DatabaseName string
	SchemaName   string
	Owner        string
	Comment      string
	Type         string
}

func stageFromShow(row Row) Stage {
	return Stage{
		Name:         row.String("name"),
		DatabaseName: row.String("database_name"),
		SchemaName:   row.String("schema_name"),
		Owner:        row.String("owner"),
		Comment:      row.String("comment"),
		Type:         row.String("type"),
	}
}

func (s Stage) String() string {
	return fmt.Sprintf("%s.%s.%s", QuoteIdentifier(s.DatabaseName), QuoteIdentifier(s.SchemaName), QuoteIdentifier(s.Name))
}

// CreateDatabase renders CREATE DATABASE [IF NOT EXISTS].
type CreateDatabase struct {
	IfNotExists bool
	ID          AccountObjectIdentifier
	Comment     *string
}

func (s CreateDatabase) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("CREATE", "DATABASE").add(ifNotExists(s.IfNotExists)...).ident("database", s.ID)
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

// DropDatabase renders DROP DATABASE [IF EXISTS].
type DropDatabase struct {
	IfExists bool
	ID       AccountObjectIdentifier
}

func (s DropDatabase) SQL() (string, error) {
	return (&sqlBuilder{}).add("DROP", "DATABASE").add(ifExists(s.IfExists)...).ident("database", s.ID).String()
}
