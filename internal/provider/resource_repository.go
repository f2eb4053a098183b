package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/connector"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

var (
	_ resource.ResourceWithConfigure   = (*repositoryResource)(nil)
	_ resource.ResourceWithImportState = (*repositoryResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*repositoryResource)(nil)
)

// NewRepositoryResource enables ingestion of one GitHub repository.
func NewRepositoryResource() resource.Resource { return &repositoryResource{} }

type repositoryResource struct{ providerResource }

type repositoryModel struct {
	ID                types.String `tfsdk:"id"`
	Application       types.String `tfsdk:"application"`
	Repository        types.String `tfsdk:"repository"`
	Schedule          types.String `tfsdk:"schedule"`
	Paused            types.Bool   `tfsdk:"paused"`
	DropDataOnDestroy types.Bool   `tfsdk:"drop_data_on_destroy"`
	ResyncTrigger     types.String `tfsdk:"resync_trigger"`
	ReconcileHours    types.Int64  `tfsdk:"reconcile_interval_hours"`
	SinkTable         types.String `tfsdk:"sink_table"`
	View              types.String `tfsdk:"view"`
	ViewAll           types.String `tfsdk:"view_all"`
	Task              types.String `tfsdk:"task"`
	Streams           types.Set    `tfsdk:"streams"`
	CommentsSinkTable types.String `tfsdk:"comments_sink_table"`
	CommentsView      types.String `tfsdk:"comments_view"`
	CommentsViewAll   types.String `tfsdk:"comments_view_all"`
	StreamObjects     types.Map    `tfsdk:"stream_objects"`
}

// The streams a repository can ingest, in the order a run reads them, as
// the connector declares them (streams.json).
var knownStreams = connector.StreamNames()

// streamObjectType is one stream_objects entry.
var streamObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{"table": types.StringType, "view": types.StringType, "view_all": types.StringType}}

// defaultReconcileHours is the connector's default reconciliation period.
const defaultReconcileHours = 24

// GitHub's rules: owners are alphanumeric with single inner hyphens (≤ 39);
// repository names are letters, digits, '.', '-' and '_' (≤ 100).
const ownerRule = `[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}`

var (
	repositoryPattern = regexp.MustCompile(`^` + ownerRule + `/[A-Za-z0-9._-]{1,100}$`)
	ownerPattern      = regexp.MustCompile(`^` + ownerRule + `$`)
)

func (r *repositoryResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_repository"
}

