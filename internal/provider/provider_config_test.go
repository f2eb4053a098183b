package provider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func nullModel() providerModel {
	return providerModel{
		OrganizationName: types.StringNull(), AccountName: types.StringNull(), Profile: types.StringNull(),
		Account: types.StringNull(), User: types.StringNull(), Password: types.StringNull(),
		PrivateKey: types.StringNull(), PrivateKeyPassphrase: types.StringNull(), Authenticator: types.StringNull(),
		Role: types.StringNull(), Warehouse: types.StringNull(), Host: types.StringNull(), Port: types.Int64Null(),
		Protocol: types.StringNull(),
	}
}

func env(m map[string]string) lookupEnv {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func diagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}

func TestResolveSettingsFromEnvironment(t *testing.T) {
	s, diags := resolveSettings(nullModel(), env(map[string]string{
		envAccount: "acct", envUser: "u", envPassword: "p", envHost: "127.0.0.1", envPort: "8080",
		envProtocol: "HTTP", envRole: "R", envWarehouse: "W", envGitHubAPIURL: "http://127.0.0.1:9/",
		envGitHubToken: "tok",
	}))
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	c := s.conn
	if c.Account != "acct" || c.User != "u" || c.Password != "p" || c.Host != "127.0.0.1" || c.Port != 8080 ||
		c.Protocol != "http" || c.Role != "R" || c.Warehouse != "W" || c.Authenticator != "SNOWFLAKE" {
		t.Errorf("conn = %+v", c)
	}
	if s.githubAPIURL != "http://127.0.0.1:9/api/v3/" || s.githubToken != "tok" || !s.snowflakeConfigured {
		t.Errorf("settings = %+v", s)
	}
}

func TestResolveSettingsConfigWinsOverEnvironment(t *testing.T) {
	m := nullModel()
	m.Account = types.StringValue("from-config")
	m.Port = types.Int64Value(443)
	m.GitHub = &githubModel{Token: types.StringNull(), APIURL: types.StringValue("https://ghe.example.com")}
	s, diags := resolveSettings(m, env(map[string]string{envAccount: "from-env", envUser: "u", envPassword: "p", envPort: "1", envWarehouse: "WH"}))
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	if s.conn.Account != "from-config" || s.conn.Port != 443 || s.githubAPIURL != "https://ghe.example.com/api/v3/" {
		t.Errorf("settings = %+v", s)
	}
}

func TestResolveSettingsKeyPairDefaultsToJWT(t *testing.T) {
	key, err := os.ReadFile("../snowflake/testdata/key_pkcs8_aes256.pem")
	if err != nil {
		t.Fatal(err)
	}
	s, diags := resolveSettings(nullModel(), env(map[string]string{envAccount: "a", envUser: "u", envWarehouse: "WH",
		envPrivateKey: string(key), envPrivateKeyPassphrase: "correct-horse"}))
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	if s.conn.Authenticator != "SNOWFLAKE_JWT" {
		t.Errorf("authenticator = %q", s.conn.Authenticator)
	}
}

func TestResolveSettingsNothingConfigured(t *testing.T) {
	s, diags := resolveSettings(nullModel(), env(nil))
	if diags.HasError() || s.snowflakeConfigured {
		t.Fatalf("an empty provider block must be valid (GitHub-only use): %s", diagText(diags))
	}
	data, diags := newProviderData(t.Context(), s)
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	_, diags = data.snowflakeClient()
	if !strings.Contains(diagText(diags), "SNOWFLAKE_ACCOUNT") {
		t.Errorf("resources must explain the missing connection: %s", diagText(diags))
	}
}

func TestResolveSettingsUnknownDoesNotFail(t *testing.T) {
	m := nullModel()
	m.Account = types.StringUnknown()
	m.Port = types.Int64Unknown()
	s, diags := resolveSettings(m, env(nil))
	if diags.HasError() || !s.unknown {
		t.Fatalf("unknown values must defer validation: unknown=%v %s", s.unknown, diagText(diags))
	}
}

