package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

const eaiDeps = `
variable "token" {
  type      = string
  ephemeral = true
}

resource "ghconnector_network_rule" "github" {
  database   = "TF_DB"
  schema     = "PUBLIC"
  name       = "GITHUB_API"
  value_list = ["api.github.com:443"]
}

resource "ghconnector_network_rule" "uploads" {
  database   = "TF_DB"
  schema     = "PUBLIC"
  name       = "GITHUB_UPLOADS"
  value_list = ["uploads.github.com:443"]
}

resource "ghconnector_secret" "github" {
  database         = "TF_DB"
  schema           = "PUBLIC"
  name             = "GITHUB_TOKEN"
  secret_string_wo = var.token
}
`

func eaiConfig(name, rules, secrets, enabled, comment string) string {
	extra := ""
	if secrets != "" {
		extra += "  allowed_authentication_secrets = " + secrets + "\n"
	}
	if enabled != "" {
		extra += "  enabled = " + enabled + "\n"
	}
	if comment != "" {
		extra += fmt.Sprintf("  comment = %q\n", comment)
	}
	return eaiDeps + fmt.Sprintf(`
resource "ghconnector_external_access_integration" "test" {
  name                  = %q
  allowed_network_rules = %s
%s}
`, name, rules, extra)
}

var eaiVars = config.Variables{"token": config.StringVariable("ghp_eai_test_token")}

func eaiGone(client *snowflake.Client, name string) func(*terraform.State) error {
	return func(*terraform.State) error {
		_, err := client.ExternalAccessIntegration(context.Background(), snowflake.NewAccountObjectIdentifier(name))
		if snowflake.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("integration %s still exists (%v)", name, err)
	}
}

func TestAccExternalAccessIntegration(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.Database(t, client, "TF_DB")
	ref := "ghconnector_external_access_integration.test"
	id := snowflake.NewAccountObjectIdentifier("GITHUB_EAI")
	rule := "[ghconnector_network_rule.github.fully_qualified_name]"
	secret := "[ghconnector_secret.github.fully_qualified_name]"

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             eaiGone(client, "GITHUB_EAI"),
		Steps: []resource.TestStep{
			{
				Config: eaiConfig("GITHUB_EAI", rule, secret, "", ""), ConfigVariables: eaiVars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("id"), knownvalue.StringExact(`"GITHUB_EAI"`)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("allowed_network_rules"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(`"TF_DB"."PUBLIC"."GITHUB_API"`)})),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("allowed_authentication_secrets"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(`"TF_DB"."PUBLIC"."GITHUB_TOKEN"`)})),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ResourceName: ref, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_EAI"`, ConfigVariables: eaiVars},
			{ResourceName: ref, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: `"GITHUB_EAI"`, ConfigVariables: eaiVars},
			{
				// Rules, secrets, enabled and comment update in place; plain
				// spelling of the same names causes no diff afterwards.
				Config:          eaiConfig("GITHUB_EAI", `["TF_DB.PUBLIC.GITHUB_API", ghconnector_network_rule.uploads.fully_qualified_name]`, "", "false", "GitHub egress"),
				ConfigVariables: eaiVars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("allowed_network_rules"), knownvalue.SetSizeExact(2)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("allowed_authentication_secrets"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
			},
			{
				PreConfig: func() {
					acctest.Exec(t, client, snowflake.AlterExternalAccessIntegrationSet{ID: id, Enabled: snowflake.Pointer(true),
						AllowedNetworkRules: []snowflake.SchemaObjectIdentifier{snowflake.NewSchemaObjectIdentifier("TF_DB", "PUBLIC", "GITHUB_API")}})
				},
				Config:          eaiConfig("GITHUB_EAI", `["TF_DB.PUBLIC.GITHUB_API", ghconnector_network_rule.uploads.fully_qualified_name]`, "", "false", "GitHub egress"),
				ConfigVariables: eaiVars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig:       func() { acctest.Exec(t, client, snowflake.DropExternalAccessIntegration{ID: id}) },
				Config:          eaiConfig("GITHUB_EAI", rule, secret, "", ""),
				ConfigVariables: eaiVars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// The name is immutable: a new name replaces the integration.
				Config: eaiConfig("GITHUB_EAI_V2", rule, secret, "", ""), ConfigVariables: eaiVars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: eaiGone(client, "GITHUB_EAI"),
			},
		},
	})
}

func TestAccExternalAccessIntegrationBadInput(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.Database(t, client, "TF_DB")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             eaiGone(client, "BAD_EAI"),
		Steps: []resource.TestStep{
			{
				Config: eaiConfig("BAD_EAI", `["\"TF_DB\".\"PUBLIC\".\"NO_SUCH_RULE\""]`, "", "", ""), ConfigVariables: eaiVars,
				ExpectError: regexp.MustCompile(`(?s)Unable to create external access integration "BAD_EAI".*Network rule 'TF_DB.PUBLIC.NO_SUCH_RULE' does not exist or not authorized`),
			},
			{
				Config: eaiConfig("BAD_EAI", `["TF_DB.GITHUB_API"]`, "", "", ""), ConfigVariables: eaiVars,
				ExpectError: regexp.MustCompile(`(?s)Invalid fully qualified name.*<database_name>.<schema_name>.<object_name>`),
			},
			{
				Config: eaiConfig("BAD_EAI", `[]`, "", "", ""), ConfigVariables: eaiVars,
				ExpectError: regexp.MustCompile(`(?s)allowed_network_rules.*at least 1`),
			},
			{
				Config: eaiConfig("BAD_EAI", `["TF_DB.PUBLIC.GITHUB_API"]`, `["\"TF_DB\".\"PUBLIC\".\"NO_TOKEN\""]`, "", ""), ConfigVariables: eaiVars,
				ExpectError: regexp.MustCompile(`(?s)Secret 'TF_DB.PUBLIC.NO_TOKEN' does not exist or not authorized`),
			},
		},
	})
}