func (r *repositoryResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Enables ingestion of one GitHub repository (`PUBLIC.ENABLE_RESOURCE`): a sink table of raw issue JSON, a flattened " +
			"view and a task that runs the incremental ingestion on `schedule`. With a GitHub token in the provider block, the plan fails for a " +
			"repository that does not exist or that the token cannot read. Refreshing is cheap at scale: the repositories of one " +
			"application share one read of its ingestion status and tasks per terraform command (two SQL statements, whatever the count).",
		Attributes: map[string]schema.Attribute{
			"application": schema.StringAttribute{Required: true, Validators: []validator.String{identifierPart{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "Name of the connector application."},
			"repository": schema.StringAttribute{Required: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{stringvalidator.RegexMatches(repositoryPattern,
					"must be owner/name as GitHub spells them, e.g. octocat/hello-world (owner: letters, digits and single hyphens; name: letters, digits, '.', '-', '_')")},
				MarkdownDescription: "The repository, `owner/name`."},
			"schedule": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("30 MINUTES"),
				Validators: []validator.String{taskSchedule{}},
				MarkdownDescription: "How often the ingestion task runs: `N SECONDS` (at least 10), `N MINUTES` or `N HOURS` up to 8 days (11520 minutes; " +
					"Snowflake never runs a task scheduled less often), or `USING CRON <minute> <hour> <day> <month> <weekday> <IANA time zone>`. " +
					"Checked at plan time as CREATE TASK checks it. The connector stores it with single spaces and the unit in upper case, as `SHOW TASKS` returns it; " +
					"a refresh reads an equal schedule as no change, but a configuration written otherwise (`1 hour`) than the stored form (`1 HOUR`) plans an update " +
					"after an import: write it upper case. Default `30 MINUTES`. Updated in place."},
			"paused": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Suspend the ingestion task (data and cursor are kept). Updated in place."},
			"drop_data_on_destroy": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether destroy also drops the sink table and views. Default `false`: destroy stops ingestion and keeps the data."},
			"resync_trigger": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Any value; changing it (setting, changing or removing it) makes the next run a **full refresh**: every issue " +
					"is read again from the start by keyset, and the run reconciles deletions and transfers. The run starts right away unless `paused`; " +
					"an interrupted full refresh resumes from its checkpoint. Updated in place, like `triggers_replace` without the replacement: " +
					"e.g. `resync_trigger = \"2025-06-01\"` after a data incident. RUN_HISTORY shows the run's `MODE` as `FULL_REFRESH`."},
			"reconcile_interval_hours": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(defaultReconcileHours),
				Validators: []validator.Int64{int64validator.Between(0, 8760)},
				MarkdownDescription: "How often a run also reconciles: it lists the repository's issue numbers and checks each stored issue " +
					"missing from the listing (`410` deleted, `301` transferred), marking such rows instead of dropping them. Costs " +
					"⌈issues / 100⌉ requests plus one per missing issue. Default `24`; `0` reconciles only on request " +
					"(`CALL <app>.PUBLIC.RECONCILE_RESOURCE('owner/name')`) and with a full refresh requested by `resync_trigger`. Updated in place."},
			"sink_table": schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "Fully qualified sink table of raw issue JSON."},
			"view": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Fully qualified flattened view of the repository's issues as GitHub lists them now: deleted and transferred issues are hidden."},
			"view_all": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Fully qualified view of every issue ever ingested, with the raw JSON and the reconciliation markers `REMOVED_AT`, `REMOVAL` (`DELETED`, `TRANSFERRED`, or `UNVERIFIED` when GitHub answered 404: the token cannot tell, never read as a deletion) and `TRANSFERRED_TO`."},
			"task": schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "The ingestion task inside the application."},
			"streams": schema.SetAttribute{ElementType: types.StringType, Optional: true, Computed: true,
				Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{types.StringValue("issues")})),
				Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(knownStreams...)), streamDependencies{}},
				MarkdownDescription: streamsDescription()},
			"stream_objects": schema.MapNestedAttribute{Computed: true, PlanModifiers: []planmodifier.Map{streamObjectsPlan{}},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"table":    schema.StringAttribute{Computed: true, MarkdownDescription: "Fully qualified sink table of the stream's raw JSON."},
					"view":     schema.StringAttribute{Computed: true, MarkdownDescription: "Fully qualified flattened view of what GitHub shows now (removed items hidden)."},
					"view_all": schema.StringAttribute{Computed: true, MarkdownDescription: "Fully qualified view of every item ever ingested, with the raw JSON and the markers `REMOVED_AT`, `REMOVAL`, `TRANSFERRED_TO`."},
				}},
				MarkdownDescription: "Each enabled stream's objects, by stream: e.g. `stream_objects[\"pull_requests\"].view`. The views' columns are in the " +
					"[streams guide](../guides/streams.md)."},
			"comments_sink_table": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{streamObject{"comments"}},
				DeprecationMessage:  "Use stream_objects[\"comments\"].table.",
				MarkdownDescription: "Fully qualified sink table of raw comment JSON; null without the `comments` stream. Deprecated: `stream_objects[\"comments\"].table`."},
			"comments_view": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{streamObject{"comments"}},
				DeprecationMessage:  "Use stream_objects[\"comments\"].view.",
				MarkdownDescription: "Fully qualified flattened view of the comments; null without the `comments` stream. Deprecated: `stream_objects[\"comments\"].view`."},
			"comments_view_all": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{streamObject{"comments"}},
				DeprecationMessage:  "Use stream_objects[\"comments\"].view_all.",
				MarkdownDescription: "Fully qualified view of every comment ever ingested; null without the `comments` stream. Deprecated: `stream_objects[\"comments\"].view_all`."},
			"id": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "`<quoted application>/<owner>/<name>`, e.g. `\"GITHUB_CONNECTOR\"/octocat/hello-world`; also the import ID."},
		},
	}
}

