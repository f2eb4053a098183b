package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// informationSchemaDatabase is the database of [db.]INFORMATION_SCHEMA.f:
// the named one, else the session's, which must exist and be visible.
func (c *compiler) informationSchemaDatabase(parts []string) (*catalog.Object, error) {
	dbName := c.x.s.Database
	if len(parts) == 3 {
		dbName = parts[0]
	}
	if dbName == "" {
		return nil, errNoCurrent("SELECT", "DATABASE")
	}
	db, err := c.x.visibleDatabase(dbName)
	if err != nil || db == nil {
		return nil, errorsOr(err, errNotExist("DATABASE", sqlparse.DisplayIdent(dbName)))
	}
	return db, nil
}

// compileTableFunction supports INFORMATION_SCHEMA.TASK_HISTORY(…): the
// runs of tasks in a database that the session can see.
func (c *compiler) compileTableFunction(f *sqlparse.TableFunctionRef, sc *scope) (string, error) {
	parts := f.Name.Parts
	if len(parts) == 1 && parts[0] == "GENERATOR" {
		return c.compileGenerator(f, sc)
	}
	if isReferenceFunction(parts) {
		return c.compileReferences(f, sc)
	}
	if isQueryHistoryFunction(parts) {
		return c.compileQueryHistoryFunction(f, sc)
	}
	if len(parts) < 2 || parts[len(parts)-2] != "INFORMATION_SCHEMA" || parts[len(parts)-1] != "TASK_HISTORY" {
		return "", errUnknownFunction.with("Unknown table function %s", f.Name.String())
	}
	db, err := c.informationSchemaDatabase(parts)
	if err != nil {
		return "", err
	}
	// Tasks of the database the session may monitor.
	var ids []string
	schemas, err := c.x.tx.List("SCHEMA", db.ID)
	if err != nil {
		return "", err
	}
	for _, s := range schemas {
		tasks, err := c.x.tx.List("TASK", s.ID)
		if err != nil {
			return "", err
		}
		for _, t := range tasks {
			ok, err := c.x.owns(t)
			if err == nil && !ok {
				ok, err = c.x.granted("MONITOR", t.ID)
			}
			if err != nil {
				return "", err
			}
			if ok {
				ids = append(ids, strconv.FormatInt(t.ID, 10))
			}
		}
	}
	where := []string{"task_id IN (" + strings.Join(append(ids, "-1"), ", ") + ")"}
	limit := "100"
	for key, arg := range f.Call.Named {
		text, typ, err := c.expr(arg, &scope{})
		if err != nil {
			return "", err
		}
		switch key {
		case "TASK_NAME":
			where = append(where, "upper(name) = upper("+textOf(text, typ)+")")
		case "RESULT_LIMIT":
			n, ok := constantInt(arg)
			if !ok || n < 1 || n > 10000 {
				return "", errInvalidValue.with(fmt.Sprint(text), "RESULT_LIMIT")
			}
			limit = strconv.Itoa(n)
		case "ERROR_ONLY":
			where = append(where, "(CASE WHEN "+text+" THEN state = 'FAILED' ELSE 1 END)")
		case "SCHEDULED_TIME_RANGE_START":
			where = append(where, "scheduled_time >= sf_to_timestamp("+text+")")
		case "SCHEDULED_TIME_RANGE_END":
			where = append(where, "scheduled_time < sf_to_timestamp("+text+")")
		default:
			return "", errInvalidArgument.with("invalid argument %s for TASK_HISTORY", key)
		}
	}
	alias := c.relAlias()
	sub := "(SELECT * FROM (SELECT * FROM task_runs WHERE " + strings.Join(where, " AND ") +
		" ORDER BY scheduled_time DESC LIMIT " + limit + "))"
	col := func(name, sqlName string, t SFType) column {
		return column{name: name, sql: alias + "." + sqlName, typ: t}
	}
	rel := &relation{alias: f.Alias, cols: []column{
		col("QUERY_ID", "query_id", tVarchar), col("NAME", "name", tVarchar), col("DATABASE_NAME", "database_name", tVarchar),
		col("SCHEMA_NAME", "schema_name", tVarchar), col("QUERY_TEXT", "query_text", tVarchar),
		{name: "CONDITION_TEXT", sql: "NULL", typ: tVarchar}, col("STATE", "state", tVarchar), col("ERROR_CODE", "error_code", tVarchar),
		col("ERROR_MESSAGE", "error_message", tVarchar), col("SCHEDULED_TIME", "scheduled_time", tTimestampLTZ),
		col("QUERY_START_TIME", "query_start_time", tTimestampLTZ), {name: "NEXT_SCHEDULED_TIME", sql: "NULL", typ: tTimestampLTZ},
		col("COMPLETED_TIME", "completed_time", tTimestampLTZ), {name: "ROOT_TASK_ID", sql: "CAST(" + alias + ".task_id AS TEXT)", typ: tVarchar},
		{name: "GRAPH_VERSION", sql: "1", typ: tNumber}, col("RUN_ID", "run_id", tNumber), col("RETURN_VALUE", "return_value", tVarchar),
		{name: "SCHEDULED_FROM", sql: "'SCHEDULE'", typ: tVarchar}, {name: "ATTEMPT_NUMBER", sql: "1", typ: tNumber},
	}}
	sc.rels = append(sc.rels, rel)
	return sub + " AS " + alias, nil
}

// maxGeneratorRows bounds TABLE(GENERATOR(ROWCOUNT => n)) in the emulator.
const maxGeneratorRows = 10_000_000

// compileGenerator is TABLE(GENERATOR(ROWCOUNT => n)): n rows without
// columns, for SEQ4(), UNIFORM(…) and friends to fill. TIMELIMIT is not
// emulated.
func (c *compiler) compileGenerator(f *sqlparse.TableFunctionRef, sc *scope) (string, error) {
	if len(f.Call.Args) > 0 || len(f.Call.Named) != 1 || f.Call.Named["ROWCOUNT"] == nil {
		return "", errUnknownFunction.with("GENERATOR takes ROWCOUNT => <constant> (TIMELIMIT is not supported by the local emulator)")
	}
	n, ok := constantInt(f.Call.Named["ROWCOUNT"])
	if !ok || n < 0 {
		return "", errUnknownFunction.with("argument ROWCOUNT to function GENERATOR needs to be a non-negative integer constant")
	}
	if n > maxGeneratorRows {
		return "", errUnsupported("GENERATOR beyond %d rows", maxGeneratorRows)
	}
	alias := c.relAlias()
	sc.rels = append(sc.rels, &relation{alias: f.Alias, seq: "(" + alias + ".i - 1)"})
	return fmt.Sprintf("(WITH RECURSIVE g(i) AS (SELECT 1 WHERE %d > 0 UNION ALL SELECT i + 1 FROM g WHERE i < %d) SELECT i FROM g) AS %s", n, n, alias), nil
}
