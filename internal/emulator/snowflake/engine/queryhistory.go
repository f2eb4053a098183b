package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// The query history as Snowflake exposes it, over the statements the engine
// recorded (history.go), text as sent:
//
//   - [db.]INFORMATION_SCHEMA.QUERY_HISTORY([RESULT_LIMIT => n],
//     [END_TIME_RANGE_START => t], [END_TIME_RANGE_END => t]): the current
//     user's statements, newest first, 100 unless RESULT_LIMIT (at most
//     10,000) says otherwise;
//   - QUERY_HISTORY_BY_USER(USER_NAME => 'u', …): one user's, the current
//     user's own or, for ACCOUNTADMIN, anyone's;
//   - SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY: every user's, for ACCOUNTADMIN
//     (the role that holds IMPORTED PRIVILEGES on the SNOWFLAKE database in a
//     new account). Snowflake fills that view with up to 45 minutes of
//     latency; here it is current.
//
// The columns are those of Snowflake's pages that the engine knows; any
// other is an invalid identifier, not a guessed value. EXECUTION_STATUS is
// SUCCESS or FAIL.

var queryHistoryColumns = []struct {
	name string
	typ  compiler.SFType
	cell func(QueryRecord) string
}{
	{"QUERY_ID", compiler.TypeVarchar, func(r QueryRecord) string { return compiler.SQLiteString(r.QueryID) }},
	{"QUERY_TEXT", compiler.TypeVarchar, func(r QueryRecord) string { return compiler.SQLiteString(r.Text) }},
	{"QUERY_TYPE", compiler.TypeVarchar, func(r QueryRecord) string { return compiler.SQLiteString(r.Type) }},
	{"SESSION_ID", compiler.TypeNumber, func(r QueryRecord) string { return strconv.FormatInt(r.SessionID, 10) }},
	{"USER_NAME", compiler.TypeVarchar, func(r QueryRecord) string { return compiler.SQLiteString(r.User) }},
	{"ROLE_NAME", compiler.TypeVarchar, func(r QueryRecord) string { return compiler.SQLiteString(r.Role) }},
	{"EXECUTION_STATUS", compiler.TypeVarchar, func(r QueryRecord) string {
		if r.ErrorCode != "" {
			return "'FAIL'"
		}
		return "'SUCCESS'"
	}},
	{"ERROR_CODE", compiler.TypeVarchar, func(r QueryRecord) string {
		if r.ErrorCode == "" {
			return "NULL"
		}
		return compiler.SQLiteString(r.ErrorCode)
	}},
	{"START_TIME", compiler.TypeTimestampLTZ, func(r QueryRecord) string { return timeCell(r.Start) }},
	{"END_TIME", compiler.TypeTimestampLTZ, func(r QueryRecord) string { return timeCell(r.Start.Add(r.Duration)) }},
	{"TOTAL_ELAPSED_TIME", compiler.TypeNumber, func(r QueryRecord) string { return strconv.FormatInt(r.Duration.Milliseconds(), 10) }},
}

// isQueryHistoryFunction reports whether parts name QUERY_HISTORY or
// QUERY_HISTORY_BY_USER of an INFORMATION_SCHEMA.
func isQueryHistoryFunction(parts []string) bool {
	n := len(parts)
	return n >= 2 && parts[n-2] == "INFORMATION_SCHEMA" && (parts[n-1] == "QUERY_HISTORY" || parts[n-1] == "QUERY_HISTORY_BY_USER")
}

// accountUsageViews are the SNOWFLAKE.ACCOUNT_USAGE views the emulator
// keeps, by name; only ACCOUNTADMIN (the role that holds IMPORTED
// PRIVILEGES on the SNOWFLAKE database in a new account) reads them.
var accountUsageViews = map[string]func(*execCtx) (compiler.Source, error){
	"QUERY_HISTORY": func(x *execCtx) (compiler.Source, error) {
		return queryHistorySource(x.e.QueryHistory(), "QUERY_HISTORY", nil, 0), nil
	},
	// TASK_HISTORY: every task's runs in the account, with the columns
	// of INFORMATION_SCHEMA.TASK_HISTORY.
	"TASK_HISTORY": func(*execCtx) (compiler.Source, error) {
		return taskRunsSource("TASK_HISTORY", "task_runs"), nil
	},
	"WAREHOUSE_METERING_HISTORY": (*execCtx).warehouseMeteringHistory,
	"WAREHOUSE_EVENTS_HISTORY":   (*execCtx).warehouseEventsHistory,
	"SERVERLESS_TASK_HISTORY":    (*execCtx).serverlessTaskHistory,
}

