package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// terraform query lists the repositories an application ingests, with
// their identities: two enabled by Terraform and one enabled by hand
// (outside Terraform), which is what adopting an installation needs.
// Terraform 1.14+ (TF_ACC_TERRAFORM_PATH=../shared/tools/terraform-1.15.9);
// OpenTofu has no list resources.
func TestAccRepositoryListResource(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	for _, name := range []string{"hello-world", "other", "by-hand"} {
		if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: name, Issues: 2}); err != nil {
			t.Fatal(err)
		}
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	stack := streamsConfig(gh, `["issues"]`, false, false) + `
resource "ghconnector_repository" "other" {
  application = ghconnector_connector_config.github.application
  repository  = "octo/other"
  paused      = true
}
`
	identity := func(repo string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"application": knownvalue.StringExact("GITHUB_CONNECTOR"), "repository": knownvalue.StringExact(repo)}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: stack, ConfigVariables: vars},
			{
				PreConfig: func() {
					acctest.ExecSQL(t, client, `CALL "GITHUB_CONNECTOR"."PUBLIC"."ENABLE_RESOURCE"('octo/by-hand', PARSE_JSON('{"paused":true}'))`)
				},
				Query: true, ConfigVariables: vars,
				Config: "provider \"ghconnector\" {}\n" + readExamples(t, "list-resources/ghconnector_repository/list-resource.tfquery.hcl"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("ghconnector_repository.all", 3),
					querycheck.ExpectIdentity("ghconnector_repository.all", identity("octo/by-hand")),
					querycheck.ExpectIdentity("ghconnector_repository.all", identity("octo/hello-world")),
					querycheck.ExpectIdentity("ghconnector_repository.all", identity("octo/other")),
				},
			},
			{Config: stack, ConfigVariables: vars},
		},
	})
}

// terraform query lists a schema's network rules and secrets and the
// account's applications, with their identities: those Terraform made and
// one of each made by hand. Terraform 1.14+.
func TestAccObjectListResources(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 2}); err != nil {
		t.Fatal(err)
	}
	client := acctest.Client(t, sf)
	acctest.ExecSQL(t, client, `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	stack := streamsConfig(gh, `["issues"]`, false, false)
	inSchema := func(name string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"database": knownvalue.StringExact("SETUP"), "schema": knownvalue.StringExact("PUBLIC"),
			"name": knownvalue.StringExact(name)}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: stack, ConfigVariables: vars},
			{
				PreConfig: func() {
					acctest.ExecSQL(t, client, `CREATE NETWORK RULE SETUP.PUBLIC.BY_HAND TYPE = HOST_PORT VALUE_LIST = ('example.com') MODE = EGRESS`,
						`CREATE SECRET SETUP.PUBLIC.BY_HAND TYPE = GENERIC_STRING SECRET_STRING = 'x'`)
				},
				Query: true, ConfigVariables: vars,
				Config: `provider "ghconnector" {}
` + setupObjectLists(t),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("ghconnector_network_rule.setup", 2),
					querycheck.ExpectIdentity("ghconnector_network_rule.setup", inSchema("GITHUB_API")),
					querycheck.ExpectIdentity("ghconnector_network_rule.setup", inSchema("BY_HAND")),
					querycheck.ExpectLength("ghconnector_secret.setup", 2),
					querycheck.ExpectIdentity("ghconnector_secret.setup", inSchema("GITHUB_TOKEN")),
					querycheck.ExpectIdentity("ghconnector_secret.setup", inSchema("BY_HAND")),
					querycheck.ExpectLength("ghconnector_application.all", 1),
					querycheck.ExpectIdentity("ghconnector_application.all", map[string]knownvalue.Check{"name": knownvalue.StringExact("GITHUB_CONNECTOR")}),
				},
			},
			{Config: stack, ConfigVariables: vars},
		},
	})
}
