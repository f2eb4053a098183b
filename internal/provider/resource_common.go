package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// providerResource is embedded by every resource for Configure and the client.
type providerResource struct {
	data *ProviderData
}

func (r *providerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataOf(req.ProviderData, &resp.Diagnostics)
}

// providerDataOf is the data the provider's Configure gave, nil before
// Terraform has configured the provider.
func providerDataOf(data any, diags *diag.Diagnostics) *ProviderData {
	if data == nil {
		return nil
	}
	d, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *ProviderData, got %T; this is a bug in the provider, please report it.", data))
	}
	return d
}

// configUnknown reports a provider configuration that depends on values
// known only after apply; Read then keeps the prior state instead of
// failing the plan.
func (r *providerResource) configUnknown() bool {
	return r.data != nil && r.data.Unknown
}

func (r *providerResource) client(diags *diag.Diagnostics) *snowflake.Client {
	client, d := r.data.snowflakeClient()
	diags.Append(d...)
	return client
}

// sqlDiag turns a SQL-layer error into an actionable diagnostic: what
// failed, Snowflake's own message, and what to do about it.
func sqlDiag(action, object string, err error) diag.Diagnostic {
	var hint string
	switch {
	case errors.Is(err, snowflake.ErrObjectNotFound):
		hint = "Check that the object and its database and schema exist, and that the provider's role has USAGE on the database and schema (names are case-sensitive)."
	case errors.Is(err, snowflake.ErrObjectAlreadyExists):
		hint = "An object with this name already exists. Import it with `terraform import` (or an import block), or choose another name."
	case errors.Is(err, snowflake.ErrInsufficientPrivileges):
		hint = "Grant the provider's role the missing privilege, or configure the provider with a role that has it (the `role` setting)."
	default:
		hint = "Fix the cause above and run terraform apply again."
	}
	return diag.NewErrorDiagnostic(
		fmt.Sprintf("Unable to %s %s", action, object),
		fmt.Sprintf("%s\n\n%s", err.Error(), hint),
	)
}

// missingApplication is the error for an application that does not exist
// (or that the provider's role cannot see), on the `application` attribute:
// Snowflake's "Database '…' does not exist or not authorized" names neither.
// ok is false when the application exists (the error is another one).
func missingApplication(ctx context.Context, client *snowflake.Client, app string) (diag.Diagnostic, bool) {
	id := snowflake.NewAccountObjectIdentifier(app)
	if _, err := client.Application(ctx, id); !errors.Is(err, snowflake.ErrObjectNotFound) {
		return nil, false
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("application"), "Application not found",
		fmt.Sprintf("application %s does not exist, or the provider's role cannot see it, and no ghconnector_application of this "+
			"configuration creates it first. Reference the application resource, e.g. "+
			"application = ghconnector_application.connector.name (or ghconnector_connector_config.<name>.application for a repository), "+
			"so that it is created first; or fix the name (it is case-sensitive).", id.FullyQualifiedName())), true
}

// missingApplicationAtPlan is missingApplication at plan time: an
// application a ghconnector_application of this command plans to create is
// not missing. Terraform plans a resource after those it references, so a
// reference to that application registers it before this check runs.
func (d *ProviderData) missingApplicationAtPlan(ctx context.Context, app string) (diag.Diagnostic, bool) {
	if d == nil || d.Unknown || d.Snowflake == nil || d.plannedApps.has(snowflake.NewAccountObjectIdentifier(app).FullyQualifiedName()) {
		return nil, false
	}
	return missingApplication(ctx, d.Snowflake, app)
}

// goneWarning is the diagnostic for an object that vanished out of band.
func goneWarning(kind, object string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(
		fmt.Sprintf("%s %s no longer exists", kind, object),
		fmt.Sprintf("The %s was dropped outside Terraform (or the provider's role lost access to it). It has been removed from the state; the next apply creates it again.", kind),
	)
}

// commentAttribute is the optional comment every object has. An empty
// string is refused because Snowflake reads it back as no comment.
func commentAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		MarkdownDescription: "Comment. Updated in place; remove the attribute (rather than setting \"\") to clear it.",
	}
}

// stringOrNull maps "" to null so an unset optional string reads back unset.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// optionalString returns a pointer for a set value and nil for null/unknown.
func optionalString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

// importSchemaObject sets the name attributes Read needs for a schema object.
func importSchemaObject(ctx context.Context, resp *resource.ImportStateResponse, id snowflake.SchemaObjectIdentifier) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.Append(resp.State.SetAttribute(ctx, path.Root("database"), id.DatabaseName())...)
	diags.Append(resp.State.SetAttribute(ctx, path.Root("schema"), id.SchemaName())...)
	diags.Append(resp.State.SetAttribute(ctx, path.Root("name"), id.Name())...)
	diags.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.FullyQualifiedName())...)
	return diags
}

// execAll runs statements in order and reports the first failure as a
// diagnostic; nil statements are skipped. It returns false on failure.
func execAll(ctx context.Context, client *snowflake.Client, diags *diag.Diagnostics, action, object string, stmts ...snowflake.Statement) bool {
	for _, st := range stmts {
		if st == nil {
			continue
		}
		if err := client.Exec(ctx, st); err != nil {
			diags.Append(sqlDiag(action, object, err))
			return false
		}
	}
	return true
}

// dropIfExists runs a DROP … IF EXISTS; an object already gone is fine.
func dropIfExists(ctx context.Context, client *snowflake.Client, diags *diag.Diagnostics, action, object string, st snowflake.Statement) {
	if err := client.Exec(ctx, st); err != nil && !snowflake.IsNotFound(err) {
		diags.Append(sqlDiag(action, object, err))
	}
}
