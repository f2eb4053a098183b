package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// informationSchemaDatabase is the database of [db.]INFORMATION_SCHEMA.f:
// the named one, else the session's, which must exist and be visible.
func (x *execCtx) informationSchemaDatabase(parts []string) (*catalog.Object, error) {
	dbName := x.s.Database
	if len(parts) == 3 {
		dbName = parts[0]
	}
	if dbName == "" {
		return nil, errNoCurrent("SELECT", "DATABASE")
	}
	db, err := x.visibleDatabase(dbName)
	if err != nil || db == nil {
		return nil, errorsOr(err, errNotExist("DATABASE", sqlparse.DisplayIdent(dbName)))
	}
	return db, nil
}

// isTaskHistory reports whether parts name [db.]INFORMATION_SCHEMA.TASK_HISTORY.
func isTaskHistory(parts []string) bool {
	n := len(parts)
	return n >= 2 && parts[n-2] == "INFORMATION_SCHEMA" && parts[n-1] == "TASK_HISTORY"
}

// taskHistoryColumns are TASK_HISTORY's columns over the task_runs table.
var taskHistoryColumns = []struct {
	name, sql string
	typ       compiler.SFType
}{
	{"QUERY_ID", "query_id", compiler.TypeVarchar}, {"NAME", "name", compiler.TypeVarchar}, {"DATABASE_NAME", "database_name", compiler.TypeVarchar},
	{"SCHEMA_NAME", "schema_name", compiler.TypeVarchar}, {"QUERY_TEXT", "query_text", compiler.TypeVarchar},
	{"CONDITION_TEXT", "NULL", compiler.TypeVarchar}, {"STATE", "state", compiler.TypeVarchar}, {"ERROR_CODE", "error_code", compiler.TypeVarchar},
	{"ERROR_MESSAGE", "error_message", compiler.TypeVarchar}, {"SCHEDULED_TIME", "scheduled_time", compiler.TypeTimestampLTZ},
	{"QUERY_START_TIME", "query_start_time", compiler.TypeTimestampLTZ}, {"NEXT_SCHEDULED_TIME", "NULL", compiler.TypeTimestampLTZ},
	{"COMPLETED_TIME", "completed_time", compiler.TypeTimestampLTZ}, {"ROOT_TASK_ID", "CAST(task_id AS TEXT)", compiler.TypeVarchar},
	{"GRAPH_VERSION", "1", compiler.TypeNumber}, {"RUN_ID", "run_id", compiler.TypeNumber}, {"RETURN_VALUE", "return_value", compiler.TypeVarchar},
	{"SCHEDULED_FROM", "'SCHEDULE'", compiler.TypeVarchar}, {"ATTEMPT_NUMBER", "1", compiler.TypeNumber},
}

// taskHistory is INFORMATION_SCHEMA.TASK_HISTORY(…): the runs of tasks in
// a database that the session can see.
func (x *execCtx) taskHistory(f *sqlparse.TableFunctionRef, compileArg compiler.ArgCompiler) (compiler.Source, error) {
	db, err := x.informationSchemaDatabase(f.Name.Parts)
	if err != nil {
		return compiler.Source{}, err
	}
	ids, err := x.monitoredTasks(db)
	if err != nil {
		return compiler.Source{}, err
	}
	where := []string{"task_id IN (" + strings.Join(append(ids, "-1"), ", ") + ")"}
	limit := "100"
	for key, arg := range f.Call.Named {
		text, typ, err := compileArg(arg)
		if err != nil {
			return compiler.Source{}, err
		}
		switch key {
		case "TASK_NAME":
			where = append(where, "upper(name) = upper("+compiler.TextOf(text, typ)+")")
		case "RESULT_LIMIT":
			n, ok := compiler.ConstantInt(arg)
			if !ok || n < 1 || n > 10000 {
				return compiler.Source{}, sferr.InvalidValue.With(fmt.Sprint(text), "RESULT_LIMIT")
			}
			limit = strconv.Itoa(n)
		case "ERROR_ONLY":
			where = append(where, "(CASE WHEN "+text+" THEN state = 'FAILED' ELSE 1 END)")
		case "SCHEDULED_TIME_RANGE_START":
			where = append(where, "scheduled_time >= sf_to_timestamp("+text+")")
		case "SCHEDULED_TIME_RANGE_END":
			where = append(where, "scheduled_time < sf_to_timestamp("+text+")")
		default:
			return compiler.Source{}, errInvalidArgument.With("invalid argument %s for TASK_HISTORY", key)
		}
	}
	return taskRunsSource("", "(SELECT * FROM task_runs WHERE "+strings.Join(where, " AND ")+
		" ORDER BY scheduled_time DESC LIMIT "+limit+")"), nil
}

// taskRunsSource is the task runs of runs (task_runs or a subquery of it)
// as TASK_HISTORY's columns.
func taskRunsSource(name, runs string) compiler.Source {
	src := compiler.Source{Name: name, Columns: make([]compiler.SourceColumn, len(taskHistoryColumns))}
	selects := make([]string, len(taskHistoryColumns))
	for i, col := range taskHistoryColumns {
		src.Columns[i] = compiler.SourceColumn{Name: col.name, Type: col.typ}
		selects[i] = fmt.Sprintf("%s AS c%d", col.sql, i)
	}
	src.From = "(SELECT " + strings.Join(selects, ", ") + " FROM " + runs + ")"
	return src
}

// monitoredTasks are the IDs of db's tasks the session may monitor.
func (x *execCtx) monitoredTasks(db *catalog.Object) ([]string, error) {
	var ids []string
	schemas, err := x.tx.List("SCHEMA", db.ID)
	if err != nil {
		return nil, err
	}
	for _, s := range schemas {
		tasks, err := x.tx.List("TASK", s.ID)
		if err != nil {
			return nil, err
		}
		for _, t := range tasks {
			ok, err := x.owns(t)
			if err == nil && !ok {
				ok, err = x.granted("MONITOR", t.ID)
			}
			if err != nil {
				return nil, err
			}
			if ok {
				ids = append(ids, strconv.FormatInt(t.ID, 10))
			}
		}
	}
	return ids, nil
}
