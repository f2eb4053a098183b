package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

var (
	_ resource.ResourceWithConfigure   = (*externalAccessIntegrationResource)(nil)
	_ resource.ResourceWithImportState = (*externalAccessIntegrationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*externalAccessIntegrationResource)(nil)
)

// ModifyPlan checks, before the integration is created, that the role may.
func (r *externalAccessIntegrationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	resp.Diagnostics.Append(r.data.preflight(ctx, "ghconnector_external_access_integration", needCreateIntegration)...)
}

// NewExternalAccessIntegrationResource manages an external access integration.
func NewExternalAccessIntegrationResource() resource.Resource {
	return &externalAccessIntegrationResource{}
}

type externalAccessIntegrationResource struct{ providerResource }

type externalAccessIntegrationModel struct {
	ID                           types.String `tfsdk:"id"`
	Name                         types.String `tfsdk:"name"`
	AllowedNetworkRules          types.Set    `tfsdk:"allowed_network_rules"`
	AllowedAuthenticationSecrets types.Set    `tfsdk:"allowed_authentication_secrets"`
	Enabled                      types.Bool   `tfsdk:"enabled"`
	Comment                      types.String `tfsdk:"comment"`
	FullyQualifiedName           types.String `tfsdk:"fully_qualified_name"`
}

func (r *externalAccessIntegrationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_external_access_integration"
}

func (r *externalAccessIntegrationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	names := []validator.Set{setvalidator.ValueStringsAre(schemaObjectName{})}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Snowflake external access integration: the account-level object that lets the connector's " +
			"procedures reach the hosts of its network rules with the secrets it names.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Required: true, Validators: []validator.String{identifierPart{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "Name of the integration (an account object). Case-sensitive. Changing it replaces the integration."},
			"allowed_network_rules": schema.SetAttribute{Required: true, ElementType: types.StringType,
				Validators:          append(names, setvalidator.SizeAtLeast(1)),
				MarkdownDescription: "Fully qualified names of `EGRESS` network rules, such as `ghconnector_network_rule.github.fully_qualified_name`. Updated in place."},
			"allowed_authentication_secrets": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				Validators:          names,
				MarkdownDescription: "Fully qualified names of the secrets procedures may use through this integration, such as `ghconnector_secret.github.fully_qualified_name`. Updated in place."},
			"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether the integration is enabled (default `true`). Updated in place."},
			"comment": commentAttribute(),
			"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The quoted name, `\"<name>\"`; also the import ID."},
			"fully_qualified_name": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The quoted name, for references."},
		},
	}
}

// parseNames parses a set of fully qualified names into identifiers.
func parseNames(ctx context.Context, attr string, s types.Set) ([]snowflake.SchemaObjectIdentifier, diag.Diagnostics) {
	var diags diag.Diagnostics
	if s.IsNull() || s.IsUnknown() {
		return nil, diags
	}
	var values []string
	diags.Append(s.ElementsAs(ctx, &values, false)...)
	slices.Sort(values)
	ids := make([]snowflake.SchemaObjectIdentifier, 0, len(values))
	for _, v := range values {
		id, err := snowflake.ParseSchemaObjectIdentifier(v)
		if err != nil {
			diags.AddAttributeError(path.Root(attr), "Invalid fully qualified name", err.Error())
			continue
		}
		ids = append(ids, id)
	}
	return ids, diags
}

// reconcileNames turns names read from Snowflake into a set, keeping the
// prior spelling of each name that denotes the same object, so `DB.S.R`
// and `"DB"."S"."R"` never cause a diff.
func reconcileNames(ctx context.Context, prior types.Set, remote []string) (types.Set, diag.Diagnostics) {
	var diags diag.Diagnostics
	spelled := map[snowflake.SchemaObjectIdentifier]string{}
	if !prior.IsNull() && !prior.IsUnknown() {
		var values []string
		diags.Append(prior.ElementsAs(ctx, &values, false)...)
		for _, v := range values {
			if id, err := snowflake.ParseSchemaObjectIdentifier(v); err == nil {
				spelled[id] = v
			}
		}
	}
	out := make([]string, 0, len(remote))
	for _, r := range remote {
		id, err := snowflake.ParseSchemaObjectIdentifier(r)
		if err != nil {
			out = append(out, r)
			continue
		}
		if s, ok := spelled[id]; ok {
			out = append(out, s)
		} else {
			out = append(out, id.FullyQualifiedName())
		}
	}
	if len(out) == 0 && prior.IsNull() {
		return types.SetNull(types.StringType), diags
	}
	set, d := types.SetValueFrom(ctx, types.StringType, out)
	diags.Append(d...)
	return set, diags
}

