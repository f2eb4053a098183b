package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// objectList lists the objects of one kind a SHOW finds (terraform query,
// Terraform 1.14+), each with the identity its resource declares and, when
// asked, its state read as the resource's Read reads it.
type objectList[M any] struct {
	providerResource
	typeName    string // the resource type, e.g. ghconnector_network_rule
	description string
	inSchema    bool // listed per schema (database and schema in the list's config), else per account
	object      snowflake.ObjectType
	// model is a resource model naming one object; read fills in the rest.
	model func(database, schema, name string) M
	read  func(p providerResource) func(context.Context, *snowflake.Client, *M, *diag.Diagnostics) *gone
}

var _ list.ListResourceWithConfigure = (*objectList[networkRuleModel])(nil)

// NewNetworkRuleListResource lists a schema's network rules.
func NewNetworkRuleListResource() list.ListResource {
	return &objectList[networkRuleModel]{typeName: "ghconnector_network_rule", inSchema: true, object: snowflake.ObjectTypeNetworkRules,
		description: "The network rules of a schema, each with its identity and, when asked, its state.",
		model: func(db, sc, name string) networkRuleModel {
			return networkRuleModel{Database: types.StringValue(db), Schema: types.StringValue(sc), Name: types.StringValue(name)}
		},
		read: func(p providerResource) func(context.Context, *snowflake.Client, *networkRuleModel, *diag.Diagnostics) *gone {
			return (&networkRuleResource{providerResource: p}).read
		}}
}

// NewSecretListResource lists a schema's secrets (never their values).
func NewSecretListResource() list.ListResource {
	return &objectList[secretModel]{typeName: "ghconnector_secret", inSchema: true, object: snowflake.ObjectTypeSecrets,
		description: "The secrets of a schema, each with its identity and, when asked, its state (never the secret's value, which " +
			"Snowflake does not return: an adopted secret keeps its value until `secret_string_wo_version` changes).",
		model: func(db, sc, name string) secretModel {
			return secretModel{Database: types.StringValue(db), Schema: types.StringValue(sc), Name: types.StringValue(name)}
		},
		read: func(p providerResource) func(context.Context, *snowflake.Client, *secretModel, *diag.Diagnostics) *gone {
			return (&secretResource{providerResource: p}).read
		}}
}

// NewApplicationListResource lists the account's applications.
func NewApplicationListResource() list.ListResource {
	return &objectList[applicationModel]{typeName: "ghconnector_application", object: snowflake.ObjectTypeApplications,
		description: "The account's applications the provider's role can see, each with its identity and, when asked, its state.",
		model: func(_, _, name string) applicationModel {
			return applicationModel{Name: types.StringValue(name), CascadeOnDestroy: types.BoolValue(false)}
		},
		read: func(p providerResource) func(context.Context, *snowflake.Client, *applicationModel, *diag.Diagnostics) *gone {
			r := &applicationResource{providerResource: p}
			return func(ctx context.Context, client *snowflake.Client, m *applicationModel, diags *diag.Diagnostics) *gone {
				if r.readInto(ctx, client, m, diags) {
					return nil
				}
				return &gone{"Application", m.Name.ValueString()}
			}
		}}
}

func (l *objectList[M]) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.typeName
}

func (l *objectList[M]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	attrs := map[string]listschema.Attribute{}
	if l.inSchema {
		attrs["database"] = listschema.StringAttribute{Required: true, MarkdownDescription: "Database of the schema."}
		attrs["schema"] = listschema.StringAttribute{Required: true, MarkdownDescription: "The schema."}
	}
	resp.Schema = listschema.Schema{MarkdownDescription: l.description, Attributes: attrs}
}

func (l *objectList[M]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx = snowflake.WithOperation(ctx, l.typeName, "list")
	var diags diag.Diagnostics
	var db, sc types.String
	if l.inSchema {
		diags.Append(req.Config.GetAttribute(ctx, path.Root("database"), &db)...)
		diags.Append(req.Config.GetAttribute(ctx, path.Root("schema"), &sc)...)
	}
	client := l.client(&diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	show, where := snowflake.Show{Object: l.object}, "the account"
	if l.inSchema {
		schema := snowflake.NewDatabaseObjectIdentifier(db.ValueString(), sc.ValueString())
		show.In, where = snowflake.InSchema(schema), "schema "+schema.FullyQualifiedName()
	}
	rows, err := client.Query(ctx, show)
	if err != nil {
		diags.Append(sqlDiag("list the "+strings.ToLower(string(l.object))+" of", where, err))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	read := l.read(l.providerResource)
	stream.Results = func(push func(list.ListResult) bool) {
		for i, row := range rows {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			name := row["name"]
			values := map[string]string{"database": db.ValueString(), "schema": sc.ValueString(), "name": name}
			result := req.NewListResult(ctx)
			result.DisplayName = name
			for _, a := range identities[l.typeName].attrs {
				result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root(a.name), values[a.name])...)
			}
			if req.IncludeResource {
				m := l.model(db.ValueString(), sc.ValueString(), name)
				if read(ctx, client, &m, &result.Diagnostics) == nil && !result.Diagnostics.HasError() {
					result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
				}
			}
			if !push(result) {
				return
			}
		}
	}
}
