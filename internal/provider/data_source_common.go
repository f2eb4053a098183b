package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// providerDataSource is embedded by every data source for Configure.
type providerDataSource struct {
	data *ProviderData
}

func (d *providerDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if data, ok := req.ProviderData.(*ProviderData); ok {
		d.data = data
	}
}

// hasGitHub reports whether the provider has a GitHub client, adding an
// error when it has none.
func (d *providerDataSource) hasGitHub(diags *diag.Diagnostics) bool {
	if d.data == nil || d.data.GitHub == nil {
		diags.AddError("GitHub not configured", "The provider has no GitHub client; this is a bug, please report it.")
		return false
	}
	return true
}
