// Command docschema writes the provider's schema as `terraform providers
// schema -json` does, read from the provider served in process, for
// tfplugindocs (make docs). Terraform 1.11, the CLI on PATH, reports no
// actions, list resources or identity schemas; this reports everything the
// provider declares, whatever CLI is installed.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/provider"
)

func main() {
	out, err := providerSchemas(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		log.Fatal(err)
	}
}

// providerSchemas asks the provider for its schemas, as Terraform does, and
// converts them to terraform-json's form under the key tfplugindocs looks
// up with --provider-name ghconnector.
func providerSchemas(ctx context.Context) (*providersJSON, error) {
	server, err := providerserver.NewProtocol6WithError(provider.New("docs")())()
	if err != nil {
		return nil, err
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range append(schemas.Diagnostics, identities.Diagnostics...) {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return nil, fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	return convert(schemas, identities)
}
