package snowflake

import (
	"context"
	"database/sql"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"
)

// The official Snowflake provider's read path for the objects users combine
// with this provider (database, schema, warehouse, task, table, view): the
// statements its pkg/sdk sends, in the form its SQL builder writes them
// (quoted identifiers, `TABLE (…)`, `\"` inside strings), each result read
// as its SDK reads it — by column name into typed rows, unknown columns
// ignored (sqlx Unsafe) — so a missing column, a NULL where it scans into a
// string, or a value that does not convert fails here as it fails there.
// The rows below mirror the columns and Go types of its *DBRow structs.

type osSessionDetails struct {
	Account          string `db:"CURRENT_ACCOUNT"`
	AccountName      string `db:"CURRENT_ACCOUNT_NAME"`
	OrganizationName string `db:"CURRENT_ORGANIZATION_NAME"`
	Role             string `db:"CURRENT_ROLE"`
	Region           string `db:"CURRENT_REGION"`
	Session          string `db:"CURRENT_SESSION"`
	User             string `db:"CURRENT_USER"`
}

type osDatabase struct {
	CreatedOn     time.Time      `db:"created_on"`
	Name          string         `db:"name"`
	IsDefault     sql.NullString `db:"is_default"`
	IsCurrent     sql.NullString `db:"is_current"`
	Origin        sql.NullString `db:"origin"`
	Owner         sql.NullString `db:"owner"`
	Comment       sql.NullString `db:"comment"`
	Options       sql.NullString `db:"options"`
	RetentionTime sql.NullString `db:"retention_time"`
	DroppedOn     sql.NullTime   `db:"dropped_on"`
	Kind          sql.NullString `db:"kind"`
	OwnerRoleType sql.NullString `db:"owner_role_type"`
}

type osSchema struct {
	CreatedOn     time.Time      `db:"created_on"`
	DroppedOn     sql.NullTime   `db:"dropped_on"`
	Name          string         `db:"name"`
	IsDefault     string         `db:"is_default"`
	IsCurrent     string         `db:"is_current"`
	DatabaseName  string         `db:"database_name"`
	Owner         string         `db:"owner"`
	Comment       sql.NullString `db:"comment"`
	Options       sql.NullString `db:"options"`
	RetentionTime string         `db:"retention_time"`
	OwnerRoleType string         `db:"owner_role_type"`
}

type osSchemaObject struct {
	CreatedOn time.Time `db:"created_on"`
	Name      string    `db:"name"`
	Kind      string    `db:"kind"`
}

type osWarehouse struct {
	Name                            string        `db:"name"`
	State                           string        `db:"state"`
	Type                            string        `db:"type"`
	Size                            string        `db:"size"`
	MinClusterCount                 int           `db:"min_cluster_count"`
	MaxClusterCount                 int           `db:"max_cluster_count"`
	StartedClusters                 int           `db:"started_clusters"`
	Running                         int           `db:"running"`
	Queued                          int           `db:"queued"`
	IsDefault                       string        `db:"is_default"`
	IsCurrent                       string        `db:"is_current"`
	AutoSuspend                     sql.NullInt64 `db:"auto_suspend"`
	AutoResume                      bool          `db:"auto_resume"`
	Available                       string        `db:"available"`
	Provisioning                    string        `db:"provisioning"`
	Quiescing                       string        `db:"quiescing"`
	Other                           string        `db:"other"`
	CreatedOn                       time.Time     `db:"created_on"`
	ResumedOn                       time.Time     `db:"resumed_on"`
	UpdatedOn                       time.Time     `db:"updated_on"`
	Owner                           string        `db:"owner"`
	Comment                         string        `db:"comment"`
	EnableQueryAcceleration         bool          `db:"enable_query_acceleration"`
	QueryAccelerationMaxScaleFactor int           `db:"query_acceleration_max_scale_factor"`
	ResourceMonitor                 string        `db:"resource_monitor"`
	ScalingPolicy                   string        `db:"scaling_policy"`
	OwnerRoleType                   string        `db:"owner_role_type"`
}

type osParameter struct {
	Key         string `db:"key"`
	Value       string `db:"value"`
	Default     string `db:"default"`
	Level       string `db:"level"`
	Description string `db:"description"`
	Type        string `db:"type"`
}

