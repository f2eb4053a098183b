package snowflake

import (
	"context"
	"errors"
)

// Lookups: one SHOW … LIKE … IN …, an exact name match, and DESCRIBE only
// where SHOW lacks a field the provider needs. A missing parent container
// reads as ErrObjectNotFound, so Read can drop the resource from state.

func (c *Client) showOne(ctx context.Context, object ObjectType, name string, in *Scope) (Row, error) {
	row, err := c.QueryOne(ctx, ShowByName(object, name, in), name)
	if err != nil {
		return nil, err
	}
	return row, nil
}

// NetworkRule returns the rule with its value list, or ErrObjectNotFound.
func (c *Client) NetworkRule(ctx context.Context, id SchemaObjectIdentifier) (*NetworkRule, error) {
	row, err := c.showOne(ctx, ObjectTypeNetworkRules, id.Name(), InSchema(id.SchemaId()))
	if err != nil {
		return nil, err
	}
	rule := networkRuleFromShow(row)
	desc, err := c.Query(ctx, DescribeNetworkRule{ID: id})
	if err != nil {
		return nil, err
	}
	if len(desc) == 0 {
		return nil, ErrObjectNotFound
	}
	rule.ValueList = ParseList(desc[0].String("value_list"))
	return &rule, nil
}

// Secret returns the secret's metadata (never its value), or ErrObjectNotFound.
func (c *Client) Secret(ctx context.Context, id SchemaObjectIdentifier) (*Secret, error) {
	row, err := c.showOne(ctx, ObjectTypeSecrets, id.Name(), InSchema(id.SchemaId()))
	if err != nil {
		return nil, err
	}
	s := secretFromShow(row)
	return &s, nil
}

// ExternalAccessIntegration returns the integration with its lists, or ErrObjectNotFound.
func (c *Client) ExternalAccessIntegration(ctx context.Context, id AccountObjectIdentifier) (*ExternalAccessIntegration, error) {
	row, err := c.showOne(ctx, ObjectTypeExternalAccessIntegrations, id.Name(), nil)
	if err != nil {
		return nil, err
	}
	eai := externalAccessIntegrationFromShow(row)
	desc, err := c.Query(ctx, DescribeExternalAccessIntegration{ID: id})
	if err != nil {
		return nil, err
	}
	eai.applyDescribe(desc)
	return &eai, nil
}

// Application returns the installed application, or ErrObjectNotFound.
func (c *Client) Application(ctx context.Context, id AccountObjectIdentifier) (*Application, error) {
	row, err := c.showOne(ctx, ObjectTypeApplications, id.Name(), nil)
	if err != nil {
		return nil, err
	}
	app := applicationFromShow(row)
	return &app, nil
}

// WarehouseVisible reports whether SHOW WAREHOUSES lists the warehouse: it
// lists those the role holds a privilege on, every one for a role with
// MANAGE GRANTS, so there a missing one does not exist.
func (c *Client) WarehouseVisible(ctx context.Context, id AccountObjectIdentifier) (bool, error) {
	_, err := c.showOne(ctx, ObjectTypeWarehouses, id.Name(), nil)
	if errors.Is(err, ErrObjectNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Applications lists the applications the role can see.
func (c *Client) Applications(ctx context.Context) ([]Application, error) {
	rows, err := c.Query(ctx, Show{Object: ObjectTypeApplications})
	if err != nil {
		return nil, err
	}
	out := make([]Application, 0, len(rows))
	for _, row := range rows {
		out = append(out, applicationFromShow(row))
	}
	return out, nil
}

// ApplicationPackage returns the package, or ErrObjectNotFound.
func (c *Client) ApplicationPackage(ctx context.Context, id AccountObjectIdentifier) (*ApplicationPackage, error) {
	row, err := c.showOne(ctx, ObjectTypeApplicationPackages, id.Name(), nil)
	if err != nil {
		return nil, err
	}
	pkg := applicationPackageFromShow(row)
	return &pkg, nil
}

// Stage returns the stage, or ErrObjectNotFound.
func (c *Client) Stage(ctx context.Context, id SchemaObjectIdentifier) (*Stage, error) {
	row, err := c.showOne(ctx, ObjectTypeStages, id.Name(), InSchema(id.SchemaId()))
	if err != nil {
		return nil, err
	}
	st := stageFromShow(row)
	return &st, nil
}

// Versions lists the versions and patches of an application package.
func (c *Client) Versions(ctx context.Context, pkg AccountObjectIdentifier) ([]ApplicationVersion, error) {
	rows, err := c.Query(ctx, ShowVersions{Package: pkg})
	if err != nil {
		return nil, err
	}
	out := make([]ApplicationVersion, 0, len(rows))
	for _, row := range rows {
		out = append(out, applicationVersionFromShow(row))
	}
	return out, nil
}

// GrantsToApplication lists the privileges granted to an application.
func (c *Client) GrantsToApplication(ctx context.Context, app AccountObjectIdentifier) ([]Grant, error) {
	return c.grants(ctx, ShowGrantsToApplication{Application: app})
}

// GrantsToRole lists the privileges granted to a role, directly.
func (c *Client) GrantsToRole(ctx context.Context, role AccountObjectIdentifier) ([]Grant, error) {
	return c.grants(ctx, ShowGrantsToRole{Role: role})
}

func (c *Client) grants(ctx context.Context, show Statement) ([]Grant, error) {
	rows, err := c.Query(ctx, show)
	if err != nil {
		return nil, err
	}
	out := make([]Grant, 0, len(rows))
	for _, row := range rows {
		out = append(out, grantFromShow(row))
	}
	return out, nil
}

// IsNotFound reports whether err means the object (or its parent) is gone.
func IsNotFound(err error) bool { return errors.Is(err, ErrObjectNotFound) }
