package engine

import (
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// Version is what CURRENT_VERSION() reports.
const Version = "9.38.2"

// Region is what CURRENT_REGION() reports: the region whose account URLs
// carry no region segment (<account>.snowflakecomputing.com), as the local
// account's do.
const Region = "AWS_US_WEST_2"

func (x *execCtx) use(st *sqlparse.UseStmt) (*Result, error) {
	switch st.Kind {
	case "ROLE":
		role := st.Name.Last()
		exists, err := x.tx.Lookup("ROLE", 0, role)
		if err != nil {
			return nil, err
		}
		ok := false
		if exists != nil {
			if ok, err = x.userHasRole(role); err != nil {
				return nil, err
			}
		}
		if !ok {
			return nil, errNotExist("ROLE", st.Name.String())
		}
		x.s.Role = role
	case "WAREHOUSE":
		wh, err := x.resolveAccountObject("WAREHOUSE", st.Name)
		if err != nil {
			return nil, err
		}
		if ok, err := x.has("USAGE", wh); err != nil {
			return nil, err
		} else if !ok {
			return nil, sferr.Insufficient("warehouse", st.Name.String())
		}
		x.s.Warehouse = wh.Name
	case "DATABASE":
		db, err := x.resolveDatabase(st.Name)
		if err != nil {
			return nil, err
		}
		x.s.Database = db.Name
		x.s.Schema = ""
		if sc, _ := x.lookupSchema(db, "PUBLIC"); sc != nil {
			x.s.Schema = "PUBLIC"
		}
	case "SCHEMA":
		db, sc, err := x.resolveSchema(st.Name, "USE SCHEMA")
		if err != nil {
			return nil, err
		}
		x.s.Database, x.s.Schema = db.Name, sc.Name
	}
	return statusResult(TypeUse, "Statement executed successfully."), nil
}

// Session parameters the emulator accepts; values are kept and echoed.
var sessionParams = map[string]bool{
	"TIMEZONE": true, "QUERY_TAG": true, "GO_QUERY_RESULT_FORMAT": true, "AUTOCOMMIT": true,
	"TIMESTAMP_OUTPUT_FORMAT": true, "TIMESTAMP_NTZ_OUTPUT_FORMAT": true, "TIMESTAMP_LTZ_OUTPUT_FORMAT": true,
	"TIMESTAMP_TZ_OUTPUT_FORMAT": true, "DATE_OUTPUT_FORMAT": true, "TIME_OUTPUT_FORMAT": true,
	"STATEMENT_TIMEOUT_IN_SECONDS": true, "LOCK_TIMEOUT": true, "QUOTED_IDENTIFIERS_IGNORE_CASE": true,
	"CLIENT_SESSION_KEEP_ALIVE": true, "JSON_INDENT": true, "ERROR_ON_NONDETERMINISTIC_MERGE": true,
	"MULTI_STATEMENT_COUNT": true, "USE_CACHED_RESULT": true, "WEEK_START": true, "BINARY_OUTPUT_FORMAT": true,
	"ABORT_DETACHED_QUERY": true, "ROWS_PER_RESULTSET": true, "CLIENT_RESULT_CHUNK_SIZE": true,
}

func (x *execCtx) alterSession(st *sqlparse.AlterSessionStmt) (*Result, error) {
	for _, p := range st.Set {
		if !sessionParams[p.Key] {
			return nil, errInvalidParameter.With(p.Key)
		}
		var v string
		switch p.Value.Kind {
		case sqlparse.ValString, sqlparse.ValNumber:
			v = p.Value.Str
		case sqlparse.ValBool:
			v = strconv.FormatBool(p.Value.Bool)
		case sqlparse.ValIdent:
			v = p.Value.Ident.String()
		default:
			return nil, sferr.InvalidValue.With(p.Value.Tok.Raw, p.Key)
		}
		if p.Key == "QUOTED_IDENTIFIERS_IGNORE_CASE" && strings.EqualFold(v, "true") {
			return nil, sferr.Unsupported("QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE")
		}
		x.s.Params[p.Key] = v
	}
	for _, k := range st.Unset {
		if !sessionParams[k] {
			return nil, errInvalidParameter.With(k)
		}
		delete(x.s.Params, k)
	}
	return statusResult(TypeAlterSession, "Statement executed successfully."), nil
}
