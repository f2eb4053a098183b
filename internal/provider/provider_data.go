package provider

import (
	"context"
	"fmt"
	"sync"

	gh "github.com/google/go-github/v57/github"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	ghclient "github.com/ghconnector/terraform-provider-ghconnector/internal/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// ProviderData is what resources and data sources receive in Configure.
type ProviderData struct {
	// Unknown is set when the provider configuration was not known at
	// plan time; nothing can be read from Snowflake yet.
	Unknown        bool
	Snowflake      *snowflake.Client
	GitHub         *gh.Client
	GitHubAPIURL   string
	HasGitHubToken bool
	// listings are the repository refreshes' shared reads, per command.
	listings *listingCache
	// enabledBefore is each application's listing as the plan of new
	// repositories first read it, never invalidated by this command's own
	// writes: the plan-time duplicate check costs one read per application.
	enabledBefore *listingCache
	// plannedApps are the applications this command plans to create: a
	// repository or configuration naming one of them is not refused at
	// plan for naming an application that does not exist yet.
	plannedApps *nameSet
	// preflight caches the role's grants for the plan-time privilege check.
	grants    *preflightCache
	warehouse string
}

func newProviderData(_ context.Context, s *settings) (*ProviderData, diag.Diagnostics) {
	var diags diag.Diagnostics
	data := &ProviderData{Unknown: s.unknown, GitHubAPIURL: s.githubAPIURL, HasGitHubToken: s.githubToken != "",
		grants: &preflightCache{}, warehouse: s.conn.Warehouse}
	if s.unknown {
		return data, diags
	}
	client, err := ghclient.NewClient(s.githubToken, s.githubAPIURL)
	if s.githubApp != nil {
		client, err = ghclient.NewAppClient(*s.githubApp, s.githubAPIURL)
		data.HasGitHubToken = true
	}
	if err != nil {
		diags.AddError("Unable to configure the GitHub client", err.Error())
		return nil, diags
	}
	data.GitHub = client
	if s.snowflakeConfigured {
		conn := s.conn
		conn.QueryLogger = logSQL
		sf, err := snowflake.Open(conn)
		if err != nil {
			diags.AddError("Unable to configure the Snowflake connection", err.Error())
			return nil, diags
		}
		data.Snowflake = sf
	}
	return data, diags
}

// forCommand returns the data with the shared clients and a fresh
// listing cache.
func (d *ProviderData) forCommand() *ProviderData {
	c := *d
	c.listings = newListingCache()
	c.enabledBefore = &listingCache{byApp: map[string]*listingEntry{}, keepFailures: true}
	c.grants = &preflightCache{}
	c.plannedApps = &nameSet{}
	return &c
}

// nameSet is a set of quoted names shared by one command's resources.
type nameSet struct {
	mu    sync.Mutex
	names map[string]bool
}

func (s *nameSet) add(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.names == nil {
		s.names = map[string]bool{}
	}
	s.names[name] = true
}

func (s *nameSet) has(name string) bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.names[name]
}

// snowflakeClient returns the Snowflake client or a diagnostic explaining
// why there is none.
func (d *ProviderData) snowflakeClient() (*snowflake.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case d == nil:
		diags.AddError("Provider not configured", "The ghconnector provider was not configured; this is a bug in the provider, please report it.")
	case d.Unknown:
		diags.AddError("Provider configuration not yet known",
			"A provider setting depends on a value that is only known after apply; apply the resources it depends on first (terraform apply -target=...).")
	case d.Snowflake == nil:
		diags.AddError("Snowflake connection not configured",
			fmt.Sprintf("%s: set account (%s), user (%s) and password (%s) or private_key (%s) in the provider block or the environment.",
				snowflake.ErrConnectionNotConfigured, envAccount, envUser, envPassword, envPrivateKey))
	default:
		return d.Snowflake, diags
	}
	return nil, diags
}
