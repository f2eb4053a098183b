package provider_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Every name and comment of the three account resources tried with quotes,
// backslashes, $$, semicolons and comment markers: each object is created
// with exactly that name, round-trips through import, and nothing else in
// the account is touched.
func TestAccHostileNames(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	db := `db "quoted" \ $$`
	acctest.Database(t, client, db)
	acctest.Database(t, client, "VICTIM")
	names := map[string]string{
		"rule":   `rule'); DROP DATABASE VICTIM; --`,
		"secret": `secret"; DROP DATABASE VICTIM; /*`,
		"eai":    `eai $$ ; -- '" \`,
	}
	cfg := fmt.Sprintf(`
variable "token" {
  type      = string
  ephemeral = true
}

resource "ghconnector_network_rule" "r" {
  database   = %[1]s
  schema     = "PUBLIC"
  name       = %[2]s
  value_list = ["api.github.com"]
  comment    = %[5]s
}

resource "ghconnector_secret" "s" {
  database         = %[1]s
  schema           = "PUBLIC"
  name             = %[3]s
  secret_string_wo = var.token
  comment          = %[5]s
}

resource "ghconnector_external_access_integration" "e" {
  name                           = %[4]s
  allowed_network_rules          = [ghconnector_network_rule.r.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.s.fully_qualified_name]
  comment                        = %[5]s
}
`, strconv.Quote(db), strconv.Quote(names["rule"]), strconv.Quote(names["secret"]), strconv.Quote(names["eai"]),
		strconv.Quote(`'; DROP DATABASE VICTIM; -- $$ \' "`))
	// Quotes, a backslash, $$, a semicolon and a comment marker; no space or
	// control character, which a token cannot hold (refused at plan time).
	const token = `tok'en";\$$--x`
	vars := config.Variables{"token": config.StringVariable(token)}
	ruleID := snowflake.NewSchemaObjectIdentifier(db, "PUBLIC", names["rule"])
	secretID := snowflake.NewSchemaObjectIdentifier(db, "PUBLIC", names["secret"])
	eaiID := snowflake.NewAccountObjectIdentifier(names["eai"])
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg, ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					ctx := context.Background()
					if r, err := client.NetworkRule(ctx, ruleID); err != nil || r.Name != names["rule"] {
						return fmt.Errorf("rule: %v %v", r, err)
					}
					if s, err := client.Secret(ctx, secretID); err != nil || s.Name != names["secret"] {
						return fmt.Errorf("secret: %v %v", s, err)
					}
					if e, err := client.ExternalAccessIntegration(ctx, eaiID); err != nil || e.Name != names["eai"] || len(e.AllowedNetworkRules) != 1 {
						return fmt.Errorf("integration: %v %v", e, err)
					}
					if v, err := srv.SecretString(ctx, db, "PUBLIC", names["secret"]); err != nil || v != token {
						return fmt.Errorf("secret value %q %v", v, err)
					}
					rows, err := client.Query(ctx, snowflake.ShowByName(snowflake.ObjectTypeDatabases, "VICTIM", nil))
					if err != nil || len(rows) != 1 {
						return fmt.Errorf("the VICTIM database is gone: %v %v", rows, err)
					}
					return nil
				},
			},
			{ResourceName: "ghconnector_network_rule.r", ImportState: true, ImportStateVerify: true, ImportStateId: ruleID.FullyQualifiedName(), ConfigVariables: vars},
			{ResourceName: "ghconnector_secret.s", ImportState: true, ImportStateVerify: true, ImportStateId: secretID.FullyQualifiedName(), ConfigVariables: vars,
				ImportStateVerifyIgnore: []string{"secret_string_wo", "secret_string_wo_version"}},
			{ResourceName: "ghconnector_external_access_integration.e", ImportState: true, ImportStateVerify: true, ImportStateId: eaiID.FullyQualifiedName(), ConfigVariables: vars},
		},
	})
}
