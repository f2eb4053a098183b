package snowflake

import (
	"container/list"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/engine"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

type queryRequest struct {
	SQLText    string                     `json:"sqlText"`
	AsyncExec  bool                       `json:"asyncExec"`
	Parameters map[string]json.RawMessage `json:"parameters"`
	Bindings   map[string]struct {
		Type  string          `json:"type"`
		Value json.RawMessage `json:"value"`
	} `json:"bindings"`
	BindStage string `json:"bindStage"`
}

// stored is a finished (or running) query kept for /queries/{id}/result.
type stored struct {
	done    chan struct{}
	data    map[string]any
	err     *sferr.Error
	queryID string
}

// resultCache keeps the most recent results by query id.
type resultCache struct {
	mu    sync.Mutex
	max   int
	order *list.List
	byID  map[string]*list.Element
}

func newResultCache(limit int) *resultCache {
	return &resultCache{max: limit, order: list.New(), byID: map[string]*list.Element{}}
}

func (c *resultCache) put(id string, r *stored) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byID[id] = c.order.PushBack(r)
	for c.order.Len() > c.max {
		if old, ok := c.order.Remove(c.order.Front()).(*stored); ok {
			delete(c.byID, old.queryID)
		}
	}
}

func (c *resultCache) get(id string) *stored {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byID[id]; ok {
		if st, ok := e.Value.(*stored); ok {
			return st
		}
	}
	return nil
}

// decodeBindings turns wire bindings into parser bindings: one set, or
// with array binding (every value a JSON array of the same length) one
// set per row.
func decodeBindings(req *queryRequest) (map[string]sqlparse.Binding, []map[string]sqlparse.Binding, *sferr.Error) {
	out := map[string]sqlparse.Binding{}
	arrays := map[string][]*string{}
	rows := -1
	for k, b := range req.Bindings {
		var v *string
		if len(b.Value) > 0 && string(b.Value) != "null" {
			var s string
			if err := json.Unmarshal(b.Value, &s); err != nil {
				var list []*string
				if err := json.Unmarshal(b.Value, &list); err != nil {
					return nil, nil, errBinding(k)
				}
				if rows >= 0 && rows != len(list) {
					return nil, nil, errArrayBindShape("every bound column must have the same number of values.")
				}
				rows = len(list)
				arrays[k] = list
				out[k] = sqlparse.Binding{Type: b.Type}
				continue
			}
			v = &s
		}
		out[k] = sqlparse.Binding{Type: b.Type, Value: v}
	}
	if len(arrays) == 0 {
		return out, nil, nil
	}
	if len(arrays) != len(out) {
		return nil, nil, errArrayBindShape("every bound value must be an array.")
	}
	sets := make([]map[string]sqlparse.Binding, rows)
	for i := range sets {
		sets[i] = map[string]sqlparse.Binding{}
		for k, list := range arrays {
			sets[i][k] = sqlparse.Binding{Type: out[k].Type, Value: list[i]}
		}
	}
	return nil, sets, nil
}

