package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Connection profiles: the TOML file the official Snowflake provider reads
// (~/.snowflake/config, or SNOWFLAKE_CONFIG_PATH), one table per profile,
// with its key names. A profile fills in only what the provider block and
// the environment leave unset, as in the official provider, so a pipeline
// that runs both providers configures one scheme.

const (
	envProfile    = "SNOWFLAKE_PROFILE"
	envConfigPath = "SNOWFLAKE_CONFIG_PATH"
)

// connectionProfile is the part of a profile this provider uses; other
// keys (the official provider's driver settings) are ignored.
type connectionProfile struct {
	AccountName          *string `toml:"account_name"`
	OrganizationName     *string `toml:"organization_name"`
	Account              *string `toml:"account"`
	User                 *string `toml:"user"`
	Username             *string `toml:"username"`
	Password             *string `toml:"password"`
	PrivateKey           *string `toml:"private_key"`
	PrivateKeyPassphrase *string `toml:"private_key_passphrase"`
	Authenticator        *string `toml:"authenticator"`
	Role                 *string `toml:"role"`
	Warehouse            *string `toml:"warehouse"`
	Host                 *string `toml:"host"`
	Port                 *int    `toml:"port"`
	Protocol             *string `toml:"protocol"`
}

// configPath is SNOWFLAKE_CONFIG_PATH, else ~/.snowflake/config.
func configPath(lookup lookupEnv) (string, error) {
	if p, ok := lookup(envConfigPath); ok && p != "" {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".snowflake", "config"), nil
}

// readProfile reads profile name from the config file. The file holds
// credentials, so, as the official provider does by default, one that
// others may read is refused; errors name the file and the profile, never
// a value in it.
func readProfile(name string, lookup lookupEnv) (*connectionProfile, error) {
	path, err := configPath(lookup)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("profile %q: the config file %s cannot be read: %v (set %s to its path)", name, path, err, envConfigPath)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("profile %q: the config file %s may be read by others (mode %04o); it holds credentials: chmod 0600 %s",
			name, path, info.Mode().Perm(), path)
	}
	var profiles map[string]toml.Primitive
	meta, err := toml.DecodeFile(path, &profiles)
	if err != nil {
		return nil, fmt.Errorf("profile %q: the config file %s is not valid TOML (%s)", name, path, tomlProblem(err))
	}
	raw, ok := profiles[name]
	if !ok {
		return nil, fmt.Errorf("profile %q not found in %s (it has %s)", name, path, profileNames(profiles))
	}
	var p connectionProfile
	if err := meta.PrimitiveDecode(raw, &p); err != nil {
		return nil, fmt.Errorf("profile %q in %s: %s", name, path, tomlProblem(err))
	}
	return &p, nil
}

// tomlProblem says where a TOML error is without quoting the line, which
// could hold a password.
func tomlProblem(err error) string {
	if pe, ok := err.(toml.ParseError); ok {
		return fmt.Sprintf("line %d", pe.Position.Line)
	}
	msg := err.Error()
	if i := strings.Index(msg, ":"); i > 0 {
		msg = msg[:i]
	}
	return msg
}

func profileNames(profiles map[string]toml.Primitive) string {
	if len(profiles) == 0 {
		return "no profiles"
	}
	var names []string
	for n := range profiles {
		names = append(names, fmt.Sprintf("%q", n))
	}
	return "profiles " + strings.Join(names, ", ")
}

// fill sets every connection setting still empty from the profile.
func (p *connectionProfile) fill(c *snowflake.ConnectionConfig) {
	set := func(dst *string, src ...*string) {
		for _, s := range src {
			if *dst == "" && s != nil {
				*dst = *s
			}
		}
	}
	if c.Account == "" && p.OrganizationName != nil && p.AccountName != nil {
		c.Account = *p.OrganizationName + "-" + *p.AccountName
	}
	set(&c.Account, p.Account)
	set(&c.User, p.User, p.Username)
	set(&c.Password, p.Password)
	set(&c.PrivateKey, p.PrivateKey)
	set(&c.PrivateKeyPassphrase, p.PrivateKeyPassphrase)
	if c.Authenticator == "" && p.Authenticator != nil {
		c.Authenticator = strings.ToUpper(*p.Authenticator)
	}
	set(&c.Role, p.Role)
	set(&c.Warehouse, p.Warehouse)
	set(&c.Host, p.Host)
	if c.Port == 0 && p.Port != nil {
		c.Port = *p.Port
	}
	if c.Protocol == "" && p.Protocol != nil {
		c.Protocol = strings.ToLower(*p.Protocol)
	}
}
