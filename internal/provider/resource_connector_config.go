package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	ghclient "github.com/ghconnector/terraform-provider-ghconnector/internal/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

var (
	_ resource.ResourceWithConfigure      = (*connectorConfigResource)(nil)
	_ resource.ResourceWithImportState    = (*connectorConfigResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*connectorConfigResource)(nil)
	_ resource.ResourceWithValidateConfig = (*connectorConfigResource)(nil)
)

// NewConnectorConfigResource provisions the installed connector.
func NewConnectorConfigResource() resource.Resource { return &connectorConfigResource{} }

type connectorConfigResource struct{ providerResource }

type connectorConfigModel struct {
	ID                        types.String `tfsdk:"id"`
	Application               types.String `tfsdk:"application"`
	DestinationDatabase       types.String `tfsdk:"destination_database"`
	Warehouse                 types.String `tfsdk:"warehouse"`
	ServerlessTasks           types.Bool   `tfsdk:"serverless_tasks"`
	Secret                    types.String `tfsdk:"secret"`
	GitHubApp                 types.Object `tfsdk:"github_app"`
	ExternalAccessIntegration types.String `tfsdk:"external_access_integration"`
	GitHubAPIURL              types.String `tfsdk:"github_api_url"`
	GrantedPrivileges         types.Set    `tfsdk:"granted_privileges"`
}

func (r *connectorConfigResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_connector_config"
}

func (r *connectorConfigResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	name := []validator.String{identifierPart{}}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Configures an installed connector: grants the application exactly what it needs to reach GitHub " +
			"(`USAGE` on the external access integration, `USAGE` on the secret's database and schema, `READ` on the secret, and `USAGE` on " +
			"the tasks' warehouse or, for serverless tasks, `EXECUTE MANAGED TASK`), " +
			"revokes what a changed configuration no longer needs, and calls `PUBLIC.PROVISION_CONNECTOR`. The configuration is read back " +
			"from the application, so changes made inside it show up as drift.",
		Attributes: map[string]schema.Attribute{
			"application": schema.StringAttribute{Required: true, Validators: name,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "Name of the connector application, such as `ghconnector_application.connector.name`."},
			"destination_database": schema.StringAttribute{Required: true, Validators: name,
				MarkdownDescription: "Database the application creates for the issue tables and views (schema `GITHUB`). Case-sensitive."},
			"warehouse": schema.StringAttribute{Optional: true, Validators: name,
				MarkdownDescription: "Warehouse the ingestion tasks run on; `USAGE` is granted to the application, by this resource only. " +
					"Exactly one of `warehouse` and `serverless_tasks = true`. Changing it moves every enabled repository's task."},
			"serverless_tasks": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Run the ingestion tasks on serverless compute that Snowflake sizes (no warehouse; `EXECUTE MANAGED TASK` " +
					"is granted to the application). Billed per second of compute used, at a serverless multiplier, instead of a warehouse's " +
					"60-second minimum per resume: usually cheaper for short, infrequent runs on their own, dearer than a warehouse already running " +
					"for other work. See \"Warehouse or serverless ingestion\" in the real-account guide."},
			"secret": schema.StringAttribute{Optional: true, Validators: []validator.String{schemaObjectName{}},
				MarkdownDescription: "Fully qualified name of the secret with the GitHub token, such as `ghconnector_secret.github.fully_qualified_name`. " +
					"Exactly one of `secret` and `github_app`; switching between them updates the configuration in place."},
			"github_app": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "Authenticate as a GitHub App installation instead of with a token: each run mints an installation " +
					"token (valid for an hour, scoped to the repository with `issues` and `pull_requests` read) from the App's private key. Exactly one of " +
					"`secret` and `github_app`. See the GitHub App guide.",
				Attributes: map[string]schema.Attribute{
					"client_id": schema.StringAttribute{Required: true, Validators: []validator.String{appClientID{}},
						MarkdownDescription: "The App's client ID (`Iv…`, recommended by GitHub) or its numeric App ID; the JWT's `iss`. " +
							"GitHub Enterprise Server accepts the client ID only from version 3.14: before, use the numeric App ID " +
							"(the plan warns when a client ID meets a `github_api_url` other than github.com's)."},
					"installation_id": schema.Int64Attribute{Required: true, Validators: []validator.Int64{int64validator.AtLeast(1)},
						MarkdownDescription: "The installation's ID: the number in `github.com/settings/installations/<id>` " +
							"(or `github.com/organizations/<org>/settings/installations/<id>`)."},
					"private_key_secret": schema.StringAttribute{Required: true, Validators: []validator.String{schemaObjectName{}},
						MarkdownDescription: "Fully qualified name of the secret holding the App's private key (its `.pem` file), such as " +
							"`ghconnector_secret.app_key.fully_qualified_name`. The application gets `READ` on it, like on a token secret."},
				},
			},
			"external_access_integration": schema.StringAttribute{Required: true, Validators: name,
				MarkdownDescription: "Name of the external access integration allowing the GitHub API host and the secret."},
			"github_api_url": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(ghclient.DefaultAPIURL),
				MarkdownDescription: "GitHub REST API URL the connector calls; `https://<host>/api/v3/` for GitHub Enterprise Server. " +
					"Its host must be in a network rule of the integration."},
			"granted_privileges": schema.SetAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Privileges this resource granted to the application. A grant revoked outside Terraform shows up as a change."},
			"id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The quoted application name; also the import ID."},
		},
	}
}

