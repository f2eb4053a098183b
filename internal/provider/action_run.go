package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Actions (Terraform 1.14+): run a repository's ingestion now, or check
// its deletions and transfers now, and report the run as it goes. Both
// run the repository's task (EXECUTE TASK, which Snowflake never overlaps
// with a run already going) rather than the procedure beside it, even
// when the task is paused: invoking is asking for a run.

// NewIngestAction runs a repository's ingestion now.
func NewIngestAction() action.Action { return &runAction{reconcile: false} }

// NewReconcileAction checks a repository's deletions and transfers now.
func NewReconcileAction() action.Action { return &runAction{reconcile: true} }

type runAction struct {
	data      *ProviderData
	reconcile bool
}

var _ action.ActionWithConfigure = (*runAction)(nil)

// runActionModel is an action's configuration (full_refresh: ingest only).
type runActionModel struct {
	Application, Repository types.String
	FullRefresh             types.Bool
	TimeoutMinutes          types.Int64
}

func (a *runAction) name() string {
	if a.reconcile {
		return "ghconnector_reconcile"
	}
	return "ghconnector_ingest"
}

func (a *runAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = a.name()
}

func (a *runAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"application": schema.StringAttribute{Required: true, Validators: []validator.String{identifierPart{}},
			MarkdownDescription: "Name of the connector application."},
		"repository": schema.StringAttribute{Required: true,
			Validators:          []validator.String{stringvalidator.RegexMatches(repositoryPattern, "must be owner/name, e.g. octocat/hello-world")},
			MarkdownDescription: "The repository, `owner/name`, enabled by a `ghconnector_repository`."},
		"timeout_minutes": schema.Int64Attribute{Optional: true, Validators: []validator.Int64{int64validator.Between(1, 1440)},
			MarkdownDescription: "How long to wait for the run to end (default 30); the run goes on after a timeout."},
	}
	description := "Runs a repository's ingestion now (its task, once, even when paused) and reports the run of each stream as it " +
		"goes: state, pages, rows and requests."
	if a.reconcile {
		description = "Checks a repository's deletions and transfers now: requests a reconciliation (`RECONCILE_RESOURCE`), runs the " +
			"task once and reports each stream's run with the items found deleted and transferred."
	} else {
		attrs["full_refresh"] = schema.BoolAttribute{Optional: true,
			MarkdownDescription: "Read every stream again from the start and reconcile (`REQUEST_FULL_REFRESH`), as a changed " +
				"`resync_trigger` does, without changing the repository's configuration. Default `false`."}
	}
	resp.Schema = schema.Schema{MarkdownDescription: description, Attributes: attrs}
}

func (a *runAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataOf(req.ProviderData, &resp.Diagnostics)
}

func (a *runAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	ctx = snowflake.WithOperation(ctx, a.name(), "invoke")
	var m runActionModel
	for name, target := range map[string]any{"application": &m.Application, "repository": &m.Repository, "timeout_minutes": &m.TimeoutMinutes} {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), target)...)
	}
	if !a.reconcile {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("full_refresh"), &m.FullRefresh)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	client, d := a.data.snowflakeClient()
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	app, repo := snowflake.NewAccountObjectIdentifier(m.Application.ValueString()), m.Repository.ValueString()
	task, ok := a.enabledTask(ctx, client, app, repo, &resp.Diagnostics)
	if !ok {
		return
	}
	before, err := client.StreamStatuses(ctx, app, repo)
	if err != nil {
		resp.Diagnostics.Append(sqlDiag("read the stream status of", repo, err))
		return
	}
	request := ""
	switch {
	case a.reconcile:
		request = "RECONCILE_RESOURCE"
	case m.FullRefresh.ValueBool():
		request = "REQUEST_FULL_REFRESH"
	}
	if request != "" {
		if err := client.Exec(ctx, snowflake.Call{Procedure: appProcedure(app.Name(), request), Args: []snowflake.Arg{snowflake.StringArg(repo)}}); err != nil {
			resp.Diagnostics.Append(sqlDiag("request a run of", repo, err))
			return
		}
	}
	// RECONCILE_RESOURCE starts the task itself unless it is paused; a
	// second EXECUTE TASK then finds the run going and is skipped.
	if err := client.Exec(ctx, snowflake.ExecuteTask{ID: task}); err != nil {
		resp.Diagnostics.Append(sqlDiag("run task", task.FullyQualifiedName(), err))
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("%s: %s started", repo, strings.TrimPrefix(a.name(), "ghconnector_"))})
	timeout := 30 * time.Minute
	if !m.TimeoutMinutes.IsNull() {
		timeout = time.Duration(m.TimeoutMinutes.ValueInt64()) * time.Minute
	}
	a.follow(ctx, client, app, repo, before, timeout, resp)
}

