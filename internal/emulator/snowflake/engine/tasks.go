package engine

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // CRON schedules name time zones

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/metering"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// Tasks: created suspended, resumed to run on their schedule, executed on
// demand, one run at a time unless ALLOW_OVERLAPPING_EXECUTION, each run
// as the task's owner and recorded for TASK_HISTORY.

var intervalSchedule = regexp.MustCompile(`^(?i)\s*([0-9]+)\s*(SECONDS?|S|MINUTES?|M|HOURS?|H)\s*$`)

// parseSchedule validates a schedule and returns its interval, or the
// cron spec and location for USING CRON.
func parseSchedule(s string) (time.Duration, *cronSpec, error) {
	if m := intervalSchedule.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		unit := strings.ToUpper(m[2])[0]
		var d time.Duration
		switch unit {
		case 'S':
			d = time.Duration(n) * time.Second
			if n < 10 {
				return 0, nil, sferr.InvalidValue.With(s, "SCHEDULE")
			}
		case 'M':
			d = time.Duration(n) * time.Minute
		case 'H':
			d = time.Duration(n) * time.Hour
		}
		if n < 1 || d > 8*24*time.Hour {
			return 0, nil, sferr.InvalidValue.With(s, "SCHEDULE")
		}
		return d, nil, nil
	}
	fields := strings.Fields(s)
	if len(fields) == 8 && strings.EqualFold(fields[0], "USING") && strings.EqualFold(fields[1], "CRON") {
		loc, err := time.LoadLocation(fields[7])
		if err != nil {
			return 0, nil, sferr.InvalidValue.With(fields[7], "SCHEDULE time zone")
		}
		spec, err := parseCron(fields[2:7], loc)
		if err != nil {
			return 0, nil, sferr.InvalidValue.With(s, "SCHEDULE")
		}
		return 0, spec, nil
	}
	return 0, nil, sferr.InvalidValue.With(s, "SCHEDULE")
}

type cronSpec struct {
	fields [5]map[int]bool
	loc    *time.Location
}

func parseCron(parts []string, loc *time.Location) (*cronSpec, error) {
	ranges := [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}}
	spec := &cronSpec{loc: loc}
	for i, p := range parts {
		set := map[int]bool{}
		for _, item := range strings.Split(p, ",") {
			step := 1
			if base, s, ok := strings.Cut(item, "/"); ok {
				n, err := strconv.Atoi(s)
				if err != nil || n < 1 {
					return nil, fmt.Errorf("bad step")
				}
				item, step = base, n
			}
			lo, hi := ranges[i][0], ranges[i][1]
			if item != "*" {
				a, b, isRange := strings.Cut(item, "-")
				x, err := strconv.Atoi(a)
				if err != nil || x < ranges[i][0] || x > ranges[i][1] {
					return nil, fmt.Errorf("bad value")
				}
				lo, hi = x, x
				if isRange {
					y, err := strconv.Atoi(b)
					if err != nil || y < x || y > ranges[i][1] {
						return nil, fmt.Errorf("bad range")
					}
					hi = y
				} else if step > 1 {
					hi = ranges[i][1]
				}
			}
			for v := lo; v <= hi; v += step {
				set[v] = true
			}
		}
		spec.fields[i] = set
	}
	return spec, nil
}

func (c *cronSpec) next(after time.Time) time.Time {
	t := after.In(c.loc).Truncate(time.Minute).Add(time.Minute)
	for i := 0; i < 366*24*60; i++ {
		if c.fields[0][t.Minute()] && c.fields[1][t.Hour()] && c.fields[2][t.Day()] && c.fields[3][int(t.Month())] && c.fields[4][int(t.Weekday())] {
			return t
		}
		t = t.Add(time.Minute)
	}
	return after.Add(24 * time.Hour)
}

// nextRun computes when a started task runs next.
func (e *Engine) nextRun(o *catalog.Object, from time.Time) (time.Time, error) {
	every, cron, err := parseSchedule(o.Str("schedule"))
	if err != nil {
		return time.Time{}, err
	}
	if cron != nil {
		scale := e.scheduleScale()
		if scale == 1 {
			return cron.next(from), nil
		}
		// The scaled clock: from its origin, emulated time runs 1/scale
		// times as fast as real time.
		origin := e.started.Truncate(24 * time.Hour)
		emulated := origin.Add(time.Duration(float64(from.Sub(origin)) / scale))
		return origin.Add(time.Duration(float64(cron.next(emulated).Sub(origin)) * scale)), nil
	}
	scaled := time.Duration(float64(every) * e.scheduleScale())
	return from.Add(scaled), nil
}

func (e *Engine) scheduleScale() float64 {
	if e.cfg.ScheduleScale > 0 {
		return e.cfg.ScheduleScale
	}
	return 1
}

