package engine

import (
	"os"
	"strings"
	"testing"
)

func TestManifestOfThePayload(t *testing.T) {
	data, err := os.ReadFile("../../../connector/app/manifest.yml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseManifest(string(data))
	if err != nil {
		t.Fatalf("the connector's manifest: %v", err)
	}
	if m.SetupScript != "setup.sql" || m.Version != "V1_0" || strings.Join(m.Privileges, ",") != "EXECUTE TASK,CREATE DATABASE,EXECUTE MANAGED TASK" {
		t.Fatalf("parsed %+v", m)
	}
}

// YAML 1.1 typing and the manifest schema, as Snowflake reads manifests.
func TestManifestTypingAndSchema(t *testing.T) {
	base := "manifest_version: 1\nartifacts:\n  setup_script: setup.sql\n"
	cases := []struct{ name, extra, err string }{
		{"quoted OFF", "configuration:\n  trace_level: \"OFF\"\n", ""},
		{"case-insensitive enum", "configuration:\n  log_level: info\n", ""},
		{"bare off is a boolean", "configuration:\n  trace_level: off\n", "configuration.trace_level must be one of OFF, ALWAYS, ON_EVENT, not the boolean false"},
		{"bare yes is a boolean", "configuration:\n  log_level: yes\n", "not the boolean true"},
		{"unknown top-level key", "colour: blue\n", "unknown key colour"},
		{"unknown nested key", "artifacts2: x\n", "unknown key artifacts2"},
		{"duplicate key", "artifacts:\n  setup_script: s.sql\n", "duplicate key artifacts"},
		{"privilege entry", "privileges:\n  - EXECUTE TASK:\n      description: run\n      required_at_setup: maybe\n", "privileges[0].EXECUTE TASK.required_at_setup must be true or false"},
		{"reference list", "references:\n  - wh:\n      object_type: WAREHOUSE\n      privileges: [USAGE]\n      multi_valued: false\n", ""},
		{"reference without type", "references:\n  - wh:\n      label: x\n", "references[0].wh.object_type is required"},
		{"tab indentation", "version:\n\tname: V1\n", "tabs"},
	}
	for _, c := range cases {
		_, err := parseManifest(base + c.extra)
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.err)
		}
	}
	for _, bad := range []string{"manifest_version: \"1\"\nartifacts:\n  setup_script: s.sql\n", "manifest_version: 3\nartifacts:\n  setup_script: s.sql\n",
		"manifest_version: 1\n", "manifest_version: 1\nartifacts:\n  setup_script: s.sql\n  extension_code: \"true\"\n"} {
		if _, err := parseManifest(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
