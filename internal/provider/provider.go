// Package provider implements the ghconnector Terraform provider.
package provider

import (
	"context"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

var (
	_ provider.Provider                  = (*ghconnectorProvider)(nil)
	_ provider.ProviderWithListResources = (*ghconnectorProvider)(nil)
	_ provider.ProviderWithActions       = (*ghconnectorProvider)(nil)
)

// Actions are what terraform apply -invoke and action_trigger run (Terraform 1.14+).
func (p *ghconnectorProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{NewIngestAction, NewReconcileAction}
}

// ListResources are what terraform query lists (Terraform 1.14+).
func (p *ghconnectorProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewRepositoryListResource, NewNetworkRuleListResource, NewSecretListResource, NewApplicationListResource}
}

// Environment variables, named as in the official Snowflake provider.
const (
	envOrganizationName     = "SNOWFLAKE_ORGANIZATION_NAME"
	envAccountName          = "SNOWFLAKE_ACCOUNT_NAME"
	envAccount              = "SNOWFLAKE_ACCOUNT"
	envUser                 = "SNOWFLAKE_USER"
	envPassword             = "SNOWFLAKE_PASSWORD"
	envPrivateKey           = "SNOWFLAKE_PRIVATE_KEY"
	envPrivateKeyPassphrase = "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"
	envAuthenticator        = "SNOWFLAKE_AUTHENTICATOR"
	envRole                 = "SNOWFLAKE_ROLE"
	envWarehouse            = "SNOWFLAKE_WAREHOUSE"
	envHost                 = "SNOWFLAKE_HOST"
	envPort                 = "SNOWFLAKE_PORT"
	envProtocol             = "SNOWFLAKE_PROTOCOL"
	envGitHubToken          = "GITHUB_TOKEN"
	envGitHubAPIURL         = "GITHUB_API_URL"
	// The names the GitHub Terraform provider (integrations/github) reads
	// for its app_auth block.
	envGitHubAppID             = "GITHUB_APP_ID"
	envGitHubAppInstallationID = "GITHUB_APP_INSTALLATION_ID"
	envGitHubAppPEMFile        = "GITHUB_APP_PEM_FILE"
)

type ghconnectorProvider struct {
	version string

	// One connection pool per provider instance, reused if Terraform
	// configures the same instance again with the same settings.
	mu       sync.Mutex
	data     *ProviderData
	dataHash string
}

// New returns a constructor for the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &ghconnectorProvider{version: version}
	}
}

type providerModel struct {
	OrganizationName     types.String `tfsdk:"organization_name"`
	AccountName          types.String `tfsdk:"account_name"`
	Profile              types.String `tfsdk:"profile"`
	Account              types.String `tfsdk:"account"`
	User                 types.String `tfsdk:"user"`
	Password             types.String `tfsdk:"password"`
	PrivateKey           types.String `tfsdk:"private_key"`
	PrivateKeyPassphrase types.String `tfsdk:"private_key_passphrase"`
	Authenticator        types.String `tfsdk:"authenticator"`
	Role                 types.String `tfsdk:"role"`
	Warehouse            types.String `tfsdk:"warehouse"`
	Host                 types.String `tfsdk:"host"`
	Port                 types.Int64  `tfsdk:"port"`
	Protocol             types.String `tfsdk:"protocol"`
	GitHub               *githubModel `tfsdk:"github"`
}

type githubModel struct {
	Token   types.String  `tfsdk:"token"`
	APIURL  types.String  `tfsdk:"api_url"`
	AppAuth *appAuthModel `tfsdk:"app_auth"`
}

type appAuthModel struct {
	ID             types.String `tfsdk:"id"`
	InstallationID types.String `tfsdk:"installation_id"`
	PEMFile        types.String `tfsdk:"pem_file"`
}

func (p *ghconnectorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = providerTypeName
	resp.Version = p.version
}