func (s *Server) handleQuery(w http.ResponseWriter, r *http.Request) {
	sess, authErr := s.authenticate(r)
	if authErr != nil {
		writeError(w, authErr, "")
		return
	}
	var req queryRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, errInvalidRequest(err.Error()), "")
		return
	}
	bindings, sets, bindErr := decodeBindings(&req)
	if bindErr != nil {
		writeError(w, bindErr, "")
		return
	}
	var count *int
	if raw, ok := req.Parameters["MULTI_STATEMENT_COUNT"]; ok {
		n, err := strconv.Atoi(strings.Trim(string(raw), `"`))
		if err != nil || n < 0 {
			writeError(w, errParameterValue(string(raw), "MULTI_STATEMENT_COUNT"), "")
			return
		}
		count = &n
	}
	queryID := s.engine.NewQueryID()
	st := &stored{done: make(chan struct{}), queryID: queryID}
	s.results.put(queryID, st)
	run := func(ctx context.Context) {
		defer close(st.done)
		ctx = engine.WithQueryID(ctx, queryID)
		ctx = engine.WithSpill(ctx, &engine.SpillConfig{Dir: filepath.Join(s.spillDir, queryID), Inline: inlineRows, ChunkRows: chunkRows})
		var results []*engine.Result
		var err error
		if req.BindStage != "" {
			// Above CLIENT_STAGE_ARRAY_BINDING_THRESHOLD bound values the
			// driver uploads them to a temporary stage as CSV.
			sets, err = s.engine.StageBindings(ctx, sess.Session, req.BindStage)
			if err != nil {
				st.err = sferr.AsError(err)
				return
			}
		}
		if sets != nil {
			var res *engine.Result
			if res, err = s.engine.ExecuteBatch(ctx, sess.Session, req.SQLText, sets); err == nil {
				results = []*engine.Result{res}
			}
		} else {
			results, err = s.engine.Execute(ctx, sess.Session, req.SQLText, bindings, count)
		}
		if err != nil {
			st.err = sferr.AsError(err)
			return
		}
		st.data = s.render(sess, queryID, results)
	}
	if req.AsyncExec {
		go run(context.WithoutCancel(r.Context()))
		code := "333334"
		msg := "Asynchronous execution in progress. Use provided query id to perform query monitoring and management."
		writeJSON(w, envelope{Success: true, Code: &code, Message: &msg, Data: map[string]any{
			"queryId": queryID, "getResultUrl": "/queries/" + queryID + "/result", "queryAbortsAfterSecs": 300, "progressDesc": nil,
		}})
		return
	}
	run(r.Context())
	s.reply(w, st)
}

func (s *Server) reply(w http.ResponseWriter, st *stored) {
	if st.err != nil {
		writeError(w, st.err, st.queryID)
		return
	}
	writeOK(w, st.data)
}

// render builds the data object for one or more statement results. Several
// results become a multi-statement parent whose children are fetched by id.
func (s *Server) render(sess *session, queryID string, results []*engine.Result) map[string]any {
	if len(results) == 1 {
		return s.renderOne(sess, queryID, results[0])
	}
	ids := make([]string, len(results))
	types := make([]string, len(results))
	for i, res := range results {
		ids[i] = res.QueryID
		types[i] = strconv.FormatInt(res.StatementType, 10)
		child := &stored{done: make(chan struct{}), queryID: res.QueryID, data: s.renderOne(sess, res.QueryID, res)}
		close(child.done)
		s.results.put(res.QueryID, child)
	}
	msg := "Multiple statements executed successfully."
	parent := &engine.Result{StatementType: engine.TypeMulti,
		Columns: []engine.Column{{Name: "multiple statement execution", Type: "text", Nullable: true}},
		Rows:    [][]*string{{&msg}}}
	data := s.renderOne(sess, queryID, parent)
	data["resultIds"] = strings.Join(ids, ",")
	data["resultTypes"] = strings.Join(types, ",")
	return data
}