func (r *connectorConfigResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m connectorConfigModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.Warehouse.IsUnknown() && !m.ServerlessTasks.IsUnknown() {
		serverless := m.ServerlessTasks.ValueBool()
		switch {
		case serverless && !m.Warehouse.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("warehouse"), "Conflicting task compute",
				"warehouse and serverless_tasks = true exclude each other: remove warehouse to run the tasks serverless, or set serverless_tasks = false.")
		case !serverless && m.Warehouse.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("warehouse"), "Missing task compute",
				"Set warehouse (an existing warehouse the ingestion tasks run on) or serverless_tasks = true.")
		}
	}
	if !m.Secret.IsUnknown() && !m.GitHubApp.IsUnknown() && m.Secret.IsNull() == m.GitHubApp.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("secret"), "Choose one way to authenticate to GitHub",
			"Set exactly one of secret (the secret holding a GitHub token) and github_app (GitHub App credentials whose private key is in a secret).")
	}
	if m.GitHubAPIURL.IsNull() || m.GitHubAPIURL.IsUnknown() {
		return
	}
	if _, err := ghclient.NormalizeAPIURL(m.GitHubAPIURL.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("github_api_url"), "Invalid GitHub API URL", err.Error())
		return
	}
	var app githubAppModel
	if m.GitHubApp.IsNull() || m.GitHubApp.IsUnknown() || m.GitHubApp.As(ctx, &app, basetypes.ObjectAsOptions{}).HasError() ||
		app.ClientID.IsUnknown() {
		return
	}
	if warning := ghesIssuerWarning(app.ClientID.ValueString(), m.GitHubAPIURL.ValueString()); warning != "" {
		resp.Diagnostics.AddAttributeWarning(path.Root("github_app").AtName("client_id"), "Client ID as the JWT issuer on GitHub Enterprise Server", warning)
	}
}

type githubAppModel struct {
	ClientID         types.String `tfsdk:"client_id"`
	InstallationID   types.Int64  `tfsdk:"installation_id"`
	PrivateKeySecret types.String `tfsdk:"private_key_secret"`
}

var githubAppAttrTypes = map[string]attr.Type{"client_id": types.StringType, "installation_id": types.Int64Type, "private_key_secret": types.StringType}

// app is the configuration's GitHub App credentials; nil with a token.
func (m connectorConfigModel) app() *githubAppModel {
	if m.GitHubApp.IsNull() || m.GitHubApp.IsUnknown() {
		return nil
	}
	var a githubAppModel
	if diags := m.GitHubApp.As(context.Background(), &a, basetypes.ObjectAsOptions{}); diags.HasError() {
		return nil
	}
	return &a
}

// credentialSecret is the secret the application reads: the token's, or the App's private key's.
func (m connectorConfigModel) credentialSecret() types.String {
	if a := m.app(); a != nil {
		return a.PrivateKeySecret
	}
	if m.GitHubApp.IsUnknown() {
		return types.StringUnknown()
	}
	return m.Secret
}

