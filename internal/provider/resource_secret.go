package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

var (
	_ resource.ResourceWithConfigure   = (*secretResource)(nil)
	_ resource.ResourceWithImportState = (*secretResource)(nil)
)

// NewSecretResource manages a GENERIC_STRING secret holding the GitHub token.
func NewSecretResource() resource.Resource { return &secretResource{} }

type secretResource struct{ providerResource }

type secretModel struct {
	ID                    types.String `tfsdk:"id"`
	Database              types.String `tfsdk:"database"`
	Schema                types.String `tfsdk:"schema"`
	Name                  types.String `tfsdk:"name"`
	SecretStringWO        types.String `tfsdk:"secret_string_wo"`
	SecretStringWOVersion types.Int64  `tfsdk:"secret_string_wo_version"`
	Comment               types.String `tfsdk:"comment"`
	FullyQualifiedName    types.String `tfsdk:"fully_qualified_name"`
}

func (m secretModel) identifier() snowflake.SchemaObjectIdentifier {
	return snowflake.NewSchemaObjectIdentifier(m.Database.ValueString(), m.Schema.ValueString(), m.Name.ValueString())
}

func (r *secretResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret"
}

func (r *secretResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := nameAttributes("secret")
	attrs["secret_string_wo"] = schema.StringAttribute{
		Required: true, WriteOnly: true, Sensitive: true, Validators: []validator.String{usableSecret{}},
		MarkdownDescription: "The secret value, typically a GitHub token. **Write-only**: Terraform sends it to Snowflake and never stores it " +
			"in state or plan files. Changing it alone changes nothing: bump `secret_string_wo_version` to rotate. Requires Terraform 1.11 or later.",
	}
	attrs["secret_string_wo_version"] = schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "Any number; change it (for example increment it) to send the current `secret_string_wo` to Snowflake " +
			"with `ALTER SECRET … SET SECRET_STRING`. The secret is rotated in place, without recreating it.",
	}
	attrs["comment"] = commentAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Snowflake secret of type `GENERIC_STRING` holding the GitHub token the connector uses. " +
			"The token is a write-only argument, so it never appears in state, plan output or provider logs.",
		Attributes: attrs,
	}
}

func (r *secretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	secret := writeOnlySecret(ctx, req.Config, &resp.Diagnostics)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.identifier()
	err := client.Exec(ctx, snowflake.CreateSecretGenericString{ID: id, SecretString: secret, Comment: optionalString(plan.Comment)})
	if err != nil {
		resp.Diagnostics.Append(sqlDiag("create secret", id.FullyQualifiedName(), err))
		return
	}
	plan.SecretStringWO = types.StringNull()
	plan.ID = types.StringValue(id.FullyQualifiedName())
	plan.FullyQualifiedName = plan.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *secretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readObject(ctx, &r.providerResource, req, resp, r.read)
}

func (r *secretResource) read(ctx context.Context, client *snowflake.Client, state *secretModel, diags *diag.Diagnostics) *gone {
	id := state.identifier()
	secret, err := client.Secret(ctx, id)
	if snowflake.IsNotFound(err) {
		return &gone{"Secret", id.FullyQualifiedName()}
	}
	if err != nil {
		diags.Append(sqlDiag("read secret", id.FullyQualifiedName(), err))
		return nil
	}
	if secret.SecretType != "GENERIC_STRING" {
		diags.AddError(fmt.Sprintf("Secret %s has type %s", id.FullyQualifiedName(), secret.SecretType),
			"This resource manages GENERIC_STRING secrets; the secret was replaced outside Terraform with another type. Drop it, or remove it from the state with terraform state rm.")
		return nil
	}
	state.Comment = stringOrNull(secret.Comment)
	state.SecretStringWO = types.StringNull()
	state.ID = types.StringValue(id.FullyQualifiedName())
	state.FullyQualifiedName = state.ID
	return nil
}

func (r *secretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.identifier()
	set := snowflake.AlterSecretSet{ID: id}
	if !plan.SecretStringWOVersion.Equal(state.SecretStringWOVersion) {
		secret := writeOnlySecret(ctx, req.Config, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		set.SecretString = &secret
	}
	if !plan.Comment.Equal(state.Comment) && !plan.Comment.IsNull() {
		set.Comment = optionalString(plan.Comment)
	}
	var stmts []snowflake.Statement
	if set.SecretString != nil || set.Comment != nil {
		stmts = append(stmts, set)
	}
	if plan.Comment.IsNull() && !state.Comment.IsNull() {
		stmts = append(stmts, snowflake.AlterSecretClearComment{ID: id})
	}
	if !execAll(ctx, client, &resp.Diagnostics, "update secret", id.FullyQualifiedName(), stmts...) {
		return
	}
	plan.SecretStringWO = types.StringNull()
	plan.ID = types.StringValue(id.FullyQualifiedName())
	plan.FullyQualifiedName = plan.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *secretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.identifier()
	dropIfExists(ctx, client, &resp.Diagnostics, "drop secret", id.FullyQualifiedName(), snowflake.DropSecret{IfExists: true, ID: id})
}

func (r *secretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := snowflake.ParseSchemaObjectIdentifier(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID for ghconnector_secret",
			fmt.Sprintf("%s. Example: terraform import ghconnector_secret.github '\"MY_DB\".\"PUBLIC\".\"GITHUB_TOKEN\"'", err))
		return
	}
	resp.Diagnostics.Append(importSchemaObject(ctx, resp, id)...)
}

// writeOnlySecret reads secret_string_wo from the configuration, the only
// place Terraform ever holds it.
func writeOnlySecret(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) string {
	var secret types.String
	diags.Append(config.GetAttribute(ctx, path.Root("secret_string_wo"), &secret)...)
	if diags.HasError() {
		return ""
	}
	if secret.IsNull() || secret.IsUnknown() {
		diags.AddAttributeError(path.Root("secret_string_wo"), "Missing secret value",
			"secret_string_wo must be known at apply time; pass the token from an ephemeral variable or an ephemeral resource.")
		return ""
	}
	return secret.ValueString()
}