func repositoryID(app, repo string) string {
	return snowflake.NewAccountObjectIdentifier(app).FullyQualifiedName() + "/" + repo
}

func (r *repositoryResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() && req.State.Raw.IsNull() {
		resp.Diagnostics.Append(r.data.preflight(ctx, "ghconnector_repository", needWarehouse)...)
		r.refuseDuplicateAtPlan(ctx, req, resp)
	}
	if req.Plan.Raw.IsNull() || r.data == nil || r.data.GitHub == nil || !r.data.HasGitHubToken {
		return
	}
	// Only the repository is needed: reading one attribute spares the
	// whole model's reflection on every resource of every plan.
	var repository types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("repository"), &repository)...)
	if resp.Diagnostics.HasError() || repository.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var prior types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("repository"), &prior)...)
		if prior.Equal(repository) {
			return
		}
	}
	owner, name, _ := strings.Cut(repository.ValueString(), "/")
	_, ghResp, err := r.data.GitHub.Repositories.Get(ctx, owner, name)
	if err == nil {
		return
	}
	if ghResp != nil && (ghResp.StatusCode == http.StatusNotFound || ghResp.StatusCode == http.StatusForbidden) {
		resp.Diagnostics.AddAttributeError(path.Root("repository"), "GitHub repository not found",
			fmt.Sprintf("%s does not exist, or the provider's GitHub token cannot read it (HTTP %d from %s). Check the spelling and the token's access.",
				repository.ValueString(), ghResp.StatusCode, r.data.GitHubAPIURL))
		return
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("repository"), "Could not check the repository on GitHub",
		fmt.Sprintf("Checking %s failed: %v. The plan continues without the check.", repository.ValueString(), err))
}

// refuseDuplicateAtPlan fails the plan of a new resource for a repository
// the application already ingests (another resource, or outside
// Terraform), with the import command; it reads the command's shared
// listing of the application, so it adds no statement per resource. An
// application that does not exist yet (created in this apply) has nothing
// to clash with; one that does not exist and is not planned either is
// refused on `application`. Concurrent creates are still settled by
// ENABLE_RESOURCE's claim at apply.
func (r *repositoryResource) refuseDuplicateAtPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || r.data.Unknown || r.data.Snowflake == nil {
		return
	}
	var plan repositoryModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Application.IsUnknown() || plan.Repository.IsUnknown() {
		return
	}
	listing, err := r.data.enabledBefore.get(ctx, r.data.Snowflake, snowflake.NewAccountObjectIdentifier(plan.Application.ValueString()))
	if errors.Is(err, snowflake.ErrObjectNotFound) {
		if d, missing := r.data.missingApplicationAtPlan(ctx, plan.Application.ValueString()); missing {
			resp.Diagnostics.Append(d)
		}
		return
	}
	if err != nil {
		return // unreadable: the apply settles it
	}
	if st, ok := listing.statuses[plan.Repository.ValueString()]; ok && st.Enabled {
		resp.Diagnostics.Append(alreadyEnabledDiag(plan))
	}
}

// alreadyEnabledMarker is what ENABLE_RESOURCE says of a repository that is
// enabled already (connector/app/python/connector/resources.py).
const alreadyEnabledMarker = "is already enabled"

// planStreams are the planned streams in run order.
func planStreams(set types.Set) []string {
	var out []string
	for _, name := range knownStreams {
		if setHas(set, name) {
			out = append(out, name)
		}
	}
	return out
}

func setHas(set types.Set, name string) bool {
	for _, v := range set.Elements() {
		if s, ok := v.(types.String); ok && s.ValueString() == name {
			return true
		}
	}
	return false
}

func resourceOptions(m repositoryModel) map[string]any {
	opts := map[string]any{"schedule": m.Schedule.ValueString(), "paused": m.Paused.ValueBool(),
		"reconcile_interval_hours": m.ReconcileHours.ValueInt64(), "resync_trigger": nil, "streams": planStreams(m.Streams)}
	if !m.ResyncTrigger.IsNull() {
		opts["resync_trigger"] = m.ResyncTrigger.ValueString()
	}
	return opts
}