// configGrants are the grants a configuration needs.
func configGrants(m connectorConfigModel) ([]snowflake.GrantOn, []snowflake.Privilege, error) {
	secret, err := snowflake.ParseSchemaObjectIdentifier(m.credentialSecret().ValueString())
	if err != nil {
		return nil, nil, err
	}
	on := []snowflake.GrantOn{
		{Kind: snowflake.OnIntegration, ID: snowflake.NewAccountObjectIdentifier(m.ExternalAccessIntegration.ValueString())},
		{Kind: snowflake.OnDatabase, ID: secret.SchemaId().DatabaseId()},
		{Kind: snowflake.OnSchema, ID: secret.SchemaId()},
		{Kind: snowflake.OnSecret, ID: secret},
	}
	privs := []snowflake.Privilege{snowflake.PrivilegeUsage, snowflake.PrivilegeUsage, snowflake.PrivilegeUsage, snowflake.PrivilegeRead}
	if m.ServerlessTasks.ValueBool() {
		on = append(on, snowflake.GrantOn{Kind: snowflake.OnAccount})
		privs = append(privs, snowflake.PrivilegeExecuteManagedTask)
	} else {
		on = append(on, snowflake.GrantOn{Kind: snowflake.OnWarehouse, ID: snowflake.NewAccountObjectIdentifier(m.Warehouse.ValueString())})
		privs = append(privs, snowflake.PrivilegeUsage)
	}
	return on, privs, nil
}

func renderGrant(p snowflake.Privilege, on snowflake.GrantOn) string {
	if on.Kind == snowflake.OnAccount {
		return string(p) + " ON ACCOUNT"
	}
	return string(p) + " ON " + string(on.Kind) + " " + on.ID.FullyQualifiedName()
}