var taskProps = map[string]propType{
	"WAREHOUSE": pName, "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE": pString, "SCHEDULE": pString,
	"ALLOW_OVERLAPPING_EXECUTION": pBool, "USER_TASK_TIMEOUT_MS": pInt, "SUSPEND_TASK_AFTER_NUM_FAILURES": pInt,
	"TASK_AUTO_RETRY_ATTEMPTS": pInt, "COMMENT": pString, "CONFIG": pString,
}

func (x *execCtx) applyTaskProps(o *catalog.Object, props []sqlparse.Property) error {
	seen := map[string]bool{}
	for _, p := range props {
		typ, ok := taskProps[p.Key]
		if !ok {
			return sqlparse.Unexpected(p.KeyTok)
		}
		if seen[p.Key] {
			return errDuplicateOption.With(p.Key)
		}
		seen[p.Key] = true
		v := p.Value
		switch typ {
		case pString:
			if v.Kind != sqlparse.ValString {
				return sqlparse.Unexpected(v.Tok)
			}
			if p.Key == "COMMENT" {
				c := v.Str
				o.Comment = &c
				continue
			}
			if p.Key == "SCHEDULE" {
				if _, _, err := parseSchedule(v.Str); err != nil {
					return err
				}
			}
			o.Props[strings.ToLower(p.Key)] = v.Str
		case pBool:
			if v.Kind != sqlparse.ValBool {
				return sferr.InvalidValue.With(v.Tok.Raw, p.Key)
			}
			o.Props[strings.ToLower(p.Key)] = v.Bool
		case pInt:
			n, err := strconv.ParseInt(v.Str, 10, 64)
			if v.Kind != sqlparse.ValNumber || err != nil || n < 0 {
				return sferr.InvalidValue.With(v.Tok.Raw, p.Key)
			}
			o.Props[strings.ToLower(p.Key)] = n
		case pName:
			if v.Kind != sqlparse.ValIdent || len(v.Ident.Parts) != 1 {
				return sqlparse.Unexpected(v.Tok)
			}
			wh, err := x.resolveAccountObject("WAREHOUSE", v.Ident)
			if err != nil {
				return err
			}
			if ok, err := x.has("USAGE", wh); err != nil {
				return err
			} else if !ok {
				return sferr.Insufficient("warehouse", v.Ident.String())
			}
			o.Props["warehouse"] = wh.Name
		}
	}
	return nil
}

func (x *execCtx) createTask(st *sqlparse.CreateTaskStmt) (*Result, error) {
	db, sc, err := x.prepareSchemaObject("TASK", st.Name)
	if err != nil {
		return nil, err
	}
	if st.When != nil || len(st.After) > 0 {
		return nil, sferr.Unsupported("task graphs (AFTER) and WHEN conditions")
	}
	name := st.Name.Last()
	o := &catalog.Object{Kind: "TASK", ParentID: sc.ID, Name: name, Owner: x.s.Role, Props: map[string]any{
		"state": "suspended", "definition": st.Body, "task_id": x.e.NewQueryID()}}
	if err := x.applyTaskProps(o, st.Props); err != nil {
		return nil, err
	}
	if o.Str("warehouse") == "" {
		if err := x.requireAccount("EXECUTE MANAGED TASK"); err != nil {
			return nil, err
		}
	}
	return x.createReplacing(o, name, qualified(db, sc, name), st.OrReplace, st.IfNotExists, "Task %s successfully created.")
}

// canOperate: the owner, or a holder of OPERATE, may resume, suspend and execute.
func (x *execCtx) canOperate(o *catalog.Object) (bool, error) {
	if ok, err := x.owns(o); err != nil || ok {
		return ok, err
	}
	return x.granted("OPERATE", o.ID)
}

