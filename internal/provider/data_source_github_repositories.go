package provider

import (
	"context"
	"slices"

	gh "github.com/google/go-github/v57/github"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*githubRepositoriesDataSource)(nil)

// NewGitHubRepositoriesDataSource lists the repositories of an org or user.
func NewGitHubRepositoriesDataSource() datasource.DataSource { return &githubRepositoriesDataSource{} }

type githubRepositoriesDataSource struct{ providerDataSource }

type githubRepositoriesModel struct {
	Owner           types.String      `tfsdk:"owner"`
	OwnerType       types.String      `tfsdk:"owner_type"`
	IncludeArchived types.Bool        `tfsdk:"include_archived"`
	IncludeForks    types.Bool        `tfsdk:"include_forks"`
	Visibility      types.String      `tfsdk:"visibility"`
	Topics          types.List        `tfsdk:"topics"`
	FullNames       types.List        `tfsdk:"full_names"`
	Repositories    []githubRepoModel `tfsdk:"repositories"`
}

func (d *githubRepositoriesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_github_repositories"
}

func (d *githubRepositoriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The repositories of a GitHub organization or user, filtered; use `full_names` with `for_each` to ingest them all.",
		Attributes: map[string]schema.Attribute{
			"owner": schema.StringAttribute{Required: true, MarkdownDescription: "Organization or user login.",
				// It becomes a segment of the request path: orgs/../user/repos must not pass.
				Validators: []validator.String{stringvalidator.RegexMatches(ownerPattern,
					"must be a GitHub login: letters, digits and single inner hyphens, at most 39 characters (e.g. octo-org)")}},
			"owner_type": schema.StringAttribute{Optional: true, MarkdownDescription: "`org` (default) or `user`.",
				Validators: []validator.String{stringvalidator.OneOf("org", "user")}},
			"include_archived": schema.BoolAttribute{Optional: true, MarkdownDescription: "Include archived repositories (default false)."},
			"include_forks":    schema.BoolAttribute{Optional: true, MarkdownDescription: "Include forks (default false)."},
			"visibility": schema.StringAttribute{Optional: true, MarkdownDescription: "Only `public`, `private` or `internal` repositories.",
				Validators: []validator.String{stringvalidator.OneOf("public", "private", "internal")}},
			"topics": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only repositories with all of these topics."},
			"full_names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "`owner/name` of every matching repository, sorted."},
			"repositories": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching repositories.",
				NestedObject: schema.NestedAttributeObject{Attributes: githubRepoAttributes(true)}},
		},
	}
}

func (d *githubRepositoriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m githubRepositoriesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.hasGitHub(&resp.Diagnostics) {
		return
	}
	var wantTopics []string
	resp.Diagnostics.Append(m.Topics.ElementsAs(ctx, &wantTopics, false)...)
	var all []*gh.Repository
	page := 1
	for page != 0 {
		var repos []*gh.Repository
		var r *gh.Response
		var err error
		opts := gh.ListOptions{PerPage: 100, Page: page}
		if m.OwnerType.ValueString() == "user" {
			repos, r, err = d.data.GitHub.Repositories.ListByUser(ctx, m.Owner.ValueString(), &gh.RepositoryListByUserOptions{ListOptions: opts})
		} else {
			repos, r, err = d.data.GitHub.Repositories.ListByOrg(ctx, m.Owner.ValueString(), &gh.RepositoryListByOrgOptions{ListOptions: opts})
		}
		if err != nil {
			resp.Diagnostics.AddError("Unable to list the repositories of "+m.Owner.ValueString(), githubErrorDetail(r, err, d.data.GitHubAPIURL))
			return
		}
		all = append(all, repos...)
		page = r.NextPage
	}
	var names []string
	m.Repositories = nil
	for _, repo := range all {
		if repo.GetArchived() && !m.IncludeArchived.ValueBool() || repo.GetFork() && !m.IncludeForks.ValueBool() {
			continue
		}
		if v := m.Visibility.ValueString(); v != "" && repo.GetVisibility() != v {
			continue
		}
		if !containsAll(repo.Topics, wantTopics) {
			continue
		}
		rm, diags := repoModel(ctx, repo)
		resp.Diagnostics.Append(diags...)
		m.Repositories = append(m.Repositories, rm)
		names = append(names, repo.GetFullName())
	}
	slices.Sort(names)
	list, diags := types.ListValueFrom(ctx, types.StringType, append([]string{}, names...))
	resp.Diagnostics.Append(diags...)
	m.FullNames = list
	if m.Repositories == nil {
		m.Repositories = []githubRepoModel{}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
