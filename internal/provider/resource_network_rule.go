package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

var (
	_ resource.ResourceWithConfigure      = (*networkRuleResource)(nil)
	_ resource.ResourceWithImportState    = (*networkRuleResource)(nil)
	_ resource.ResourceWithValidateConfig = (*networkRuleResource)(nil)
)

// NewNetworkRuleResource manages a Snowflake network rule.
func NewNetworkRuleResource() resource.Resource { return &networkRuleResource{} }

type networkRuleResource struct{ providerResource }

type networkRuleModel struct {
	ID                 types.String `tfsdk:"id"`
	Database           types.String `tfsdk:"database"`
	Schema             types.String `tfsdk:"schema"`
	Name               types.String `tfsdk:"name"`
	Type               types.String `tfsdk:"type"`
	Mode               types.String `tfsdk:"mode"`
	ValueList          types.Set    `tfsdk:"value_list"`
	Comment            types.String `tfsdk:"comment"`
	FullyQualifiedName types.String `tfsdk:"fully_qualified_name"`
}

func (m networkRuleModel) identifier() snowflake.SchemaObjectIdentifier {
	return snowflake.NewSchemaObjectIdentifier(m.Database.ValueString(), m.Schema.ValueString(), m.Name.ValueString())
}

func (r *networkRuleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network_rule"
}

// nameAttributes are the database/schema/name triple shared by schema objects.
func nameAttributes(kind string) map[string]schema.Attribute {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	valid := []validator.String{identifierPart{}}
	return map[string]schema.Attribute{
		"database": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: valid,
			MarkdownDescription: "Database of the " + kind + ". Case-sensitive (it is always quoted). Changing it replaces the " + kind + "."},
		"schema": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: valid,
			MarkdownDescription: "Schema of the " + kind + ". Case-sensitive. Changing it replaces the " + kind + "."},
		"name": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: valid,
			MarkdownDescription: "Name of the " + kind + ". Case-sensitive: `github` and `GITHUB` are different objects. Changing it replaces the " + kind + "."},
		"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "The quoted fully qualified name, `\"<database>\".\"<schema>\".\"<name>\"`; also the import ID."},
		"fully_qualified_name": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "The quoted fully qualified name, for references such as `allowed_network_rules`."},
	}
}

func (r *networkRuleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := nameAttributes("network rule")
	attrs["type"] = schema.StringAttribute{
		Optional: true, Computed: true, Default: stringdefault.StaticString(string(snowflake.NetworkRuleTypeHostPort)),
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          []validator.String{stringvalidator.OneOf(enumStrings(snowflake.AllNetworkRuleTypes)...)},
		MarkdownDescription: "What `value_list` holds: `HOST_PORT` (default), `PRIVATE_HOST_PORT`, `IPV4`, `AWSVPCEID`, `AZURELINKID` or `GCPPSCID`. Changing it replaces the rule.",
	}
	attrs["mode"] = schema.StringAttribute{
		Optional: true, Computed: true, Default: stringdefault.StaticString(string(snowflake.NetworkRuleModeEgress)),
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          []validator.String{stringvalidator.OneOf(enumStrings(snowflake.AllNetworkRuleModes)...)},
		MarkdownDescription: "Direction: `EGRESS` (default; the only mode an external access integration accepts), `INGRESS` or `INTERNAL_STAGE`. Changing it replaces the rule.",
	}
	attrs["value_list"] = schema.SetAttribute{
		Required: true, ElementType: types.StringType,
		Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
		MarkdownDescription: "Entries of the rule. For `HOST_PORT`: `host[:port]` such as `api.github.com:443` (port 0-65535, default 443; `*.github.com` allowed, `*.com` not). Updated in place.",
	}
	attrs["comment"] = commentAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Snowflake network rule, used by `ghconnector_external_access_integration` to allow the connector to reach GitHub.",
		Attributes:          attrs,
	}
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func (r *networkRuleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m networkRuleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ValueList.IsUnknown() || m.ValueList.IsNull() {
		return
	}
	typ := m.Type.ValueString()
	if m.Type.IsUnknown() {
		return
	}
	if typ == "" {
		typ = string(snowflake.NetworkRuleTypeHostPort)
	}
	if (typ == string(snowflake.NetworkRuleTypeHostPort) || typ == string(snowflake.NetworkRuleTypePrivateHostPort)) &&
		!m.Mode.IsUnknown() && !m.Mode.IsNull() && m.Mode.ValueString() != string(snowflake.NetworkRuleModeEgress) {
		resp.Diagnostics.AddAttributeError(path.Root("mode"), "Invalid network rule mode",
			fmt.Sprintf("type = %q requires mode = \"EGRESS\"; remove mode or set it to EGRESS.", typ))
	}
	if typ != string(snowflake.NetworkRuleTypeHostPort) && typ != string(snowflake.NetworkRuleTypePrivateHostPort) {
		return
	}
	var values []types.String
	resp.Diagnostics.Append(m.ValueList.ElementsAs(ctx, &values, false)...)
	for _, v := range values {
		if v.IsUnknown() || v.IsNull() {
			continue
		}
		if err := snowflake.ValidateHostPort(v.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("value_list"), "Invalid network rule entry",
				fmt.Sprintf("%q: %s. Write HOST_PORT entries as host[:port], for example api.github.com:443 or *.github.com.", v.ValueString(), err))
		}
	}
}

