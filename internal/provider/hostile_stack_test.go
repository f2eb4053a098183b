package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
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

// hostileNames are the names of every object of the connector stack, each
// with quotes, backslashes, $$, semicolons and comment markers (and a slash
// in the application name, which the repository's import ID splits on).
var hostileNames = map[string]string{
	"database":    `setup "db" \ $$`,
	"schema":      `sch'ema; --`,
	"rule":        `rule'); DROP DATABASE VICTIM; --`,
	"secret":      `secret"; DROP DATABASE VICTIM; /*`,
	"eai":         `eai $$ ; -- '" \`,
	"warehouse":   `wh "1" $$ ; */`,
	"application": `app/x'); DROP DATABASE VICTIM; --`,
	"package":     `pkg "p" /* x */ \`,
	"destination": `data $$ '; DROP DATABASE VICTIM; /*`,
}

func hostileStackConfig(gh *ghemu.Server, repo, schedule string) string {
	q := func(k string) string { return strconv.Quote(hostileNames[k]) }
	return fmt.Sprintf(`
variable "github_token" {
  type      = string
  ephemeral = true
}

resource "ghconnector_network_rule" "github" {
  database   = %[1]s
  schema     = %[2]s
  name       = %[3]s
  value_list = [%[10]q]
  comment    = "'; DROP DATABASE VICTIM; -- $$ \\' \""
}

resource "ghconnector_secret" "github" {
  database                 = %[1]s
  schema                   = %[2]s
  name                     = %[4]s
  secret_string_wo         = var.github_token
  secret_string_wo_version = 1
}

resource "ghconnector_external_access_integration" "github" {
  name                           = %[5]s
  allowed_network_rules          = [ghconnector_network_rule.github.fully_qualified_name]
  allowed_authentication_secrets = [ghconnector_secret.github.fully_qualified_name]
}

resource "ghconnector_application" "connector" {
  name               = %[7]s
  package_name       = %[8]s
  comment            = "$$; DROP DATABASE VICTIM; --"
  cascade_on_destroy = true
}

resource "ghconnector_connector_config" "github" {
  application                 = ghconnector_application.connector.name
  destination_database        = %[9]s
  warehouse                   = %[6]s
  secret                      = ghconnector_secret.github.fully_qualified_name
  external_access_integration = ghconnector_external_access_integration.github.name
  github_api_url              = %[11]q
}

resource "ghconnector_repository" "hello" {
  application = ghconnector_connector_config.github.application
  repository  = %[12]q
  schedule    = %[13]q
}
`, q("database"), q("schema"), q("rule"), q("secret"), q("eai"), q("warehouse"), q("application"), q("package"), q("destination"),
		gh.HostPort(), gh.URL(), repo, schedule)
}