func (x *execCtx) alterTask(st *sqlparse.AlterTaskStmt) (*Result, error) {
	o, err := x.resolveSchemaObject("TASK", st.Name, "ALTER TASK")
	if err != nil {
		if st.IfExists && sferr.AsError(err).Code == "002003" {
			return statusResult(TypeDDL, "Statement executed successfully."), nil
		}
		return nil, err
	}
	switch st.Action {
	case "RESUME", "SUSPEND":
		if ok, err := x.canOperate(o); err != nil {
			return nil, err
		} else if !ok {
			return nil, sferr.Insufficient("task", st.Name.String())
		}
		if st.Action == "RESUME" {
			if err := x.requireAccount("EXECUTE TASK"); err != nil {
				return nil, err
			}
			if o.Str("schedule") == "" {
				return nil, errTaskNoSchedule.With(o.Name)
			}
			next, err := x.e.nextRun(o, x.tx.Now)
			if err != nil {
				return nil, err
			}
			o.Props["state"] = "started"
			o.Props["next_run"] = next.UTC().Format(compiler.TimestampLayout)
			o.Props["failures"] = 0
		} else {
			o.Props["state"] = "suspended"
			o.Props["last_suspended_on"] = x.tx.Now.UTC().Format(compiler.TimestampLayout)
			delete(o.Props, "next_run")
		}
	default:
		if owned, err := x.owns(o); err != nil {
			return nil, err
		} else if !owned {
			return nil, sferr.Insufficient("task", st.Name.String())
		}
		if o.Str("state") == "started" {
			return nil, errRootTaskNotSuspended.With(qualified(mustParent(x, o)))
		}
		switch st.Action {
		case "SET":
			if err := x.applyTaskProps(o, st.Set); err != nil {
				return nil, err
			}
		case "UNSET":
			for _, t := range st.Unset {
				if _, ok := taskProps[t.Text]; !ok {
					return nil, sqlparse.Unexpected(t)
				}
				if t.Text == "COMMENT" {
					o.Comment = nil
				} else {
					delete(o.Props, strings.ToLower(t.Text))
				}
			}
		case "MODIFY AS":
			o.Props["definition"] = st.Body
		}
	}
	if err := x.tx.Save(o); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Statement executed successfully."), nil
}

func mustParent(x *execCtx, o *catalog.Object) (*catalog.Object, *catalog.Object, string) {
	sc, _ := x.tx.Get(o.ParentID)
	if sc == nil {
		return &catalog.Object{}, &catalog.Object{}, o.Name
	}
	db, _ := x.tx.Get(sc.ParentID)
	if db == nil {
		db = &catalog.Object{}
	}
	return db, sc, o.Name
}

func (x *execCtx) executeTask(st *sqlparse.ExecuteTaskStmt) (*Result, error) {
	o, err := x.resolveSchemaObject("TASK", st.Name, "EXECUTE TASK")
	if err != nil {
		return nil, err
	}
	if ok, err := x.canOperate(o); err != nil {
		return nil, err
	} else if !ok {
		return nil, sferr.Insufficient("task", st.Name.String())
	}
	if err := x.requireAccount("EXECUTE TASK"); err != nil {
		return nil, err
	}
	x.afterCommit = append(x.afterCommit, func() { x.e.startRun(o.ID, "EXECUTE TASK") })
	return statusResult(TypeDDL, "Task %s is scheduled to run immediately.", o.Name), nil
}

// taskRunner tracks running tasks so runs of one task never overlap.
type taskRunner struct {
	mu      sync.Mutex
	running map[int64]int
	wg      sync.WaitGroup
	runSeq  int64
}

// startRun launches one run of a task in the background.
func (e *Engine) startRun(taskID int64, reason string) {
	e.tasks.mu.Lock()
	e.tasks.runSeq++
	runID := e.tasks.runSeq
	e.tasks.mu.Unlock()
	e.tasks.wg.Add(1)
	go func() {
		defer e.tasks.wg.Done()
		e.runTask(context.Background(), taskID, runID, reason)
	}()
}

