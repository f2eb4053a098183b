package snowflake

import (
	"context"
	"encoding/json"
)

// Reads of the connector application's public views.

// SelectConnectorConfiguration reads PUBLIC.CONNECTOR_CONFIGURATION of an app.
type SelectConnectorConfiguration struct {
	Application AccountObjectIdentifier
}

func (s SelectConnectorConfiguration) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add(`SELECT "KEY", "VALUE" FROM`).ident("view", NewSchemaObjectIdentifier(s.Application.Name(), "PUBLIC", "CONNECTOR_CONFIGURATION"))
	return b.String()
}

// SelectIngestionStatus reads PUBLIC.INGESTION_STATUS of an app, for one
// repository or (empty Resource) all of them.
type SelectIngestionStatus struct {
	Application AccountObjectIdentifier
	Resource    string
}

func (s SelectIngestionStatus) SQL() (string, error) {
	return selectStatusView(s.Application, "INGESTION_STATUS", s.Resource, `ORDER BY "RESOURCE_ID"`)
}

// selectStatusView reads one of the application's per-repository views,
// for one repository or (empty resource) all of them.
func selectStatusView(app AccountObjectIdentifier, view, resource, orderBy string) (string, error) {
	b := &sqlBuilder{}
	b.add(`SELECT * FROM`).ident("view", NewSchemaObjectIdentifier(app.Name(), "PUBLIC", view))
	if resource != "" {
		b.add(`WHERE "RESOURCE_ID" =`, QuoteString(resource))
	}
	b.add(orderBy)
	return b.String()
}

// ConnectorConfiguration returns the application's stored configuration.
func (c *Client) ConnectorConfiguration(ctx context.Context, app AccountObjectIdentifier) (map[string]string, error) {
	rows, err := c.Query(ctx, SelectConnectorConfiguration{Application: app})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rows {
		var v any
		if err := json.Unmarshal([]byte(r.String("value")), &v); err == nil {
			if s, ok := v.(string); ok {
				out[r.String("key")] = s
				continue
			}
		}
		out[r.String("key")] = r.String("value")
	}
	return out, nil
}

// IngestionStatus is one row of PUBLIC.INGESTION_STATUS.
type IngestionStatus struct {
	ResourceID     string
	Enabled        bool
	Schedule       string
	SinkTable      string
	ViewName       string
	TaskName       string
	Cursor         string
	LastState      string
	LastStartedAt  string
	LastFinishedAt string
	LastPages      int
	LastRequests   int
	LastRows       int
	LastError      string
	LastMode       string // BACKFILL, INCREMENTAL or FULL_REFRESH
	ViewAll        string // the view of every issue, removed ones included
	LastReconciled string // when the last complete reconciliation ended
	// Options the repository was enabled or updated with (JSON object).
	Options map[string]any
	// The comments stream's objects; empty when the stream is not enabled.
	CommentsSinkTable, CommentsView, CommentsViewAll string
	// Objects of each enabled stream, by stream (INGESTION_STATUS.STREAMS;
	// nil from an application older than 0.5).
	Objects map[string]StreamObjects
}

// StreamObjects are one stream's fully qualified sink table and views.
type StreamObjects struct {
	Table   string `json:"table"`
	View    string `json:"view"`
	ViewAll string `json:"view_all"`
}

// Streams are the repository's streams from its options: issues when
// the options name none (installations from before streams).
func (s IngestionStatus) Streams() []string {
	list, ok := s.Options["streams"].([]any)
	if !ok {
		return []string{"issues"}
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		if name, ok := v.(string); ok {
			out = append(out, name)
		}
	}
	return out
}

// IngestionStatuses lists the ingestion status of repositories.
func (c *Client) IngestionStatuses(ctx context.Context, app AccountObjectIdentifier, resource string) ([]IngestionStatus, error) {
	rows, err := c.Query(ctx, SelectIngestionStatus{Application: app, Resource: resource})
	if err != nil {
		return nil, err
	}
	out := make([]IngestionStatus, 0, len(rows))
	for _, r := range rows {
		out = append(out, IngestionStatus{ResourceID: r.String("resource_id"), Enabled: r.Bool("enabled"), Schedule: r.String("schedule"),
			SinkTable: r.String("sink_table"), ViewName: r.String("view_name"), TaskName: r.String("task_name"), Cursor: r.String("cursor_updated_at"),
			LastState: r.String("last_state"), LastStartedAt: r.String("last_started_at"), LastFinishedAt: r.String("last_finished_at"),
			LastPages: r.Int("last_pages"), LastRequests: r.Int("last_requests"), LastRows: r.Int("last_rows_merged"), LastError: r.String("last_error"),
			LastMode: r.String("last_mode"), ViewAll: r.String("view_all_name"), LastReconciled: r.String("last_reconciled_at"),
			CommentsSinkTable: r.String("comments_sink_table"), CommentsView: r.String("comments_view_name"),
			CommentsViewAll: r.String("comments_view_all_name")})
		if text := r.String("options"); text != "" {
			_ = json.Unmarshal([]byte(text), &out[len(out)-1].Options)
		}
		if text := r.String("streams"); text != "" {
			var list []struct {
				Stream string `json:"stream"`
				StreamObjects
			}
			if json.Unmarshal([]byte(text), &list) == nil {
				out[len(out)-1].Objects = map[string]StreamObjects{}
				for _, o := range list {
					out[len(out)-1].Objects[o.Stream] = o.StreamObjects
				}
			}
		}
	}
	return out, nil
}

