package engine

import (
	"fmt"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// SHOW PARAMETERS: the parameters of a level with their value, default,
// the level that set the value ("" for Snowflake's default) and type. The
// lists and defaults are those the official Snowflake provider's
// acceptance tests assert on real accounts
// (pkg/acceptance/bettertestspoc/assert/objectparametersassert/gen/object_parameters_def.go).

type paramDef struct {
	name, typ, def string
}

var databaseParams = []paramDef{
	{"DATA_RETENTION_TIME_IN_DAYS", "NUMBER", "1"}, {"MAX_DATA_EXTENSION_TIME_IN_DAYS", "NUMBER", "14"},
	{"EXTERNAL_VOLUME", "STRING", ""}, {"CATALOG", "STRING", ""}, {"REPLACE_INVALID_CHARACTERS", "BOOLEAN", "false"},
	{"DEFAULT_DDL_COLLATION", "STRING", ""}, {"STORAGE_SERIALIZATION_POLICY", "STRING", "OPTIMIZED"},
	{"LOG_LEVEL", "STRING", "OFF"}, {"TRACE_LEVEL", "STRING", "OFF"}, {"SUSPEND_TASK_AFTER_NUM_FAILURES", "NUMBER", "10"},
	{"TASK_AUTO_RETRY_ATTEMPTS", "NUMBER", "0"}, {"USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE", "STRING", "Medium"},
	{"USER_TASK_TIMEOUT_MS", "NUMBER", "3600000"}, {"USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS", "NUMBER", "30"},
	{"QUOTED_IDENTIFIERS_IGNORE_CASE", "BOOLEAN", "false"}, {"ENABLE_CONSOLE_OUTPUT", "BOOLEAN", "false"},
}

// tableParams are a table's own parameters (Snowflake's parameter reference,
// "Object parameters": those whose object types include tables).
var tableParams = []paramDef{
	{"DATA_RETENTION_TIME_IN_DAYS", "NUMBER", "1"}, {"MAX_DATA_EXTENSION_TIME_IN_DAYS", "NUMBER", "14"},
	{"DEFAULT_DDL_COLLATION", "STRING", ""},
}

var warehouseParams = []paramDef{
	{"MAX_CONCURRENCY_LEVEL", "NUMBER", "8"}, {"STATEMENT_QUEUED_TIMEOUT_IN_SECONDS", "NUMBER", "0"},
	{"STATEMENT_TIMEOUT_IN_SECONDS", "NUMBER", "172800"},
}

// sessionLevelParams are the session parameters (users and tasks have them too).
var sessionLevelParams = []paramDef{
	{"ABORT_DETACHED_QUERY", "BOOLEAN", "false"}, {"AUTOCOMMIT", "BOOLEAN", "true"}, {"BINARY_INPUT_FORMAT", "STRING", "HEX"},
	{"BINARY_OUTPUT_FORMAT", "STRING", "HEX"}, {"CLIENT_MEMORY_LIMIT", "NUMBER", "1536"},
	{"CLIENT_METADATA_REQUEST_USE_CONNECTION_CTX", "BOOLEAN", "false"}, {"CLIENT_PREFETCH_THREADS", "NUMBER", "4"},
	{"CLIENT_RESULT_CHUNK_SIZE", "NUMBER", "160"}, {"CLIENT_RESULT_COLUMN_CASE_INSENSITIVE", "BOOLEAN", "false"},
	{"CLIENT_SESSION_KEEP_ALIVE", "BOOLEAN", "false"}, {"CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", "NUMBER", "3600"},
	{"CLIENT_TIMESTAMP_TYPE_MAPPING", "STRING", "TIMESTAMP_LTZ"}, {"DATE_INPUT_FORMAT", "STRING", "AUTO"},
	{"DATE_OUTPUT_FORMAT", "STRING", "YYYY-MM-DD"}, {"ENABLE_UNLOAD_PHYSICAL_TYPE_OPTIMIZATION", "BOOLEAN", "true"},
	{"ERROR_ON_NONDETERMINISTIC_MERGE", "BOOLEAN", "true"}, {"ERROR_ON_NONDETERMINISTIC_UPDATE", "BOOLEAN", "false"},
	{"GEOGRAPHY_OUTPUT_FORMAT", "STRING", "GeoJSON"}, {"GEOMETRY_OUTPUT_FORMAT", "STRING", "GeoJSON"},
	{"JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", "BOOLEAN", "false"}, {"JDBC_USE_SESSION_TIMEZONE", "BOOLEAN", "true"},
	{"JSON_INDENT", "NUMBER", "2"}, {"LOCK_TIMEOUT", "NUMBER", "43200"}, {"LOG_LEVEL", "STRING", "OFF"},
	{"MULTI_STATEMENT_COUNT", "NUMBER", "1"}, {"NOORDER_SEQUENCE_AS_DEFAULT", "BOOLEAN", "true"},
	{"ODBC_TREAT_DECIMAL_AS_INT", "BOOLEAN", "false"}, {"QUERY_TAG", "STRING", ""}, {"QUOTED_IDENTIFIERS_IGNORE_CASE", "BOOLEAN", "false"},
	{"ROWS_PER_RESULTSET", "NUMBER", "0"}, {"S3_STAGE_VPCE_DNS_NAME", "STRING", ""}, {"SEARCH_PATH", "STRING", "$current, $public"},
	{"STATEMENT_QUEUED_TIMEOUT_IN_SECONDS", "NUMBER", "0"}, {"STATEMENT_TIMEOUT_IN_SECONDS", "NUMBER", "172800"},
	{"STRICT_JSON_OUTPUT", "BOOLEAN", "false"}, {"TIMESTAMP_DAY_IS_ALWAYS_24H", "BOOLEAN", "false"},
	{"TIMESTAMP_INPUT_FORMAT", "STRING", "AUTO"}, {"TIMESTAMP_LTZ_OUTPUT_FORMAT", "STRING", ""},
	{"TIMESTAMP_NTZ_OUTPUT_FORMAT", "STRING", "YYYY-MM-DD HH24:MI:SS.FF3"},
	{"TIMESTAMP_OUTPUT_FORMAT", "STRING", "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM"}, {"TIMESTAMP_TYPE_MAPPING", "STRING", "TIMESTAMP_NTZ"},
	{"TIMESTAMP_TZ_OUTPUT_FORMAT", "STRING", ""}, {"TIMEZONE", "STRING", "America/Los_Angeles"}, {"TIME_INPUT_FORMAT", "STRING", "AUTO"},
	{"TIME_OUTPUT_FORMAT", "STRING", "HH24:MI:SS"}, {"TRACE_LEVEL", "STRING", "OFF"}, {"TRANSACTION_ABORT_ON_ERROR", "BOOLEAN", "false"},
	{"TRANSACTION_DEFAULT_ISOLATION_LEVEL", "STRING", "READ COMMITTED"}, {"TWO_DIGIT_CENTURY_START", "NUMBER", "1970"},
	{"UNSUPPORTED_DDL_ACTION", "STRING", "ignore"}, {"USE_CACHED_RESULT", "BOOLEAN", "true"}, {"WEEK_OF_YEAR_POLICY", "NUMBER", "0"},
	{"WEEK_START", "NUMBER", "0"},
}

var taskOnlyParams = []paramDef{
	{"SUSPEND_TASK_AFTER_NUM_FAILURES", "NUMBER", "10"}, {"TASK_AUTO_RETRY_ATTEMPTS", "NUMBER", "0"},
	{"USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE", "STRING", "Medium"}, {"USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS", "NUMBER", "30"},
	{"USER_TASK_TIMEOUT_MS", "NUMBER", "3600000"},
}

// accountSet are the values this emulator's account sets: its sessions
// run in UTC, so TIMEZONE shows UTC set at the ACCOUNT level.
var accountSet = map[string]string{"TIMEZONE": "UTC"}

func (x *execCtx) showParameters(st *sqlparse.ShowParametersStmt) (*Result, error) {
	type source struct {
		level string
		props map[string]any
	}
	var defs []paramDef
	var chain []source // nearest level first
	session := map[string]any{}
	for k, v := range x.s.Params {
		session[k] = v
	}
	switch st.Level {
	case "SESSION":
		defs, chain = sessionLevelParams, []source{{"SESSION", session}}
	case "ACCOUNT":
		defs = sessionLevelParams
	case "USER":
		defs = sessionLevelParams
	case "WAREHOUSE":
		wh, err := x.resolveAccountObject("WAREHOUSE", *st.Object)
		if err != nil {
			return nil, err
		}
		defs, chain = warehouseParams, []source{{"WAREHOUSE", upperProps(wh)}}
	case "DATABASE":
		db, err := x.resolveDatabase(*st.Object)
		if err != nil {
			return nil, err
		}
		defs, chain = databaseParams, []source{{"DATABASE", upperProps(db)}}
	case "SCHEMA":
		db, sc, err := x.resolveSchema(*st.Object, "SHOW PARAMETERS")
		if err != nil {
			return nil, err
		}
		defs = append(append([]paramDef{}, databaseParams...), paramDef{"PIPE_EXECUTION_PAUSED", "BOOLEAN", "false"})
		chain = []source{{"SCHEMA", upperProps(sc)}, {"DATABASE", upperProps(db)}}
	case "TABLE":
		table, err := x.resolveSchemaObject("TABLE", *st.Object, "SHOW PARAMETERS")
		if err != nil {
			return nil, err
		}
		defs = tableParams
		chain = []source{{"TABLE", upperProps(table)}}
		if sc, _ := x.tx.Get(table.ParentID); sc != nil {
			chain = append(chain, source{"SCHEMA", upperProps(sc)})
			if db, _ := x.tx.Get(sc.ParentID); db != nil {
				chain = append(chain, source{"DATABASE", upperProps(db)})
			}
		}
	case "TASK":
		task, err := x.resolveSchemaObject("TASK", *st.Object, "SHOW PARAMETERS")
		if err != nil {
			return nil, err
		}
		defs = append(append([]paramDef{}, taskOnlyParams...), sessionLevelParams...)
		sc, _ := x.tx.Get(task.ParentID)
		chain = []source{{"TASK", upperProps(task)}}
		if sc != nil {
			chain = append(chain, source{"SCHEMA", upperProps(sc)})
			if db, _ := x.tx.Get(sc.ParentID); db != nil {
				chain = append(chain, source{"DATABASE", upperProps(db)})
			}
		}
	}
	res := &Result{StatementType: TypeShow, Rows: [][]*string{}, Columns: []Column{textCol("key"), textCol("value"), textCol("default"),
		textCol("level"), textCol("description"), textCol("type")}}
	for _, d := range defs {
		if st.Like != nil && !LikeMatch(*st.Like, d.name) {
			continue
		}
		value, level := d.def, ""
		if v, ok := accountSet[d.name]; ok {
			value, level = v, "ACCOUNT"
		}
		for i := len(chain) - 1; i >= 0; i-- {
			if v, ok := chain[i].props[d.name]; ok && v != nil {
				value, level = fmt.Sprint(v), chain[i].level
			}
		}
		res.Rows = append(res.Rows, []*string{str(d.name), str(value), str(d.def), str(level), str(""), str(d.typ)})
	}
	return res, nil
}

func upperProps(o *catalog.Object) map[string]any {
	out := make(map[string]any, len(o.Props))
	for k, v := range o.Props {
		out[strings.ToUpper(k)] = v
	}
	return out
}

// showReplicationDatabases lists the databases enabled for replication
// (primaries and secondaries). The emulator replicates nothing, so the
// list is empty, with Snowflake's columns; a WITH PRIMARY naming another
// account or a database that does not exist is still checked.
func (x *execCtx) showReplicationDatabases(st *sqlparse.ShowReplicationDatabasesStmt) (*Result, error) {
	if st.Primary != nil {
		parts := st.Primary.Parts
		account, db := parts[len(parts)-2], parts[len(parts)-1]
		if len(parts) == 3 && parts[0] != x.e.Organization() || account != x.e.Account() {
			return nil, errNotExist("ACCOUNT", strings.Join(parts[:len(parts)-1], "."))
		}
		if _, err := x.resolveDatabase(sqlparse.Name{Parts: []string{db}, Tok: st.Primary.Tok}); err != nil {
			return nil, err
		}
	}
	cols := []Column{textCol("region_group"), textCol("snowflake_region"), timestampCol("created_on"), textCol("account_name"),
		textCol("name"), textCol("comment"), boolCol("is_primary"), textCol("primary"), textCol("replication_allowed_to_accounts"),
		textCol("failover_allowed_to_accounts"), textCol("organization_name"), textCol("account_locator"),
		fixedCol("difference_in_seconds")}
	return &Result{StatementType: TypeShow, Columns: cols, Rows: [][]*string{}}, nil
}
