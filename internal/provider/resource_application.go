package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/connector"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

var (
	_ resource.ResourceWithConfigure   = (*applicationResource)(nil)
	_ resource.ResourceWithImportState = (*applicationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*applicationResource)(nil)
)

// NewApplicationResource installs the connector as a Snowflake Native App.
func NewApplicationResource() resource.Resource { return &applicationResource{} }

type applicationResource struct{ providerResource }

type applicationModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	PackageName        types.String `tfsdk:"package_name"`
	Warehouse          types.String `tfsdk:"warehouse"`
	Comment            types.String `tfsdk:"comment"`
	CascadeOnDestroy   types.Bool   `tfsdk:"cascade_on_destroy"`
	Version            types.String `tfsdk:"version"`
	Patch              types.Int64  `tfsdk:"patch"`
	PayloadDigest      types.String `tfsdk:"payload_digest"`
	GrantedPrivileges  types.Set    `tfsdk:"granted_privileges"`
	FullyQualifiedName types.String `tfsdk:"fully_qualified_name"`
}

// The account privileges the manifest requests; the provider grants them.
var applicationAccountPrivileges = []snowflake.Privilege{snowflake.PrivilegeCreateDatabase, snowflake.PrivilegeExecuteTask}

func (r *applicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application"
}

func (r *applicationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The GitHub issues connector installed as a Snowflake Native App. The provider embeds the connector's payload; " +
			"applying stages it in an application package as a version (or a patch, labelled with the payload's digest), installs the " +
			"application and grants it what its manifest requests. A provider release with a changed payload upgrades the application " +
			"in place (`ALTER APPLICATION … UPGRADE`): the plan shows an update, never a replacement, and the connector's state is kept.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Required: true, Validators: []validator.String{identifierPart{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "Name of the application. Case-sensitive. Changing it replaces the application."},
			"package_name": schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{identifierPart{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace(), stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Application package holding the connector's versions; defaults to `<name>_PKG`. Created if missing."},
			"warehouse": schema.StringAttribute{Optional: true, Validators: []validator.String{identifierPart{}},
				DeprecationMessage: "No longer has any effect: USAGE on the ingestion tasks' warehouse is granted and revoked by " +
					"ghconnector_connector_config alone, so that one resource owns the grant. Remove this attribute.",
				MarkdownDescription: "Deprecated, without effect. `USAGE` on the tasks' warehouse belongs to `ghconnector_connector_config` " +
					"(`warehouse`): when two resources granted it, destroying or changing one revoked what the other's tasks needed."},
			"comment": commentAttribute(),
			"cascade_on_destroy": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether destroying the application also drops what it created outside itself, such as the destination " +
					"database with all ingested issues (`DROP APPLICATION … CASCADE`). Default `false`: destroy fails while such objects exist."},
			"version": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Application package version the application runs, as declared by the payload's manifest."},
			"patch": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "Patch of `version` the application runs.", PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"payload_digest": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Digest of the embedded connector payload the application runs; a provider upgrade that changes it upgrades the application."},
			"granted_privileges": schema.SetAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Privileges granted to the application by this resource, e.g. `EXECUTE TASK ON ACCOUNT`. A grant revoked outside Terraform shows up as a change."},
			"id":                   schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "The quoted application name; also the import ID."},
			"fully_qualified_name": schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "The quoted application name."},
		},
	}
}

func (m applicationModel) packageID() snowflake.AccountObjectIdentifier {
	name := m.PackageName.ValueString()
	if m.PackageName.IsNull() || m.PackageName.IsUnknown() || name == "" {
		name = m.Name.ValueString() + "_PKG"
	}
	return snowflake.NewAccountObjectIdentifier(name)
}