func TestResolveSettingsErrors(t *testing.T) {
	key, _ := os.ReadFile("../snowflake/testdata/key_pkcs8.pem")
	base := map[string]string{envAccount: "a", envUser: "u", envPassword: "p", envWarehouse: "WH"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			if v == "-" {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"missing account", with(map[string]string{envAccount: "-"}), []string{"Missing Snowflake account", "SNOWFLAKE_ACCOUNT"}},
		{"missing user", with(map[string]string{envUser: "-"}), []string{"Set user in the provider block or the SNOWFLAKE_USER"}},
		{"missing password", with(map[string]string{envPassword: "-"}), []string{"SNOWFLAKE_PASSWORD"}},
		{"missing warehouse", with(map[string]string{envWarehouse: "-"}), []string{"Missing Snowflake warehouse", "Set warehouse in the provider block or the SNOWFLAKE_WAREHOUSE"}},
		{"bad port", with(map[string]string{envPort: "http"}), []string{"Invalid Snowflake port", "SNOWFLAKE_PORT"}},
		{"port out of range", with(map[string]string{envPort: "70000"}), []string{"between 1 and 65535"}},
		{"bad protocol", with(map[string]string{envProtocol: "ftp"}), []string{"must be https or http", "SNOWFLAKE_PROTOCOL"}},
		{"http remote", with(map[string]string{envProtocol: "http", envHost: "acme.snowflakecomputing.com"}), []string{"Plain http refused", "only allowed for loopback"}},
		{"http no host", with(map[string]string{envProtocol: "http"}), []string{"Plain http needs a loopback host"}},
		{"password and key", with(map[string]string{envPrivateKey: string(key)}), []string{"Conflicting Snowflake credentials", "remove password"}},
		{"key with password authenticator", with(map[string]string{envPrivateKey: string(key), envAuthenticator: "snowflake"}), []string{"authenticator is SNOWFLAKE"}},
		{"jwt without key", with(map[string]string{envAuthenticator: "SNOWFLAKE_JWT", envPassword: "-"}), []string{"needs private_key", "SNOWFLAKE_PRIVATE_KEY"}},
		{"passphrase alone", with(map[string]string{envPrivateKeyPassphrase: "x"}), []string{"Passphrase without a private key"}},
		{"garbage key", with(map[string]string{envPassword: "-", envPrivateKey: "garbage"}), []string{"Invalid private key", "not PEM"}},
		{"unknown authenticator", with(map[string]string{envAuthenticator: "OKTA"}), []string{"Unsupported authenticator", "SNOWFLAKE_AUTHENTICATOR"}},
		{"bad github url", with(map[string]string{envGitHubAPIURL: "http://github.example.com"}), []string{"Invalid GitHub API URL", "GITHUB_API_URL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := resolveSettings(nullModel(), env(c.env))
			text := diagText(diags)
			if !diags.HasError() {
				t.Fatalf("want an error, got none")
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("diagnostics %q do not contain %q", text, w)
				}
			}
			if keyLine := strings.Split(string(key), "\n")[1]; strings.Contains(text, keyLine) {
				t.Errorf("diagnostic leaks key material")
			}
		})
	}
}

func testAppKeyPEM(t *testing.T) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

// app_auth reads the GitHub provider's environment variables, and each
// mistake is refused naming the setting and its variable, never the key.
func TestResolveSettingsGitHubAppAuth(t *testing.T) {
	keyPEM := testAppKeyPEM(t)
	s, diags := resolveSettings(nullModel(), env(map[string]string{envGitHubAppID: "Iv23liX", envGitHubAppInstallationID: "42", envGitHubAppPEMFile: keyPEM}))
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	if s.githubApp == nil || s.githubApp.AppID != "Iv23liX" || s.githubApp.InstallationID != 42 || s.githubToken != "" {
		t.Fatalf("app = %v", s.githubApp)
	}
	if strings.Contains(s.githubApp.String(), "PRIVATE KEY") {
		t.Errorf("String() shows the key")
	}
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{envGitHubAppID: "Iv1", envGitHubAppInstallationID: "42"}, "pem_file is missing"},
		{map[string]string{envGitHubAppID: "Iv1", envGitHubAppInstallationID: "x", envGitHubAppPEMFile: keyPEM}, "GITHUB_APP_INSTALLATION_ID"},
		{map[string]string{envGitHubAppID: "Iv1", envGitHubAppInstallationID: "42", envGitHubAppPEMFile: "ghp_xyz"}, "not PEM text"},
		{map[string]string{envGitHubAppID: "Iv1", envGitHubAppInstallationID: "42", envGitHubAppPEMFile: keyPEM, envGitHubToken: "t"}, "exclude each other"},
	}
	for _, c := range cases {
		_, diags := resolveSettings(nullModel(), env(c.env))
		text := diagText(diags)
		if !diags.HasError() || !strings.Contains(text, c.want) {
			t.Errorf("%v: %q, want an error with %q", c.env[envGitHubAppInstallationID], text, c.want)
		}
		if strings.Contains(text, "MII") || strings.Contains(text, "ghp_xyz") {
			t.Errorf("the error quotes the credentials: %s", text)
		}
	}
}
