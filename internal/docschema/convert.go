package main

import (
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
)

// providersJSON is the document `terraform providers schema -json` writes.
type providersJSON struct {
	FormatVersion string                            `json:"format_version"`
	Schemas       map[string]*tfjson.ProviderSchema `json:"provider_schemas"`
}

// providerKey is the provider's key in the document: tfplugindocs finds a
// provider by its short name.
const providerKey = "ghconnector"

func convert(s *tfprotov6.GetProviderSchemaResponse, ids *tfprotov6.GetResourceIdentitySchemasResponse) (*providersJSON, error) {
	ps := &tfjson.ProviderSchema{
		ResourceSchemas:          map[string]*tfjson.Schema{},
		DataSourceSchemas:        map[string]*tfjson.Schema{},
		EphemeralResourceSchemas: map[string]*tfjson.Schema{},
		ListResourceSchemas:      map[string]*tfjson.Schema{},
		ActionSchemas:            map[string]*tfjson.ActionSchema{},
		ResourceIdentitySchemas:  map[string]*tfjson.IdentitySchema{},
	}
	var err error
	if ps.ConfigSchema, err = schema(s.Provider); err != nil {
		return nil, err
	}
	for _, kind := range []struct {
		from map[string]*tfprotov6.Schema
		to   map[string]*tfjson.Schema
	}{
		{s.ResourceSchemas, ps.ResourceSchemas},
		{s.DataSourceSchemas, ps.DataSourceSchemas},
		{s.EphemeralResourceSchemas, ps.EphemeralResourceSchemas},
		{s.ListResourceSchemas, ps.ListResourceSchemas},
	} {
		for name, sc := range kind.from {
			if kind.to[name], err = schema(sc); err != nil {
				return nil, err
			}
		}
	}
	for name, a := range s.ActionSchemas {
		b, err := block(a.Schema.Block)
		if err != nil {
			return nil, err
		}
		ps.ActionSchemas[name] = &tfjson.ActionSchema{Block: b}
	}
	for name, id := range ids.IdentitySchemas {
		out := &tfjson.IdentitySchema{Version: uint64(id.Version), Attributes: map[string]*tfjson.IdentityAttribute{}}
		for _, a := range id.IdentityAttributes {
			t, err := ctyType(a.Type)
			if err != nil {
				return nil, err
			}
			out.Attributes[a.Name] = &tfjson.IdentityAttribute{IdentityType: t, Description: a.Description,
				RequiredForImport: a.RequiredForImport, OptionalForImport: a.OptionalForImport}
		}
		ps.ResourceIdentitySchemas[name] = out
	}
	return &providersJSON{FormatVersion: "1.0", Schemas: map[string]*tfjson.ProviderSchema{providerKey: ps}}, nil
}

func schema(s *tfprotov6.Schema) (*tfjson.Schema, error) {
	if s == nil {
		return nil, nil
	}
	b, err := block(s.Block)
	return &tfjson.Schema{Version: uint64(s.Version), Block: b}, err
}

func block(b *tfprotov6.SchemaBlock) (*tfjson.SchemaBlock, error) {
	out := &tfjson.SchemaBlock{Description: b.Description, DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated: b.Deprecated, Attributes: map[string]*tfjson.SchemaAttribute{}, NestedBlocks: map[string]*tfjson.SchemaBlockType{}}
	for _, a := range b.Attributes {
		attr, err := attribute(a)
		if err != nil {
			return nil, err
		}
		out.Attributes[a.Name] = attr
	}
	for _, nb := range b.BlockTypes {
		inner, err := block(nb.Block)
		if err != nil {
			return nil, err
		}
		out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{NestingMode: blockNesting[nb.Nesting], Block: inner,
			MinItems: uint64(nb.MinItems), MaxItems: uint64(nb.MaxItems)}
	}
	return out, nil
}