// accountUsageView is the view parts name, SNOWFLAKE.ACCOUNT_USAGE.<view>,
// behind the ACCOUNTADMIN check.
func accountUsageView(parts []string) (func(*execCtx) (compiler.Source, error), bool) {
	if len(parts) != 3 || parts[0] != "SNOWFLAKE" || parts[1] != "ACCOUNT_USAGE" {
		return nil, false
	}
	view, ok := accountUsageViews[parts[2]]
	if !ok {
		return nil, false
	}
	return func(x *execCtx) (compiler.Source, error) {
		if admin, err := x.isAccountAdmin(); err != nil || !admin {
			return compiler.Source{}, errorsOr(err, errNotExist("DATABASE", "SNOWFLAKE"))
		}
		return view(x)
	}, true
}

func (x *execCtx) isAccountAdmin() (bool, error) {
	roles, err := x.effectiveRoles()
	return roles["ACCOUNTADMIN"], err
}

// queryHistoryFunction is INFORMATION_SCHEMA.QUERY_HISTORY[_BY_USER](…).
func (x *execCtx) queryHistoryFunction(f *sqlparse.TableFunctionRef, compileArg compiler.ArgCompiler) (compiler.Source, error) {
	name := f.Name.Last()
	// Like every INFORMATION_SCHEMA function it belongs to a database.
	if _, err := x.informationSchemaDatabase(f.Name.Parts); err != nil {
		return compiler.Source{}, err
	}
	user, limit := x.s.User, 100
	var where []string
	for key, arg := range f.Call.Named {
		text, _, err := compileArg(arg)
		if err != nil {
			return compiler.Source{}, err
		}
		switch key {
		case "RESULT_LIMIT":
			n, ok := compiler.ConstantInt(arg)
			if !ok || n < 1 || n > 10000 {
				return compiler.Source{}, sferr.InvalidValue.With(fmt.Sprint(text), "RESULT_LIMIT")
			}
			limit = n
		case "END_TIME_RANGE_START":
			where = append(where, "c10 >= sf_to_timestamp("+text+")")
		case "END_TIME_RANGE_END":
			where = append(where, "c10 < sf_to_timestamp("+text+")")
		case "USER_NAME":
			lit, ok := arg.(*sqlparse.Literal)
			if name != "QUERY_HISTORY_BY_USER" || !ok || lit.Kind != sqlparse.ValString {
				return compiler.Source{}, errInvalidArgument.With("invalid argument %s for %s", key, name)
			}
			user = lit.Str
		default:
			return compiler.Source{}, errInvalidArgument.With("invalid argument %s for %s", key, name)
		}
	}
	if name == "QUERY_HISTORY_BY_USER" && f.Call.Named["USER_NAME"] == nil {
		return compiler.Source{}, errMissingArgument.With("USER_NAME", "QUERY_HISTORY_BY_USER")
	}
	if !strings.EqualFold(user, x.s.User) {
		if admin, err := x.isAccountAdmin(); err != nil || !admin {
			return compiler.Source{}, errorsOr(err, sferr.Insufficient("user", user))
		}
	}
	records := slices.DeleteFunc(x.e.QueryHistory(), func(r QueryRecord) bool { return !strings.EqualFold(r.User, user) })
	return queryHistorySource(records, "", where, limit), nil
}

// queryHistorySource is records as rows of queryHistoryColumns, newest
// first, filtered by where (over c0…cN) and limited (0: no limit).
func queryHistorySource(records []QueryRecord, name string, where []string, limit int) compiler.Source {
	columns := make([]compiler.SourceColumn, len(queryHistoryColumns))
	for i, col := range queryHistoryColumns {
		columns[i] = compiler.SourceColumn{Name: col.name, Type: col.typ}
	}
	rows := make([][]string, len(records))
	for j, r := range records {
		rows[j] = make([]string, len(queryHistoryColumns))
		for i, col := range queryHistoryColumns {
			rows[j][i] = col.cell(r)
		}
	}
	src := valuesSource(name, columns, rows)
	sql := "SELECT * FROM " + src.From
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY c8 DESC"
	if limit > 0 {
		sql += " LIMIT " + strconv.Itoa(limit)
	}
	src.From = "(" + sql + ")"
	return src
}
