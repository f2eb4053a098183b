package engine

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// Upload is what a PUT needs from the server: the stage directory the
// files go to (Location, served to drivers as a GCS location with a
// presigned URL per file) and the PUT's options.
type Upload struct {
	Location     string
	SrcLocations []string
	AutoCompress bool
	Overwrite    bool
}

// File is where the PUT's file named like the last element of its local
// path is stored: the per-file request drivers make for a presigned URL
// names exactly one file (compressed ones with their .gz).
func (u *Upload) File() string {
	return filepath.Join(u.Location, filepath.Base(filepath.FromSlash(u.SrcLocations[0])))
}

// stageDir is where a stage's files live.
func (e *Engine) stageDir(o *catalog.Object) string {
	return filepath.Join(e.cfg.FilesDir, "stages", fmt.Sprint(o.ID))
}

// cleanStagePath keeps a stage path inside its stage.
func cleanStagePath(p string) (string, error) {
	clean := path.Clean("/" + strings.TrimPrefix(p, "/"))
	if strings.Contains(p, "..") {
		return "", sferr.Compilation.With("invalid stage path '%s'", p)
	}
	return strings.TrimPrefix(clean, "/"), nil
}

// resolveStage finds a stage (in a database or an application package).
func (x *execCtx) resolveStage(ref sqlparse.StageRef, privilege string) (*catalog.Object, error) {
	st, err := x.resolveSchemaObject("STAGE", ref.Name, "PUT")
	if err != nil {
		return nil, err
	}
	if privilege != "" {
		ok, err := x.has(privilege, st)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, sferr.Insufficient("stage", ref.Name.String())
		}
	}
	return st, nil
}

func (x *execCtx) put(st *sqlparse.PutStmt) (*Result, error) {
	stage, err := x.resolveStage(st.Stage, "WRITE")
	if err != nil {
		return nil, err
	}
	rel, err := cleanStagePath(st.Stage.Path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(x.e.stageDir(stage), filepath.FromSlash(rel))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// The driver copies without truncating: remove what an overwrite replaces.
	if st.Overwrite {
		matches, _ := filepath.Glob(st.LocalPath)
		for _, m := range matches {
			base := filepath.Base(m)
			_ = os.Remove(filepath.Join(dir, base))
			_ = os.Remove(filepath.Join(dir, base+".gz"))
		}
	}
	return &Result{StatementType: TypeDDL, Upload: &Upload{Location: dir + string(filepath.Separator), SrcLocations: []string{st.LocalPath},
		AutoCompress: st.AutoCompress, Overwrite: st.Overwrite}}, nil
}

// stageFile resolves '@stage/path' to a local file, without privilege
// checks (the caller has authorised the statement that reads it).
func (x *execCtx) stageFile(location string) (string, error) {
	ref, err := sqlparse.ParseStageRef(location)
	if err != nil {
		return "", sferr.Compilation.With("%s", err)
	}
	db, sc, err := x.containerUnchecked(ref.Name)
	if err != nil {
		return "", err
	}
	stage, err := x.tx.Lookup("STAGE", sc.ID, ref.Name.Last())
	if err != nil {
		return "", err
	}
	if stage == nil {
		return "", errNotExist("STAGE", qualified(db, sc, ref.Name.Last()))
	}
	rel, err := cleanStagePath(ref.Path)
	if err != nil {
		return "", err
	}
	return filepath.Join(x.e.stageDir(stage), filepath.FromSlash(rel)), nil
}

// defaultImports resolves IMPORTS: '@stage/path' from a stage, '/path'
// from the version root of the application the procedure belongs to.
func (e *Engine) defaultImports(x *execCtx, database, p string) (string, error) {
	var local string
	switch {
	case strings.HasPrefix(p, "@"):
		file, err := x.stageFile(p[1:])
		if err != nil {
			return "", err
		}
		local = file
	case strings.HasPrefix(p, "/"):
		app, err := x.tx.LookupAny("DATABASE", 0, database)
		if err != nil {
			return "", err
		}
		if app == nil || app.Kind != "APPLICATION" {
			return "", sferr.Compilation.With("IMPORTS path '%s' is relative to an application version, but %s is not an application", p, database)
		}
		rel, err := cleanStagePath(p)
		if err != nil {
			return "", err
		}
		local = filepath.Join(app.Str("version_dir"), filepath.FromSlash(rel))
	default:
		return "", sferr.Compilation.With("IMPORTS entry '%s' must be a stage path (@…) or a path from the application root (/…)", p)
	}
	if _, err := os.Stat(local); err != nil {
		return "", errNotExist("FILE", p)
	}
	return local, nil
}