// expectedGrants renders what the resource grants, in SHOW GRANTS terms:
// the account privileges every installation needs. Grants on consumer
// objects (integration, secret, warehouse) belong to connector_config.
func expectedGrants() []string {
	out := make([]string, 0, len(applicationAccountPrivileges))
	for _, p := range applicationAccountPrivileges {
		out = append(out, string(p)+" ON ACCOUNT")
	}
	slices.Sort(out)
	return out
}

func (r *applicationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(r.data.preflight(ctx, "ghconnector_application",
			needCreateApplicationPackage, needCreateApplication, needGrantToApplication, needWarehouse)...)
	}
	var plan applicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data != nil && !plan.Name.IsUnknown() {
		r.data.plannedApps.add(snowflake.NewAccountObjectIdentifier(plan.Name.ValueString()).FullyQualifiedName())
	}
	files, err := connector.Files()
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the embedded connector payload", err.Error())
		return
	}
	digest := connector.Digest(files)
	version, err := connector.VersionName(files)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the embedded connector payload", err.Error())
		return
	}
	plan.PayloadDigest = types.StringValue(digest)
	// The version is the manifest's, or one rolled from it once a version
	// holds Snowflake's 130 patches: known only after staging.
	plan.Version, plan.Patch = types.StringUnknown(), types.Int64Unknown()
	if !req.State.Raw.IsNull() {
		var state applicationModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.PayloadDigest.ValueString() == digest && connector.InVersionLine(state.Version.ValueString(), version) {
			plan.Version, plan.Patch = state.Version, state.Patch
		}
	}
	grants, d := types.SetValueFrom(ctx, types.StringType, expectedGrants())
	resp.Diagnostics.Append(d...)
	plan.GrantedPrivileges = grants
	if plan.PackageName.IsUnknown() && !plan.Name.IsUnknown() {
		plan.PackageName = types.StringValue(plan.Name.ValueString() + "_PKG")
	}
	id := snowflake.NewAccountObjectIdentifier(plan.Name.ValueString()).FullyQualifiedName()
	if !plan.Name.IsUnknown() {
		plan.ID, plan.FullyQualifiedName = types.StringValue(id), types.StringValue(id)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// grantStatements grants the account privileges the manifest requests.
func grantStatements(app snowflake.AccountObjectIdentifier) []snowflake.Statement {
	var out []snowflake.Statement
	for _, p := range applicationAccountPrivileges {
		out = append(out, snowflake.GrantToApplication{Privilege: p, On: snowflake.GrantOn{Kind: snowflake.OnAccount}, Application: app})
	}
	return out
}

func (r *applicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan applicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	app := snowflake.NewAccountObjectIdentifier(plan.Name.ValueString())
	pkg := plan.packageID()
	// A package left by an earlier failed install is adopted (staging is
	// idempotent); one this install creates is dropped again if the install
	// fails, so a failure leaves nothing outside the state behind.
	_, pkgErr := client.ApplicationPackage(ctx, pkg)
	createdPackage := snowflake.IsNotFound(pkgErr)
	release, err := connector.EnsureRelease(ctx, client, pkg)
	if err == nil {
		patch := release.Patch
		err = client.Exec(ctx, snowflake.CreateApplication{ID: app, Package: pkg, Version: release.Version, Patch: &patch, Comment: optionalString(plan.Comment)})
		if err != nil {
			resp.Diagnostics.Append(r.installError(ctx, client, app, err))
		}
	} else {
		resp.Diagnostics.Append(sqlDiag("stage the connector payload in application package", pkg.FullyQualifiedName(), err))
	}
	if err != nil {
		if createdPackage {
			if dropErr := client.Exec(ctx, snowflake.DropApplicationPackage{IfExists: true, ID: pkg}); dropErr != nil {
				resp.Diagnostics.AddWarning("Application package left behind",
					fmt.Sprintf("The install failed and %s, which it created, could not be dropped: %v. Drop it by hand, or apply again to reuse it.",
						pkg.FullyQualifiedName(), dropErr))
			}
		}
		return
	}
	if !execAll(ctx, client, &resp.Diagnostics, "grant privileges to application", app.FullyQualifiedName(), grantStatements(app)...) {
		return
	}
	r.readInto(ctx, client, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// installError explains a failed CREATE APPLICATION. Applications and
// databases share one namespace (an application is listed by SHOW
// DATABASES and dropped by name like one), so "already exists" may be a
// database: then say so instead of suggesting an import.
func (r *applicationResource) installError(ctx context.Context, client *snowflake.Client, app snowflake.AccountObjectIdentifier, err error) diag.Diagnostic {
	if !errors.Is(err, snowflake.ErrObjectAlreadyExists) {
		return sqlDiag("install application", app.FullyQualifiedName(), err)
	}
	if _, appErr := client.Application(ctx, app); appErr == nil {
		return diag.NewAttributeErrorDiagnostic(path.Root("name"), "Application already exists",
			fmt.Sprintf("An application named %s already exists. Adopt it with terraform import (ID %s) or an import block, or choose another name.",
				app.Name(), app.FullyQualifiedName()))
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("name"), "Name taken by another object",
		fmt.Sprintf("%s: another object, such as a database, is named %s. Applications and databases share one namespace in Snowflake, "+
			"so the application cannot take this name: choose another name, or rename or drop that object. The application was not installed.",
			err, app.Name()))
}

// readInto refreshes the computed attributes from Snowflake; it reports
// false when the application is gone.
func (r *applicationResource) readInto(ctx context.Context, client *snowflake.Client, m *applicationModel, diags *diag.Diagnostics) bool {
	app := snowflake.NewAccountObjectIdentifier(m.Name.ValueString())
	info, err := client.Application(ctx, app)
	if snowflake.IsNotFound(err) {
		return false
	}
	if err != nil {
		diags.Append(sqlDiag("read application", app.FullyQualifiedName(), err))
		return true
	}
	m.ID = types.StringValue(app.FullyQualifiedName())
	m.FullyQualifiedName = m.ID
	m.PackageName = types.StringValue(info.Source)
	m.Version = types.StringValue(info.Version)
	m.Patch = types.Int64Value(int64(info.Patch))
	// The digest is the label of the installed (version, patch) as SHOW
	// VERSIONS lists it: SHOW APPLICATIONS' label column is not documented
	// to show a patch's own label (reference: real-account-review D4).
	digest, err := connector.InstalledDigest(ctx, client, snowflake.NewAccountObjectIdentifier(info.Source), info.Version, info.Patch)
	if err != nil && !snowflake.IsNotFound(err) {
		diags.Append(sqlDiag("read versions of application package", info.Source, err))
		return true
	}
	m.PayloadDigest = types.StringValue(digest)
	m.Comment = stringOrNull(info.Comment)
	grants, err := client.GrantsToApplication(ctx, app)
	if err != nil {
		diags.Append(sqlDiag("read grants to application", app.FullyQualifiedName(), err))
		return true
	}
	managed := map[string]bool{}
	for _, g := range expectedGrants() {
		managed[g] = true
	}
	var held []string
	for _, g := range grants {
		if g.GrantedOn != "ACCOUNT" {
			continue
		}
		if rendered := g.Privilege + " ON ACCOUNT"; managed[rendered] {
			held = append(held, rendered)
		}
	}
	slices.Sort(held)
	set, d := types.SetValueFrom(ctx, types.StringType, held)
	diags.Append(d...)
	m.GrantedPrivileges = set
	return true
}

func (r *applicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readObject(ctx, &r.providerResource, req, resp, func(ctx context.Context, client *snowflake.Client, state *applicationModel, diags *diag.Diagnostics) *gone {
		if r.readInto(ctx, client, state, diags) {
			return nil
		}
		return &gone{"Application", snowflake.NewAccountObjectIdentifier(state.Name.ValueString()).FullyQualifiedName()}
	})
}

func (r *applicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state applicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	app := snowflake.NewAccountObjectIdentifier(plan.Name.ValueString())
	if plan.PayloadDigest.ValueString() != state.PayloadDigest.ValueString() || plan.Version.ValueString() != state.Version.ValueString() {
		release, err := connector.EnsureRelease(ctx, client, plan.packageID())
		if err != nil {
			resp.Diagnostics.Append(sqlDiag("stage the connector payload in application package", plan.packageID().FullyQualifiedName(), err))
			return
		}
		patch := release.Patch
		if err := client.Exec(ctx, snowflake.AlterApplicationUpgrade{ID: app, Version: release.Version, Patch: &patch}); err != nil {
			resp.Diagnostics.Append(sqlDiag("upgrade application", app.FullyQualifiedName(), err))
			return
		}
		// The upgrade replaced INGEST_DATA, and with it the binding of the
		// secret and integration; the setup script makes no CALL (that would
		// need a warehouse on every install), so rebind here, at once.
		if err := client.Exec(ctx, snowflake.Call{Procedure: snowflake.NewSchemaObjectIdentifier(app.Name(), "PUBLIC", "RESTORE_BINDINGS")}); err != nil {
			resp.Diagnostics.Append(sqlDiag("restore the connector's secret and integration binding in", app.FullyQualifiedName(), err))
			return
		}
		// A package holds two versions at most: drop the ones left unused.
		if err := connector.DropUnusedVersions(ctx, client, plan.packageID(), release.Version); err != nil {
			resp.Diagnostics.AddWarning("Unused application package versions kept",
				fmt.Sprintf("The application now runs version %s, but dropping the older versions of %s failed: %v. The next version roll needs them gone.",
					release.Version, plan.packageID().FullyQualifiedName(), err))
		}
	}
	var stmts []snowflake.Statement
	if !plan.Comment.Equal(state.Comment) {
		if plan.Comment.IsNull() {
			stmts = append(stmts, snowflake.AlterApplicationUnsetComment{ID: app})
		} else {
			stmts = append(stmts, snowflake.AlterApplicationSetComment{ID: app, Comment: plan.Comment.ValueString()})
		}
	}
	stmts = append(stmts, grantStatements(app)...)
	if !execAll(ctx, client, &resp.Diagnostics, "update application", app.FullyQualifiedName(), stmts...) {
		return
	}
	r.readInto(ctx, client, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *applicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state applicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	app := snowflake.NewAccountObjectIdentifier(state.Name.ValueString())
	err := client.Exec(ctx, snowflake.DropApplication{IfExists: true, ID: app, Cascade: state.CascadeOnDestroy.ValueBool()})
	if err != nil {
		if !state.CascadeOnDestroy.ValueBool() && snowflake.HasCode(err, snowflake.CodeApplicationOwnsExternalObjects) {
			resp.Diagnostics.AddError("Unable to drop application "+app.FullyQualifiedName(),
				err.Error()+"\n\nThe application owns objects outside itself, such as the destination database with the ingested issues. "+
					"Set cascade_on_destroy = true (and apply) to drop them with the application, or drop them yourself first.")
			return
		}
		resp.Diagnostics.Append(sqlDiag("drop application", app.FullyQualifiedName(), err))
		return
	}
	pkg := state.packageID()
	if err := client.Exec(ctx, snowflake.DropApplicationPackage{IfExists: true, ID: pkg}); err != nil {
		resp.Diagnostics.AddWarning("Application package "+pkg.FullyQualifiedName()+" was kept",
			fmt.Sprintf("The application was dropped, but its package could not be: %s. Another application may still use it.", err))
	}
}

func (r *applicationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := snowflake.ParseAccountObjectIdentifier(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID for ghconnector_application",
			fmt.Sprintf("%s. Example: terraform import ghconnector_application.connector '\"GITHUB_CONNECTOR\"'", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), id.Name())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.FullyQualifiedName())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cascade_on_destroy"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("granted_privileges"), types.SetNull(types.StringType))...)
}
