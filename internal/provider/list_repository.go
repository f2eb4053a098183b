package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// NewRepositoryListResource lists the repositories an application ingests
// (terraform query, Terraform 1.14+): with -generate-config-out, Terraform
// writes a ghconnector_repository and its import block for each, adopting
// an installation set up by hand or by an earlier tool.
func NewRepositoryListResource() list.ListResource { return &repositoryList{} }

type repositoryList struct{ providerResource }

var _ list.ListResourceWithConfigure = (*repositoryList)(nil)

func (r *repositoryList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_repository"
}

func (r *repositoryList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The repositories an application ingests (enabled ones), each with its identity and, when asked, its state.",
		Attributes: map[string]listschema.Attribute{
			"application": listschema.StringAttribute{Required: true, MarkdownDescription: "Name of the connector application."},
		},
	}
}

func (r *repositoryList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx = snowflake.WithOperation(ctx, "ghconnector_repository", "list")
	var config struct {
		Application types.String `tfsdk:"application"`
	}
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &config)...)
	client := r.client(&diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	app := config.Application.ValueString()
	statuses, err := client.IngestionStatuses(ctx, snowflake.NewAccountObjectIdentifier(app), "")
	if err != nil {
		if d, missing := missingApplication(ctx, client, app); missing {
			diags.Append(d)
		} else {
			diags.Append(sqlDiag("list the repositories of", app, err))
		}
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	reader := &repositoryResource{providerResource: r.providerResource}
	stream.Results = func(push func(list.ListResult) bool) {
		var listed int64
		for _, st := range statuses {
			if !st.Enabled {
				continue
			}
			if req.Limit > 0 && listed >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = st.ResourceID
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("application"), app)...)
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("repository"), st.ResourceID)...)
			if req.IncludeResource {
				m := repositoryModel{Application: types.StringValue(app), Repository: types.StringValue(st.ResourceID),
					DropDataOnDestroy: types.BoolValue(false)}
				if reader.readInto(ctx, client, &m, &result.Diagnostics, true) {
					result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
				}
			}
			if !push(result) {
				return
			}
			listed++
		}
	}
}
