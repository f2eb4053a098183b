package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

var _ datasource.DataSourceWithConfigure = (*ingestionStatusDataSource)(nil)

// NewIngestionStatusDataSource reports per-repository ingestion status.
func NewIngestionStatusDataSource() datasource.DataSource { return &ingestionStatusDataSource{} }

type ingestionStatusDataSource struct{ providerDataSource }

type ingestionStatusModel struct {
	Application  types.String            `tfsdk:"application"`
	Repository   types.String            `tfsdk:"repository"`
	Credits      types.Bool              `tfsdk:"credits"`
	Repositories []repositoryStatusModel `tfsdk:"repositories"`
}

type repositoryStatusModel struct {
	Repository     types.String        `tfsdk:"repository"`
	Enabled        types.Bool          `tfsdk:"enabled"`
	Schedule       types.String        `tfsdk:"schedule"`
	View           types.String        `tfsdk:"view"`
	State          types.String        `tfsdk:"state"`
	LastRunStarted types.String        `tfsdk:"last_run_started"`
	LastRunEnded   types.String        `tfsdk:"last_run_ended"`
	Pages          types.Int64         `tfsdk:"pages"`
	Requests       types.Int64         `tfsdk:"requests"`
	Rows           types.Int64         `tfsdk:"rows"`
	Cursor         types.String        `tfsdk:"cursor"`
	LastError      types.String        `tfsdk:"last_error"`
	Mode           types.String        `tfsdk:"mode"`
	ViewAll        types.String        `tfsdk:"view_all"`
	LastReconciled types.String        `tfsdk:"last_reconciled"`
	CreditsLastDay types.Float64       `tfsdk:"credits_last_day"`
	Streams        []streamStatusModel `tfsdk:"streams"`
}

type streamStatusModel struct {
	Stream         types.String `tfsdk:"stream"`
	Enabled        types.Bool   `tfsdk:"enabled"`
	SinkTable      types.String `tfsdk:"sink_table"`
	View           types.String `tfsdk:"view"`
	ViewAll        types.String `tfsdk:"view_all"`
	State          types.String `tfsdk:"state"`
	Mode           types.String `tfsdk:"mode"`
	LastRunStarted types.String `tfsdk:"last_run_started"`
	LastRunEnded   types.String `tfsdk:"last_run_ended"`
	Pages          types.Int64  `tfsdk:"pages"`
	Requests       types.Int64  `tfsdk:"requests"`
	Rows           types.Int64  `tfsdk:"rows"`
	Cursor         types.String `tfsdk:"cursor"`
	LastError      types.String `tfsdk:"last_error"`
	LastReconciled types.String `tfsdk:"last_reconciled"`
	Deleted        types.Int64  `tfsdk:"deleted"`
	Transferred    types.Int64  `tfsdk:"transferred"`
}

func (d *ingestionStatusDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ingestion_status"
}