// SelectStreamStatus reads PUBLIC.STREAM_STATUS of an app: one row per
// repository and stream.
type SelectStreamStatus struct {
	Application AccountObjectIdentifier
	Resource    string
}

func (s SelectStreamStatus) SQL() (string, error) {
	return selectStatusView(s.Application, "STREAM_STATUS", s.Resource, `ORDER BY "RESOURCE_ID", "STREAM"`)
}

// StreamStatus is one row of PUBLIC.STREAM_STATUS.
type StreamStatus struct {
	ResourceID, Stream                string
	Enabled                           bool
	SinkTable, ViewName, ViewAll      string
	Cursor, LastReconciled            string
	LastState, LastStarted, LastEnded string
	LastMode, LastError               string
	LastPages, LastRequests, LastRows int
	LastReconcileRequests             int
	LastDeleted, LastTransferred      int
}

// StreamStatuses lists the per-stream status of repositories (all when
// resource is empty).
func (c *Client) StreamStatuses(ctx context.Context, app AccountObjectIdentifier, resource string) ([]StreamStatus, error) {
	rows, err := c.Query(ctx, SelectStreamStatus{Application: app, Resource: resource})
	if err != nil {
		return nil, err
	}
	out := make([]StreamStatus, 0, len(rows))
	for _, r := range rows {
		out = append(out, StreamStatus{ResourceID: r.String("resource_id"), Stream: r.String("stream"), Enabled: r.Bool("enabled"),
			SinkTable: r.String("sink_table"), ViewName: r.String("view_name"), ViewAll: r.String("view_all_name"),
			Cursor: r.String("cursor_updated_at"), LastReconciled: r.String("last_reconciled_at"), LastState: r.String("last_state"),
			LastStarted: r.String("last_started_at"), LastEnded: r.String("last_finished_at"), LastMode: r.String("last_mode"),
			LastError: r.String("last_error"), LastPages: r.Int("last_pages"), LastRequests: r.Int("last_requests"),
			LastRows: r.Int("last_rows_merged"), LastReconcileRequests: r.Int("last_reconcile_requests"),
			LastDeleted: r.Int("last_deleted"), LastTransferred: r.Int("last_transferred")})
	}
	return out, nil
}

// Task is the part of SHOW TASKS the provider reads.
type Task struct {
	Name     string
	State    string
	Schedule string
	// Warehouse is empty for a serverless task.
	Warehouse string
}

// ExecuteTask runs a task once now (EXECUTE TASK), whatever its schedule
// and whether it is suspended; Snowflake never overlaps a task's runs.
type ExecuteTask struct{ ID SchemaObjectIdentifier }

func (s ExecuteTask) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("EXECUTE", "TASK").ident("task", s.ID)
	return b.String()
}

// TaskState returns a task's state and schedule, or ErrObjectNotFound.
func (c *Client) TaskState(ctx context.Context, id SchemaObjectIdentifier) (*Task, error) {
	row, err := c.QueryOne(ctx, ShowByName(ObjectTypeTasks, id.Name(), InSchema(id.SchemaId())), id.Name())
	if err != nil {
		return nil, err
	}
	return taskFromRow(row), nil
}

// Tasks lists every task of a schema by exact name: one SHOW for many
// lookups.
func (c *Client) Tasks(ctx context.Context, schema DatabaseObjectIdentifier) (map[string]*Task, error) {
	rows, err := c.Query(ctx, Show{Object: ObjectTypeTasks, In: InSchema(schema)})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Task, len(rows))
	for _, r := range rows {
		t := taskFromRow(r)
		out[t.Name] = t
	}
	return out, nil
}

func taskFromRow(row Row) *Task {
	wh := row.String("warehouse")
	if wh == "null" { // a serverless task: shown as NULL or as the text null
		wh = ""
	}
	return &Task{Name: row.String("name"), State: row.String("state"), Schedule: row.String("schedule"), Warehouse: wh}
}
