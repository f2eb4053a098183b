package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// The document is what Terraform itself reports for this provider: every
// section the CLI running the test knows (Terraform 1.11 reports the
// provider, resources and data sources; 1.14 and later also identities,
// actions and list resources; OpenTofu 1.12 identities) is equal, value for
// value.
func TestTheSchemaIsWhatTerraformReports(t *testing.T) {
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no terraform on PATH and no TF_ACC_TERRAFORM_PATH: the comparison needs a Terraform CLI")
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-ghconnector"), "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(dir, "dev.tfrc")
	write(t, rc, `provider_installation {
  dev_overrides {
    "registry.terraform.io/ghconnector/ghconnector" = "`+bin+`"
  }
  direct {}
}
`)
	write(t, filepath.Join(dir, "main.tf"), `terraform {
  required_providers {
    ghconnector = { source = "registry.terraform.io/ghconnector/ghconnector" }
  }
}
`)
	cmd := exec.Command(tf, "providers", "schema", "-json")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if exit, ok := err.(*exec.ExitError); ok {
			stderr = exit.Stderr
		}
		t.Fatalf("%s providers schema -json: %v\n%s", tf, err, stderr)
	}
	var theirs struct {
		Schemas map[string]map[string]any `json:"provider_schemas"`
	}
	if err := json.Unmarshal(out, &theirs); err != nil {
		t.Fatal(err)
	}
	reported := theirs.Schemas["registry.terraform.io/ghconnector/ghconnector"]
	if len(reported) == 0 {
		t.Fatalf("terraform reported no schema for the provider: %.300s", out)
	}

	doc, err := providerSchemas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(doc.Schemas[providerKey])
	if err != nil {
		t.Fatal(err)
	}
	var ours map[string]any
	if err := json.Unmarshal(raw, &ours); err != nil {
		t.Fatal(err)
	}
	// Terraform 1.15 adds deprecation_message beside deprecated;
	// terraform-json, what tfplugindocs reads, has no such field.
	dropKey(reported, "deprecation_message")
	var sections []string
	for section, want := range reported {
		sections = append(sections, section)
		if !reflect.DeepEqual(ours[section], want) {
			got, _ := json.MarshalIndent(ours[section], "", " ")
			exp, _ := json.MarshalIndent(want, "", " ")
			t.Errorf("%s differs from terraform's:\nours: %.2000s\nterraform's: %.2000s", section, got, exp)
		}
	}
	sort.Strings(sections)
	t.Logf("%s reports %v; all equal", tf, sections)
	for _, section := range []string{"action_schemas", "list_resource_schemas", "resource_identity_schemas"} {
		if ours[section] == nil {
			t.Errorf("the document has no %s", section)
		}
	}
}

// dropKey removes key from every object in v.
func dropKey(v any, key string) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, key)
		for _, e := range v {
			dropKey(e, key)
		}
	case []any:
		for _, e := range v {
			dropKey(e, key)
		}
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
