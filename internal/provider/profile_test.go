package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The official Snowflake provider's account scheme: organization_name and
// account_name (or their SNOWFLAKE_* variables) make the account, and take
// precedence over account; one without the other names the missing one.
func TestResolveSettingsOrganizationAndAccountNames(t *testing.T) {
	base := map[string]string{envUser: "u", envPassword: "p", envWarehouse: "WH"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	s, diags := resolveSettings(nullModel(), env(with(map[string]string{envOrganizationName: "MYORG", envAccountName: "MYACCT", envAccount: "ignored-here"})))
	if diags.HasError() || s.conn.Account != "MYORG-MYACCT" {
		t.Fatalf("account %q, %v", s.conn.Account, diagText(diags))
	}
	for missing, set := range map[string]string{"account_name": envOrganizationName, "organization_name": envAccountName} {
		_, diags := resolveSettings(nullModel(), env(with(map[string]string{set: "X"})))
		if text := diagText(diags); !diags.HasError() || !strings.Contains(text, missing) {
			t.Errorf("only %s: %q, want an error naming %s", set, text, missing)
		}
	}
	s, diags = resolveSettings(nullModel(), env(with(map[string]string{envAccount: "ORG-ACC"})))
	if diags.HasError() || s.conn.Account != "ORG-ACC" {
		t.Fatalf("SNOWFLAKE_ACCOUNT alone: %q %v", s.conn.Account, diagText(diags))
	}
}

func writeProfileFile(t *testing.T, mode os.FileMode, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// A profile of the official provider's TOML file fills in what the
// provider block and the environment leave unset; a file others may read,
// a missing profile and invalid TOML are refused without quoting a value.
func TestResolveSettingsFromAProfile(t *testing.T) {
	const secret = "pr0file-s3cret"
	path := writeProfileFile(t, 0o600, `
[default]
account_name = "NOPE"

[ci]
organization_name = "MYORG"
account_name = "MYACCT"
user = "TERRAFORM"
password = "`+secret+`"
role = "FROM_PROFILE"
warehouse = "PROFILE_WH"
port = 8443
authenticator = "snowflake"
some_driver_setting = true
`)
	s, diags := resolveSettings(nullModel(), env(map[string]string{envProfile: "ci", envConfigPath: path, envRole: "FROM_ENV"}))
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	c := s.conn
	if c.Account != "MYORG-MYACCT" || c.User != "TERRAFORM" || c.Password != secret || c.Warehouse != "PROFILE_WH" || c.Port != 8443 ||
		c.Authenticator != "SNOWFLAKE" {
		t.Fatalf("from the profile: %+v", c)
	}
	if c.Role != "FROM_ENV" {
		t.Errorf("the environment must win over the profile: role %q", c.Role)
	}
	cases := []struct {
		name, text string
		mode       os.FileMode
		profile    string
		want       string
	}{
		{"readable by others", "[ci]\npassword = \"" + secret + "\"\n", 0o644, "ci", "chmod 0600"},
		{"missing profile", "[ci]\npassword = \"" + secret + "\"\n", 0o600, "prod", `profile "prod" not found`},
		{"invalid TOML", "[ci]\npassword = \"" + secret + "\n", 0o600, "ci", "not valid TOML (line 2)"},
	}
	for _, tc := range cases {
		p := writeProfileFile(t, tc.mode, tc.text)
		_, diags := resolveSettings(nullModel(), env(map[string]string{envProfile: tc.profile, envConfigPath: p}))
		text := diagText(diags)
		if !diags.HasError() || !strings.Contains(text, tc.want) || !strings.Contains(text, "profile") {
			t.Errorf("%s: %q, want an error on profile with %q", tc.name, text, tc.want)
		}
		if strings.Contains(text, secret) {
			t.Errorf("%s: the error quotes the password", tc.name)
		}
	}
}
