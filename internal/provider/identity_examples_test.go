package provider

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The identity import examples (examples/resources/*/import-by-identity.tf,
// shown by the installation guide) name, for each resource, exactly the
// attributes of its declared identity, and each is a string attribute of
// the resource's schema.
func TestIdentityExamplesMatchTheDeclarations(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "resources", "*", "import-by-identity.tf"))
	if len(files) != len(identities) {
		t.Fatalf("%d identity examples for %d resources with an identity", len(files), len(identities))
	}
	for _, f := range files {
		typeName := filepath.Base(filepath.Dir(f))
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		body, _ := file.Body.(*hclsyntax.Body)
		if body == nil || len(body.Blocks) != 1 || body.Blocks[0].Type != "import" {
			t.Fatalf("%s: want one import block", f)
		}
		attrs := body.Blocks[0].Body.Attributes
		if to := string(attrs["to"].Expr.Range().SliceBytes(src)); !strings.HasPrefix(to, typeName+".") {
			t.Errorf("%s imports to %s", f, to)
		}
		object, ok := attrs["identity"].Expr.(*hclsyntax.ObjectConsExpr)
		if !ok {
			t.Fatalf("%s: identity is not an object", f)
		}
		var keys []string
		for _, item := range object.Items {
			keys = append(keys, strings.Trim(string(item.KeyExpr.Range().SliceBytes(src)), `"`))
		}
		want := identityAttributes(typeName)
		for _, name := range want {
			if _, ok := resourceSchemas(t)[typeName].Attributes[name].(schema.StringAttribute); !ok {
				t.Errorf("%s: identity attribute %s is not a string attribute of the resource", typeName, name)
			}
		}
		slices.Sort(keys)
		slices.Sort(want)
		if !slices.Equal(keys, want) {
			t.Errorf("%s: identity %v, declared %v", f, keys, want)
		}
	}
}

// resourceSchemas are the provider's resource schemas by type name.
func resourceSchemas(t *testing.T) map[string]schema.Schema {
	t.Helper()
	ctx := context.Background()
	out := map[string]schema.Schema{}
	for _, newResource := range (&ghconnectorProvider{}).Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "ghconnector"}, &meta)
		var sch resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sch)
		out[meta.TypeName] = sch.Schema
	}
	return out
}
