package connector

import (
	"archive/zip"
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestFilesAreCompleteAndDeterministic(t *testing.T) {
	a, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Files()
	if Digest(a) != Digest(b) || len(Digest(a)) != 16 {
		t.Fatalf("digest is not stable: %s vs %s", Digest(a), Digest(b))
	}
	paths := map[string][]byte{}
	for _, f := range a {
		paths[f.Path] = f.Data
	}
	for _, want := range []string{"manifest.yml", "setup.sql", "README.md", "streamlit/app.py", PythonArchive} {
		if _, ok := paths[want]; !ok {
			t.Errorf("payload lacks %s (has %v)", want, keys(paths))
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(paths[PythonArchive]), int64(len(paths[PythonArchive])))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if strings.Contains(f.Name, "test") {
			t.Errorf("tests must not ship in the payload: %s", f.Name)
		}
	}
	for _, mod := range []string{"connector/__init__.py", "connector/ingest.py", "connector/procedures.py", "connector/sql.py"} {
		if !strings.Contains(strings.Join(names, " "), mod) {
			t.Errorf("archive lacks %s: %v", mod, names)
		}
	}
}

func TestDigestChangesWithContent(t *testing.T) {
	files, _ := Files()
	before := Digest(files)
	changed := append([]File(nil), files...)
	changed[0] = File{Path: changed[0].Path, Data: append(append([]byte(nil), changed[0].Data...), ' ')}
	if Digest(changed) == before {
		t.Fatal("a changed file must change the digest")
	}
}

func TestManifestDeclaresWhatTheProviderGrants(t *testing.T) {
	files, _ := Files()
	v, err := VersionName(files)
	if err != nil || v != "V1_0" {
		t.Fatalf("version %q %v", v, err)
	}
	var manifest, setup string
	for _, f := range files {
		switch f.Path {
		case "manifest.yml":
			manifest = string(f.Data)
		case "setup.sql":
			setup = string(f.Data)
		}
	}
	for _, p := range []string{"- EXECUTE TASK:", "- CREATE DATABASE:"} {
		if !strings.Contains(manifest, p) {
			t.Errorf("manifest lacks %q", p)
		}
	}
	// No half state: a reference the manifest declares must be used by the
	// code (reference('<name>') in the payload), or Snowsight shows a
	// binding that does nothing.
	code := ""
	for _, f := range files {
		code += string(f.Data)
	}
	for _, m := range regexp.MustCompile(`(?m)^\s*-\s*([a-z_]+):\s*$`).FindAllStringSubmatch(manifest[strings.Index(manifest+"references:", "references:"):], -1) {
		if !strings.Contains(code, "reference('"+m[1]+"')") {
			t.Errorf("manifest declares reference %s, which no code uses", m[1])
		}
	}
	for _, proc := range []string{"PROVISION_CONNECTOR", "ENABLE_RESOURCE", "UPDATE_RESOURCE", "DISABLE_RESOURCE", "INGEST_DATA"} {
		if !strings.Contains(setup, "CREATE OR REPLACE PROCEDURE PUBLIC."+proc+"(") {
			t.Errorf("setup.sql does not create %s", proc)
		}
	}
	if !strings.Contains(setup, "IMPORTS = ('/"+PythonArchive+"')") {
		t.Error("setup.sql must import the archive Files() builds")
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