// The whole connector stack with hostile names everywhere: every object is
// created with exactly its name, the connector ingests into the hostile
// destination, imports round-trip, and the VICTIM database survives.
// Strings that cannot be names are refused at plan time.
func TestAccHostileNamesConnectorStack(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	const repo = "octo-org/my.repo_x-1"
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo-org", Name: "my.repo_x-1", Issues: 30}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	n := hostileNames
	db := snowflake.NewAccountObjectIdentifier(n["database"])
	acctest.Exec(t, client, snowflake.CreateDatabase{ID: db})
	acctest.ExecSQL(t, client, `CREATE SCHEMA `+snowflake.NewDatabaseObjectIdentifier(n["database"], n["schema"]).FullyQualifiedName(),
		`CREATE WAREHOUSE `+snowflake.NewAccountObjectIdentifier(n["warehouse"]).FullyQualifiedName(), `CREATE DATABASE VICTIM`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	app := snowflake.NewAccountObjectIdentifier(n["application"])
	appRef, cfgRef, repoRef := "ghconnector_application.connector", "ghconnector_connector_config.github", "ghconnector_repository.hello"
	cfg := func(repo, schedule string) string { return hostileStackConfig(gh, repo, schedule) }
	exists := func(object snowflake.ObjectType, name string, in *snowflake.Scope) error {
		_, err := client.QueryOne(context.Background(), snowflake.ShowByName(object, name, in), name)
		return err
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg(repo, "30 MINUTES"), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(appRef, tfjsonpath.New("name"), knownvalue.StringExact(n["application"])),
					statecheck.ExpectKnownValue(repoRef, tfjsonpath.New("id"), knownvalue.StringExact(app.FullyQualifiedName()+"/"+repo)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					for _, c := range []struct {
						object snowflake.ObjectType
						name   string
						in     *snowflake.Scope
					}{
						{snowflake.ObjectTypeApplications, n["application"], nil},
						{snowflake.ObjectTypeApplicationPackages, n["package"], nil},
						{snowflake.ObjectTypeDatabases, n["destination"], nil},
						{snowflake.ObjectTypeDatabases, "VICTIM", nil},
					} {
						if err := exists(c.object, c.name, c.in); err != nil {
							return fmt.Errorf("%s %q: %w", c.object, c.name, err)
						}
					}
					// The connector ran against the hostile destination.
					sf.WaitForTasks()
					statuses, err := client.IngestionStatuses(context.Background(), app, repo)
					if err != nil || len(statuses) != 1 {
						return fmt.Errorf("ingestion status: %v %v", statuses, err)
					}
					view, err := snowflake.ParseSchemaObjectIdentifier(statuses[0].ViewName)
					if err != nil || view.DatabaseName() != n["destination"] {
						return fmt.Errorf("view %q (%v) is not in the destination %q", statuses[0].ViewName, err, n["destination"])
					}
					var count int
					if err := client.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+view.FullyQualifiedName()).Scan(&count); err != nil {
						return err
					}
					if count != 30 || statuses[0].LastState != "SUCCEEDED" {
						return fmt.Errorf("view has %d issues after a %s run (%s), want 30", count, statuses[0].LastState, statuses[0].LastError)
					}
					return nil
				},
			},
			{ResourceName: appRef, ImportState: true, ImportStateVerify: true, ImportStateId: app.FullyQualifiedName(), ConfigVariables: vars,
				ImportStateVerifyIgnore: []string{"cascade_on_destroy", "granted_privileges"}},
			{ResourceName: cfgRef, ImportState: true, ImportStateVerify: true, ImportStateId: app.FullyQualifiedName(), ConfigVariables: vars,
				ImportStateVerifyIgnore: []string{"github_api_url"}},
			{ResourceName: repoRef, ImportState: true, ImportStateVerify: true, ImportStateId: app.FullyQualifiedName() + "/" + repo, ConfigVariables: vars},
			// Strings that cannot be a repository or a schedule never reach SQL.
			{Config: cfg(`octo/x'); DROP DATABASE VICTIM; --`, "30 MINUTES"), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)repository.*must be owner/name`)},
			{Config: cfg(`octo/x"y`, "30 MINUTES"), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)repository.*must be owner/name`)},
			{Config: cfg(repo, `30 MINUTES'; DROP DATABASE VICTIM; --`), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)schedule.*must\s+be\s+an\s+interval`)},
			{Config: cfg(repo, `USING CRON 0 * * * * UTC $$ ;`), ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)schedule.*USING\s+CRON\s+takes\s+five\s+fields`)},
			{Config: hostileAttribute("ghconnector_network_rule", `database = "D"`, `schema = "S"`, `name = "N"`,
				`value_list = ["api.github.com'; DROP DATABASE VICTIM; --"]`), ExpectError: regexp.MustCompile(`(?s)value_list`)},
			{Config: hostileAttribute("ghconnector_network_rule", `database = "D"`, `schema = "S"`, `name = "N"`, `value_list = ["api.github.com"]`,
				`type = "HOST_PORT'; --"`), ExpectError: regexp.MustCompile(`(?s)type.*value must be one of`)},
			{Config: hostileAttribute("ghconnector_external_access_integration", `name = "E"`,
				`allowed_network_rules = ["D.S.R; DROP DATABASE VICTIM; --"]`), ExpectError: regexp.MustCompile(`(?s)allowed_network_rules`)},
			{Config: hostileAttribute("ghconnector_connector_config", `application = "A"`, `destination_database = "D"`, `warehouse = "W"`,
				`external_access_integration = "E"`, `secret = "D.S.X'); DROP DATABASE VICTIM; --"`), ExpectError: regexp.MustCompile(`(?s)secret`)},
			{Config: hostileAttribute("ghconnector_connector_config", `application = "A"`, `destination_database = "D"`, `warehouse = "W"`,
				`external_access_integration = "E"`, `secret = "D.S.X"`, `github_api_url = "https://api.github.com/'; DROP DATABASE VICTIM; --"`),
				ExpectError: regexp.MustCompile(`(?s)github_api_url.*the path may\s+only hold`)},
			{Config: hostileAttribute("ghconnector_application", "name = \"A\\u0000; --\""), ExpectError: regexp.MustCompile(`(?s)name.*control characters`)},
			{
				Config: cfg(repo, "30 MINUTES"), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            func(*terraform.State) error { return exists(snowflake.ObjectTypeDatabases, "VICTIM", nil) },
			},
		},
	})
}

// hostileAttribute is a lone resource block for plan-time rejections.
func hostileAttribute(typ string, attributes ...string) string {
	return fmt.Sprintf("resource %q \"bad\" {\n  %s\n}\n", typ, strings.Join(attributes, "\n  "))
}