// alreadyEnabled turns ENABLE_RESOURCE's refusal of a repository that is
// enabled already into an error naming it, with the import command.
func alreadyEnabled(m repositoryModel, err error) (diag.Diagnostic, bool) {
	if err == nil || !strings.Contains(err.Error(), alreadyEnabledMarker) {
		return nil, false
	}
	return alreadyEnabledDiag(m), true
}

// alreadyEnabledDiag is the error for a repository the application ingests
// already, on `repository`, with the import command that adopts it.
func alreadyEnabledDiag(m repositoryModel) diag.Diagnostic {
	id := repositoryID(m.Application.ValueString(), m.Repository.ValueString())
	return diag.NewAttributeErrorDiagnostic(path.Root("repository"), "Repository already enabled",
		fmt.Sprintf("%s is already enabled in application %s, by another ghconnector_repository or outside Terraform. Nothing was changed. "+
			"Each repository of an application must have exactly one resource: remove the duplicate from the configuration, or adopt the "+
			"existing ingestion with\n\n  terraform import 'ghconnector_repository.<name>' '%s'\n\nor an import block with id = %q.",
			m.Repository.ValueString(), m.Application.ValueString(), id, id))
}

func appProcedure(app, name string) snowflake.SchemaObjectIdentifier {
	return snowflake.NewSchemaObjectIdentifier(app, "PUBLIC", name)
}