func attribute(a *tfprotov6.SchemaAttribute) (*tfjson.SchemaAttribute, error) {
	out := &tfjson.SchemaAttribute{Description: a.Description, DescriptionKind: descriptionKind(a.DescriptionKind),
		Deprecated: a.Deprecated, Required: a.Required, Optional: a.Optional, Computed: a.Computed,
		Sensitive: a.Sensitive, WriteOnly: a.WriteOnly}
	if a.NestedType == nil {
		t, err := ctyType(a.Type)
		out.AttributeType = t
		return out, err
	}
	nested := &tfjson.SchemaNestedAttributeType{NestingMode: objectNesting[a.NestedType.Nesting],
		Attributes: map[string]*tfjson.SchemaAttribute{}}
	for _, na := range a.NestedType.Attributes {
		attr, err := attribute(na)
		if err != nil {
			return nil, err
		}
		nested.Attributes[na.Name] = attr
	}
	out.AttributeNestedType = nested
	return out, nil
}

// ctyType is t in cty's terms, which terraform-json writes.
func ctyType(t tftypes.Type) (cty.Type, error) {
	switch {
	case t == nil:
		return cty.NilType, fmt.Errorf("an attribute without a type")
	case t.Is(tftypes.String):
		return cty.String, nil
	case t.Is(tftypes.Number):
		return cty.Number, nil
	case t.Is(tftypes.Bool):
		return cty.Bool, nil
	case t.Is(tftypes.DynamicPseudoType):
		return cty.DynamicPseudoType, nil
	}
	switch t := t.(type) {
	case tftypes.List:
		e, err := ctyType(t.ElementType)
		return cty.List(e), err
	case tftypes.Set:
		e, err := ctyType(t.ElementType)
		return cty.Set(e), err
	case tftypes.Map:
		e, err := ctyType(t.ElementType)
		return cty.Map(e), err
	case tftypes.Tuple:
		elems := make([]cty.Type, len(t.ElementTypes))
		for i, et := range t.ElementTypes {
			var err error
			if elems[i], err = ctyType(et); err != nil {
				return cty.NilType, err
			}
		}
		return cty.Tuple(elems), nil
	case tftypes.Object:
		attrs := map[string]cty.Type{}
		for name, at := range t.AttributeTypes {
			var err error
			if attrs[name], err = ctyType(at); err != nil {
				return cty.NilType, err
			}
		}
		if len(t.OptionalAttributes) > 0 {
			optional := make([]string, 0, len(t.OptionalAttributes))
			for name := range t.OptionalAttributes {
				optional = append(optional, name)
			}
			return cty.ObjectWithOptionalAttrs(attrs, optional), nil
		}
		return cty.Object(attrs), nil
	}
	return cty.NilType, fmt.Errorf("type %s has no cty form here", t)
}

func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

var blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]tfjson.SchemaNestingMode{
	tfprotov6.SchemaNestedBlockNestingModeSingle: tfjson.SchemaNestingModeSingle,
	tfprotov6.SchemaNestedBlockNestingModeGroup:  tfjson.SchemaNestingModeGroup,
	tfprotov6.SchemaNestedBlockNestingModeList:   tfjson.SchemaNestingModeList,
	tfprotov6.SchemaNestedBlockNestingModeSet:    tfjson.SchemaNestingModeSet,
	tfprotov6.SchemaNestedBlockNestingModeMap:    tfjson.SchemaNestingModeMap,
}

var objectNesting = map[tfprotov6.SchemaObjectNestingMode]tfjson.SchemaNestingMode{
	tfprotov6.SchemaObjectNestingModeSingle: tfjson.SchemaNestingModeSingle,
	tfprotov6.SchemaObjectNestingModeList:   tfjson.SchemaNestingModeList,
	tfprotov6.SchemaObjectNestingModeSet:    tfjson.SchemaNestingModeSet,
	tfprotov6.SchemaObjectNestingModeMap:    tfjson.SchemaNestingModeMap,
}
