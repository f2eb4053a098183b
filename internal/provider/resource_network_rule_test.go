package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

func networkRuleConfig(db, name, typ, mode, values, comment string) string {
	extra := ""
	if typ != "" {
		extra += fmt.Sprintf("  type = %q\n", typ)
	}
	if mode != "" {
		extra += fmt.Sprintf("  mode = %q\n", mode)
	}
	if comment != "" {
		extra += fmt.Sprintf("  comment = %q\n", comment)
	}
	return fmt.Sprintf(`
resource "ghconnector_network_rule" "test" {
  database   = %q
  schema     = "PUBLIC"
  name       = %q
  value_list = %s
%s}
`, db, name, values, extra)
}

// ruleGone checks that no network rule with the id is left.
func ruleGone(client *snowflake.Client, id snowflake.SchemaObjectIdentifier) func(*terraform.State) error {
	return func(*terraform.State) error {
		_, err := client.NetworkRule(context.Background(), id)
		if snowflake.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("network rule %s still exists", id.FullyQualifiedName())
	}
}

func TestAccNetworkRule(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.Database(t, client, "TF_DB")
	id := snowflake.NewSchemaObjectIdentifier("TF_DB", "PUBLIC", "GITHUB_API")
	ref := "ghconnector_network_rule.test"
	fqn := `"TF_DB"."PUBLIC"."GITHUB_API"`

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             ruleGone(client, id),
		Steps: []resource.TestStep{
			{
				Config: networkRuleConfig("TF_DB", "GITHUB_API", "", "", `["api.github.com:443"]`, "GitHub API"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("id"), knownvalue.StringExact(fqn)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("fully_qualified_name"), knownvalue.StringExact(fqn)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("type"), knownvalue.StringExact("HOST_PORT")),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("mode"), knownvalue.StringExact("EGRESS")),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("value_list"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("api.github.com:443")})),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("comment"), knownvalue.StringExact("GitHub API")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ResourceName: ref, ImportState: true, ImportStateVerify: true, ImportStateId: fqn},
			{ResourceName: ref, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: fqn},
			{
				// value_list and comment update in place.
				Config: networkRuleConfig("TF_DB", "GITHUB_API", "", "", `["api.github.com:443", "*.githubusercontent.com"]`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("value_list"), knownvalue.SetSizeExact(2)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("comment"), knownvalue.Null()),
				},
			},
			{
				// An out-of-band change shows up as an update and is repaired.
				PreConfig: func() {
					acctest.Exec(t, client, snowflake.AlterNetworkRuleSet{ID: id, ValueList: []string{"evil.example.com"}, Comment: snowflake.Pointer("changed")})
				},
				Config: networkRuleConfig("TF_DB", "GITHUB_API", "", "", `["api.github.com:443", "*.githubusercontent.com"]`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A rule dropped out of band is created again.
				PreConfig: func() { acctest.Exec(t, client, snowflake.DropNetworkRule{ID: id}) },
				Config:    networkRuleConfig("TF_DB", "GITHUB_API", "", "", `["api.github.com:443", "*.githubusercontent.com"]`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// TYPE and MODE are immutable: changing them replaces the rule.
				Config: networkRuleConfig("TF_DB", "GITHUB_API", "IPV4", "INGRESS", `["10.0.0.0/8"]`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("mode"), knownvalue.StringExact("INGRESS")),
				},
			},
		},
	})
}

// Hostile names are quoted, never interpreted: the rule gets exactly that name.
func TestAccNetworkRuleHostileNames(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	db := `it's "my" db\`
	name := `'); DROP DATABASE TF_DB; --`
	acctest.Database(t, client, db)
	acctest.Database(t, client, "TF_DB")
	id := snowflake.NewSchemaObjectIdentifier(db, "PUBLIC", name)
	ref := "ghconnector_network_rule.test"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             ruleGone(client, id),
		Steps: []resource.TestStep{
			{
				Config: networkRuleConfig(db, name, "", "", `["api.github.com"]`, `$$; --'" \`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("id"), knownvalue.StringExact(id.FullyQualifiedName())),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("comment"), knownvalue.StringExact(`$$; --'" \`)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					rule, err := client.NetworkRule(context.Background(), id)
					if err != nil {
						return err
					}
					if rule.Name != name || rule.DatabaseName != db {
						return fmt.Errorf("created %q in %q", rule.Name, rule.DatabaseName)
					}
					// The database the name tries to drop is still there.
					_, err = client.Query(context.Background(), snowflake.ShowByName(snowflake.ObjectTypeDatabases, "TF_DB", nil))
					return err
				},
			},
			{ResourceName: ref, ImportState: true, ImportStateVerify: true, ImportStateId: id.FullyQualifiedName()},
		},
	})
}

func TestAccNetworkRuleBadInput(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.Database(t, client, "TF_DB")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             ruleGone(client, snowflake.NewSchemaObjectIdentifier("NO_SUCH_DB", "PUBLIC", "R")),
		Steps: []resource.TestStep{
			{
				Config:      networkRuleConfig("NO_SUCH_DB", "R", "", "", `["api.github.com"]`, ""),
				ExpectError: regexp.MustCompile(`(?s)Unable to create network rule "NO_SUCH_DB"."PUBLIC"."R".*Database 'NO_SUCH_DB' does not exist or not authorized`),
			},
			{
				Config:      networkRuleConfig("TF_DB", "R", "", "", `["api.github.com:99999"]`, ""),
				ExpectError: regexp.MustCompile(`(?s)Invalid network rule entry.*"api.github.com:99999": port "99999"`),
			},
			{
				Config:      networkRuleConfig("TF_DB", "R", "", "", `["*.com"]`, ""),
				ExpectError: regexp.MustCompile(`(?s)Invalid network rule entry.*wildcard`),
			},
			{
				Config:      networkRuleConfig("TF_DB", "R", "", "INGRESS", `["api.github.com"]`, ""),
				ExpectError: regexp.MustCompile(`(?s)type = "HOST_PORT" requires mode = "EGRESS"`),
			},
			{
				Config:      networkRuleConfig("TF_DB", "R", "HOSTPORT", "", `["api.github.com"]`, ""),
				ExpectError: regexp.MustCompile(`(?s)value must be one of`),
			},
			{
				Config:      networkRuleConfig("TF_DB", "", "", "", `["api.github.com"]`, ""),
				ExpectError: regexp.MustCompile(`(?s)name must not be empty`),
			},
			{
				Config:      networkRuleConfig("TF_DB", "R", "", "", `[]`, ""),
				ExpectError: regexp.MustCompile(`(?s)value_list.*at least 1`),
			},
			{
				Config: networkRuleConfig("TF_DB", "R", "", "", `["api.github.com"]`, "") + `resource "ghconnector_network_rule" "bad_comment" {
  database   = "TF_DB"
  schema     = "PUBLIC"
  name       = "R2"
  value_list = ["api.github.com"]
  comment    = ""
}`,
				ExpectError: regexp.MustCompile(`(?s)comment.*at least 1`),
			},
		},
	})
	rows, err := client.Query(context.Background(), snowflake.Show{Object: snowflake.ObjectTypeNetworkRules, In: snowflake.InAccount()})
	if err != nil || len(rows) != 0 {
		t.Fatalf("failed applies left rules behind: %v %v", rows, err)
	}
}