func (r *repositoryResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan repositoryModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	app := plan.Application.ValueString()
	var created enabledObjects
	err := client.CallJSON(ctx, snowflake.Call{
		Procedure: appProcedure(app, "ENABLE_RESOURCE"),
		Args:      []snowflake.Arg{snowflake.StringArg(plan.Repository.ValueString()), snowflake.JSONArg(resourceOptions(plan))},
	}, &created)
	if d, ok := alreadyEnabled(plan, err); ok {
		resp.Diagnostics.Append(d)
		return
	}
	r.data.listings.invalidate(snowflake.NewAccountObjectIdentifier(app))
	if err != nil {
		if d, missing := missingApplication(ctx, client, app); missing && errors.Is(err, snowflake.ErrObjectNotFound) {
			resp.Diagnostics.Append(d)
			return
		}
		resp.Diagnostics.Append(sqlDiag("enable ingestion of", plan.Repository.ValueString(), err))
		return
	}
	if !r.afterWrite(ctx, client, &plan, created, &resp.Diagnostics) {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddError("Repository not enabled", "ENABLE_RESOURCE succeeded but the application does not list "+plan.Repository.ValueString()+".")
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// afterWrite completes the planned state after ENABLE_RESOURCE or
// UPDATE_RESOURCE: from the objects the procedure returns (0.5 and
// later; the rest of the state is the plan, so nothing is read back), or
// by reading them from an older application. false: not enabled.
func (r *repositoryResource) afterWrite(ctx context.Context, client *snowflake.Client, m *repositoryModel, out enabledObjects, diags *diag.Diagnostics) bool {
	if out.Objects == nil {
		return r.readInto(ctx, client, m, diags, false)
	}
	st := snowflake.IngestionStatus{SinkTable: out.SinkTable, ViewName: out.View, ViewAll: out.ViewAll, TaskName: out.Task, Objects: out.Objects}
	if c, ok := out.Objects["comments"]; ok {
		st.CommentsSinkTable, st.CommentsView, st.CommentsViewAll = c.Table, c.View, c.ViewAll
	}
	if err := fillObjects(m, snowflake.NewAccountObjectIdentifier(m.Application.ValueString()), st); err != nil {
		diags.AddError("Unexpected task name", err.Error())
	}
	return true
}

// enabledObjects is what ENABLE_RESOURCE and UPDATE_RESOURCE return;
// Objects is nil from an application older than 0.5, which returns no
// stream objects.
type enabledObjects struct {
	SinkTable string                             `json:"sink_table"`
	View      string                             `json:"view"`
	ViewAll   string                             `json:"view_all"`
	Task      string                             `json:"task"`
	Objects   map[string]snowflake.StreamObjects `json:"objects"`
}

// readInto reads the repository's status and task; false when it is not
// enabled. A refresh (shared) takes them from the command's listing of
// the application; a read right after a write asks Snowflake directly.
func (r *repositoryResource) readInto(ctx context.Context, client *snowflake.Client, m *repositoryModel, diags *diag.Diagnostics, shared bool) bool {
	app := snowflake.NewAccountObjectIdentifier(m.Application.ValueString())
	repo := m.Repository.ValueString()
	var st snowflake.IngestionStatus
	var found bool
	var lookupTask func(snowflake.SchemaObjectIdentifier) (*snowflake.Task, error)
	if shared {
		listing, err := r.data.listings.get(ctx, client, app)
		if snowflake.IsNotFound(err) {
			return false
		}
		if err != nil {
			diags.Append(sqlDiag("read ingestion status of", repo, err))
			return true
		}
		st, found = listing.statuses[repo]
		lookupTask = func(id snowflake.SchemaObjectIdentifier) (*snowflake.Task, error) {
			if t, ok := listing.tasks[id.SchemaId().FullyQualifiedName()][id.Name()]; ok {
				return t, nil
			}
			return nil, fmt.Errorf("task %s: %w", id.FullyQualifiedName(), snowflake.ErrObjectNotFound)
		}
	} else {
		statuses, err := client.IngestionStatuses(ctx, app, repo)
		if snowflake.IsNotFound(err) {
			return false
		}
		if err != nil {
			diags.Append(sqlDiag("read ingestion status of", repo, err))
			return true
		}
		if found = len(statuses) > 0; found {
			st = statuses[0]
		}
		lookupTask = func(id snowflake.SchemaObjectIdentifier) (*snowflake.Task, error) { return client.TaskState(ctx, id) }
	}
	if !found || !st.Enabled {
		return false
	}
	task, err := taskOf(app, st)
	if err != nil {
		diags.AddError("Unexpected task name", err.Error())
		return true
	}
	state, err := lookupTask(task)
	if snowflake.IsNotFound(err) {
		// The task was dropped: treat the repository as not enabled, so
		// the next apply enables it again (the data is kept).
		return false
	}
	if err != nil {
		diags.Append(sqlDiag("read task", task.FullyQualifiedName(), err))
		return true
	}
	m.Schedule = scheduleRead(m.Schedule.ValueString(), st.Schedule, state.Schedule)
	m.Paused = types.BoolValue(state.State != "started")
	m.ReconcileHours = types.Int64Value(defaultReconcileHours)
	if v, ok := st.Options["reconcile_interval_hours"].(float64); ok {
		m.ReconcileHours = types.Int64Value(int64(v))
	}
	m.ResyncTrigger = types.StringNull()
	if v, ok := st.Options["resync_trigger"].(string); ok {
		m.ResyncTrigger = types.StringValue(v)
	}
	streams := make([]attr.Value, 0, 2)
	for _, name := range st.Streams() {
		streams = append(streams, types.StringValue(name))
	}
	m.Streams = types.SetValueMust(types.StringType, streams)
	_ = fillObjects(m, app, st) // the task name parsed above
	return true
}

// fillObjects sets the computed names of the repository's objects: its ID,
// the issues objects, the task, and each stream's objects.
func fillObjects(m *repositoryModel, app snowflake.AccountObjectIdentifier, st snowflake.IngestionStatus) error {
	task, err := taskOf(app, st)
	if err != nil {
		return err
	}
	m.ID = types.StringValue(repositoryID(app.Name(), m.Repository.ValueString()))
	m.SinkTable = types.StringValue(st.SinkTable)
	m.View = types.StringValue(st.ViewName)
	m.ViewAll = types.StringValue(st.ViewAll)
	m.Task = types.StringValue(task.FullyQualifiedName())
	m.CommentsSinkTable, m.CommentsView, m.CommentsViewAll = types.StringNull(), types.StringNull(), types.StringNull()
	if st.CommentsSinkTable != "" {
		m.CommentsSinkTable, m.CommentsView, m.CommentsViewAll = types.StringValue(st.CommentsSinkTable),
			types.StringValue(st.CommentsView), types.StringValue(st.CommentsViewAll)
	}
	m.StreamObjects = streamObjectsValue(st)
	return nil
}

// streamObjectsValue is stream_objects as the application reports it;
// an application older than 0.5 reports issues and comments only.
func streamObjectsValue(st snowflake.IngestionStatus) types.Map {
	objects := st.Objects
	if objects == nil {
		objects = map[string]snowflake.StreamObjects{"issues": {Table: st.SinkTable, View: st.ViewName, ViewAll: st.ViewAll}}
		if st.CommentsSinkTable != "" {
			objects["comments"] = snowflake.StreamObjects{Table: st.CommentsSinkTable, View: st.CommentsView, ViewAll: st.CommentsViewAll}
		}
	}
	elems := map[string]attr.Value{}
	for name, o := range objects {
		elems[name] = types.ObjectValueMust(streamObjectType.AttrTypes, map[string]attr.Value{
			"table": types.StringValue(o.Table), "view": types.StringValue(o.View), "view_all": types.StringValue(o.ViewAll)})
	}
	return types.MapValueMust(streamObjectType, elems)
}

// streamsDescription documents the streams attribute from the
// connector's declarations.
func streamsDescription() string {
	var b strings.Builder
	b.WriteString("What the task ingests, each stream with its own sink table, views, cursor, ETag and rows in `RUN_HISTORY`; one task run " +
		"reads them in this order:")
	for _, s := range connector.Streams() {
		fmt.Fprintf(&b, " `%s` (%s", s.Name, strings.TrimSuffix(s.Summary, "."))
		if len(s.DependsOn) > 0 {
			fmt.Fprintf(&b, "; needs `%s`", strings.Join(s.DependsOn, "`, `"))
		}
		b.WriteString(");")
	}
	b.WriteString(" Default `[\"issues\"]`. What each costs in requests and its view's columns: [streams guide](../guides/streams.md). " +
		"Adding or removing a stream is updated in place; a removed stream's table and views are kept (added again, it goes on from its " +
		"cursor) or, with `drop_data_on_destroy = true`, dropped.")
	return b.String()
}

// streamDependencies: every stream comes with those it needs (comments
// join the issues view and follow its deletions; pull requests are read
// from the issues that changed), as the connector checks.
type streamDependencies struct{}

func (streamDependencies) Description(context.Context) string {
	return "every stream with the streams it depends on"
}
func (v streamDependencies) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (streamDependencies) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var selected []string
	for _, v := range req.ConfigValue.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			return
		}
		selected = append(selected, s.ValueString())
	}
	if missing := connector.MissingDependencies(selected); len(missing) > 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Stream without what it needs",
			fmt.Sprintf("streams: %s. Add the streams named, e.g. streams = %s.", strings.Join(missing, "; "), withDependencies(selected)))
	}
}

