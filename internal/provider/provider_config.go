package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	ghclient "github.com/ghconnector/terraform-provider-ghconnector/internal/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// settings is the provider configuration after environment fallbacks and
// validation.
type settings struct {
	// unknown is set when a value is not known until apply (it comes from
	// another resource); clients are then built on a later Configure.
	unknown bool
	// snowflakeConfigured is false when no Snowflake setting is present at
	// all; resources then explain what to set instead of failing the plan
	// of a configuration that only uses the GitHub data sources.
	snowflakeConfigured bool
	conn                snowflake.ConnectionConfig
	githubToken         string
	githubAPIURL        string
	githubApp           *ghclient.AppCredentials
}

func (s *settings) fingerprint() string {
	h := sha256.New()
	c := s.conn
	for _, v := range []string{c.Account, c.User, c.Password, c.PrivateKey, c.PrivateKeyPassphrase, c.Authenticator,
		c.Role, c.Warehouse, c.Host, strconv.Itoa(c.Port), c.Protocol, s.githubToken, s.githubAPIURL, s.githubApp.Fingerprint(),
		strconv.FormatBool(s.unknown), strconv.FormatBool(s.snowflakeConfigured)} {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

type lookupEnv func(string) (string, bool)

// stringSetting returns the configured value, else the environment's.
func stringSetting(v types.String, env string, lookup lookupEnv, unknown *bool) string {
	if v.IsUnknown() {
		*unknown = true
		return ""
	}
	if !v.IsNull() {
		return v.ValueString()
	}
	if e, ok := lookup(env); ok && e != "" {
		return e
	}
	return ""
}

func missing(attribute, env, what string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute),
		"Missing Snowflake "+what,
		fmt.Sprintf("Set %s in the provider block or the %s environment variable.", attribute, env))
}

func invalid(p path.Path, env, summary, detail string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, summary,
		fmt.Sprintf("%s (Set in the provider block as %s or through the %s environment variable.)", detail, p, env))
}

// resolveSettings applies environment fallbacks and checks the settings
// for missing or contradictory values. Every diagnostic names the
// attribute and its environment variable.
func resolveSettings(cfg providerModel, lookup lookupEnv) (*settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := &settings{}
	c := &s.conn
	c.Account = resolveAccount(cfg, lookup, s, &diags)
	c.User = stringSetting(cfg.User, envUser, lookup, &s.unknown)
	c.Password = stringSetting(cfg.Password, envPassword, lookup, &s.unknown)
	c.PrivateKey = stringSetting(cfg.PrivateKey, envPrivateKey, lookup, &s.unknown)
	c.PrivateKeyPassphrase = stringSetting(cfg.PrivateKeyPassphrase, envPrivateKeyPassphrase, lookup, &s.unknown)
	c.Authenticator = strings.ToUpper(stringSetting(cfg.Authenticator, envAuthenticator, lookup, &s.unknown))
	c.Role = stringSetting(cfg.Role, envRole, lookup, &s.unknown)
	c.Warehouse = stringSetting(cfg.Warehouse, envWarehouse, lookup, &s.unknown)
	c.Host = stringSetting(cfg.Host, envHost, lookup, &s.unknown)
	c.Protocol = strings.ToLower(stringSetting(cfg.Protocol, envProtocol, lookup, &s.unknown))
	profile := stringSetting(cfg.Profile, envProfile, lookup, &s.unknown)
	c.Port = resolvePort(cfg, lookup, s, &diags)

	if profile != "" && !s.unknown {
		p, err := readProfile(profile, lookup)
		if err != nil {
			diags.Append(invalid(path.Root("profile"), envProfile, "Unusable Snowflake profile", err.Error()+"."))
		} else {
			p.fill(c)
		}
	}
	if !resolveGitHub(cfg, lookup, s, &diags) {
		return s, diags
	}
	s.snowflakeConfigured = c.Account != "" || c.User != "" || c.Password != "" || c.PrivateKey != "" || c.Host != ""
	if s.snowflakeConfigured {
		checkConnection(c, &diags)
	}
	return s, diags
}

// resolveAccount is the account: organization_name + account_name take
// precedence over account, as in the official Snowflake provider.
func resolveAccount(cfg providerModel, lookup lookupEnv, s *settings, diags *diag.Diagnostics) string {
	org := stringSetting(cfg.OrganizationName, envOrganizationName, lookup, &s.unknown)
	accountName := stringSetting(cfg.AccountName, envAccountName, lookup, &s.unknown)
	switch {
	case org != "" && accountName != "":
		return org + "-" + accountName
	case org != "":
		diags.Append(invalid(path.Root("account_name"), envAccountName, "Incomplete Snowflake account name",
			"organization_name is set but account_name is not; set both (the account is <organization_name>-<account_name>), or account instead."))
	case accountName != "":
		diags.Append(invalid(path.Root("organization_name"), envOrganizationName, "Incomplete Snowflake account name",
			"account_name is set but organization_name is not; set both (the account is <organization_name>-<account_name>), or account instead."))
	default:
		return stringSetting(cfg.Account, envAccount, lookup, &s.unknown)
	}
	return ""
}

