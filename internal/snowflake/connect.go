package snowflake

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	sf "github.com/snowflakedb/gosnowflake"
)

// Authenticators the provider supports, as users write them.
const (
	AuthenticatorSnowflake               = "SNOWFLAKE"
	AuthenticatorJWT                     = "SNOWFLAKE_JWT"
	AuthenticatorUsernamePasswordMFA     = "USERNAME_PASSWORD_MFA"
	AuthenticatorProgrammaticAccessToken = "PROGRAMMATIC_ACCESS_TOKEN"
	AuthenticatorExternalBrowser         = "EXTERNALBROWSER"
)

var Authenticators = []string{AuthenticatorSnowflake, AuthenticatorJWT, AuthenticatorUsernamePasswordMFA, AuthenticatorProgrammaticAccessToken, AuthenticatorExternalBrowser}

// MaxOpenConnections bounds the pool one provider instance shares across
// all resources; Terraform's default parallelism is 10.
const MaxOpenConnections = 8

// ConnectionConfig is a validated provider configuration.
type ConnectionConfig struct {
	Account              string
	User                 string
	Password             string
	PrivateKey           string
	PrivateKeyPassphrase string
	Authenticator        string
	Role                 string
	Warehouse            string
	Host                 string
	Port                 int
	Protocol             string
	QueryLogger          QueryLogger
	ProviderVersion      string // reported in each statement's tracking comment
}

// Open builds the shared pool. No connection is made until the first
// statement, so a plan that never reaches Snowflake never logs in.
func Open(cfg ConnectionConfig) (*Client, error) {
	sfCfg := &sf.Config{
		Account:     cfg.Account,
		User:        cfg.User,
		Password:    cfg.Password,
		Role:        cfg.Role,
		Warehouse:   cfg.Warehouse,
		Host:        cfg.Host,
		Port:        cfg.Port,
		Protocol:    cfg.Protocol,
		Application: "terraform-provider-ghconnector",
		// Never log statement text from the driver: it may hold a secret.
		LogQueryText:       false,
		LogQueryParameters: false,
	}
	switch strings.ToUpper(cfg.Authenticator) {
	case "", AuthenticatorSnowflake:
		sfCfg.Authenticator = sf.AuthTypeSnowflake
	case AuthenticatorJWT:
		key, err := ParsePrivateKey(cfg.PrivateKey, cfg.PrivateKeyPassphrase)
		if err != nil {
			return nil, err
		}
		sfCfg.Authenticator = sf.AuthTypeJwt
		sfCfg.PrivateKey = key
		sfCfg.Password = ""
	case AuthenticatorUsernamePasswordMFA:
		sfCfg.Authenticator = sf.AuthTypeUsernamePasswordMFA
	case AuthenticatorProgrammaticAccessToken:
		sfCfg.Authenticator = sf.AuthTypePat
		sfCfg.Token = cfg.Password
		sfCfg.Password = ""
	case AuthenticatorExternalBrowser:
		sfCfg.Authenticator = sf.AuthTypeExternalBrowser
	default:
		return nil, fmt.Errorf("authenticator %q is not supported; use one of %s", cfg.Authenticator, strings.Join(Authenticators, ", "))
	}
	// Cloud platform detection probes metadata addresses on first connect;
	// it only serves workload-identity login, which the provider does not use.
	if os.Getenv("SNOWFLAKE_DISABLE_PLATFORM_DETECTION") == "" {
		_ = os.Setenv("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")
	}
	// The driver's own log lines repeat errors the provider already reports
	// as diagnostics; keep Terraform's log readable.
	_ = sf.GetLogger().SetLogLevel("fatal")
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *sfCfg))
	db.SetMaxOpenConns(MaxOpenConnections)
	db.SetMaxIdleConns(MaxOpenConnections)
	db.SetConnMaxIdleTime(5 * time.Minute)
	c := NewClient(db, cfg.QueryLogger)
	c.version = cfg.ProviderVersion
	return c, nil
}
