package provider_test

import (
	"context"
	"encoding/json"
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
	"github.com/ghconnector/terraform-provider-ghconnector/internal/connector"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

func applicationConfig(comment, warehouse string, cascade bool) string {
	extra := ""
	if comment != "" {
		extra += fmt.Sprintf("  comment = %q\n", comment)
	}
	if warehouse != "" {
		extra += fmt.Sprintf("  warehouse = %q\n", warehouse)
	}
	return fmt.Sprintf(`
resource "ghconnector_application" "test" {
  name               = "GITHUB_CONNECTOR"
  cascade_on_destroy = %t
%s}
`, cascade, extra)
}

// describeIngest returns INGEST_DATA's DESCRIBE properties, as the consumer sees them.
func describeIngest(client *snowflake.Client) (map[string]string, error) {
	rows, err := client.Query(context.Background(), snowflake.DescribeProcedure{
		ID: snowflake.NewSchemaObjectIdentifier("GITHUB_CONNECTOR", "PUBLIC", "INGEST_DATA"), ArgTypes: []string{"VARCHAR"}})
	if err != nil {
		return nil, err
	}
	return snowflake.PropertyRows(rows), nil
}

func TestAccApplication(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	for _, st := range []snowflake.Statement{
		snowflake.CreateDatabase{ID: snowflake.NewAccountObjectIdentifier("SETUP")},
	} {
		acctest.Exec(t, client, st)
	}
	acctest.ExecSQL(t, client,
		`CREATE WAREHOUSE WH`, `CREATE WAREHOUSE WH2`,
		`CREATE NETWORK RULE SETUP.PUBLIC.GH TYPE = HOST_PORT VALUE_LIST = ('api.github.com') MODE = EGRESS`,
		`CREATE SECRET SETUP.PUBLIC.TOKEN TYPE = GENERIC_STRING SECRET_STRING = 'ghp_x'`,
		`CREATE EXTERNAL ACCESS INTEGRATION GH_EAI ALLOWED_NETWORK_RULES = (SETUP.PUBLIC.GH) ALLOWED_AUTHENTICATION_SECRETS = (SETUP.PUBLIC.TOKEN) ENABLED = TRUE`)
	ref := "ghconnector_application.test"
	app := snowflake.NewAccountObjectIdentifier("GITHUB_CONNECTOR")
	files, _ := connector.Files()
	digest := connector.Digest(files)

	provision := func() error {
		acctest.ExecSQL(t, client,
			`GRANT USAGE ON INTEGRATION GH_EAI TO APPLICATION GITHUB_CONNECTOR`, `GRANT USAGE ON DATABASE SETUP TO APPLICATION GITHUB_CONNECTOR`,
			`GRANT USAGE ON SCHEMA SETUP.PUBLIC TO APPLICATION GITHUB_CONNECTOR`, `GRANT READ ON SECRET SETUP.PUBLIC.TOKEN TO APPLICATION GITHUB_CONNECTOR`)
		return client.Exec(context.Background(), snowflake.Call{
			Procedure: snowflake.NewSchemaObjectIdentifier("GITHUB_CONNECTOR", "PUBLIC", "PROVISION_CONNECTOR"),
			Args: []snowflake.Arg{snowflake.JSONArg(map[string]any{"destination_database": "GITHUB_DATA", "warehouse": "WH",
				"secret": `"SETUP"."PUBLIC"."TOKEN"`, "external_access_integration": `"GH_EAI"`})},
		})
	}
	var restore func()
	t.Cleanup(func() {
		if restore != nil {
			restore()
		}
	})

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, err := client.Application(context.Background(), app); !snowflake.IsNotFound(err) {
				return fmt.Errorf("application still exists: %v", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: applicationConfig("GitHub issues", "WH", false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("id"), knownvalue.StringExact(`"GITHUB_CONNECTOR"`)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("package_name"), knownvalue.StringExact("GITHUB_CONNECTOR_PKG")),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("version"), knownvalue.StringExact("V1_0")),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("patch"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("payload_digest"), knownvalue.StringExact(digest)),
					// The deprecated warehouse grants nothing: that grant belongs to connector_config.
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("granted_privileges"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("CREATE DATABASE ON ACCOUNT"), knownvalue.StringExact("EXECUTE TASK ON ACCOUNT")})),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					// A privilege the manifest does not request is refused.
					err := client.Exec(context.Background(), snowflake.GrantToApplication{Privilege: "MANAGE GRANTS",
						On: snowflake.GrantOn{Kind: snowflake.OnAccount}, Application: app})
					if err == nil || !regexp.MustCompile(`not requested in the manifest`).MatchString(err.Error()) {
						return fmt.Errorf("a grant outside the manifest was not refused: %v", err)
					}
					// The app's procedures are callable after apply.
					return provision()
				},
			},
			{ResourceName: ref, ImportState: true, ImportStateVerify: true, ImportStateId: `"GITHUB_CONNECTOR"`,
				ImportStateVerifyIgnore: []string{"warehouse"}}, // deprecated, without effect: nothing to read back
			{
				// Comment and the deprecated warehouse change in place; a warehouse
				// grant made by its owner (connector_config, here by hand) is
				// neither revoked nor joined by another.
				PreConfig: func() { acctest.ExecSQL(t, client, `GRANT USAGE ON WAREHOUSE WH TO APPLICATION GITHUB_CONNECTOR`) },
				Config:    applicationConfig("renamed", "WH2", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error { return onlyWarehouseGrant(client, app, "WH") },
			},
			{
				// A grant revoked out of band is drift, and apply restores it.
				PreConfig: func() {
					acctest.Exec(t, client, snowflake.RevokeFromApplication{Privilege: snowflake.PrivilegeExecuteTask, On: snowflake.GrantOn{Kind: snowflake.OnAccount}, Application: app})
				},
				Config: applicationConfig("renamed", "WH2", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A provider release with a changed payload upgrades in place and keeps the connector's state.
				PreConfig: func() {
					restore = connector.WithExtraFileForTesting(connector.File{Path: "UPGRADE_NOTES.md", Data: []byte("patch 1\n")})
				},
				Config: applicationConfig("renamed", "WH2", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("patch"), knownvalue.Int64Exact(1)),
				},
				// The upgrade replaced INGEST_DATA; the provider's CALL of
				// RESTORE_BINDINGS bound it again from the kept configuration.
				Check: func(*terraform.State) error { return ingestBoundTo(client, `"SETUP"."PUBLIC"."TOKEN"`) },
			},
			{
				// Destroy refuses to drop the ingested data unless asked to.
				Config:      applicationConfig("renamed", "WH2", false),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)cascade_on_destroy = true`),
			},
			{
				Config: applicationConfig("renamed", "WH2", true),
			},
			{
				// Dropped out of band: the next apply installs it again.
				PreConfig: func() { acctest.Exec(t, client, snowflake.DropApplication{ID: app, Cascade: true}) },
				Config:    applicationConfig("renamed", "WH2", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// onlyWarehouseGrant checks that the application holds USAGE on exactly
// one warehouse, want (granted by its owner, not by the application resource).
func onlyWarehouseGrant(client *snowflake.Client, app snowflake.AccountObjectIdentifier, want string) error {
	grants, err := client.GrantsToApplication(context.Background(), app)
	if err != nil {
		return err
	}
	var warehouses []string
	for _, g := range grants {
		if g.GrantedOn == "WAREHOUSE" {
			warehouses = append(warehouses, g.Name)
		}
	}
	if len(warehouses) != 1 || warehouses[0] != want {
		return fmt.Errorf("warehouse grants to the application: %v, want only %s (made by its owner)", warehouses, want)
	}
	return nil
}

// ingestBoundTo checks INGEST_DATA's token secret binding.
func ingestBoundTo(client *snowflake.Client, secret string) error {
	props, err := describeIngest(client)
	if err != nil {
		return err
	}
	var secrets map[string]string
	if err := json.Unmarshal([]byte(props["SECRETS"]), &secrets); err != nil || secrets["github_token"] != secret {
		return fmt.Errorf("after the upgrade INGEST_DATA lost its secret binding: %v", props)
	}
	return nil
}

// An application cannot take the name of a database (one namespace): the
// error says what collides instead of suggesting an import, and the failed
// install drops the application package it created, so nothing is left
// outside the state.
func TestAccApplicationNameTakenByDatabase(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.ExecSQL(t, client, `CREATE DATABASE GITHUB_CONNECTOR`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      applicationConfig("", "", true),
			ExpectError: regexp.MustCompile(`(?s)Name taken by another object.*named\s+GITHUB_CONNECTOR.*share\s+one\s+namespace`),
		}, {
			// The name is free again: the install works and creates the package anew.
			PreConfig: func() {
				rows, err := client.Query(context.Background(), snowflake.Show{Object: snowflake.ObjectTypeApplicationPackages, Like: snowflake.Pointer("GITHUB_CONNECTOR_PKG")})
				if err != nil || len(rows) != 0 {
					t.Fatalf("the failed install left %d packages behind (%v)", len(rows), err)
				}
				acctest.ExecSQL(t, client, `DROP DATABASE GITHUB_CONNECTOR`)
			},
			Config: applicationConfig("", "", true),
		}},
	})
}

// A package created outside Terraform (Snowsight, snow app) has release
// channels: the application installs from it through REGISTER VERSION and
// the DEFAULT channel, and a changed payload upgrades it with a patch.
func TestAccApplicationOnPackageWithReleaseChannels(t *testing.T) {
	srv := acctest.Snowflake(t)
	client := acctest.Client(t, srv)
	acctest.ExecSQL(t, client, `CREATE APPLICATION PACKAGE SNOWSIGHT_PKG`)
	ref := "ghconnector_application.rc"
	config := `
resource "ghconnector_application" "rc" {
  name               = "RC_CONNECTOR"
  package_name       = "SNOWSIGHT_PKG"
  cascade_on_destroy = true
}
`
	var restore func()
	t.Cleanup(func() {
		if restore != nil {
			restore()
		}
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("version"), knownvalue.StringExact("V1_0")),
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("patch"), knownvalue.Int64Exact(0)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig: func() {
					restore = connector.WithExtraFileForTesting(connector.File{Path: "RC_NOTES.md", Data: []byte("patch 1\n")})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(ref, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ref, tfjsonpath.New("patch"), knownvalue.Int64Exact(1)),
				},
			},
		},
	})
}