func (r *networkRuleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan networkRuleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var values []string
	resp.Diagnostics.Append(plan.ValueList.ElementsAs(ctx, &values, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	slices.Sort(values)
	id := plan.identifier()
	err := client.Exec(ctx, snowflake.CreateNetworkRule{
		ID: id, Type: snowflake.NetworkRuleType(plan.Type.ValueString()), Mode: snowflake.NetworkRuleMode(plan.Mode.ValueString()),
		ValueList: values, Comment: optionalString(plan.Comment),
	})
	if err != nil {
		resp.Diagnostics.Append(sqlDiag("create network rule", id.FullyQualifiedName(), err))
		return
	}
	plan.ID = types.StringValue(id.FullyQualifiedName())
	plan.FullyQualifiedName = plan.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *networkRuleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readObject(ctx, &r.providerResource, req, resp, r.read)
}

func (r *networkRuleResource) read(ctx context.Context, client *snowflake.Client, state *networkRuleModel, diags *diag.Diagnostics) *gone {
	id := state.identifier()
	rule, err := client.NetworkRule(ctx, id)
	if snowflake.IsNotFound(err) {
		return &gone{"Network rule", id.FullyQualifiedName()}
	}
	if err != nil {
		diags.Append(sqlDiag("read network rule", id.FullyQualifiedName(), err))
		return nil
	}
	state.Type = types.StringValue(rule.Type)
	state.Mode = types.StringValue(rule.Mode)
	values, d := types.SetValueFrom(ctx, types.StringType, rule.ValueList)
	diags.Append(d...)
	state.ValueList = values
	state.Comment = stringOrNull(rule.Comment)
	state.ID = types.StringValue(id.FullyQualifiedName())
	state.FullyQualifiedName = state.ID
	return nil
}

func (r *networkRuleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state networkRuleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.identifier()
	set := snowflake.AlterNetworkRuleSet{ID: id}
	if !plan.ValueList.Equal(state.ValueList) {
		var values []string
		resp.Diagnostics.Append(plan.ValueList.ElementsAs(ctx, &values, false)...)
		slices.Sort(values)
		set.ValueList = values
	}
	if !plan.Comment.Equal(state.Comment) && !plan.Comment.IsNull() {
		set.Comment = optionalString(plan.Comment)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var stmts []snowflake.Statement
	if set.ValueList != nil || set.Comment != nil {
		stmts = append(stmts, set)
	}
	if plan.Comment.IsNull() && !state.Comment.IsNull() {
		stmts = append(stmts, snowflake.AlterNetworkRuleUnset{ID: id, Comment: true})
	}
	if !execAll(ctx, client, &resp.Diagnostics, "update network rule", id.FullyQualifiedName(), stmts...) {
		return
	}
	plan.ID = types.StringValue(id.FullyQualifiedName())
	plan.FullyQualifiedName = plan.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *networkRuleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state networkRuleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.identifier()
	dropIfExists(ctx, client, &resp.Diagnostics, "drop network rule", id.FullyQualifiedName(), snowflake.DropNetworkRule{IfExists: true, ID: id})
}

func (r *networkRuleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := snowflake.ParseSchemaObjectIdentifier(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID for ghconnector_network_rule",
			fmt.Sprintf("%s. Example: terraform import ghconnector_network_rule.github '\"MY_DB\".\"PUBLIC\".\"GITHUB_API\"'", err))
		return
	}
	resp.Diagnostics.Append(importSchemaObject(ctx, resp, id)...)
}
