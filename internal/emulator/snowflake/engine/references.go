package engine

import (
	"fmt"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// POLICY_REFERENCES and DATA_METRIC_FUNCTION_REFERENCES: the policies and
// data metric functions attached to a table or view. The emulator has
// neither policies nor data metric functions, so an existing entity has
// none; the arguments and the entity are checked as Snowflake does, and
// the (empty) result has Snowflake's columns.

var referenceFunctions = map[string]struct {
	domains []string
	cols    []string
}{
	"POLICY_REFERENCES": {
		domains: []string{"ACCOUNT", "INTEGRATION", "TABLE", "TAG", "USER", "VIEW"},
		cols: []string{"POLICY_DB", "POLICY_SCHEMA", "POLICY_NAME", "POLICY_KIND", "REF_DATABASE_NAME", "REF_SCHEMA_NAME",
			"REF_ENTITY_NAME", "REF_ENTITY_DOMAIN", "REF_COLUMN_NAME", "REF_ARG_COLUMN_NAMES", "TAG_DATABASE", "TAG_SCHEMA",
			"TAG_NAME", "POLICY_STATUS"},
	},
	"DATA_METRIC_FUNCTION_REFERENCES": {
		domains: []string{"TABLE", "VIEW", "EXTERNAL TABLE", "MATERIALIZED VIEW", "DYNAMIC TABLE", "EVENT TABLE", "ICEBERG TABLE"},
		cols: []string{"METRIC_DATABASE_NAME", "METRIC_SCHEMA_NAME", "METRIC_NAME", "METRIC_SIGNATURE", "METRIC_DATA_TYPE",
			"REF_ENTITY_DATABASE_NAME", "REF_ENTITY_SCHEMA_NAME", "REF_ENTITY_NAME", "REF_ENTITY_DOMAIN", "REF_ARGUMENTS",
			"REF_ID", "SCHEDULE", "SCHEDULE_STATUS"},
	},
}

// isReferenceFunction reports whether parts name one of them:
// [<db>.]INFORMATION_SCHEMA.<function>.
func isReferenceFunction(parts []string) bool {
	n := len(parts)
	_, ok := referenceFunctions[parts[n-1]]
	return ok && n >= 2 && parts[n-2] == "INFORMATION_SCHEMA"
}

func (x *execCtx) references(f *sqlparse.TableFunctionRef) (compiler.Source, error) {
	fn := f.Name.Parts[len(f.Name.Parts)-1]
	def := referenceFunctions[fn]
	if len(f.Call.Args) > 0 {
		return compiler.Source{}, errInvalidArgument.With("%s takes named arguments (REF_ENTITY_NAME => '…', REF_ENTITY_DOMAIN => '…')", fn)
	}
	str := func(key string) (string, bool, error) {
		arg, ok := f.Call.Named[key]
		if !ok {
			return "", false, nil
		}
		lit, isLit := arg.(*sqlparse.Literal)
		if !isLit || lit.Kind != sqlparse.ValString {
			return "", true, errInvalidArgument.With("argument %s to function %s needs to be a string constant", key, fn)
		}
		return lit.Str, true, nil
	}
	for key := range f.Call.Named {
		switch key {
		case "REF_ENTITY_NAME", "REF_ENTITY_DOMAIN":
		case "POLICY_NAME":
			if fn == "POLICY_REFERENCES" {
				// No policy exists in the emulator.
				name, _, err := str(key)
				if err != nil {
					return compiler.Source{}, err
				}
				return compiler.Source{}, errNotExist("POLICY", name)
			}
			fallthrough
		default:
			return compiler.Source{}, errInvalidArgument.With("invalid argument %s for %s", key, fn)
		}
	}
	entity, hasEntity, err := str("REF_ENTITY_NAME")
	if err != nil {
		return compiler.Source{}, err
	}
	domain, hasDomain, err := str("REF_ENTITY_DOMAIN")
	if err != nil {
		return compiler.Source{}, err
	}
	if !hasEntity || !hasDomain {
		return compiler.Source{}, errInvalidArgument.With("%s needs both REF_ENTITY_NAME and REF_ENTITY_DOMAIN", fn)
	}
	domain = strings.ToUpper(strings.TrimSpace(domain))
	known := false
	for _, d := range def.domains {
		known = known || d == domain
	}
	if !known {
		return compiler.Source{}, sferr.InvalidValue.With(domain, "REF_ENTITY_DOMAIN")
	}
	if err := x.checkReferencedEntity(domain, entity); err != nil {
		return compiler.Source{}, err
	}
	src := compiler.Source{From: "(SELECT "}
	selects := make([]string, len(def.cols))
	for i, name := range def.cols {
		selects[i] = fmt.Sprintf("CAST(NULL AS TEXT) AS c%d", i)
		src.Columns = append(src.Columns, compiler.SourceColumn{Name: name, Type: compiler.TypeVarchar})
	}
	src.From += strings.Join(selects, ", ") + " WHERE 0)"
	return src, nil
}

// checkReferencedEntity resolves the entity a reference function is asked
// about; the domains the emulator has no objects of are refused.
func (x *execCtx) checkReferencedEntity(domain, entity string) error {
	name, err := sqlparse.ParseName(entity)
	if err != nil {
		return sferr.InvalidValue.With(entity, "REF_ENTITY_NAME")
	}
	switch domain {
	case "TABLE", "VIEW":
		_, err := x.resolveSchemaObject(domain, name, "SELECT")
		return err
	case "ACCOUNT":
		return nil
	}
	return sferr.Unsupported("%s references for the domain %s", "POLICY_REFERENCES", domain)
}
