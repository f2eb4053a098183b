package acctest

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// RealEnv names what the real-account tests need (make testacc-real).
var RealEnv = []string{"SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "SNOWFLAKE_WAREHOUSE", "GITHUB_TOKEN"}

// RealAccount returns a client to the real Snowflake account the
// environment names, and a name prefix unique to this run, or skips the
// test with what to set. Only GHCONNECTOR_REAL=1 (set by make testacc-real)
// lets a test reach a real account, so a developer's SNOWFLAKE_* variables
// never send make test there.
func RealAccount(t *testing.T) (*snowflake.Client, string) {
	t.Helper()
	if os.Getenv("GHCONNECTOR_REAL") != "1" {
		t.Skip("real-account test: run make testacc-real with " + strings.Join(RealEnv, ", ") +
			" and SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY set (see docs/guides/real-account.md)")
	}
	var missing []string
	for _, name := range RealEnv {
		if os.Getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if os.Getenv("SNOWFLAKE_PASSWORD") == "" && os.Getenv("SNOWFLAKE_PRIVATE_KEY") == "" {
		missing = append(missing, "SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY")
	}
	if len(missing) > 0 {
		t.Skip("real-account test skipped: set " + strings.Join(missing, ", "))
	}
	if os.Getenv("SNOWFLAKE_HOST") != "" || os.Getenv("SNOWFLAKE_PROTOCOL") == "http" {
		t.Fatal("real-account test: SNOWFLAKE_HOST / SNOWFLAKE_PROTOCOL point elsewhere than the account; unset them")
	}
	cfg := snowflake.ConnectionConfig{Account: os.Getenv("SNOWFLAKE_ACCOUNT"), User: os.Getenv("SNOWFLAKE_USER"),
		Password: os.Getenv("SNOWFLAKE_PASSWORD"), Role: os.Getenv("SNOWFLAKE_ROLE"), Warehouse: os.Getenv("SNOWFLAKE_WAREHOUSE")}
	if key := os.Getenv("SNOWFLAKE_PRIVATE_KEY"); key != "" {
		cfg.PrivateKey, cfg.PrivateKeyPassphrase, cfg.Authenticator = key, os.Getenv("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"), snowflake.AuthenticatorJWT
	} else {
		cfg.Authenticator = snowflake.AuthenticatorSnowflake
	}
	client, err := snowflake.Open(cfg)
	if err != nil {
		t.Fatalf("connecting to the real account: %v", err)
	}
	t.Cleanup(func() { _ = client.Close() })
	var b [4]byte
	_, _ = rand.Read(b[:])
	return client, "GHC_ACC_" + strings.ToUpper(hex.EncodeToString(b[:]))
}