type osTask struct {
	CreatedOn                 string         `db:"created_on"`
	Name                      string         `db:"name"`
	ID                        string         `db:"id"`
	DatabaseName              string         `db:"database_name"`
	SchemaName                string         `db:"schema_name"`
	Owner                     string         `db:"owner"`
	Comment                   sql.NullString `db:"comment"`
	Warehouse                 sql.NullString `db:"warehouse"`
	Schedule                  sql.NullString `db:"schedule"`
	Predecessors              string         `db:"predecessors"`
	State                     string         `db:"state"`
	Definition                string         `db:"definition"`
	Condition                 sql.NullString `db:"condition"`
	AllowOverlappingExecution string         `db:"allow_overlapping_execution"`
	ErrorIntegration          sql.NullString `db:"error_integration"`
	LastCommittedOn           sql.NullString `db:"last_committed_on"`
	LastSuspendedOn           sql.NullString `db:"last_suspended_on"`
	OwnerRoleType             sql.NullString `db:"owner_role_type"`
	Config                    sql.NullString `db:"config"`
	Budget                    sql.NullString `db:"budget"`
	TaskRelations             sql.NullString `db:"task_relations"`
	LastSuspendedReason       sql.NullString `db:"last_suspended_reason"`
}

type osTable struct {
	CreatedOn           string         `db:"created_on"`
	Name                string         `db:"name"`
	SchemaName          string         `db:"schema_name"`
	DatabaseName        string         `db:"database_name"`
	Kind                string         `db:"kind"`
	Comment             sql.NullString `db:"comment"`
	ClusterBy           sql.NullString `db:"cluster_by"`
	Rows                int            `db:"rows"`
	Owner               string         `db:"owner"`
	RetentionTime       int            `db:"retention_time"`
	AutomaticClustering sql.NullString `db:"automatic_clustering"`
	ChangeTracking      sql.NullString `db:"change_tracking"`
	IsExternal          sql.NullString `db:"is_external"`
}

type osColumn struct {
	Name          string         `db:"name"`
	Type          string         `db:"type"`
	Kind          string         `db:"kind"`
	IsNullable    string         `db:"null?"`
	Default       sql.NullString `db:"default"`
	IsPrimary     string         `db:"primary key"`
	IsUnique      string         `db:"unique key"`
	Check         sql.NullString `db:"check"`
	Expression    sql.NullString `db:"expression"`
	Comment       sql.NullString `db:"comment"`
	PolicyName    sql.NullString `db:"policy name"`
	PrivacyDomain sql.NullString `db:"privacy domain"`
}

type osView struct {
	CreatedOn      string         `db:"created_on"`
	Name           string         `db:"name"`
	Kind           sql.NullString `db:"kind"`
	Reserved       sql.NullString `db:"reserved"`
	DatabaseName   string         `db:"database_name"`
	SchemaName     string         `db:"schema_name"`
	Owner          sql.NullString `db:"owner"`
	Comment        sql.NullString `db:"comment"`
	Text           sql.NullString `db:"text"`
	IsSecure       sql.NullBool   `db:"is_secure"`
	IsMaterialized sql.NullBool   `db:"is_materialized"`
	OwnerRoleType  sql.NullString `db:"owner_role_type"`
	ChangeTracking sql.NullString `db:"change_tracking"`
}

type osPolicyReference struct {
	PolicyDb        sql.NullString `db:"POLICY_DB"`
	PolicySchema    sql.NullString `db:"POLICY_SCHEMA"`
	PolicyName      string         `db:"POLICY_NAME"`
	PolicyKind      string         `db:"POLICY_KIND"`
	RefEntityName   string         `db:"REF_ENTITY_NAME"`
	RefEntityDomain string         `db:"REF_ENTITY_DOMAIN"`
	RefColumnName   sql.NullString `db:"REF_COLUMN_NAME"`
}

type osMetricReference struct {
	MetricName     string `db:"METRIC_NAME"`
	RefEntityName  string `db:"REF_ENTITY_NAME"`
	RefArguments   string `db:"REF_ARGUMENTS"`
	Schedule       string `db:"SCHEDULE"`
	ScheduleStatus string `db:"SCHEDULE_STATUS"`
}