// enabledTask is the repository's task, or an error on repository.
func (a *runAction) enabledTask(ctx context.Context, client *snowflake.Client, app snowflake.AccountObjectIdentifier, repo string,
	diags *diag.Diagnostics) (snowflake.SchemaObjectIdentifier, bool) {
	statuses, err := client.IngestionStatuses(ctx, app, repo)
	if err != nil {
		if d, missing := missingApplication(ctx, client, app.Name()); missing {
			diags.Append(d)
		} else {
			diags.Append(sqlDiag("read the ingestion status of", repo, err))
		}
		return snowflake.SchemaObjectIdentifier{}, false
	}
	if len(statuses) == 0 || !statuses[0].Enabled {
		diags.AddAttributeError(path.Root("repository"), "Repository not enabled",
			fmt.Sprintf("%s is not enabled in application %s: enable it with a ghconnector_repository first.", repo, app.FullyQualifiedName()))
		return snowflake.SchemaObjectIdentifier{}, false
	}
	task, err := taskOf(app, statuses[0])
	if err != nil {
		diags.AddError("Unexpected task name", err.Error())
		return task, false
	}
	return task, true
}

// runSettles is how long no stream may be running, after issues ran,
// before the run counts as over without its later streams (a rate limit
// ends a run early; the next runs take them up).
const runSettles = 10 * time.Second

// follow polls the stream status until the run that started after
// before has ended for every enabled stream, reporting each change.
func (a *runAction) follow(ctx context.Context, client *snowflake.Client, app snowflake.AccountObjectIdentifier, repo string,
	before []snowflake.StreamStatus, timeout time.Duration, resp *action.InvokeResponse) {
	started := map[string]string{}
	for _, s := range before {
		started[s.Stream] = s.LastStarted
	}
	deadline, wait := time.Now().Add(timeout), 200*time.Millisecond
	reported := map[string]string{}
	var quietSince time.Time // when no stream was running any more
	for {
		now, err := client.StreamStatuses(ctx, app, repo)
		if err != nil {
			resp.Diagnostics.Append(sqlDiag("read the stream status of", repo, err))
			return
		}
		// The streams run one after the other, issues first; a rate limit
		// ends the run before the later ones. The run is over when every
		// stream has run anew, or when none has been running for a while
		// since issues did.
		running, issuesRan, all := false, false, true
		for _, s := range now {
			if !s.Enabled {
				continue
			}
			ran := s.LastStarted != "" && s.LastStarted != started[s.Stream]
			issuesRan = issuesRan || ran && s.Stream == "issues"
			all = all && ran
			running = running || ran && s.LastState == "RUNNING"
			if !ran {
				continue
			}
			if line := a.describe(repo, s); reported[s.Stream] != line {
				reported[s.Stream] = line
				resp.SendProgress(action.InvokeProgressEvent{Message: line})
			}
		}
		switch {
		case running || !issuesRan:
			quietSince = time.Time{}
		case quietSince.IsZero():
			quietSince = time.Now()
		}
		if issuesRan && !running && (all || time.Since(quietSince) > runSettles) {
			for _, s := range now {
				if s.Enabled && s.LastStarted != started[s.Stream] && s.LastState == "FAILED" {
					resp.Diagnostics.AddError(fmt.Sprintf("The %s stream's run of %s failed", s.Stream, repo), s.LastError)
				}
			}
			return
		}
		if time.Now().After(deadline) {
			resp.Diagnostics.AddError("Run still going", fmt.Sprintf("The run of %s has not ended after %s; it goes on: "+
				"see %s.PUBLIC.RUN_HISTORY, or invoke again with a larger timeout_minutes.", repo, timeout, app.FullyQualifiedName()))
			return
		}
		select {
		case <-ctx.Done():
			resp.Diagnostics.AddError("Interrupted", "Terraform stopped the action; the run goes on in Snowflake.")
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// describe is one stream's run as a progress line.
func (a *runAction) describe(repo string, s snowflake.StreamStatus) string {
	line := fmt.Sprintf("%s %s: %s (%s), %d pages, %d rows, %d requests", repo, s.Stream, s.LastState, s.LastMode, s.LastPages, s.LastRows,
		s.LastRequests)
	if a.reconcile {
		line += fmt.Sprintf("; reconciled: %d deleted, %d transferred", s.LastDeleted, s.LastTransferred)
	}
	return line
}
