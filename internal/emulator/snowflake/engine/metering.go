package engine

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/metering"
)

// The account's metering as Snowflake keeps it: when each warehouse ran
// statements and each serverless task ran, billed by the metering model
// into SNOWFLAKE.ACCOUNT_USAGE's WAREHOUSE_METERING_HISTORY,
// WAREHOUSE_EVENTS_HISTORY and SERVERLESS_TASK_HISTORY. Snowflake fills
// those views with up to three hours of latency; here they are current.

// meterLimit bounds memory in long-running stacks, as historyLimit does.
const meterLimit = 100000

type meterLog struct {
	mu         sync.Mutex
	busy       map[string][]metering.Interval // by warehouse name
	serverless []serverlessRun
}

type serverlessRun struct {
	task, schema, database *catalog.Object
	run                    metering.Interval
}

// ranOn records that a statement ran on warehouse from start until now.
func (m *meterLog) ranOn(warehouse string, start time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.busy == nil {
		m.busy = map[string][]metering.Interval{}
	}
	m.busy[warehouse] = appendBounded(m.busy[warehouse], metering.Interval{Start: start, End: time.Now()}, meterLimit)
}

// ranServerless records a serverless task's run.
func (m *meterLog) ranServerless(r serverlessRun) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.serverless = appendBounded(m.serverless, r, meterLimit)
}

// warehouseRuns is each warehouse's periods as of now, with the
// warehouse's size; warehouses dropped since are left out.
type warehouseRuns struct {
	wh      *catalog.Object
	size    string
	periods []metering.Period
}

// defaultAutoSuspend is CREATE WAREHOUSE's AUTO_SUSPEND default (seconds).
const defaultAutoSuspend = 600