func (p *ghconnectorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Deploys and runs the Snowflake native GitHub-issues connector. " +
			"Every setting can also come from the environment variable named in its description; " +
			"a value in the provider block wins over the environment.",
		Attributes: map[string]schema.Attribute{
			"organization_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Snowflake organization name; with `account_name` it makes the account identifier `<organization_name>-<account_name>`, " +
					"as the official Snowflake provider configures it, and takes precedence over `account`. Environment: `SNOWFLAKE_ORGANIZATION_NAME`.",
			},
			"account_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Snowflake account name within `organization_name`. Environment: `SNOWFLAKE_ACCOUNT_NAME`.",
			},
			"profile": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A profile of the TOML file the official Snowflake provider reads (`~/.snowflake/config`, or the path in " +
					"`SNOWFLAKE_CONFIG_PATH`), with its key names (`organization_name`, `account_name`, `account`, `user`, `password`, " +
					"`private_key`, `private_key_passphrase`, `authenticator`, `role`, `warehouse`, `host`, `port`, `protocol`). It fills in " +
					"only what the provider block and the environment leave unset. The file must not be readable by others (`chmod 0600`). " +
					"Environment: `SNOWFLAKE_PROFILE`.",
			},
			"account": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Snowflake account identifier, e.g. `myorg-myaccount`; `organization_name` and `account_name`, when both set, take " +
					"precedence. Environment: `SNOWFLAKE_ACCOUNT`.",
			},
			"user": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Snowflake login name. Environment: `SNOWFLAKE_USER`.",
			},
			"password": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Password (or programmatic access token with `authenticator = \"PROGRAMMATIC_ACCESS_TOKEN\"`). Conflicts with `private_key`. Environment: `SNOWFLAKE_PASSWORD`.",
			},
			"private_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "PEM-encoded RSA private key for key-pair authentication (PKCS#8, optionally encrypted, or PKCS#1). Implies `authenticator = \"SNOWFLAKE_JWT\"`. Environment: `SNOWFLAKE_PRIVATE_KEY`.",
			},
			"private_key_passphrase": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Passphrase of an encrypted `private_key`. Environment: `SNOWFLAKE_PRIVATE_KEY_PASSPHRASE`.",
			},
			"authenticator": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How to log in: one of `" + strings.Join(snowflake.Authenticators, "`, `") +
					"`. Defaults to `SNOWFLAKE_JWT` when `private_key` is set, otherwise `SNOWFLAKE` (password). Environment: `SNOWFLAKE_AUTHENTICATOR`.",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(snowflake.Authenticators...)},
			},
			"role": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Role for the session; defaults to the user's default role. Environment: `SNOWFLAKE_ROLE`.",
			},
			"warehouse": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Warehouse for the session, required whenever Snowflake is configured: the connector's procedures " +
					"(`CALL`) and the reads of its views run on it, and the user's default warehouse is not relied on. The role needs " +
					"`USAGE` on it. Environment: `SNOWFLAKE_WAREHOUSE`.",
			},
			"host": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Host name of the Snowflake endpoint; defaults to `<account>.snowflakecomputing.com`. Environment: `SNOWFLAKE_HOST`.",
			},
			"port": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Port of the Snowflake endpoint; defaults to 443. Environment: `SNOWFLAKE_PORT`.",
			},
			"protocol": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`https` (default) or `http`. Plain `http` is refused for any host that is not loopback, " +
					"so credentials never cross a network unencrypted. Environment: `SNOWFLAKE_PROTOCOL`.",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive("https", "http")},
			},
		},
		Blocks: map[string]schema.Block{
			"github": schema.SingleNestedBlock{
				MarkdownDescription: "GitHub API access used at plan time to validate repositories and by the GitHub data sources. " +
					"The connector inside Snowflake reads its token from the `ghconnector_secret`, not from here.",
				Attributes: map[string]schema.Attribute{
					"token": schema.StringAttribute{
						Optional:            true,
						Sensitive:           true,
						MarkdownDescription: "GitHub token. Environment: `GITHUB_TOKEN`. Without one, requests are anonymous and heavily rate limited.",
					},
					"api_url": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "GitHub REST API URL; defaults to `https://api.github.com/`. For GitHub Enterprise Server use " +
							"`https://<host>/api/v3/` (a bare `https://<host>/` gets `/api/v3/` appended). Environment: `GITHUB_API_URL`.",
					},
				},
				Blocks: map[string]schema.Block{
					"app_auth": schema.SingleNestedBlock{
						MarkdownDescription: "Authenticate as a GitHub App installation instead of with `token`, with the settings and " +
							"environment variables of the GitHub Terraform provider's `app_auth`. The provider mints installation tokens " +
							"(an hour each) as it needs them.",
						Attributes: map[string]schema.Attribute{
							"id": schema.StringAttribute{Optional: true,
								MarkdownDescription: "The App's client ID (`Iv…`) or numeric App ID. GitHub Enterprise Server accepts the client ID " +
									"only from version 3.14: before, use the numeric App ID (a warning says so when a client ID meets an `api_url` " +
									"other than github.com's). Environment: `GITHUB_APP_ID`."},
							"installation_id": schema.StringAttribute{Optional: true,
								MarkdownDescription: "The installation's ID (the number in `github.com/settings/installations/<id>`). " +
									"Environment: `GITHUB_APP_INSTALLATION_ID`."},
							"pem_file": schema.StringAttribute{Optional: true, Sensitive: true,
								MarkdownDescription: "The App's private key: the contents of the `.pem` file GitHub generated (for example " +
									"`file(\"app.pem\")`), PKCS#1 or PKCS#8. Environment: `GITHUB_APP_PEM_FILE` (the contents, as the GitHub " +
									"provider reads it)."},
						},
					},
				},
			},
		},
	}
}

func (p *ghconnectorProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, diags := resolveSettings(cfg, os.LookupEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data, diags := p.providerData(ctx, settings)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// providerData builds (or reuses) the clients for resolved settings. Each
// configuration (one per terraform command) gets its own listing cache: a
// provider served for many commands (-debug, reattach) must not carry one
// command's reads into the next, where they would hide drift.
func (p *ghconnectorProvider) providerData(ctx context.Context, s *settings) (*ProviderData, diag.Diagnostics) {
	p.mu.Lock()
	defer p.mu.Unlock()
	hash := s.fingerprint()
	if p.data != nil && p.dataHash == hash {
		return p.data.forCommand(), nil
	}
	s.conn.ProviderVersion = p.version
	data, diags := newProviderData(ctx, s)
	if diags.HasError() {
		return nil, diags
	}
	if p.data != nil && p.data.Snowflake != nil {
		_ = p.data.Snowflake.Close()
	}
	p.data, p.dataHash = data, hash
	return data.forCommand(), nil
}

// providerTypeName prefixes every resource and data source type.
const providerTypeName = "ghconnector"

func (p *ghconnectorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		managedResource(NewNetworkRuleResource),
		managedResource(NewSecretResource),
		managedResource(NewExternalAccessIntegrationResource),
		managedResource(NewApplicationResource),
		managedResource(NewConnectorConfigResource),
		managedResource(NewRepositoryResource),
	}
}

func (p *ghconnectorProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		trackedDataSource(NewCurrentAccountDataSource),
		trackedDataSource(NewIngestionStatusDataSource),
		trackedDataSource(NewGitHubRepositoryDataSource),
		trackedDataSource(NewGitHubRepositoriesDataSource),
	}
}

func logSQL(ctx context.Context, sql string) {
	tflog.Debug(ctx, "executing Snowflake statement", map[string]any{"sql": sql})
}