func (d *ingestionStatusDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	num := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Ingestion status of the repositories a connector application ingests, from its `PUBLIC.INGESTION_STATUS` view: " +
			"the outcome and counters of each repository's last run, and its cursor. Useful in `check` blocks and outputs.",
		Attributes: map[string]schema.Attribute{
			"application": schema.StringAttribute{Required: true, Validators: []validator.String{identifierPart{}},
				MarkdownDescription: "Name of the connector application."},
			"repository": schema.StringAttribute{Optional: true, MarkdownDescription: "Only this repository (`owner/name`); all when omitted."},
			"credits": schema.BoolAttribute{Optional: true, MarkdownDescription: "Also read `credits_last_day` of each repository: a query of " +
				"`SNOWFLAKE.ACCOUNT_USAGE` on the provider's warehouse, which needs a role that reads it (ACCOUNTADMIN, or IMPORTED " +
				"PRIVILEGES on the SNOWFLAKE database). Default `false`. See the guide [What ingestion costs](../guides/costs.md)."},
			"repositories": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "One entry per repository.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"repository":       str("`owner/name`."),
					"enabled":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether ingestion is enabled."},
					"schedule":         str("Task schedule."),
					"view":             str("Flattened view with the issues."),
					"state":            str("Outcome of the last run: `SUCCEEDED`, `NOT_MODIFIED`, `PARTIAL`, `RATE_LIMITED` or `FAILED`; `RUNNING` while it runs; `INTERRUPTED` for a run that ended without recording an outcome (its process or Snowflake stopped; the next run resumed from the checkpoint); empty before the first run."),
					"last_run_started": str("Start of the last run (UTC)."),
					"last_run_ended":   str("End of the last run (UTC)."),
					"pages":            num("Pages read by the last run."),
					"requests":         num("GitHub requests made by the last run (304s included)."),
					"rows":             num("Rows merged by the last run."),
					"cursor":           str("The point before which every issue has been read (an `updated_at`); the next run starts from it, minus the lookback."),
					"last_error":       str("Error of the last run, if any."),
					"mode":             str("Mode of the last run: `BACKFILL` (the first read), `INCREMENTAL` or `FULL_REFRESH` (after a new `resync_trigger`)."),
					"view_all":         str("View of every issue ever ingested, deleted and transferred ones included, with their markers."),
					"last_reconciled":  str("When the last complete reconciliation of deletions and transfers ended (UTC); empty before the first."),
					"credits_last_day": schema.Float64Attribute{Computed: true, MarkdownDescription: "With `credits = true`: the credits the " +
						"repository's task used over the last day, from Snowflake's metering (on a warehouse, each hour's credits shared among " +
						"the connector's tasks by the time their runs took in it; serverless, the task's own credits). Snowflake's views lag " +
						"by up to three hours. Null without `credits`; 0 when no run was metered."},
					"streams": schema.ListNestedAttribute{Computed: true,
						MarkdownDescription: "One entry per stream (`issues`, and `comments` where added; a stream removed with its data kept " +
							"shows `enabled = false`), each with its own objects, cursor and last run. The attributes above are the issues stream's.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"stream":           str("`issues` or `comments`."),
							"enabled":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the stream is ingested."},
							"sink_table":       str("The stream's sink table of raw JSON."),
							"view":             str("The stream's flattened view."),
							"view_all":         str("The stream's view of everything ever ingested, with the removal markers."),
							"state":            str("Outcome of the stream's last run (as `state` above)."),
							"mode":             str("Mode of the stream's last run: `BACKFILL`, `INCREMENTAL` or `FULL_REFRESH`."),
							"last_run_started": str("Start of the stream's last run (UTC)."),
							"last_run_ended":   str("End of the stream's last run (UTC)."),
							"pages":            num("Pages the stream's last run read."),
							"requests":         num("GitHub requests of the stream's last run (reconciliation included)."),
							"rows":             num("Rows the stream's last run merged."),
							"cursor":           str("The stream's cursor (an `updated_at`)."),
							"last_error":       str("Error of the stream's last run, if any."),
							"last_reconciled":  str("When the stream's last complete reconciliation ended (UTC)."),
							"deleted":          num("Items the stream's last run found deleted (comments deleted alone or with their issue)."),
							"transferred":      num("Items the stream's last run found transferred (comments that moved with their issue)."),
						}}},
				}}},
		},
	}
}

