package provider_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// githubApp registers an App with a fresh key and installs it on acme for
// acme/private; it returns the private key's PEM.
func githubApp(t *testing.T, gh *ghemu.Server) string {
	t.Helper()
	return githubAppAs(t, gh, "Iv23liLOCAL", 700)
}

// githubAppAs is githubApp under the client ID and installation ID a
// configuration names.
func githubAppAs(t *testing.T, gh *ghemu.Server, clientID string, installation int64) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err := gh.CreateApp(ghemu.AppSpec{ID: 7001, ClientID: clientID, PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}); err != nil {
		t.Fatal(err)
	}
	if err := gh.CreateInstallation(ghemu.InstallationSpec{ID: installation, AppID: 7001, Account: "acme", Repositories: []string{"acme/private"},
		Permissions: map[string]string{"issues": "read", "pull_requests": "read"}}); err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

// appStackConfig is the whole stack for acme/private, authenticating with
// auth: a github_app block or a secret line.
func appStackConfig(gh *ghemu.Server, auth string) string {
	return fmt.Sprintf(`
variable "github_token" {
  type      = string
  ephemeral = true
}

variable "app_key" {
  type      = string
  ephemeral = true
}

resource "ghconnector_network_rule" "github" {
  database   = "SETUP"
  schema     = "PUBLIC"
  name       = "GITHUB_API"
  value_list = [%[1]q]
}

resource "ghconnector_secret" "github" {
  database                 = "SETUP"
  schema                   = "PUBLIC"
  name                     = "GITHUB_TOKEN"
  secret_string_wo         = var.github_token
  secret_string_wo_version = 1
}

resource "ghconnector_secret" "app_key" {
  database                 = "SETUP"
  schema                   = "PUBLIC"
  name                     = "GITHUB_APP_KEY"
  secret_string_wo         = var.app_key
  secret_string_wo_version = 1
}

resource "ghconnector_external_access_integration" "github" {
  name                           = "GITHUB_EAI"
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github.fully_qualified_name, ghconnector_secret.app_key.fully_qualified_name]
}

resource "ghconnector_application" "connector" {
  name               = "GITHUB_CONNECTOR"
  cascade_on_destroy = true
}

resource "ghconnector_connector_config" "github" {
  application                 = ghconnector_application.connector.name
  destination_database        = "GITHUB_DATA"
  warehouse                   = "WH"
  external_access_integration = ghconnector_external_access_integration.github.name
  github_api_url              = %[2]q
%[3]s
}

resource "ghconnector_repository" "private" {
  application = ghconnector_connector_config.github.application
  repository  = "acme/private"
  schedule    = "30 MINUTES"
}
`, gh.HostPort(), gh.URL(), auth)
}

func appAuth(installation int) string {
	return fmt.Sprintf(`  github_app = {
    client_id          = "Iv23liLOCAL"
    installation_id    = %d
    private_key_secret = ghconnector_secret.app_key.fully_qualified_name
  }`, installation)
}

const tokenAuth = `  secret = ghconnector_secret.github.fully_qualified_name`

