package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Resource identity (Terraform 1.12+, OpenTofu 1.12): each resource is
// identified by some of its own string attributes, declared once here; an
// import block's identity names them instead of a composite ID string.
// withIdentity adds it to a resource without touching its lifecycle: the
// identity is copied from the state each Create, Read and Update leaves,
// and an import by identity becomes an import by the ID it composes.

// identitySpec is a resource's identity: its attributes (each the state
// attribute of that name, a string) and the import ID they compose.
type identitySpec struct {
	attrs    []identityAttr
	importID func(values map[string]string) string
}

type identityAttr struct{ name, description string }

var identities = map[string]identitySpec{
	"ghconnector_network_rule": schemaObjectIdentity("network rule"),
	"ghconnector_secret":       schemaObjectIdentity("secret"),
	"ghconnector_external_access_integration": accountObjectIdentity("name",
		"The integration's name, as in `name`."),
	"ghconnector_application": accountObjectIdentity("name", "The application's name, as in `name`."),
	"ghconnector_connector_config": accountObjectIdentity("application",
		"The application the configuration belongs to, as in `application`."),
	"ghconnector_repository": {
		attrs: []identityAttr{{"application", "The application, as in `application`."},
			{"repository", "The repository, `owner/name`, as in `repository`."}},
		importID: func(v map[string]string) string { return repositoryID(v["application"], v["repository"]) },
	},
}

func schemaObjectIdentity(what string) identitySpec {
	return identitySpec{
		attrs: []identityAttr{{"database", "The " + what + "'s database."}, {"schema", "The " + what + "'s schema."},
			{"name", "The " + what + "'s name."}},
		importID: func(v map[string]string) string {
			return snowflake.NewSchemaObjectIdentifier(v["database"], v["schema"], v["name"]).FullyQualifiedName()
		},
	}
}

func accountObjectIdentity(attr, description string) identitySpec {
	return identitySpec{
		attrs: []identityAttr{{attr, description}},
		importID: func(v map[string]string) string {
			return snowflake.NewAccountObjectIdentifier(v[attr]).FullyQualifiedName()
		},
	}
}

// withIdentity wraps a resource constructor with its declared identity.
func withIdentity(typeName string, inner func() resource.Resource) func() resource.Resource {
	spec, ok := identities[typeName]
	if !ok {
		panic("no identity declared for " + typeName)
	}
	return func() resource.Resource { return &identified{Resource: inner(), spec: spec} }
}

// identified forwards every lifecycle method to the resource it wraps and
// keeps the identity; the optional interfaces it implements are no-ops
// where the wrapped resource does not implement them.
type identified struct {
	resource.Resource
	spec identitySpec
}

var (
	_ resource.ResourceWithIdentity         = (*identified)(nil)
	_ resource.ResourceWithImportState      = (*identified)(nil)
	_ resource.ResourceWithConfigure        = (*identified)(nil)
	_ resource.ResourceWithModifyPlan       = (*identified)(nil)
	_ resource.ResourceWithValidateConfig   = (*identified)(nil)
	_ resource.ResourceWithConfigValidators = (*identified)(nil)
)

func (r *identified) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attrs := map[string]identityschema.Attribute{}
	for _, a := range r.spec.attrs {
		attrs[a.name] = identityschema.StringAttribute{RequiredForImport: true, Description: a.description}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

// keep copies the identity from the state a lifecycle method left, or
// from the prior state when it removed the resource (gone outside
// Terraform): the framework wants an identity after every Read.
func (r *identified) keep(ctx context.Context, state, prior tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
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

func (r *identified) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.Resource.Create(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.keep(ctx, resp.State, tfsdk.State(req.Plan), resp.Identity)...)
	}
}

func (r *identified) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.Resource.Read(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.keep(ctx, resp.State, req.State, resp.Identity)...)
	}
}

func (r *identified) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.Resource.Update(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.keep(ctx, resp.State, req.State, resp.Identity)...)
	}
}

// ImportState imports by ID as the resource does; an import by identity
// imports by the ID its values compose.
func (r *identified) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
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
	inner.ImportState(ctx, req, resp)
}

func (r *identified) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if inner, ok := r.Resource.(resource.ResourceWithConfigure); ok {
		inner.Configure(ctx, req, resp)
	}
}

func (r *identified) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if inner, ok := r.Resource.(resource.ResourceWithModifyPlan); ok {
		inner.ModifyPlan(ctx, req, resp)
	}
}

func (r *identified) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if inner, ok := r.Resource.(resource.ResourceWithValidateConfig); ok {
		inner.ValidateConfig(ctx, req, resp)
	}
}

func (r *identified) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if inner, ok := r.Resource.(resource.ResourceWithConfigValidators); ok {
		return inner.ConfigValidators(ctx)
	}
	return nil
}

// identityAttributes are the state attributes a resource's identity
// names; a test checks each exists in its schema as a string.
func identityAttributes(typeName string) []string {
	var out []string
	for _, a := range identities[typeName].attrs {
		out = append(out, a.name)
	}
	return out
}
