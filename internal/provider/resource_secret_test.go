package provider_test

import (
	"context"
	"encoding/json"
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
	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// secretConfig passes the token the way the docs recommend: an ephemeral
// variable, whose value Terraform keeps out of plan files too.
func secretConfig(version int, comment string) string {
	return secretConfigNamed("GITHUB_TOKEN", version, comment)
}

func secretConfigNamed(name string, version int, comment string) string {
	c := ""
	if comment != "" {
		c = fmt.Sprintf("  comment = %q\n", comment)
	}
	return fmt.Sprintf(`
variable "token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "ghconnector_secret" "test" {
  database                 = "TF_DB"
  schema                   = "PUBLIC"
  name                     = %q
  secret_string_wo         = var.token
  secret_string_wo_version = %d
%s}
`, name, version, c)
}

func tokenVar(token string) config.Variables {
	return config.Variables{"token": config.StringVariable(token)}
}

// noLeak fails when a marshalled state or plan contains a secret.
type noLeak struct{ secrets []string }

func (c noLeak) check(what string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for _, s := range c.secrets {
		if strings.Contains(string(data), s) {
			return fmt.Errorf("%s contains the secret %q", what, s)
		}
	}
	return nil
}

func (c noLeak) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := c.check("state", req.State); err != nil {
		resp.Error = err
	}
}

func (c noLeak) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if err := c.check("plan", req.Plan); err != nil {
		resp.Error = err
	}
}

func secretValue(t *testing.T, srv *sfemu.Server) string {
	t.Helper()
	v, err := srv.SecretString(context.Background(), "TF_DB", "PUBLIC", "GITHUB_TOKEN")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAccSecret(t *testing.T) {
	const first, second, third = "ghp_FIRSTtoken0001", "ghp_SECONDtoken002", "ghp_THIRDtoken0003"
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.Database(t, client, "TF_DB")
	id := snowflake.NewSchemaObjectIdentifier("TF_DB", "PUBLIC", "GITHUB_TOKEN")
	ref := "ghconnector_secret.test"
	fqn := id.FullyQualifiedName()
	leak := noLeak{secrets: []string{first, second, third}}

	// Everything terraform and the provider log at TRACE goes to this file.
	logFile := filepath.Join(t.TempDir(), "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, err := client.Secret(context.Background(), id); !snowflake.IsNotFound(err) {
				return fmt.Errorf("secret still exists: %v", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: secretConfig(1, "GitHub token"), ConfigVariables: tokenVar(first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("id"), knownvalue.StringExact(fqn)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("secret_string_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("secret_string_wo_version"), knownvalue.Int64Exact(1)),
					leak,
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionCreate), leak},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if v := secretValue(t, srv); v != first {
						return fmt.Errorf("secret holds %q", v)
					}
					return nil
				},
			},
			{ResourceName: ref, ImportState: true, ImportStateVerify: true, ImportStateId: fqn, ConfigVariables: tokenVar(first),
				// Neither the value nor its version can be read back from Snowflake.
				ImportStateVerifyIgnore: []string{"secret_string_wo", "secret_string_wo_version"}},
			{
				// A new value without a version bump changes nothing.
				Config: secretConfig(1, "GitHub token"), ConfigVariables: tokenVar(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if v := secretValue(t, srv); v != first {
						return fmt.Errorf("secret changed without a version bump: %q", v)
					}
					return nil
				},
			},
			{
				// Bumping the version rotates in place.
				Config: secretConfig(2, "GitHub token"), ConfigVariables: tokenVar(second),
				ConfigStateChecks: []statecheck.StateCheck{leak},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate), leak},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if v := secretValue(t, srv); v != second {
						return fmt.Errorf("rotation did not happen: %q", v)
					}
					return nil
				},
			},
			{
				// Out-of-band comment change is drift; a drop is recreated.
				PreConfig: func() {
					acctest.Exec(t, client, snowflake.AlterSecretSet{ID: id, Comment: snowflake.Pointer("tampered")})
				},
				Config: secretConfig(2, "GitHub token"), ConfigVariables: tokenVar(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() { acctest.Exec(t, client, snowflake.DropSecret{ID: id}) },
				Config:    secretConfig(3, ""), ConfigVariables: tokenVar(third),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionCreate), leak},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("comment"), knownvalue.Null()), leak,
				},
				Check: func(*terraform.State) error {
					if v := secretValue(t, srv); v != third {
						return fmt.Errorf("recreated secret holds %q", v)
					}
					return nil
				},
			},
			{
				// The name is immutable: renaming replaces the secret.
				Config: secretConfigNamed("GITHUB_TOKEN_V2", 3, ""), ConfigVariables: tokenVar(third),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionDestroyBeforeCreate), leak},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if _, err := client.Secret(context.Background(), id); !snowflake.IsNotFound(err) {
						return fmt.Errorf("the old secret survived the rename: %v", err)
					}
					return nil
				},
			},
		},
	})

	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("reading the TRACE log: %v", err)
	}
	if len(logs) < 10000 || !strings.Contains(string(logs), "ghconnector_secret") {
		t.Fatalf("the TRACE log (%d bytes) does not cover the secret resource; the leak check would prove nothing", len(logs))
	}
	if !strings.Contains(string(logs), "SECRET_STRING = '***'") {
		t.Fatalf("the TRACE log has no redacted statement; provider logs were not captured")
	}
	for _, s := range leak.secrets {
		if strings.Contains(string(logs), s) {
			t.Errorf("the TRACE log contains the secret %q", s)
		}
	}
	secretStatements := 0
	for _, r := range srv.QueryHistory() {
		if strings.HasSuffix(r.Type, "_SECRET") {
			secretStatements++
		}
		// Only the statements that store the value may hold it: Snowflake
		// documents no masking of SECRET_STRING in query history.
		for _, s := range leak.secrets {
			if strings.Contains(r.Text, s) && !r.StoresSecret() {
				t.Errorf("the emulator's query history contains the secret %q: %s", s, r.Text)
			}
		}
	}
	if secretStatements < 4 {
		t.Fatalf("the query history has %d secret statements (create, rotate, recreate, drop); the check would prove nothing", secretStatements)
	}
}

