package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// connectorConfigWarnings runs ghconnector_connector_config's
// ValidateConfig on a configuration with the given attributes (the others
// null), with github_app built from app, or a token secret when app is
// nil, and returns its warnings.
func connectorConfigWarnings(t *testing.T, apiURL string, app map[string]tftypes.Value) []string {
	t.Helper()
	ctx := context.Background()
	r := &connectorConfigResource{}
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	objType, ok := sch.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the schema is not an object type")
	}
	values := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	values["application"] = tftypes.NewValue(tftypes.String, `"APP"`)
	values["destination_database"] = tftypes.NewValue(tftypes.String, "DB")
	values["warehouse"] = tftypes.NewValue(tftypes.String, "WH")
	values["serverless_tasks"] = tftypes.NewValue(tftypes.Bool, false)
	values["external_access_integration"] = tftypes.NewValue(tftypes.String, "EAI")
	values["github_api_url"] = tftypes.NewValue(tftypes.String, apiURL)
	if app != nil {
		values["github_app"] = tftypes.NewValue(objType.AttributeTypes["github_app"], app)
	} else {
		values["secret"] = tftypes.NewValue(tftypes.String, `"D"."S"."TOKEN"`)
	}
	resp := &resource.ValidateConfigResponse{}
	r.ValidateConfig(ctx, resource.ValidateConfigRequest{Config: tfsdk.Config{Schema: sch.Schema, Raw: tftypes.NewValue(objType, values)}}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("errors: %v", resp.Diagnostics)
	}
	var out []string
	for _, d := range resp.Diagnostics.Warnings() {
		out = append(out, d.Summary()+": "+d.Detail())
	}
	return out
}

// A client ID as the JWT issuer on a GitHub API other than github.com's
// warns at plan time: GitHub Enterprise Server before 3.14 accepts only the
// numeric App ID. A numeric ID, or github.com, does not warn.
func TestClientIDOnGitHubEnterpriseServerWarns(t *testing.T) {
	app := func(id string) map[string]tftypes.Value {
		return map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, id),
			"installation_id": tftypes.NewValue(tftypes.Number, 7), "private_key_secret": tftypes.NewValue(tftypes.String, `"D"."S"."K"`)}
	}
	cases := []struct {
		id, api string
		warns   bool
	}{
		{"Iv23liX", "https://ghe.example.com/api/v3/", true},
		{"Iv23liX", "https://ghe.example.com", true},
		{"123456", "https://ghe.example.com/api/v3/", false},
		{"Iv23liX", "https://api.github.com/", false},
	}
	for _, c := range cases {
		warnings := connectorConfigWarnings(t, c.api, app(c.id))
		if got := len(warnings) == 1 && strings.Contains(warnings[0], "3.14") && strings.Contains(warnings[0], "numeric App ID"); got != c.warns {
			t.Errorf("connector_config %s on %s: warnings %v, want a warning: %v", c.id, c.api, warnings, c.warns)
		}
	}
	if warnings := connectorConfigWarnings(t, "https://ghe.example.com/api/v3/", nil); len(warnings) != 0 {
		t.Errorf("a token configuration warns: %v", warnings)
	}

	keyPEM := testAppKeyPEM(t)
	for _, c := range cases {
		_, diags := resolveSettings(nullModel(), env(map[string]string{envGitHubAppID: c.id, envGitHubAppInstallationID: "42",
			envGitHubAppPEMFile: keyPEM, envGitHubAPIURL: c.api}))
		text := diagText(diags)
		if diags.HasError() || strings.Contains(text, "3.14") != c.warns {
			t.Errorf("provider app_auth %s on %s: %q, want a warning: %v", c.id, c.api, text, c.warns)
		}
	}
}