// scanAs runs query and reads its rows into T by column name.
func scanAs[T any](t *testing.T, db *sql.DB, query string) []T {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatalf("%s\n  -> %v", query, err)
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	typ := reflect.TypeFor[T]()
	fieldOf := map[string]int{}
	for i := range typ.NumField() {
		fieldOf[typ.Field(i).Tag.Get("db")] = i
	}
	var out []T
	for rows.Next() {
		var v T
		rv := reflect.ValueOf(&v).Elem()
		dest := make([]any, len(cols))
		for i, c := range cols {
			if f, ok := fieldOf[c]; ok {
				dest[i] = rv.Field(f).Addr().Interface()
			} else {
				dest[i] = new(any)
			}
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("%s: scanning as %s: %v", query, typ.Name(), err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// one is scanAs for the statements the provider expects exactly one row of.
func one[T any](t *testing.T, db *sql.DB, query string) T {
	t.Helper()
	rows := scanAs[T](t, db, query)
	if len(rows) != 1 {
		t.Fatalf("%s: %d rows, want 1", query, len(rows))
	}
	return rows[0]
}

func execAll(t *testing.T, db *sql.DB, statements ...string) {
	t.Helper()
	for _, s := range statements {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s\n  -> %v", s, err)
		}
	}
}

func parameterValue(t *testing.T, params []osParameter, key string) osParameter {
	t.Helper()
	for _, p := range params {
		if p.Key == key {
			return p
		}
	}
	t.Fatalf("parameter %s missing", key)
	return osParameter{}
}

func TestOfficialProviderReadPath(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}

	// Context functions (provider configuration and the database read).
	sess := one[osSessionDetails](t, db, `SELECT CURRENT_ACCOUNT() as CURRENT_ACCOUNT, CURRENT_ROLE() as CURRENT_ROLE, CURRENT_REGION() AS CURRENT_REGION, CURRENT_SESSION() as CURRENT_SESSION, CURRENT_USER() as CURRENT_USER, CURRENT_ACCOUNT_NAME() as CURRENT_ACCOUNT_NAME, CURRENT_ORGANIZATION_NAME() as CURRENT_ORGANIZATION_NAME`)
	check("session", []string{sess.Account, sess.OrganizationName, sess.Role, sess.Region, sess.User}, []string{"LOCAL", "LOCALORG", "ACCOUNTADMIN", "AWS_US_WEST_2", "ADMIN"})
	roles := one[struct {
		Roles string `db:"CURRENT_ROLES"`
	}](t, db, `SELECT CURRENT_SECONDARY_ROLES() as CURRENT_ROLES`)
	var secondary struct{ Roles, Value string }
	if err := json.Unmarshal([]byte(roles.Roles), &secondary); err != nil {
		t.Errorf("CURRENT_SECONDARY_ROLES() is not the JSON the SDK parses: %v", err)
	}
	inSession := one[struct {
		In bool `db:"IS_ROLE_IN_SESSION"`
	}](t, db, `SELECT IS_ROLE_IN_SESSION('"SYSADMIN"') AS IS_ROLE_IN_SESSION`)
	check("IS_ROLE_IN_SESSION(SYSADMIN) for ACCOUNTADMIN", inSession.In, true)
	notIn := one[struct {
		In bool `db:"IS_ROLE_IN_SESSION"`
	}](t, db, `SELECT IS_ROLE_IN_SESSION('"ORGADMIN"') AS IS_ROLE_IN_SESSION`)
	check("IS_ROLE_IN_SESSION(ORGADMIN)", notIn.In, false)
	res, err := db.ExecContext(context.Background(), `SELECT 1`)
	if err != nil || res == nil {
		t.Fatal(err)
	}
	var lastID sql.NullString
	if err := db.QueryRow(`SELECT LAST_QUERY_ID() as LAST_QUERY_ID`).Scan(&lastID); err != nil || !lastID.Valid {
		t.Fatalf("LAST_QUERY_ID() = %v, %v", lastID, err)
	}

	// snowflake_database: create, read, update, read.
	execAll(t, db, `CREATE DATABASE "OPDB" DATA_RETENTION_TIME_IN_DAYS = 3 COMMENT = 'db comment'`)
	dbRow := one[osDatabase](t, db, `SHOW DATABASES LIKE 'OPDB'`)
	check("database comment", dbRow.Comment.String, "db comment")
	check("database retention", dbRow.RetentionTime.String, "3")
	if n := len(scanAs[struct {
		Name string `db:"name"`
	}](t, db, `SHOW REPLICATION DATABASES WITH PRIMARY "LOCALORG"."LOCAL"."OPDB"`)); n != 0 {
		t.Errorf("replication databases: %d, want 0", n)
	}
	dbParams := scanAs[osParameter](t, db, `SHOW PARAMETERS IN DATABASE "OPDB"`)
	check("database DATA_RETENTION_TIME_IN_DAYS", parameterValue(t, dbParams, "DATA_RETENTION_TIME_IN_DAYS"), osParameter{"DATA_RETENTION_TIME_IN_DAYS", "3", "1", "DATABASE", "", "NUMBER"})
	execAll(t, db, `ALTER DATABASE "OPDB" SET COMMENT = 'changed'`, `ALTER DATABASE "OPDB" UNSET COMMENT`)
	check("database comment after UNSET", one[osDatabase](t, db, `SHOW DATABASES LIKE 'OPDB'`).Comment.Valid && one[osDatabase](t, db, `SHOW DATABASES LIKE 'OPDB'`).Comment.String != "", false)

	// snowflake_schema: inherits the database's retention.
	execAll(t, db, `CREATE SCHEMA "OPDB"."OPS" COMMENT = 'schema comment'`)
	sc := one[osSchema](t, db, `SHOW SCHEMAS LIKE 'OPS' IN DATABASE "OPDB"`)
	check("schema", []string{sc.Name, sc.DatabaseName, sc.Comment.String, sc.RetentionTime}, []string{"OPS", "OPDB", "schema comment", "3"})
	check("schema DATA_RETENTION_TIME_IN_DAYS level", parameterValue(t, scanAs[osParameter](t, db, `SHOW PARAMETERS IN SCHEMA "OPDB"."OPS"`), "DATA_RETENTION_TIME_IN_DAYS").Level, "DATABASE")

	// snowflake_warehouse.
	execAll(t, db, `CREATE WAREHOUSE "OPWH" WAREHOUSE_TYPE = 'STANDARD' WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = true INITIALLY_SUSPENDED = true`)
	wh := one[osWarehouse](t, db, `SHOW WAREHOUSES LIKE 'OPWH'`)
	check("warehouse", []any{wh.Size, wh.State, wh.AutoSuspend.Int64, wh.AutoResume, wh.Comment}, []any{"X-Small", "SUSPENDED", int64(60), true, ""})
	execAll(t, db, `ALTER WAREHOUSE "OPWH" SET WAREHOUSE_SIZE = 'SMALL' COMMENT = 'wh'`)
	wh = one[osWarehouse](t, db, `SHOW WAREHOUSES LIKE 'OPWH'`)
	check("warehouse after ALTER", []any{wh.Size, wh.Comment}, []any{"Small", "wh"})
	whDesc := one[osSchemaObject](t, db, `DESCRIBE WAREHOUSE "OPWH"`)
	check("DESCRIBE WAREHOUSE", []string{whDesc.Name, whDesc.Kind}, []string{"OPWH", "WAREHOUSE"})
	check("warehouse STATEMENT_TIMEOUT_IN_SECONDS", parameterValue(t, scanAs[osParameter](t, db, `SHOW PARAMETERS IN WAREHOUSE "OPWH"`), "STATEMENT_TIMEOUT_IN_SECONDS").Value, "172800")

	// snowflake_table: column comments and keys, change tracking, retention.
	execAll(t, db, `CREATE TABLE "OPDB"."OPS"."OPT" ("ID" NUMBER(38,0) NOT NULL COMMENT 'identifier', "NAME" VARCHAR(100) UNIQUE, "K" NUMBER(38,0) PRIMARY KEY) CHANGE_TRACKING = true DATA_RETENTION_TIME_IN_DAYS = 5 COMMENT = 'table comment'`)
	tb := one[osTable](t, db, `SHOW TABLES LIKE 'OPT' IN SCHEMA "OPDB"."OPS"`)
	check("table", []any{tb.Comment.String, tb.RetentionTime, tb.ChangeTracking.String, tb.Kind}, []any{"table comment", 5, "ON", "TABLE"})
	cols := scanAs[osColumn](t, db, `DESCRIBE TABLE "OPDB"."OPS"."OPT" TYPE = COLUMNS`)
	check("columns", len(cols), 3)
	check("ID column", []any{cols[0].Name, cols[0].Type, cols[0].IsNullable, cols[0].Comment}, []any{"ID", "NUMBER(38,0)", "N", sql.NullString{String: "identifier", Valid: true}})
	check("NAME column", []any{cols[1].Type, cols[1].IsNullable, cols[1].IsUnique, cols[1].Comment.Valid}, []any{"VARCHAR(100)", "Y", "Y", false})
	check("K column", []any{cols[2].IsNullable, cols[2].IsPrimary}, []any{"N", "Y"})
	check("table DATA_RETENTION_TIME_IN_DAYS", parameterValue(t, scanAs[osParameter](t, db, `SHOW PARAMETERS IN TABLE "OPDB"."OPS"."OPT"`), "DATA_RETENTION_TIME_IN_DAYS"), osParameter{"DATA_RETENTION_TIME_IN_DAYS", "5", "1", "TABLE", "", "NUMBER"})
	execAll(t, db, `ALTER TABLE "OPDB"."OPS"."OPT" SET CHANGE_TRACKING = false COMMENT = 'other'`, `ALTER TABLE "OPDB"."OPS"."OPT" UNSET DATA_RETENTION_TIME_IN_DAYS`)
	tb = one[osTable](t, db, `SHOW TABLES LIKE 'OPT' IN SCHEMA "OPDB"."OPS"`)
	check("table after ALTER", []any{tb.Comment.String, tb.RetentionTime, tb.ChangeTracking.String}, []any{"other", 3, "OFF"})

	// snowflake_view: SHOW, policy and data metric function references, DESCRIBE.
	execAll(t, db, `CREATE VIEW "OPDB"."OPS"."OPV" COMMENT = 'view comment' AS SELECT "ID", "NAME" FROM "OPDB"."OPS"."OPT"`)
	v := one[osView](t, db, `SHOW VIEWS LIKE 'OPV' IN SCHEMA "OPDB"."OPS"`)
	check("view", []any{v.Comment.String, v.IsSecure.Bool, strings.HasSuffix(v.Text.String, `AS SELECT "ID", "NAME" FROM "OPDB"."OPS"."OPT"`)}, []any{"view comment", false, true})
	check("policy references", len(scanAs[osPolicyReference](t, db, `SELECT * FROM TABLE (SNOWFLAKE.INFORMATION_SCHEMA.POLICY_REFERENCES (REF_ENTITY_NAME => '\"OPDB\".\"OPS\".\"OPV\"', REF_ENTITY_DOMAIN => 'VIEW'))`)), 0)
	check("data metric function references", len(scanAs[osMetricReference](t, db, `SELECT * FROM TABLE (SNOWFLAKE.INFORMATION_SCHEMA.DATA_METRIC_FUNCTION_REFERENCES (REF_ENTITY_NAME => '\"OPDB\".\"OPS\".\"OPV\"', REF_ENTITY_DOMAIN => 'VIEW'))`)), 0)
	vcols := scanAs[osColumn](t, db, `DESCRIBE VIEW "OPDB"."OPS"."OPV"`)
	check("view columns", []string{vcols[0].Name, vcols[1].Name}, []string{"ID", "NAME"})
	execAll(t, db, `ALTER VIEW "OPDB"."OPS"."OPV" SET COMMENT = 'v2'`)
	check("view comment after ALTER", one[osView](t, db, `SHOW VIEWS LIKE 'OPV' IN SCHEMA "OPDB"."OPS"`).Comment.String, "v2")

	// snowflake_task: started, then suspended and dropped as its delete does.
	execAll(t, db, `CREATE TASK "OPDB"."OPS"."OPTASK" WAREHOUSE = "OPWH" SCHEDULE = '10 MINUTE' COMMENT = 'task comment' AS SELECT 1`,
		`ALTER TASK "OPDB"."OPS"."OPTASK" RESUME`)
	task := one[osTask](t, db, `SHOW TASKS LIKE 'OPTASK' IN SCHEMA "OPDB"."OPS"`)
	check("task", []any{task.Warehouse.String, task.Schedule.String, task.State, task.Definition, task.Comment.String}, []any{"OPWH", "10 MINUTE", "started", "SELECT 1", "task comment"})
	var relations struct{ Predecessors []string }
	if err := json.Unmarshal([]byte(task.TaskRelations.String), &relations); err != nil {
		t.Errorf("task_relations %q is not the JSON the SDK parses: %v", task.TaskRelations.String, err)
	}
	check("task USER_TASK_TIMEOUT_MS", parameterValue(t, scanAs[osParameter](t, db, `SHOW PARAMETERS IN TASK "OPDB"."OPS"."OPTASK"`), "USER_TASK_TIMEOUT_MS").Value, "3600000")

	// DESCRIBE SCHEMA lists what the schema holds.
	objects := scanAs[osSchemaObject](t, db, `DESCRIBE SCHEMA "OPDB"."OPS"`)
	kinds := map[string]string{}
	for _, o := range objects {
		kinds[o.Name] = o.Kind
	}
	check("schema objects", kinds, map[string]string{"OPT": "TABLE", "OPV": "VIEW", "OPTASK": "TASK"})

	// Destroy, as each resource's delete sends it.
	execAll(t, db, `ALTER TASK "OPDB"."OPS"."OPTASK" SUSPEND`, `DROP TASK IF EXISTS "OPDB"."OPS"."OPTASK"`, `DROP VIEW IF EXISTS "OPDB"."OPS"."OPV"`,
		`DROP TABLE IF EXISTS "OPDB"."OPS"."OPT"`, `DROP SCHEMA IF EXISTS "OPDB"."OPS"`, `DROP WAREHOUSE IF EXISTS "OPWH"`, `DROP DATABASE IF EXISTS "OPDB"`)
	if n := len(scanAs[osDatabase](t, db, `SHOW DATABASES LIKE 'OPDB'`)); n != 0 {
		t.Errorf("database still there after DROP")
	}
}

// The refusals on the same path: what Snowflake answers for an entity
// that is not there, a domain it does not know, another account.
func TestOfficialProviderReadPathRefusals(t *testing.T) {
	runConformance(t, []conf{
		ok(`CREATE DATABASE RD`),
		ok(`CREATE SCHEMA RD.S`),
		rej(`SELECT * FROM TABLE (SNOWFLAKE.INFORMATION_SCHEMA.POLICY_REFERENCES (REF_ENTITY_NAME => '\"RD\".\"S\".\"NOPE\"', REF_ENTITY_DOMAIN => 'VIEW'))`, "002003"),
		rej(`SELECT * FROM TABLE (SNOWFLAKE.INFORMATION_SCHEMA.POLICY_REFERENCES (REF_ENTITY_NAME => 'RD.S.X', REF_ENTITY_DOMAIN => 'PLANET'))`, "001008"),
		rej(`SELECT * FROM TABLE (SNOWFLAKE.INFORMATION_SCHEMA.DATA_METRIC_FUNCTION_REFERENCES (REF_ENTITY_NAME => 'RD.S.X'))`, "001015"),
		rej(`SHOW REPLICATION DATABASES WITH PRIMARY "OTHERORG"."OTHER"."RD"`, "002003"),
		rej(`SHOW REPLICATION DATABASES WITH PRIMARY "LOCALORG"."LOCAL"."NOPE"`, "002003"),
		okRows(`SHOW REPLICATION DATABASES`, 0),
		rej(`SHOW PARAMETERS IN TABLE RD.S.NOPE`, "002003"),
		// IS_ROLE_IN_SESSION compares an unquoted name as stored.
		first(okRows(`SELECT IS_ROLE_IN_SESSION('accountadmin') AS R`, 1), "R", "false"),
		first(okRows(`SELECT IS_ROLE_IN_SESSION('ACCOUNTADMIN') AS R`, 1), "R", "true"),
		ok(`DROP DATABASE RD`),
	})
}

// LAST_QUERY_ID: -1 (the default) is the session's previous statement,
// 1 its first; one that does not exist is NULL.
func TestLastQueryID(t *testing.T) {
	srv := startServer(t, Options{})
	db := connect(t, srv, "ADMIN", "admin")
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	var ids []string
	for range 3 {
		ch := make(chan string, 1)
		if _, err := conn.ExecContext(sf.WithQueryIDChan(context.Background(), ch), `SELECT 1`); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, <-ch)
	}
	var last, second, none sql.NullString
	if err := conn.QueryRowContext(context.Background(), `SELECT LAST_QUERY_ID(), LAST_QUERY_ID(-2), LAST_QUERY_ID(-1000)`).Scan(&last, &second, &none); err != nil {
		t.Fatal(err)
	}
	if last.String != ids[2] || second.String != ids[1] || none.Valid {
		t.Errorf("LAST_QUERY_ID() = %v, (-2) = %v, (-1000) = %v; statements were %v", last, second, none, ids)
	}
}