func (r *externalAccessIntegrationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan externalAccessIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	rules, d := parseNames(ctx, "allowed_network_rules", plan.AllowedNetworkRules)
	resp.Diagnostics.Append(d...)
	secrets, d := parseNames(ctx, "allowed_authentication_secrets", plan.AllowedAuthenticationSecrets)
	resp.Diagnostics.Append(d...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := snowflake.NewAccountObjectIdentifier(plan.Name.ValueString())
	err := client.Exec(ctx, snowflake.CreateExternalAccessIntegration{
		ID: id, AllowedNetworkRules: rules, AllowedAuthenticationSecrets: secrets,
		Enabled: plan.Enabled.ValueBool(), Comment: optionalString(plan.Comment),
	})
	if err != nil {
		resp.Diagnostics.Append(sqlDiag("create external access integration", id.FullyQualifiedName(), err))
		return
	}
	plan.ID = types.StringValue(id.FullyQualifiedName())
	plan.FullyQualifiedName = plan.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *externalAccessIntegrationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readObject(ctx, &r.providerResource, req, resp, r.read)
}

func (r *externalAccessIntegrationResource) read(ctx context.Context, client *snowflake.Client, state *externalAccessIntegrationModel,
	diags *diag.Diagnostics) *gone {
	id := snowflake.NewAccountObjectIdentifier(state.Name.ValueString())
	eai, err := client.ExternalAccessIntegration(ctx, id)
	if snowflake.IsNotFound(err) {
		return &gone{"External access integration", id.FullyQualifiedName()}
	}
	if err != nil {
		diags.Append(sqlDiag("read external access integration", id.FullyQualifiedName(), err))
		return nil
	}
	rules, d := reconcileNames(ctx, state.AllowedNetworkRules, eai.AllowedNetworkRules)
	diags.Append(d...)
	secrets, d := reconcileNames(ctx, state.AllowedAuthenticationSecrets, eai.AllowedAuthenticationSecrets)
	diags.Append(d...)
	state.AllowedNetworkRules = rules
	state.AllowedAuthenticationSecrets = secrets
	state.Enabled = types.BoolValue(eai.Enabled)
	state.Comment = stringOrNull(eai.Comment)
	state.ID = types.StringValue(id.FullyQualifiedName())
	state.FullyQualifiedName = state.ID
	return nil
}

func (r *externalAccessIntegrationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state externalAccessIntegrationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := snowflake.NewAccountObjectIdentifier(plan.Name.ValueString())
	set := snowflake.AlterExternalAccessIntegrationSet{ID: id}
	changed := false
	if !plan.AllowedNetworkRules.Equal(state.AllowedNetworkRules) {
		rules, d := parseNames(ctx, "allowed_network_rules", plan.AllowedNetworkRules)
		resp.Diagnostics.Append(d...)
		set.AllowedNetworkRules, changed = rules, true
	}
	unsetSecrets := false
	if !plan.AllowedAuthenticationSecrets.Equal(state.AllowedAuthenticationSecrets) {
		secrets, d := parseNames(ctx, "allowed_authentication_secrets", plan.AllowedAuthenticationSecrets)
		resp.Diagnostics.Append(d...)
		if len(secrets) == 0 {
			unsetSecrets = true
		} else {
			set.AllowedAuthenticationSecrets, changed = secrets, true
		}
	}
	if !plan.Enabled.Equal(state.Enabled) {
		v := plan.Enabled.ValueBool()
		set.Enabled, changed = &v, true
	}
	if !plan.Comment.Equal(state.Comment) && !plan.Comment.IsNull() {
		set.Comment, changed = optionalString(plan.Comment), true
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var stmts []snowflake.Statement
	if changed {
		stmts = append(stmts, set)
	}
	unset := snowflake.AlterExternalAccessIntegrationUnset{ID: id, AllowedAuthenticationSecrets: unsetSecrets,
		Comment: plan.Comment.IsNull() && !state.Comment.IsNull()}
	if unset.AllowedAuthenticationSecrets || unset.Comment {
		stmts = append(stmts, unset)
	}
	if !execAll(ctx, client, &resp.Diagnostics, "update external access integration", id.FullyQualifiedName(), stmts...) {
		return
	}
	plan.ID = types.StringValue(id.FullyQualifiedName())
	plan.FullyQualifiedName = plan.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *externalAccessIntegrationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state externalAccessIntegrationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := snowflake.NewAccountObjectIdentifier(state.Name.ValueString())
	dropIfExists(ctx, client, &resp.Diagnostics, "drop external access integration", id.FullyQualifiedName(),
		snowflake.DropExternalAccessIntegration{IfExists: true, ID: id})
}

func (r *externalAccessIntegrationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := snowflake.ParseAccountObjectIdentifier(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID for ghconnector_external_access_integration",
			fmt.Sprintf("%s. Example: terraform import ghconnector_external_access_integration.github '\"GITHUB_EAI\"'", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), id.Name())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.FullyQualifiedName())...)
}