func (d *ingestionStatusDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m ingestionStatusModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	client, diags := d.data.snowflakeClient()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	app := snowflake.NewAccountObjectIdentifier(m.Application.ValueString())
	statuses, err := client.IngestionStatuses(ctx, app, m.Repository.ValueString())
	if err != nil {
		resp.Diagnostics.Append(sqlDiag("read ingestion status of application", app.FullyQualifiedName(), err))
		return
	}
	streams, err := client.StreamStatuses(ctx, app, m.Repository.ValueString())
	if err != nil {
		resp.Diagnostics.Append(sqlDiag("read stream status of application", app.FullyQualifiedName(), err))
		return
	}
	byRepo := map[string][]streamStatusModel{}
	for _, s := range streams {
		byRepo[s.ResourceID] = append(byRepo[s.ResourceID], streamStatusModel{
			Stream: types.StringValue(s.Stream), Enabled: types.BoolValue(s.Enabled), SinkTable: types.StringValue(s.SinkTable),
			View: types.StringValue(s.ViewName), ViewAll: types.StringValue(s.ViewAll), State: types.StringValue(s.LastState),
			Mode: types.StringValue(s.LastMode), LastRunStarted: types.StringValue(s.LastStarted), LastRunEnded: types.StringValue(s.LastEnded),
			Pages: types.Int64Value(int64(s.LastPages)), Requests: types.Int64Value(int64(s.LastRequests)), Rows: types.Int64Value(int64(s.LastRows)),
			Cursor: types.StringValue(s.Cursor), LastError: types.StringValue(s.LastError), LastReconciled: types.StringValue(s.LastReconciled),
			Deleted: types.Int64Value(int64(s.LastDeleted)), Transferred: types.Int64Value(int64(s.LastTransferred)),
		})
	}
	m.Repositories = make([]repositoryStatusModel, 0, len(statuses))
	for _, s := range statuses {
		if byRepo[s.ResourceID] == nil {
			byRepo[s.ResourceID] = []streamStatusModel{}
		}
	}
	credits, ok := d.credits(ctx, client, app, m.Credits.ValueBool(), &resp.Diagnostics)
	if !ok {
		return
	}
	for _, s := range statuses {
		m.Repositories = append(m.Repositories, repositoryStatusModel{
			Repository: types.StringValue(s.ResourceID), Enabled: types.BoolValue(s.Enabled), Schedule: types.StringValue(s.Schedule),
			View: types.StringValue(s.ViewName), State: types.StringValue(s.LastState), LastRunStarted: types.StringValue(s.LastStartedAt),
			LastRunEnded: types.StringValue(s.LastFinishedAt), Pages: types.Int64Value(int64(s.LastPages)), Requests: types.Int64Value(int64(s.LastRequests)),
			Rows: types.Int64Value(int64(s.LastRows)), Cursor: types.StringValue(s.Cursor), LastError: types.StringValue(s.LastError),
			Mode: types.StringValue(s.LastMode), ViewAll: types.StringValue(s.ViewAll), LastReconciled: types.StringValue(s.LastReconciled),
			Streams: byRepo[s.ResourceID], CreditsLastDay: credits.of(app, s),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// taskCredits are the credits of the application's tasks by task name;
// nil when not asked for.
type taskCredits map[string]float64

func (c taskCredits) of(app snowflake.AccountObjectIdentifier, s snowflake.IngestionStatus) types.Float64 {
	if c == nil {
		return types.Float64Null()
	}
	task, err := taskOf(app, s)
	if err != nil {
		return types.Float64Null()
	}
	return types.Float64Value(c[task.Name()])
}

// credits reads the tasks' credits over the last day when asked, on the
// configuration's warehouse or serverless.
func (d *ingestionStatusDataSource) credits(ctx context.Context, client *snowflake.Client, app snowflake.AccountObjectIdentifier, asked bool, diags *diag.Diagnostics) (taskCredits, bool) {
	if !asked {
		return nil, true
	}
	cfg, err := client.ConnectorConfiguration(ctx, app)
	if err != nil {
		diags.Append(sqlDiag("read the configuration of application", app.FullyQualifiedName(), err))
		return nil, false
	}
	var warehouse *snowflake.AccountObjectIdentifier
	if name := cfg["warehouse"]; name != "" {
		id := snowflake.NewAccountObjectIdentifier(name)
		warehouse = &id
	}
	credits, err := client.TaskCredits(ctx, app, warehouse)
	if err != nil {
		hint := "Fix the cause above, or set credits = false."
		if errors.Is(err, snowflake.ErrObjectNotFound) || errors.Is(err, snowflake.ErrInsufficientPrivileges) {
			hint = "The provider's role cannot read SNOWFLAKE.ACCOUNT_USAGE: use ACCOUNTADMIN, or GRANT IMPORTED PRIVILEGES ON " +
				"DATABASE SNOWFLAKE TO ROLE <the provider's role>; or set credits = false."
		}
		diags.AddAttributeError(path.Root("credits"), "Cannot read the credits of the connector's tasks",
			"Reading SNOWFLAKE.ACCOUNT_USAGE failed: "+err.Error()+"\n\n"+hint)
		return nil, false
	}
	return credits, true
}