func (x *execCtx) warehouseRuns() ([]warehouseRuns, error) {
	x.e.meter.mu.Lock()
	busy := make(map[string][]metering.Interval, len(x.e.meter.busy))
	for name, runs := range x.e.meter.busy {
		busy[name] = append([]metering.Interval(nil), runs...)
	}
	x.e.meter.mu.Unlock()
	names := make([]string, 0, len(busy))
	for name := range busy {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []warehouseRuns
	for _, name := range names {
		wh, err := x.tx.Lookup("WAREHOUSE", 0, name)
		if err != nil {
			return nil, err
		}
		if wh == nil {
			continue
		}
		autoSuspend := int64(defaultAutoSuspend)
		if _, ok := wh.Props["auto_suspend"]; ok {
			autoSuspend = wh.Int("auto_suspend")
		}
		size := wh.Str("warehouse_size")
		if size == "" {
			size = "XSMALL"
		}
		out = append(out, warehouseRuns{wh: wh, size: size,
			periods: metering.Periods(busy[name], time.Duration(autoSuspend)*time.Second, time.Now())})
	}
	return out, nil
}

func timeCell(t time.Time) string {
	return compiler.SQLiteString(t.UTC().Format(compiler.TimestampLayout))
}

func creditsCell(c float64) string { return strconv.FormatFloat(c, 'f', 9, 64) }

// creditsType is the credit columns' NUMBER(38,9).
var creditsType = compiler.SFType{Base: "NUMBER", Prec: 38, Scale: 9}

// warehouseMeteringHistory is ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY:
// one row per warehouse and hour it ran in (compute only: the emulator
// bills no cloud services).
func (x *execCtx) warehouseMeteringHistory() (compiler.Source, error) {
	all, err := x.warehouseRuns()
	if err != nil {
		return compiler.Source{}, err
	}
	var rows [][]string
	for _, w := range all {
		for _, h := range metering.Hourly(w.periods, w.size) {
			c := creditsCell(h.Credits)
			rows = append(rows, []string{timeCell(h.Start), timeCell(h.Start.Add(time.Hour)), strconv.FormatInt(w.wh.ID, 10),
				compiler.SQLiteString(w.wh.Name), c, c, creditsCell(0), c})
		}
	}
	return valuesSource("WAREHOUSE_METERING_HISTORY", []compiler.SourceColumn{
		{Name: "START_TIME", Type: compiler.TypeTimestampLTZ}, {Name: "END_TIME", Type: compiler.TypeTimestampLTZ}, {Name: "WAREHOUSE_ID", Type: compiler.TypeNumber},
		{Name: "WAREHOUSE_NAME", Type: compiler.TypeVarchar}, {Name: "CREDITS_USED", Type: creditsType}, {Name: "CREDITS_USED_COMPUTE", Type: creditsType},
		{Name: "CREDITS_USED_CLOUD_SERVICES", Type: creditsType}, {Name: "CREDITS_ATTRIBUTED_COMPUTE_QUERIES", Type: creditsType},
	}, rows), nil
}

// warehouseEventsHistory is ACCOUNT_USAGE.WAREHOUSE_EVENTS_HISTORY: each
// automatic resume and suspend.
func (x *execCtx) warehouseEventsHistory() (compiler.Source, error) {
	all, err := x.warehouseRuns()
	if err != nil {
		return compiler.Source{}, err
	}
	var rows [][]string
	for _, w := range all {
		event := func(at time.Time, name, reason string) []string {
			return []string{timeCell(at), strconv.FormatInt(w.wh.ID, 10), compiler.SQLiteString(w.wh.Name), "1",
				compiler.SQLiteString(name), compiler.SQLiteString(reason), "'COMPLETED'", "NULL", "NULL", "NULL",
				compiler.SQLiteString(w.size), "1"}
		}
		for _, p := range w.periods {
			rows = append(rows, event(p.Resume, "RESUME_WAREHOUSE", "WAREHOUSE_AUTORESUME"))
			if p.Suspended {
				rows = append(rows, event(p.Suspend, "SUSPEND_WAREHOUSE", "WAREHOUSE_AUTOSUSPEND"))
			}
		}
	}
	return valuesSource("WAREHOUSE_EVENTS_HISTORY", []compiler.SourceColumn{
		{Name: "TIMESTAMP", Type: compiler.TypeTimestampLTZ}, {Name: "WAREHOUSE_ID", Type: compiler.TypeNumber}, {Name: "WAREHOUSE_NAME", Type: compiler.TypeVarchar},
		{Name: "CLUSTER_NUMBER", Type: compiler.TypeNumber}, {Name: "EVENT_NAME", Type: compiler.TypeVarchar}, {Name: "EVENT_REASON", Type: compiler.TypeVarchar},
		{Name: "EVENT_STATE", Type: compiler.TypeVarchar}, {Name: "USER_NAME", Type: compiler.TypeVarchar}, {Name: "ROLE_NAME", Type: compiler.TypeVarchar},
		{Name: "QUERY_ID", Type: compiler.TypeVarchar}, {Name: "SIZE", Type: compiler.TypeVarchar}, {Name: "CLUSTER_COUNT", Type: compiler.TypeNumber},
	}, rows), nil
}

// serverlessTaskHistory is ACCOUNT_USAGE.SERVERLESS_TASK_HISTORY: one row
// per serverless run, sized as the task's
// USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE (Snowflake sizes later runs
// from history; the emulator keeps the initial size).
func (x *execCtx) serverlessTaskHistory() (compiler.Source, error) {
	x.e.meter.mu.Lock()
	runs := append([]serverlessRun(nil), x.e.meter.serverless...)
	x.e.meter.mu.Unlock()
	rows := make([][]string, 0, len(runs))
	for _, r := range runs {
		size := r.task.Str("user_task_managed_initial_warehouse_size")
		if size == "" {
			size = "MEDIUM" // USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE's default
		}
		rows = append(rows, []string{timeCell(r.run.Start), timeCell(r.run.End), strconv.FormatInt(r.task.ID, 10),
			compiler.SQLiteString(r.task.Name), strconv.FormatInt(r.schema.ID, 10), compiler.SQLiteString(r.schema.Name),
			strconv.FormatInt(r.database.ID, 10), compiler.SQLiteString(r.database.Name),
			creditsCell(metering.ServerlessCredits(r.run, size)), "NULL"})
	}
	return valuesSource("SERVERLESS_TASK_HISTORY", []compiler.SourceColumn{
		{Name: "START_TIME", Type: compiler.TypeTimestampLTZ}, {Name: "END_TIME", Type: compiler.TypeTimestampLTZ}, {Name: "TASK_ID", Type: compiler.TypeNumber},
		{Name: "TASK_NAME", Type: compiler.TypeVarchar}, {Name: "SCHEMA_ID", Type: compiler.TypeNumber}, {Name: "SCHEMA_NAME", Type: compiler.TypeVarchar},
		{Name: "DATABASE_ID", Type: compiler.TypeNumber}, {Name: "DATABASE_NAME", Type: compiler.TypeVarchar}, {Name: "CREDITS_USED", Type: creditsType},
		{Name: "INSTANCE_ID", Type: compiler.TypeNumber},
	}, rows), nil
}

// valuesSource is rows (SQLite literals) as a Source of columns: the first
// SELECT names the columns and yields nothing, the rows follow as one
// multi-row VALUES.
func valuesSource(name string, columns []compiler.SourceColumn, rows [][]string) compiler.Source {
	heads := make([]string, len(columns))
	for i := range columns {
		heads[i] = fmt.Sprintf("NULL AS c%d", i)
	}
	sql := "SELECT " + strings.Join(heads, ", ") + " WHERE 0"
	if len(rows) > 0 {
		values := make([]string, len(rows))
		for i, r := range rows {
			values[i] = "(" + strings.Join(r, ", ") + ")"
		}
		sql += " UNION ALL VALUES " + strings.Join(values, ", ")
	}
	return compiler.Source{Name: name, Columns: columns, From: "(" + sql + ")"}
}