// runTask executes a task's statement as its owner and records the run.
func (e *Engine) runTask(ctx context.Context, taskID, runID int64, _ string) {
	var task *catalog.Object
	var db, sc *catalog.Object
	queryID := e.NewQueryID()
	scheduled := time.Now().UTC()
	skip := false
	_ = e.store.Update(ctx, func(tx *catalog.Tx) error {
		var err error
		if task, err = tx.Get(taskID); err != nil || task == nil {
			return err
		}
		if sc, err = tx.Get(task.ParentID); err != nil || sc == nil {
			return err
		}
		if db, err = tx.Get(sc.ParentID); err != nil || db == nil {
			return err
		}
		e.tasks.mu.Lock()
		if e.tasks.running[taskID] > 0 && !task.Bool("allow_overlapping_execution") {
			skip = true
		} else {
			e.tasks.running[taskID]++
		}
		e.tasks.mu.Unlock()
		state := "EXECUTING"
		if skip {
			state = "SKIPPED"
		}
		_, err = tx.SQL().ExecContext(ctx, `INSERT INTO task_runs (query_id, task_id, name, database_name, schema_name, query_text, state,
			scheduled_time, query_start_time, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			queryID, taskID, task.Name, db.Name, sc.Name, task.Str("definition"), state, scheduled.Format(compiler.TimestampLayout),
			scheduled.Format(compiler.TimestampLayout), runID)
		return err
	})
	if task == nil || db == nil || skip {
		return
	}
	defer func() {
		e.tasks.mu.Lock()
		e.tasks.running[taskID]--
		e.tasks.mu.Unlock()
	}()
	sess := &Session{ID: -runID, User: "SYSTEM", Role: task.Owner, Database: db.Name, Schema: sc.Name, Warehouse: task.Str("warehouse"), Params: map[string]string{},
		Serverless: task.Str("warehouse") == ""}
	timeout := time.Hour
	if ms := task.Int("user_task_timeout_ms"); ms > 0 {
		timeout = time.Duration(ms) * time.Millisecond
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	started := time.Now()
	results, err := e.Execute(runCtx, sess, task.Str("definition"), nil, nil)
	cancel()
	if sess.Serverless {
		e.meter.ranServerless(serverlessRun{task: task, schema: sc, database: db, run: metering.Interval{Start: started, End: time.Now()}})
	}
	state, code, msg, ret := "SUCCEEDED", "", "", ""
	if err != nil {
		se := sferr.AsError(err)
		state, code, msg = "FAILED", se.Code, se.Message
	} else if len(results) > 0 && len(results[0].Rows) > 0 && len(results[0].Rows[0]) > 0 && results[0].Rows[0][0] != nil {
		ret = *results[0].Rows[0][0]
	}
	_ = e.store.Update(ctx, func(tx *catalog.Tx) error {
		if _, err := tx.SQL().ExecContext(ctx, `UPDATE task_runs SET state = ?, error_code = ?, error_message = ?, completed_time = ?, return_value = ?
			WHERE query_id = ?`, state, nullIfEmpty(code), nullIfEmpty(msg), time.Now().UTC().Format(compiler.TimestampLayout), nullIfEmpty(ret), queryID); err != nil {
			return err
		}
		fresh, err := tx.Get(taskID)
		if err != nil || fresh == nil {
			return err
		}
		failures := fresh.Int("failures")
		if state == "FAILED" {
			failures++
		} else {
			failures = 0
		}
		fresh.Props["failures"] = failures
		limit := int64(10)
		if _, ok := fresh.Props["suspend_task_after_num_failures"]; ok {
			limit = fresh.Int("suspend_task_after_num_failures")
		}
		if limit > 0 && failures >= limit && fresh.Str("state") == "started" {
			fresh.Props["state"] = "suspended"
			fresh.Props["last_suspended_reason"] = "SUSPENDED_DUE_TO_ERRORS"
		}
		return tx.Save(fresh)
	})
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// RunScheduler starts due tasks every tick until ctx ends.
func (e *Engine) RunScheduler(ctx context.Context, tick time.Duration) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			e.tasks.wg.Wait()
			return
		case <-t.C:
			e.startDueTasks(ctx)
		}
	}
}

func (e *Engine) startDueTasks(ctx context.Context) {
	var due []int64
	_ = e.store.Update(ctx, func(tx *catalog.Tx) error {
		tasks, err := tx.List("TASK", -1)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		for _, t := range tasks {
			if t.Str("state") != "started" {
				continue
			}
			next, err := time.Parse(compiler.TimestampLayout, t.Str("next_run"))
			if err != nil || next.After(now) {
				continue
			}
			following, err := e.nextRun(t, now)
			if err != nil {
				continue
			}
			t.Props["next_run"] = following.UTC().Format(compiler.TimestampLayout)
			if err := tx.Save(t); err != nil {
				return err
			}
			due = append(due, t.ID)
		}
		return nil
	})
	for _, id := range due {
		e.startRun(id, "SCHEDULE")
	}
}

// WaitForTasks blocks until running task runs finish (tests, shutdown).
func (e *Engine) WaitForTasks() { e.tasks.wg.Wait() }

func init() {
	showSpecs["TASK"] = showSpec{
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("id"), textCol("database_name"), textCol("schema_name"),
			textCol("owner"), textCol("comment"), textCol("warehouse"), textCol("schedule"), textCol("predecessors"), textCol("state"),
			textCol("definition"), textCol("condition"), textCol("allow_overlapping_execution"), textCol("error_integration"),
			timestampCol("last_committed_on"), timestampCol("last_suspended_on"), textCol("owner_role_type"), textCol("config"),
			textCol("budget"), textCol("task_relations"), textCol("last_suspended_reason"), textCol("target_completion_interval")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			wh := o.Str("warehouse")
			if wh == "" {
				wh = "null"
			}
			var suspended *string
			if ts, err := time.Parse(compiler.TimestampLayout, o.Str("last_suspended_on")); err == nil {
				suspended = tsStr(ts)
			}
			return []*string{tsStr(o.CreatedOn), str(o.Name), str(o.Str("task_id")), str(p.db.Name), str(p.sc.Name), str(o.Owner),
				commentOrEmpty(o), str(wh), nullable(o.Str("schedule")), str("[]"), str(o.Str("state")), str(o.Str("definition")), nil,
				boolStr(o.Bool("allow_overlapping_execution")), str("null"), tsStr(o.CreatedOn), suspended, str("ROLE"),
				nullable(o.Str("config")), nil, str(`{"Predecessors":[]}`), nullable(o.Str("last_suspended_reason")), nil}, nil
		},
	}
}
