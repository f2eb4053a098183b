package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	gh "github.com/google/go-github/v57/github"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*githubRepositoryDataSource)(nil)

// NewGitHubRepositoryDataSource reads one repository from GitHub.
func NewGitHubRepositoryDataSource() datasource.DataSource { return &githubRepositoryDataSource{} }

type githubRepositoryDataSource struct{ providerDataSource }

type githubRepoModel struct {
	FullName      types.String `tfsdk:"full_name"`
	Name          types.String `tfsdk:"name"`
	Owner         types.String `tfsdk:"owner"`
	ID            types.Int64  `tfsdk:"id"`
	Private       types.Bool   `tfsdk:"private"`
	Archived      types.Bool   `tfsdk:"archived"`
	Fork          types.Bool   `tfsdk:"fork"`
	Visibility    types.String `tfsdk:"visibility"`
	Topics        types.List   `tfsdk:"topics"`
	DefaultBranch types.String `tfsdk:"default_branch"`
	HTMLURL       types.String `tfsdk:"html_url"`
	OpenIssues    types.Int64  `tfsdk:"open_issues"`
}

func githubRepoAttributes(computedName bool) map[string]schema.Attribute {
	c := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	attrs := map[string]schema.Attribute{
		"name":           c("Repository name."),
		"owner":          c("Owner login."),
		"id":             schema.Int64Attribute{Computed: true, MarkdownDescription: "GitHub's repository id."},
		"private":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the repository is private."},
		"archived":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the repository is archived."},
		"fork":           schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the repository is a fork."},
		"visibility":     c("`public`, `private` or `internal`."),
		"topics":         schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Topics, sorted."},
		"default_branch": c("Default branch."),
		"html_url":       c("Web URL."),
		"open_issues":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Open issues and pull requests."},
	}
	if computedName {
		attrs["full_name"] = c("`owner/name`, the value `ghconnector_repository.repository` takes.")
	} else {
		attrs["full_name"] = schema.StringAttribute{Required: true, MarkdownDescription: "The repository, `owner/name`.",
			Validators: []validator.String{stringvalidator.RegexMatches(repositoryPattern, "must be owner/name, e.g. octocat/hello-world")}}
	}
	return attrs
}

func repoModel(ctx context.Context, r *gh.Repository) (githubRepoModel, diag.Diagnostics) {
	// Sorted so the value does not change when GitHub reorders topics.
	sorted := append([]string{}, r.Topics...)
	slices.Sort(sorted)
	topics, diags := types.ListValueFrom(ctx, types.StringType, sorted)
	return githubRepoModel{
		FullName: types.StringValue(r.GetFullName()), Name: types.StringValue(r.GetName()), Owner: types.StringValue(r.GetOwner().GetLogin()),
		ID: types.Int64Value(r.GetID()), Private: types.BoolValue(r.GetPrivate()), Archived: types.BoolValue(r.GetArchived()),
		Fork: types.BoolValue(r.GetFork()), Visibility: types.StringValue(r.GetVisibility()), Topics: topics,
		DefaultBranch: types.StringValue(r.GetDefaultBranch()), HTMLURL: types.StringValue(r.GetHTMLURL()),
		OpenIssues: types.Int64Value(int64(r.GetOpenIssuesCount())),
	}, diags
}

func (d *githubRepositoryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_github_repository"
}

func (d *githubRepositoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One GitHub repository, read with the provider's `github` settings. Fails when it does not exist or the token cannot read it.",
		Attributes:          githubRepoAttributes(false),
	}
}

func (d *githubRepositoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m githubRepoModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.hasGitHub(&resp.Diagnostics) {
		return
	}
	owner, name, _ := strings.Cut(m.FullName.ValueString(), "/")
	repo, ghResp, err := d.data.GitHub.Repositories.Get(ctx, owner, name)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read GitHub repository "+m.FullName.ValueString(), githubErrorDetail(ghResp, err, d.data.GitHubAPIURL))
		return
	}
	out, diags := repoModel(ctx, repo)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

func githubErrorDetail(r *gh.Response, err error, api string) string {
	if r != nil {
		switch r.StatusCode {
		case http.StatusNotFound:
			return fmt.Sprintf("GitHub answered 404 at %s: the repository or owner does not exist, or the token cannot read it.", api)
		case http.StatusUnauthorized:
			return "GitHub answered 401: the token in the provider's github block (GITHUB_TOKEN) is invalid or expired."
		case http.StatusForbidden, http.StatusTooManyRequests:
			return fmt.Sprintf("GitHub answered %d: %v. The token may lack access, or its rate limit is exhausted.", r.StatusCode, err)
		}
	}
	return fmt.Sprintf("%v (API %s)", err, api)
}
