package provider_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// Every resource has an identity (Terraform 1.12+, OpenTofu 1.12): the
// whole stack applied carries it in state, and each resource imports with
// an import block naming its identity instead of an ID string. Skipped on
// older CLIs, which have no identity: TF_ACC_TERRAFORM_PATH=../shared/tools/terraform-1.15.9
// or tofu-1.12.6 runs it.
func TestAccResourceIdentity(t *testing.T) {
	sf := acctest.Snowflake(t)
	gh := acctest.GitHub(t)
	if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: "hello-world", Issues: 3}); err != nil {
		t.Fatal(err)
	}
	acctest.ExecSQL(t, acctest.Client(t, sf), `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	vars := config.Variables{"github_token": config.StringVariable(acctest.GitHubToken)}
	// The provider's address, spelled out: the import blocks' plans run in
	// a configuration terraform-plugin-testing writes, where OpenTofu would
	// otherwise look for hashicorp/ghconnector in its registry.
	namespace, host := os.Getenv("TF_ACC_PROVIDER_NAMESPACE"), os.Getenv("TF_ACC_PROVIDER_HOST")
	if namespace == "" {
		namespace = "hashicorp"
	}
	if host == "" {
		host = "registry.terraform.io"
	}
	stack := fmt.Sprintf("terraform {\n  required_providers {\n    ghconnector = { source = %q }\n  }\n}\n", host+"/"+namespace+"/ghconnector") +
		streamsConfig(gh, `["issues"]`, false, false)
	// Settings no read can give back (cascade on destroy, the write-only
	// secret's version) and an API URL the connector stores normalized
	// (the emulator's http://host/ as …/api/v3/) plan an update after any
	// import, by ID as well (the ID import tests ignore them too).
	providerOnly := map[string]bool{"ghconnector_application.connector": true, "ghconnector_secret.github": true,
		"ghconnector_connector_config.github": true}
	identities := map[string]map[string]knownvalue.Check{
		"ghconnector_network_rule.github": {"database": knownvalue.StringExact("SETUP"), "schema": knownvalue.StringExact("PUBLIC"),
			"name": knownvalue.StringExact("GITHUB_API")},
		"ghconnector_secret.github": {"database": knownvalue.StringExact("SETUP"), "schema": knownvalue.StringExact("PUBLIC"),
			"name": knownvalue.StringExact("GITHUB_TOKEN")},
		"ghconnector_external_access_integration.github": {"name": knownvalue.StringExact("GITHUB_EAI")},
		"ghconnector_application.connector":              {"name": knownvalue.StringExact("GITHUB_CONNECTOR")},
		"ghconnector_connector_config.github":            {"application": knownvalue.StringExact("GITHUB_CONNECTOR")},
		"ghconnector_repository.hello": {"application": knownvalue.StringExact("GITHUB_CONNECTOR"),
			"repository": knownvalue.StringExact("octo/hello-world")},
	}
	var checks []statecheck.StateCheck
	steps := []resource.TestStep{{Config: stack, ConfigVariables: vars}}
	for address, identity := range identities {
		checks = append(checks, statecheck.ExpectIdentity(address, identity))
		steps = append(steps, resource.TestStep{Config: stack, ConfigVariables: vars, ResourceName: address, ImportState: true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity, ExpectNonEmptyPlan: providerOnly[address]})
	}
	steps[0].ConfigStateChecks = checks
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}