func TestAccSecretBadInput(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.Database(t, client, "TF_DB")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "ghconnector_secret" "test" {
  database         = "NO_SUCH_DB"
  schema           = "PUBLIC"
  name             = "T"
  secret_string_wo = "ghp_x"
}`,
				ExpectError: regexp.MustCompile(`(?s)Unable to create secret.*does not exist or not authorized`),
			},
			{
				Config: `
resource "ghconnector_secret" "test" {
  database = "TF_DB"
  schema   = "PUBLIC"
  name     = "T"
}`,
				ExpectError: regexp.MustCompile(`(?s)"secret_string_wo" is required`),
			},
			{
				Config: `
resource "ghconnector_secret" "test" {
  database         = "TF_DB"
  schema           = "PUBLIC"
  name             = "T\nX"
  secret_string_wo = "ghp_x"
}`,
				ExpectError: regexp.MustCompile(`(?s)control character`),
			},
			{
				Config: `
resource "ghconnector_secret" "test" {
  database         = "TF_DB"
  schema           = "PUBLIC"
  name             = "T"
  secret_string_wo = ""
}`,
				ExpectError: regexp.MustCompile(`(?s)Empty secret.*secret_string_wo is empty.*ephemeral variable`),
			},
			{
				Config: `
resource "ghconnector_secret" "test" {
  database         = "TF_DB"
  schema           = "PUBLIC"
  name             = "T"
  secret_string_wo = "ghp_withnewline\n"
}`,
				ExpectError: regexp.MustCompile(`(?s)Secret with surrounding whitespace.*trimspace`),
			},
			{
				Config: `
resource "ghconnector_secret" "test" {
  database         = "TF_DB"
  schema           = "PUBLIC"
  name             = "T"
  secret_string_wo = "ghp_first_half\nsecond_half"
}`,
				ExpectError: regexp.MustCompile(`(?s)Secret with a line break or control character.*a GitHub token has none`),
			},
		},
	})
}