// resolvePort is the port from the configuration or the environment, 0
// when neither sets it.
func resolvePort(cfg providerModel, lookup lookupEnv, s *settings, diags *diag.Diagnostics) int {
	switch {
	case cfg.Port.IsUnknown():
		s.unknown = true
	case !cfg.Port.IsNull():
		if cfg.Port.ValueInt64() < 1 || cfg.Port.ValueInt64() > 65535 {
			diags.Append(invalid(path.Root("port"), envPort, "Invalid Snowflake port",
				fmt.Sprintf("port must be between 1 and 65535, got %d.", cfg.Port.ValueInt64())))
		}
		return int(cfg.Port.ValueInt64())
	default:
		if raw, ok := lookup(envPort); ok && strings.TrimSpace(raw) != "" {
			n, err := strconv.Atoi(strings.TrimSpace(raw))
			if err != nil || n < 1 || n > 65535 {
				diags.Append(invalid(path.Root("port"), envPort, "Invalid Snowflake port",
					fmt.Sprintf("%s must be a number between 1 and 65535, got %q.", envPort, raw)))
			}
			return n
		}
	}
	return 0
}

// resolveGitHub fills the GitHub settings; false while the configuration
// is not known yet.
func resolveGitHub(cfg providerModel, lookup lookupEnv, s *settings, diags *diag.Diagnostics) bool {
	gh := cfg.GitHub
	if gh == nil {
		gh = &githubModel{Token: types.StringNull(), APIURL: types.StringNull()}
	}
	s.githubToken = stringSetting(gh.Token, envGitHubToken, lookup, &s.unknown)
	s.githubAPIURL = stringSetting(gh.APIURL, envGitHubAPIURL, lookup, &s.unknown)
	app := gh.AppAuth
	if app == nil {
		app = &appAuthModel{ID: types.StringNull(), InstallationID: types.StringNull(), PEMFile: types.StringNull()}
	}
	appID := stringSetting(app.ID, envGitHubAppID, lookup, &s.unknown)
	installation := stringSetting(app.InstallationID, envGitHubAppInstallationID, lookup, &s.unknown)
	pemFile := stringSetting(app.PEMFile, envGitHubAppPEMFile, lookup, &s.unknown)
	if s.unknown {
		return false
	}
	if appID != "" || installation != "" || pemFile != "" {
		s.githubApp = resolveAppAuth(appID, installation, pemFile, s.githubToken != "", diags)
	}
	if s.githubAPIURL != "" {
		normalized, err := ghclient.NormalizeAPIURL(s.githubAPIURL)
		if err != nil {
			diags.Append(invalid(path.Root("github").AtName("api_url"), envGitHubAPIURL, "Invalid GitHub API URL", err.Error()))
		}
		s.githubAPIURL = normalized
	} else {
		s.githubAPIURL = ghclient.DefaultAPIURL
	}
	if s.githubApp != nil {
		if warning := ghesIssuerWarning(s.githubApp.AppID, s.githubAPIURL); warning != "" {
			diags.AddAttributeWarning(path.Root("github").AtName("app_auth").AtName("id"), "Client ID as the JWT issuer on GitHub Enterprise Server", warning)
		}
	}

	return true
}

