package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// The lifecycle every resource shares, written once (as
// terraform-provider-tls shares its own through common_*.go): managed
// wraps each resource and tags its statements with the resource type and
// operation (Snowflake's QUERY_HISTORY shows them) and keeps its identity;
// readObject is the one Read.

// managedResource wraps a resource constructor with the shared lifecycle
// and its declared identity.
func managedResource(inner func() resource.Resource) func() resource.Resource {
	var meta resource.MetadataResponse
	inner().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: providerTypeName}, &meta)
	typeName := meta.TypeName
	spec, ok := identities[typeName]
	if !ok {
		panic("no identity declared for " + typeName)
	}
	return func() resource.Resource { return &managed{Resource: inner(), typeName: typeName, spec: spec} }
}

// managed forwards every lifecycle method to the resource it wraps; the
// optional interfaces it implements are no-ops where the wrapped resource
// does not implement them.
type managed struct {
	resource.Resource
	typeName string
	spec     identitySpec
}

var (
	_ resource.ResourceWithIdentity         = (*managed)(nil)
	_ resource.ResourceWithImportState      = (*managed)(nil)
	_ resource.ResourceWithConfigure        = (*managed)(nil)
	_ resource.ResourceWithModifyPlan       = (*managed)(nil)
	_ resource.ResourceWithValidateConfig   = (*managed)(nil)
	_ resource.ResourceWithConfigValidators = (*managed)(nil)
)

func (r *managed) operation(ctx context.Context, op string) context.Context {
	return snowflake.WithOperation(ctx, r.typeName, op)
}

func (r *managed) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx = r.operation(ctx, "create")
	r.Resource.Create(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.keepIdentity(ctx, resp.State, tfsdk.State(req.Plan), resp.Identity)...)
	}
}

func (r *managed) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = r.operation(ctx, "read")
	r.Resource.Read(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.keepIdentity(ctx, resp.State, req.State, resp.Identity)...)
	}
}

func (r *managed) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx = r.operation(ctx, "update")
	r.Resource.Update(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.keepIdentity(ctx, resp.State, req.State, resp.Identity)...)
	}
}

func (r *managed) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.Resource.Delete(r.operation(ctx, "delete"), req, resp)
}

func (r *managed) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if inner, ok := r.Resource.(resource.ResourceWithModifyPlan); ok {
		inner.ModifyPlan(r.operation(ctx, "plan"), req, resp)
	}
}

func (r *managed) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attrs := map[string]identityschema.Attribute{}
	for _, a := range r.spec.attrs {
		attrs[a.name] = identityschema.StringAttribute{RequiredForImport: true, Description: a.description}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

// keepIdentity copies the identity from the state a lifecycle method
// left, or from the prior state when it removed the resource (gone
// outside Terraform): the framework wants an identity after every Read.
func (r *managed) keepIdentity(ctx context.Context, state, prior tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	var diags diag.Diagnostics
	if state.Raw.IsNull() {
		state = prior
	}
	if identity == nil || state.Raw.IsNull() {
		return diags
	}
	for _, a := range r.spec.attrs {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(a.name), &v)...)
		diags.Append(identity.SetAttribute(ctx, path.Root(a.name), v)...)
	}
	return diags
}

// ImportState imports by ID as the resource does; an import by identity
// imports by the ID its values compose.
func (r *managed) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	inner, ok := r.Resource.(resource.ResourceWithImportState)
	if !ok {
		resp.Diagnostics.AddError("Import not supported", "This resource cannot be imported.")
		return
	}
	if req.ID == "" && req.Identity != nil {
		values := map[string]string{}
		for _, a := range r.spec.attrs {
			var v types.String
			resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root(a.name), &v)...)
			if v.ValueString() == "" && !resp.Diagnostics.HasError() {
				resp.Diagnostics.AddAttributeError(path.Root(a.name), "Missing identity attribute",
					"The import block's identity must give "+a.name+".")
			}
			values[a.name] = v.ValueString()
		}
		if resp.Diagnostics.HasError() {
			return
		}
		req.ID = r.spec.importID(values)
	}
	inner.ImportState(r.operation(ctx, "import"), req, resp)
}

func (r *managed) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if inner, ok := r.Resource.(resource.ResourceWithConfigure); ok {
		inner.Configure(ctx, req, resp)
	}
}

func (r *managed) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if inner, ok := r.Resource.(resource.ResourceWithValidateConfig); ok {
		inner.ValidateConfig(ctx, req, resp)
	}
}

func (r *managed) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if inner, ok := r.Resource.(resource.ResourceWithConfigValidators); ok {
		return inner.ConfigValidators(ctx)
	}
	return nil
}

// trackedDataSource tags a data source's statements with its type and
// "read", as managed does for resources.
func trackedDataSource(inner func() datasource.DataSource) func() datasource.DataSource {
	var meta datasource.MetadataResponse
	inner().Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: providerTypeName}, &meta)
	return func() datasource.DataSource { return &tracked{DataSource: inner(), typeName: meta.TypeName} }
}

type tracked struct {
	datasource.DataSource
	typeName string
}

var _ datasource.DataSourceWithConfigure = (*tracked)(nil)

func (d *tracked) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	d.DataSource.Read(snowflake.WithOperation(ctx, d.typeName, "read"), req, resp)
}

func (d *tracked) Configure(ctx context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if inner, ok := d.DataSource.(datasource.DataSourceWithConfigure); ok {
		inner.Configure(ctx, req, resp)
	}
}

// gone names an object that vanished outside Terraform, for its warning.
type gone struct{ kind, object string }

// readObject is every resource's Read: the prior state into the model,
// the object read into it, the state written back. An object read reports
// gone is forgotten with a warning, so that the next apply creates it
// again; a provider configuration known only after apply keeps the prior
// state instead of failing the plan.
func readObject[M any](ctx context.Context, r *providerResource, req resource.ReadRequest, resp *resource.ReadResponse,
	read func(ctx context.Context, client *snowflake.Client, m *M, diags *diag.Diagnostics) *gone) {
	if r.configUnknown() {
		return
	}
	var m M
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	g := read(ctx, client, &m, &resp.Diagnostics)
	switch {
	case resp.Diagnostics.HasError():
	case g != nil:
		resp.Diagnostics.Append(goneWarning(g.kind, g.object))
		resp.State.RemoveResource(ctx)
	default:
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}
