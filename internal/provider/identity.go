package provider

import (
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Resource identity (Terraform 1.12+, OpenTofu 1.12): each resource is
// identified by some of its own string attributes, declared once here; an
// import block's identity names them instead of a composite ID string.
// The lifecycle wrapper (resource_lifecycle.go) adds it to every resource:
// the identity is copied from the state each Create, Read and Update
// leaves, and an import by identity becomes an import by the ID it composes.

// identitySpec is a resource's identity: its attributes (each the state
// attribute of that name, a string) and the import ID they compose.
type identitySpec struct {
	attrs    []identityAttr
	importID func(values map[string]string) string
}

type identityAttr struct{ name, description string }

var identities = map[string]identitySpec{
	"ghconnector_network_rule": schemaObjectIdentity("network rule"),
	"ghconnector_secret":       schemaObjectIdentity("secret"),
	"ghconnector_external_access_integration": accountObjectIdentity("name",
		"The integration's name, as in `name`."),
	"ghconnector_application": accountObjectIdentity("name", "The application's name, as in `name`."),
	"ghconnector_connector_config": accountObjectIdentity("application",
		"The application the configuration belongs to, as in `application`."),
	"ghconnector_repository": {
		attrs: []identityAttr{{"application", "The application, as in `application`."},
			{"repository", "The repository, `owner/name`, as in `repository`."}},
		importID: func(v map[string]string) string { return repositoryID(v["application"], v["repository"]) },
	},
}

func schemaObjectIdentity(what string) identitySpec {
	return identitySpec{
		attrs: []identityAttr{{"database", "The " + what + "'s database."}, {"schema", "The " + what + "'s schema."},
			{"name", "The " + what + "'s name."}},
		importID: func(v map[string]string) string {
			return snowflake.NewSchemaObjectIdentifier(v["database"], v["schema"], v["name"]).FullyQualifiedName()
		},
	}
}

func accountObjectIdentity(attr, description string) identitySpec {
	return identitySpec{
		attrs: []identityAttr{{attr, description}},
		importID: func(v map[string]string) string {
			return snowflake.NewAccountObjectIdentifier(v[attr]).FullyQualifiedName()
		},
	}
}

// identityAttributes are the state attributes a resource's identity
// names; a test checks each exists in its schema as a string.
func identityAttributes(typeName string) []string {
	var out []string
	for _, a := range identities[typeName].attrs {
		out = append(out, a.name)
	}
	return out
}