// withDependencies renders the selection with every dependency added, in
// run order, as HCL.
func withDependencies(selected []string) string {
	want := map[string]bool{}
	for _, name := range selected {
		want[name] = true
		if s, ok := connector.LookupStream(name); ok {
			for _, d := range s.DependsOn {
				want[d] = true
			}
		}
	}
	var out []string
	for _, name := range knownStreams {
		if want[name] {
			out = append(out, fmt.Sprintf("%q", name))
		}
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// streamObjectsPlan plans stream_objects: an entry per planned stream,
// kept from the state while the stream stays, unknown when it is added.
type streamObjectsPlan struct{}

func (streamObjectsPlan) Description(context.Context) string {
	return "an entry per stream, kept while the stream stays"
}
func (m streamObjectsPlan) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }
func (streamObjectsPlan) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	var streams types.Set
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("streams"), &streams)...)
	if resp.Diagnostics.HasError() || streams.IsUnknown() {
		resp.PlanValue = types.MapUnknown(streamObjectType)
		return
	}
	prior := map[string]attr.Value{}
	if !req.StateValue.IsNull() && !req.StateValue.IsUnknown() {
		prior = req.StateValue.Elements()
	}
	elems := map[string]attr.Value{}
	for _, v := range streams.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			resp.PlanValue = types.MapUnknown(streamObjectType)
			return
		}
		name := s.ValueString()
		if old, ok := prior[name]; ok {
			elems[name] = old
		} else {
			elems[name] = types.ObjectUnknown(streamObjectType.AttrTypes)
		}
	}
	resp.PlanValue = types.MapValueMust(streamObjectType, elems)
}