// checkConnection refuses, at plan, a Snowflake connection that cannot
// work: the protocol, the required settings and the authenticator's
// credentials.
func checkConnection(c *snowflake.ConnectionConfig, diags *diag.Diagnostics) {
	if c.Protocol != "" && c.Protocol != "https" && c.Protocol != "http" {
		diags.Append(invalid(path.Root("protocol"), envProtocol, "Invalid Snowflake protocol",
			fmt.Sprintf("protocol must be https or http, got %q.", c.Protocol)))
	}
	if c.Protocol == "http" {
		if c.Host == "" {
			diags.Append(invalid(path.Root("protocol"), envProtocol, "Plain http needs a loopback host",
				"protocol = \"http\" is only allowed together with a loopback host (127.0.0.1, ::1 or localhost), such as the local Snowflake emulator; set host or use https."))
		} else if !ghclient.IsLoopbackHost(c.Host) {
			diags.Append(invalid(path.Root("protocol"), envProtocol, "Plain http refused for a remote host",
				fmt.Sprintf("protocol = \"http\" would send credentials to %q unencrypted; it is only allowed for loopback hosts. Use protocol = \"https\".", c.Host)))
		}
	}
	if c.Account == "" {
		diags.Append(missing("account", envAccount, "account"))
	}
	if c.User == "" {
		diags.Append(missing("user", envUser, "user"))
	}
	if c.Warehouse == "" {
		// The connector's Python procedures and every read of its views run
		// on the session's warehouse; without one Snowflake answers 000606
		// ("No active warehouse selected") in the middle of an apply.
		diags.Append(diag.NewAttributeErrorDiagnostic(path.Root("warehouse"), "Missing Snowflake warehouse",
			fmt.Sprintf("Set warehouse in the provider block or the %s environment variable: the connector's procedures "+
				"(CALL) and the reads of its views need a warehouse in the session, and a user's default warehouse is not relied on. "+
				"The role needs USAGE on it.", envWarehouse)))
	}
	if c.Authenticator == "" {
		c.Authenticator = snowflake.AuthenticatorSnowflake
		if c.PrivateKey != "" {
			c.Authenticator = snowflake.AuthenticatorJWT
		}
	}
	known := false
	for _, a := range snowflake.Authenticators {
		known = known || a == c.Authenticator
	}
	if !known {
		diags.Append(invalid(path.Root("authenticator"), envAuthenticator, "Unsupported authenticator",
			fmt.Sprintf("authenticator %q is not supported; use one of %s.", c.Authenticator, strings.Join(snowflake.Authenticators, ", "))))
		return
	}
	switch c.Authenticator {
	case snowflake.AuthenticatorJWT:
		if c.PrivateKey == "" {
			diags.Append(invalid(path.Root("private_key"), envPrivateKey, "Missing private key",
				"authenticator = \"SNOWFLAKE_JWT\" needs private_key."))
		}
		if c.Password != "" {
			diags.Append(invalid(path.Root("password"), envPassword, "Conflicting Snowflake credentials",
				"password and private_key are both set; key-pair authentication uses only private_key, so remove password (and unset SNOWFLAKE_PASSWORD)."))
		}
	case snowflake.AuthenticatorExternalBrowser:
	default:
		if c.PrivateKey != "" {
			diags.Append(invalid(path.Root("private_key"), envPrivateKey, "Conflicting Snowflake credentials",
				fmt.Sprintf("private_key is set but authenticator is %s; remove private_key or set authenticator = \"SNOWFLAKE_JWT\".", c.Authenticator)))
		}
		if c.Password == "" {
			diags.Append(missing("password", envPassword, "password"))
		}
	}
	if c.PrivateKeyPassphrase != "" && c.PrivateKey == "" {
		diags.Append(invalid(path.Root("private_key_passphrase"), envPrivateKeyPassphrase, "Passphrase without a private key",
			"private_key_passphrase is set but private_key is not; set private_key or remove the passphrase."))
	}
	if c.PrivateKey != "" && !diags.HasError() {
		if _, err := snowflake.ParsePrivateKey(c.PrivateKey, c.PrivateKeyPassphrase); err != nil {
			diags.Append(invalid(path.Root("private_key"), envPrivateKey, "Invalid private key", err.Error()))
		}
	}
}

// resolveAppAuth checks the app_auth settings: all three, no token beside
// them, a numeric installation and a usable RSA key.
func resolveAppAuth(appID, installation, pemFile string, hasToken bool, diags *diag.Diagnostics) *ghclient.AppCredentials {
	at := path.Root("github").AtName("app_auth")
	if hasToken {
		diags.AddAttributeError(path.Root("github").AtName("token"), "Conflicting GitHub credentials",
			"github.token (GITHUB_TOKEN) and github.app_auth (GITHUB_APP_*) exclude each other: keep one. Unset GITHUB_TOKEN to authenticate as the App.")
		return nil
	}
	for _, missing := range []struct{ value, name, env string }{
		{appID, "id", envGitHubAppID}, {installation, "installation_id", envGitHubAppInstallationID}, {pemFile, "pem_file", envGitHubAppPEMFile}} {
		if missing.value == "" {
			diags.Append(invalid(at.AtName(missing.name), missing.env, "Incomplete GitHub App credentials",
				"github.app_auth needs id, installation_id and pem_file together; "+missing.name+" is missing."))
		}
	}
	if diags.HasError() {
		return nil
	}
	id, err := strconv.ParseInt(strings.TrimSpace(installation), 10, 64)
	if err != nil || id <= 0 {
		diags.Append(invalid(at.AtName("installation_id"), envGitHubAppInstallationID, "Invalid GitHub App installation ID",
			"installation_id must be the installation's number, as in github.com/settings/installations/<id>."))
		return nil
	}
	if _, err := ghclient.ParseAppPrivateKey(pemFile); err != nil {
		diags.Append(invalid(at.AtName("pem_file"), envGitHubAppPEMFile, "Unusable GitHub App private key",
			"pem_file must hold the contents of the App's .pem file: "+err.Error()+"."))
		return nil
	}
	return &ghclient.AppCredentials{AppID: strings.TrimSpace(appID), InstallationID: id, PrivateKeyPEM: pemFile}
}
