// Package acctest is the acceptance-test harness: provider factories and
// environment checks shared by every acceptance test.
package acctest

import (
	"os"
	"os/exec"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/provider"
)

// ProviderName is the provider's local name in test configurations.
const ProviderName = "ghconnector"

// ProtoV6ProviderFactories serves a fresh in-process provider to terraform.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	ProviderName: func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(provider.New("acctest")())()
	},
}

// ProviderEnv lists every environment variable the provider reads.
var ProviderEnv = []string{
	"SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY",
	"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "SNOWFLAKE_AUTHENTICATOR", "SNOWFLAKE_ROLE", "SNOWFLAKE_WAREHOUSE",
	"SNOWFLAKE_HOST", "SNOWFLAKE_PORT", "SNOWFLAKE_PROTOCOL", "GITHUB_TOKEN", "GITHUB_API_URL",
	"GITHUB_APP_ID", "GITHUB_APP_INSTALLATION_ID", "GITHUB_APP_PEM_FILE",
}

// ClearProviderEnv unsets the provider's environment for one test, so a
// developer's own SNOWFLAKE_* settings cannot change its outcome.
func ClearProviderEnv(t testing.TB) {
	t.Helper()
	for _, name := range ProviderEnv {
		t.Setenv(name, "")
	}
}

// PreCheck fails fast when terraform cannot be found.
func PreCheck(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		return
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if _, err := exec.LookPath("terraform"); err != nil {
			t.Fatal("acceptance tests need terraform on PATH or TF_ACC_TERRAFORM_PATH set")
		}
	}
}
