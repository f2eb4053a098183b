package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*currentAccountDataSource)(nil)

// NewCurrentAccountDataSource reports the account, user and role the
// provider runs as, so a pipeline can assert it targets the right account.
func NewCurrentAccountDataSource() datasource.DataSource {
	return &currentAccountDataSource{}
}

type currentAccountDataSource struct{ providerDataSource }

type currentAccountModel struct {
	Account   types.String `tfsdk:"account"`
	User      types.String `tfsdk:"user"`
	Role      types.String `tfsdk:"role"`
	Warehouse types.String `tfsdk:"warehouse"`
	Version   types.String `tfsdk:"version"`
}

func (d *currentAccountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_current_account"
}

func (d *currentAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Snowflake account, user, role and warehouse of the provider's session. " +
			"Use it in a `precondition` to make sure a pipeline applies to the account you expect.",
		Attributes: map[string]schema.Attribute{
			"account":   schema.StringAttribute{Computed: true, MarkdownDescription: "`CURRENT_ACCOUNT()`."},
			"user":      schema.StringAttribute{Computed: true, MarkdownDescription: "`CURRENT_USER()`."},
			"role":      schema.StringAttribute{Computed: true, MarkdownDescription: "`CURRENT_ROLE()`."},
			"warehouse": schema.StringAttribute{Computed: true, MarkdownDescription: "`CURRENT_WAREHOUSE()`; empty when the session has none."},
			"version":   schema.StringAttribute{Computed: true, MarkdownDescription: "`CURRENT_VERSION()` of Snowflake."},
		},
	}
}

func (d *currentAccountDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	client, diags := d.data.snowflakeClient()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	session, err := client.CurrentSession(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the current Snowflake session", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, currentAccountModel{
		Account:   types.StringValue(session.Account),
		User:      types.StringValue(session.User),
		Role:      types.StringValue(session.Role),
		Warehouse: types.StringValue(session.Warehouse),
		Version:   types.StringValue(session.Version),
	})...)
}