// A private repository ingests with GitHub App authentication end to end:
// the provider stores the App's key in a write-only secret, the connector
// mints installation tokens per run. Switching between token and App
// updates in place; a wrong installation fails the run with the reason;
// the key and the minted tokens appear in no state, plan, log, run
// history, configuration, task or query history.
func TestAccGitHubAppAuthentication(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "acme", Name: "private", Private: true, Issues: 40}); err != nil {
		t.Fatal(err)
	}
	keyPEM := githubApp(t, gh)
	keyBody := strings.Split(keyPEM, "\n")[3] // a line of the key's base64
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken), "app_key": config.StringVariable(keyPEM)}
	cfgRef := "ghconnector_connector_config.github"
	app := snowflake.NewAccountObjectIdentifier("GITHUB_CONNECTOR")

	run := func(wantState, wantError string) func(*terraform.State) error {
		return func(*terraform.State) error {
			acctest.ExecSQL(t, client, `EXECUTE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__ACME__PRIVATE"`)
			sf.WaitForTasks()
			rows, err := client.Query(context.Background(), snowflake.SelectIngestionStatus{Application: app, Resource: "acme/private"})
			if err != nil || len(rows) != 1 {
				return fmt.Errorf("status: %v %v", rows, err)
			}
			state, msg := rows[0].String("last_state"), rows[0].String("last_error")
			if (state != wantState && !(wantState == "SUCCEEDED" && state == "NOT_MODIFIED")) || !strings.Contains(msg, wantError) {
				return fmt.Errorf("last run %s %q, want %s with %q", state, msg, wantState, wantError)
			}
			return nil
		}
	}
	ingested := func(*terraform.State) error {
		var n int
		err := client.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM "GITHUB_DATA"."GITHUB"."ACME__PRIVATE_ISSUES"`).Scan(&n)
		if err != nil || n != 40 {
			return fmt.Errorf("%d issues ingested from the private repository, want 40 (%v)", n, err)
		}
		return nil
	}
	// Inside the application: run history, configuration, status, tasks.
	notInApp := func(*terraform.State) error {
		secrets := append([]string{keyBody}, gh.MintedTokens()...)
		for _, q := range []string{`SELECT * FROM "GITHUB_CONNECTOR"."PUBLIC"."RUN_HISTORY"`, `SELECT * FROM "GITHUB_CONNECTOR"."PUBLIC"."CONNECTOR_CONFIGURATION"`,
			`SELECT * FROM "GITHUB_CONNECTOR"."PUBLIC"."INGESTION_STATUS"`, `SHOW TASKS IN ACCOUNT`, `DESCRIBE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__ACME__PRIVATE"`} {
			dump := dumpQuery(t, client, q)
			if !strings.Contains(strings.ToLower(dump), "acme") && !strings.Contains(q, "CONFIGURATION") {
				return fmt.Errorf("%s shows nothing of the connector; the leak check would prove nothing: %s", q, dump)
			}
			for _, s := range secrets {
				if strings.Contains(dump, s) {
					return fmt.Errorf("%s contains a secret", q)
				}
			}
		}
		return nil
	}
	leaks := noLeak{secrets: []string{keyBody}}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: appStackConfig(gh, appAuth(700)), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{leaks},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{leaks,
					statecheck.ExpectKnownValue(cfgRef, tfjsonpath.New("secret"), knownvalue.Null()),
					statecheck.ExpectKnownValue(cfgRef, tfjsonpath.New("github_app").AtMapKey("installation_id"), knownvalue.Int64Exact(700)),
					statecheck.ExpectKnownValue(cfgRef, tfjsonpath.New("granted_privileges"), knownvalue.SetPartial([]knownvalue.Check{
						knownvalue.StringExact(`READ ON SECRET "SETUP"."PUBLIC"."GITHUB_APP_KEY"`)})),
				},
				Check: resource.ComposeTestCheckFunc(run("SUCCEEDED", ""), ingested, notInApp),
			},
			{ResourceName: cfgRef, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_CONNECTOR"`, ConfigVariables: vars,
				ImportStateVerifyIgnore: []string{"github_api_url"}},
			{
				// To a token, in place: the key's READ grant goes, the token's comes.
				Config: appStackConfig(gh, tokenAuth), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(cfgRef, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(cfgRef, tfjsonpath.New("github_app"), knownvalue.Null()),
					statecheck.ExpectKnownValue(cfgRef, tfjsonpath.New("granted_privileges"), knownvalue.SetPartial([]knownvalue.Check{
						knownvalue.StringExact(`READ ON SECRET "SETUP"."PUBLIC"."GITHUB_TOKEN"`)})),
				},
				Check: run("SUCCEEDED", ""),
			},
			{
				// Back to the App, on an installation that does not exist:
				// the apply fails saying so (the connector mints a token to
				// check it), and so does the run.
				Config: appStackConfig(gh, appAuth(701)), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)GitHub App credentials do not work.*installation\s+701\s+does\s+not\s+exist`),
			},
			{
				// The failed apply left installation 701 configured: the run fails with the reason.
				PreConfig: func() {
					if err := run("FAILED", "installation 701 does not exist")(nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: appStackConfig(gh, appAuth(700)), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            run("SUCCEEDED", ""),
			},
			{
				Config: appStackConfig(gh, appAuth(700)+"\n"+tokenAuth), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)Choose one way to authenticate.*exactly\s+one\s+of\s+secret`),
			},
			{
				Config: appStackConfig(gh, strings.Replace(appAuth(700), "Iv23liLOCAL", "Iv23 li", 1)), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)Invalid GitHub App client ID`),
			},
			{
				Config: appStackConfig(gh, appAuth(700)), ConfigVariables: config.Variables{"github_token": config.StringVariable(acctest.GitHubToken),
					"app_key": config.StringVariable("-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n")},
				ExpectError: regexp.MustCompile(`(?s)Unusable GitHub App private key.*secret_string_wo`),
			},
		},
	})

	// The minted tokens and the key: nowhere.
	minted := gh.MintedTokens()
	if len(minted) < 2 {
		t.Fatalf("%d installation tokens minted; the leak check would prove little", len(minted))
	}
	secrets := append([]string{keyBody}, minted...)
	logs, err := os.ReadFile(logFile)
	if err != nil || len(logs) < 10000 || !strings.Contains(string(logs), "github_app") {
		t.Fatalf("the TRACE log (%d bytes, %v) does not cover the configuration; the leak check would prove nothing", len(logs), err)
	}
	for _, s := range secrets {
		if strings.Contains(string(logs), s) {
			t.Errorf("the TRACE log contains a secret %.12q…", s)
		}
	}
	// The key is in the statements that store it (Snowflake documents no
	// masking of SECRET_STRING); the minted tokens are in none.
	for _, r := range sf.QueryHistory() {
		for i, s := range secrets {
			if strings.Contains(r.Text, s) && (i > 0 || !r.StoresSecret()) {
				t.Errorf("the query history contains a secret: %s", r.Type)
			}
		}
	}
}

// dumpQuery renders every row of q as text.
func dumpQuery(t *testing.T, client *snowflake.Client, q string) string {
	t.Helper()
	rows, err := client.DB().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer func() { _ = rows.Close() }()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals...)
	}
	return b.String()
}

// The provider's own GitHub access (plan-time checks, data sources) as an
// App installation, configured through integrations/github's variables:
// the installation's private repository reads, one outside it does not,
// and a wrong installation fails the plan saying so.
func TestAccGitHubAppAuthDataSources(t *testing.T) {
	gh := acctest.GitHub(t)
	for _, spec := range []ghemu.RepoSpec{{Owner: "acme", Name: "private", Private: true}, {Owner: "acme", Name: "hidden", Private: true}} {
		if err := gh.CreateRepo(spec); err != nil {
			t.Fatal(err)
		}
	}
	keyPEM := githubApp(t, gh)
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GITHUB_APP_ID", "Iv23liLOCAL")
	t.Setenv("GITHUB_APP_INSTALLATION_ID", "700")
	t.Setenv("GITHUB_APP_PEM_FILE", keyPEM)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `data "ghconnector_github_repository" "p" { full_name = "acme/private" }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ghconnector_github_repository.p", tfjsonpath.New("private"), knownvalue.Bool(true)),
					noLeak{secrets: []string{strings.Split(keyPEM, "\n")[3]}},
				},
			},
			{
				Config:      `data "ghconnector_github_repository" "h" { full_name = "acme/hidden" }`,
				ExpectError: regexp.MustCompile(`(?s)acme/hidden`),
			},
			{
				Config: `
provider "ghconnector" {
  github {
    app_auth {
      installation_id = "799"
    }
  }
}
data "ghconnector_github_repository" "p" { full_name = "acme/private" }`,
				ExpectError: regexp.MustCompile(`(?s)installation\s+799\s+does\s+not\s+exist`),
			},
			{Config: `data "ghconnector_github_repository" "p" { full_name = "acme/private" }`},
		},
	})
}