// streamObject plans a stream's computed object name: null without the
// stream, kept while it stays, unknown when it is added.
type streamObject struct{ stream string }

func (m streamObject) Description(context.Context) string {
	return "null without the " + m.stream + " stream, kept while it stays"
}
func (m streamObject) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }
func (m streamObject) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var streams types.Set
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("streams"), &streams)...)
	switch {
	case resp.Diagnostics.HasError() || streams.IsUnknown():
		resp.PlanValue = types.StringUnknown()
	case !setHas(streams, m.stream):
		resp.PlanValue = types.StringNull()
	case !req.StateValue.IsNull() && !req.StateValue.IsUnknown():
		resp.PlanValue = req.StateValue
	default:
		resp.PlanValue = types.StringUnknown()
	}
}

func (r *repositoryResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readObject(ctx, &r.providerResource, req, resp, func(ctx context.Context, client *snowflake.Client, state *repositoryModel, diags *diag.Diagnostics) *gone {
		if r.readInto(ctx, client, state, diags, true) {
			return nil
		}
		return &gone{"Ingestion of", state.Repository.ValueString()}
	})
}

func (r *repositoryResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan repositoryModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// A stream removed keeps its table unless drop_data_on_destroy.
	opts := resourceOptions(plan)
	opts["drop_removed_streams"] = plan.DropDataOnDestroy.ValueBool()
	var updated enabledObjects
	err := client.CallJSON(ctx, snowflake.Call{
		Procedure: appProcedure(plan.Application.ValueString(), "UPDATE_RESOURCE"),
		Args:      []snowflake.Arg{snowflake.StringArg(plan.Repository.ValueString()), snowflake.JSONArg(opts)},
	}, &updated)
	r.data.listings.invalidate(snowflake.NewAccountObjectIdentifier(plan.Application.ValueString()))
	if err != nil {
		resp.Diagnostics.Append(sqlDiag("update ingestion of", plan.Repository.ValueString(), err))
		return
	}
	if !r.afterWrite(ctx, client, &plan, updated, &resp.Diagnostics) {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddError("Repository not enabled", "UPDATE_RESOURCE succeeded but the application does not list "+plan.Repository.ValueString()+".")
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *repositoryResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state repositoryModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	err := client.Exec(ctx, snowflake.Call{
		Procedure: appProcedure(state.Application.ValueString(), "DISABLE_RESOURCE"),
		Args:      []snowflake.Arg{snowflake.StringArg(state.Repository.ValueString()), snowflake.BoolArg(state.DropDataOnDestroy.ValueBool())},
	})
	r.data.listings.invalidate(snowflake.NewAccountObjectIdentifier(state.Application.ValueString()))
	if err != nil && !snowflake.IsNotFound(err) {
		resp.Diagnostics.Append(sqlDiag("disable ingestion of", state.Repository.ValueString(), err))
	}
}

func (r *repositoryResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, "/")
	if len(parts) < 3 {
		resp.Diagnostics.AddError("Invalid import ID for ghconnector_repository",
			fmt.Sprintf("%q must be <application>/<owner>/<name>, e.g. terraform import ghconnector_repository.hello '\"GITHUB_CONNECTOR\"/octocat/hello-world'", req.ID))
		return
	}
	repo := parts[len(parts)-2] + "/" + parts[len(parts)-1]
	app, err := snowflake.ParseAccountObjectIdentifier(strings.Join(parts[:len(parts)-2], "/"))
	if err != nil || !repositoryPattern.MatchString(repo) {
		resp.Diagnostics.AddError("Invalid import ID for ghconnector_repository",
			fmt.Sprintf("%q must be <application>/<owner>/<name>, e.g. '\"GITHUB_CONNECTOR\"/octocat/hello-world'", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("application"), app.Name())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("repository"), repo)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("drop_data_on_destroy"), false)...)
}