func expectedConfigGrants(m connectorConfigModel) []string {
	on, privs, err := configGrants(m)
	if err != nil {
		return nil
	}
	out := make([]string, len(on))
	for i := range on {
		out[i] = renderGrant(privs[i], on[i])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (r *connectorConfigResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(r.data.preflight(ctx, "ghconnector_connector_config", needWarehouse)...)
	}
	var plan connectorConfigModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.credentialSecret().IsUnknown() || plan.ExternalAccessIntegration.IsUnknown() || plan.Warehouse.IsUnknown() || plan.ServerlessTasks.IsUnknown() {
		plan.GrantedPrivileges = types.SetUnknown(types.StringType)
	} else {
		set, d := types.SetValueFrom(ctx, types.StringType, expectedConfigGrants(plan))
		resp.Diagnostics.Append(d...)
		plan.GrantedPrivileges = set
	}
	if !plan.Application.IsUnknown() {
		plan.ID = types.StringValue(snowflake.NewAccountObjectIdentifier(plan.Application.ValueString()).FullyQualifiedName())
		if req.State.Raw.IsNull() {
			if d, missing := r.data.missingApplicationAtPlan(ctx, plan.Application.ValueString()); missing {
				resp.Diagnostics.Append(d)
				return
			}
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *connectorConfigResource) apply(ctx context.Context, client *snowflake.Client, plan connectorConfigModel, prior *connectorConfigModel, diags *diag.Diagnostics) {
	app := snowflake.NewAccountObjectIdentifier(plan.Application.ValueString())
	on, privs, err := configGrants(plan)
	if err != nil {
		diags.AddAttributeError(path.Root("secret"), "Invalid secret name", err.Error())
		return
	}
	if d, missing := missingApplication(ctx, client, app.Name()); missing {
		diags.Append(d)
		return
	}
	var stmts []snowflake.Statement
	for i := range on {
		stmts = append(stmts, snowflake.GrantToApplication{Privilege: privs[i], On: on[i], Application: app})
	}
	if !execAll(ctx, client, diags, "grant privileges to application", app.FullyQualifiedName(), stmts...) {
		return
	}
	secret, _ := snowflake.ParseSchemaObjectIdentifier(plan.credentialSecret().ValueString())
	apiURL, err := ghclient.NormalizeAPIURL(plan.GitHubAPIURL.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("github_api_url"), "Invalid GitHub API URL", err.Error())
		return
	}
	config := map[string]any{
		"destination_database": plan.DestinationDatabase.ValueString(), "github_api_url": apiURL,
		"external_access_integration": snowflake.NewAccountObjectIdentifier(plan.ExternalAccessIntegration.ValueString()).FullyQualifiedName(),
	}
	if a := plan.app(); a != nil {
		config["github_app"] = map[string]any{"client_id": a.ClientID.ValueString(), "installation_id": a.InstallationID.ValueInt64(),
			"private_key_secret": secret.FullyQualifiedName()}
	} else {
		config["secret"] = secret.FullyQualifiedName()
	}
	if plan.ServerlessTasks.ValueBool() {
		config["serverless_tasks"] = true
	} else {
		config["warehouse"] = plan.Warehouse.ValueString()
	}
	if err := client.Exec(ctx, snowflake.Call{Procedure: snowflake.NewSchemaObjectIdentifier(app.Name(), "PUBLIC", "PROVISION_CONNECTOR"),
		Args: []snowflake.Arg{snowflake.JSONArg(config)}}); err != nil {
		diags.Append(provisionError(app, plan.DestinationDatabase.ValueString(), err))
		return
	}
	// Revoke what the previous configuration needed and this one does not.
	if prior != nil {
		keep := map[string]bool{}
		for _, g := range expectedConfigGrants(plan) {
			keep[g] = true
		}
		oldOn, oldPrivs, err := configGrants(*prior)
		if err == nil {
			for i := range oldOn {
				if keep[renderGrant(oldPrivs[i], oldOn[i])] {
					continue
				}
				// An object gone already (a token secret destroyed in the
				// same apply that switches to a GitHub App) took its grant along.
				err := client.Exec(ctx, snowflake.RevokeFromApplication{Privilege: oldPrivs[i], On: oldOn[i], Application: app})
				if err != nil && !snowflake.IsNotFound(err) {
					diags.Append(sqlDiag("revoke privileges from application", app.FullyQualifiedName(), err))
					return
				}
			}
		}
	}
	// GitHub App credentials are checked now, by minting a token from
	// inside the application, so a wrong key or installation fails this
	// apply instead of every run. The configuration is left in place;
	// Terraform keeps the change pending until the credentials work.
	if a := plan.app(); a != nil {
		check := snowflake.Call{Procedure: snowflake.NewSchemaObjectIdentifier(app.Name(), "PUBLIC", "CHECK_GITHUB_ACCESS")}
		if err := client.Exec(ctx, check); err != nil {
			diags.AddAttributeError(path.Root("github_app"), "GitHub App credentials do not work",
				fmt.Sprintf("The connector could not authenticate as installation %d of the GitHub App %s: %v\n\nCheck client_id, "+
					"installation_id, that private_key_secret holds the App's current private key, and that the App is installed; "+
					"the GitHub App guide lists each error.", a.InstallationID.ValueInt64(), a.ClientID.ValueString(), err))
		}
	}
}

func (r *connectorConfigResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectorConfigModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, client, plan, nil, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.readInto(ctx, client, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *connectorConfigResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state connectorConfigModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, client, plan, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.readInto(ctx, client, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// readInto reads the configuration back; false when there is none.
func (r *connectorConfigResource) readInto(ctx context.Context, client *snowflake.Client, m *connectorConfigModel, diags *diag.Diagnostics) bool {
	app := snowflake.NewAccountObjectIdentifier(m.Application.ValueString())
	cfg, err := client.ConnectorConfiguration(ctx, app)
	if snowflake.IsNotFound(err) {
		return false
	}
	if err != nil {
		diags.Append(sqlDiag("read connector configuration of", app.FullyQualifiedName(), err))
		return true
	}
	if cfg["destination_database"] == "" {
		return false
	}
	priorApp := m.GitHubApp
	m.ID = types.StringValue(app.FullyQualifiedName())
	m.DestinationDatabase = types.StringValue(cfg["destination_database"])
	m.Warehouse = stringOrNull(cfg["warehouse"])
	m.ServerlessTasks = types.BoolValue(cfg["serverless_tasks"] == "true")
	if normalized, err := ghclient.NormalizeAPIURL(m.GitHubAPIURL.ValueString()); err != nil || m.GitHubAPIURL.ValueString() == "" || normalized != cfg["github_api_url"] {
		m.GitHubAPIURL = types.StringValue(cfg["github_api_url"])
	}
	m.Secret = keepEquivalentName(m.Secret, cfg["secret"])
	m.GitHubApp = types.ObjectNull(githubAppAttrTypes)
	var stored struct {
		ClientID         string `json:"client_id"`
		InstallationID   int64  `json:"installation_id"`
		PrivateKeySecret string `json:"private_key_secret"`
	}
	if raw := cfg["github_app"]; raw != "" && raw != "null" && json.Unmarshal([]byte(raw), &stored) == nil && stored.ClientID != "" {
		prior := types.StringNull()
		if a := (connectorConfigModel{GitHubApp: priorApp}).app(); a != nil {
			prior = a.PrivateKeySecret
		}
		obj, d := types.ObjectValueFrom(ctx, githubAppAttrTypes, githubAppModel{ClientID: types.StringValue(stored.ClientID),
			InstallationID: types.Int64Value(stored.InstallationID), PrivateKeySecret: keepEquivalentName(prior, stored.PrivateKeySecret)})
		diags.Append(d...)
		m.GitHubApp = obj
	}
	if stored, err := snowflake.ParseAccountObjectIdentifier(cfg["external_access_integration"]); err == nil {
		m.ExternalAccessIntegration = types.StringValue(stored.Name())
	}
	grants, err := client.GrantsToApplication(ctx, app)
	if err != nil {
		diags.Append(sqlDiag("read grants to application", app.FullyQualifiedName(), err))
		return true
	}
	managed := map[string]bool{}
	for _, g := range expectedConfigGrants(*m) {
		managed[g] = true
	}
	var held []string
	for _, g := range grants {
		if rendered, ok := renderShownGrant(g); ok && managed[rendered] {
			held = append(held, rendered)
		}
	}
	slices.Sort(held)
	set, d := types.SetValueFrom(ctx, types.StringType, held)
	diags.Append(d...)
	m.GrantedPrivileges = set
	return true
}

// keepEquivalentName keeps the configured spelling of a schema object name
// when it names the stored one; null when nothing is stored.
func keepEquivalentName(current types.String, stored string) types.String {
	id, err := snowflake.ParseSchemaObjectIdentifier(stored)
	if stored == "" || err != nil {
		return types.StringNull()
	}
	if c, err := snowflake.ParseSchemaObjectIdentifier(current.ValueString()); err == nil && c == id {
		return current
	}
	return types.StringValue(id.FullyQualifiedName())
}

// renderShownGrant renders a SHOW GRANTS row like renderGrant does.
func renderShownGrant(g snowflake.Grant) (string, bool) {
	var id snowflake.Identifier
	var err error
	switch g.GrantedOn {
	case "ACCOUNT":
		return g.Privilege + " ON ACCOUNT", true
	case "INTEGRATION", "WAREHOUSE", "DATABASE":
		id, err = snowflake.ParseAccountObjectIdentifier(g.Name)
	case "SCHEMA":
		id, err = snowflake.ParseDatabaseObjectIdentifier(g.Name)
	case "SECRET":
		id, err = snowflake.ParseSchemaObjectIdentifier(g.Name)
	default:
		return "", false
	}
	if err != nil {
		return "", false
	}
	return g.Privilege + " ON " + g.GrantedOn + " " + id.FullyQualifiedName(), true
}

func (r *connectorConfigResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readObject(ctx, &r.providerResource, req, resp, func(ctx context.Context, client *snowflake.Client, state *connectorConfigModel, diags *diag.Diagnostics) *gone {
		if r.readInto(ctx, client, state, diags) {
			return nil
		}
		return &gone{"Connector configuration of", snowflake.NewAccountObjectIdentifier(state.Application.ValueString()).FullyQualifiedName()}
	})
}

func (r *connectorConfigResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state connectorConfigModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	app := snowflake.NewAccountObjectIdentifier(state.Application.ValueString())
	on, privs, err := configGrants(state)
	if err != nil {
		return
	}
	for i := range on {
		err := client.Exec(ctx, snowflake.RevokeFromApplication{Privilege: privs[i], On: on[i], Application: app})
		if err != nil && !snowflake.IsNotFound(err) {
			resp.Diagnostics.Append(sqlDiag("revoke privileges from application", app.FullyQualifiedName(), err))
			return
		}
	}
}

func (r *connectorConfigResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := snowflake.ParseAccountObjectIdentifier(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID for ghconnector_connector_config",
			fmt.Sprintf("%s. The ID is the application name, e.g. terraform import ghconnector_connector_config.github '\"GITHUB_CONNECTOR\"'", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("application"), id.Name())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.FullyQualifiedName())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("github_api_url"), "")...)
}

// provisionError names the field when PROVISION_CONNECTOR failed on the
// destination database: the application creates and owns it, so a database
// of that name that exists already and belongs to someone else cannot be
// used (the error comes from inside the procedure and names no field).
func provisionError(app snowflake.AccountObjectIdentifier, destination string, err error) diag.Diagnostic {
	quoted := snowflake.QuoteIdentifier(destination)
	if !strings.Contains(err.Error(), quoted) && !strings.Contains(err.Error(), "'"+destination+"'") {
		return sqlDiag("provision connector", app.FullyQualifiedName(), err)
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("destination_database"), "Destination database not usable",
		fmt.Sprintf("The application could not create or use destination_database %s: %v\n\nThe application creates this database and owns it. "+
			"If a database of that name exists already and belongs to another role, choose a name that does not exist yet, or drop or rename that "+
			"database.", quoted, err))
}