func (s *Server) renderOne(sess *session, queryID string, res *engine.Result) map[string]any {
	if up := res.Upload; up != nil {
		return map[string]any{
			"queryId": queryID, "command": "UPLOAD", "src_locations": up.SrcLocations, "autoCompress": up.AutoCompress,
			"sourceCompression": "auto_detect", "parallel": 4, "overwrite": up.Overwrite,
			"stageInfo": map[string]any{"locationType": "GCS", "location": "local-stage" + filepath.ToSlash(up.Location), "path": "",
				"region": "", "creds": map[string]any{}, "presignedUrl": s.presign(up.File())},
		}
	}
	rowtype := make([]map[string]any, len(res.Columns))
	for i, c := range res.Columns {
		col := map[string]any{"name": c.Name, "type": c.Type, "nullable": c.Nullable, "length": nil, "byteLength": nil,
			"precision": nil, "scale": nil, "database": "", "schema": "", "table": ""}
		switch c.Type {
		case "text", "variant", "object", "array":
			col["length"] = 16777216
			col["byteLength"] = 16777216
		case "fixed":
			col["precision"] = max(c.Precision, 38)
			col["scale"] = c.Scale
		case "timestamp_ltz", "timestamp_ntz", "timestamp_tz", "time":
			col["scale"] = max(c.Scale, 3)
		}
		rowtype[i] = col
	}
	rows := res.Rows
	if rows == nil {
		rows = [][]*string{}
	}
	inline, chunks := s.split(rows)
	if res.Spill != nil {
		chunks = s.spilledChunks(res.Spill)
	}
	total := len(rows) + res.Spill.Rows()
	data := map[string]any{
		"queryId": queryID, "statementTypeId": res.StatementType, "queryResultFormat": "json",
		"rowtype": rowtype, "rowset": inline, "total": total, "returned": total,
		"finalDatabaseName": sess.Database, "finalSchemaName": sess.Schema, "finalWarehouseName": sess.Warehouse,
		"finalRoleName": sess.Role, "parameters": sessionParameters(), "databaseProvider": nil,
	}
	if len(chunks) > 0 {
		data["chunks"] = chunks
	}
	return data
}

func (s *Server) handleResult(w http.ResponseWriter, r *http.Request) {
	if _, e := s.authenticate(r); e != nil {
		writeError(w, e, "")
		return
	}
	id := r.PathValue("id")
	st := s.results.get(id)
	if st == nil {
		writeError(w, errStatementNotFound(id), id)
		return
	}
	select {
	case <-st.done:
		s.reply(w, st)
	default:
		code := "333334"
		msg := "Asynchronous execution in progress."
		writeJSON(w, envelope{Success: true, Code: &code, Message: &msg, Data: map[string]any{
			"queryId": id, "getResultUrl": "/queries/" + id + "/result"}})
	}
}

func (s *Server) handleMonitoring(w http.ResponseWriter, r *http.Request) {
	if _, e := s.authenticate(r); e != nil {
		writeError(w, e, "")
		return
	}
	id := r.PathValue("id")
	st := s.results.get(id)
	if st == nil {
		writeOK(w, map[string]any{"queries": []any{}})
		return
	}
	status, code, msg := "SUCCESS", "", ""
	select {
	case <-st.done:
		if st.err != nil {
			status, code, msg = "FAILED_WITH_ERROR", st.err.Code, st.err.Message
		}
	default:
		status = "RUNNING"
	}
	writeOK(w, map[string]any{"queries": []map[string]any{{"id": id, "status": status, "errorCode": code, "errorMessage": msg}}})
}

// sessionParameters are the parameters Snowflake returns with every result
// and at login, with their defaults: clients format dates and timestamps
// with them (the Node SDK needs TIMEZONE to render a TIMESTAMP_LTZ).
func sessionParameters() []map[string]any {
	return []map[string]any{
		{"name": "TIMEZONE", "value": "UTC"},
		{"name": "AUTOCOMMIT", "value": true},
		{"name": "TIMESTAMP_OUTPUT_FORMAT", "value": "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM"},
		{"name": "TIMESTAMP_NTZ_OUTPUT_FORMAT", "value": "YYYY-MM-DD HH24:MI:SS.FF3"},
		{"name": "TIMESTAMP_LTZ_OUTPUT_FORMAT", "value": ""},
		{"name": "TIMESTAMP_TZ_OUTPUT_FORMAT", "value": ""},
		{"name": "DATE_OUTPUT_FORMAT", "value": "YYYY-MM-DD"},
		{"name": "TIME_OUTPUT_FORMAT", "value": "HH24:MI:SS"},
		{"name": "BINARY_OUTPUT_FORMAT", "value": "HEX"},
		{"name": "CLIENT_TIMESTAMP_TYPE_MAPPING", "value": "TIMESTAMP_LTZ"},
		// Above this many bound values drivers upload the rows to a
		// temporary stage and send its location (bindStage) instead.
		{"name": "CLIENT_STAGE_ARRAY_BINDING_THRESHOLD", "value": 65280},
	}
}
