package snowflake

import "strings"

// CreateExternalAccessIntegration renders CREATE EXTERNAL ACCESS INTEGRATION.
// ENABLED is always emitted because Snowflake's syntax requires it.
type CreateExternalAccessIntegration struct {
	OrReplace                    bool
	ID                           AccountObjectIdentifier
	AllowedNetworkRules          []SchemaObjectIdentifier
	AllowedAuthenticationSecrets []SchemaObjectIdentifier
	Enabled                      bool
	Comment                      *string
}

func (s CreateExternalAccessIntegration) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("CREATE").add(orReplace(s.OrReplace)...).add("EXTERNAL", "ACCESS", "INTEGRATION").ident("external access integration", s.ID)
	if len(s.AllowedNetworkRules) == 0 {
		b.fail("allowed_network_rules must list at least one network rule")
	}
	b.identList("ALLOWED_NETWORK_RULES", s.AllowedNetworkRules)
	if len(s.AllowedAuthenticationSecrets) > 0 {
		b.identList("ALLOWED_AUTHENTICATION_SECRETS", s.AllowedAuthenticationSecrets)
	}
	b.boolProperty("ENABLED", s.Enabled)
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

// AlterExternalAccessIntegrationSet renders ALTER EXTERNAL ACCESS INTEGRATION … SET.
type AlterExternalAccessIntegrationSet struct {
	IfExists                     bool
	ID                           AccountObjectIdentifier
	AllowedNetworkRules          []SchemaObjectIdentifier
	AllowedAuthenticationSecrets []SchemaObjectIdentifier
	Enabled                      *bool
	Comment                      *string
}

func (s AlterExternalAccessIntegrationSet) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "EXTERNAL", "ACCESS", "INTEGRATION").add(ifExists(s.IfExists)...).ident("external access integration", s.ID).add("SET")
	if s.AllowedNetworkRules == nil && s.AllowedAuthenticationSecrets == nil && s.Enabled == nil && s.Comment == nil {
		b.fail("ALTER EXTERNAL ACCESS INTEGRATION SET needs at least one property")
	}
	if s.AllowedNetworkRules != nil {
		if len(s.AllowedNetworkRules) == 0 {
			b.fail("allowed_network_rules must list at least one network rule")
		}
		b.identList("ALLOWED_NETWORK_RULES", s.AllowedNetworkRules)
	}
	if s.AllowedAuthenticationSecrets != nil {
		if len(s.AllowedAuthenticationSecrets) == 0 {
			b.fail("use AlterExternalAccessIntegrationUnset to clear allowed_authentication_secrets")
		}
		b.identList("ALLOWED_AUTHENTICATION_SECRETS", s.AllowedAuthenticationSecrets)
	}
	if s.Enabled != nil {
		b.boolProperty("ENABLED", *s.Enabled)
	}
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

// AlterExternalAccessIntegrationUnset renders ALTER EXTERNAL ACCESS INTEGRATION … UNSET.
type AlterExternalAccessIntegrationUnset struct {
	IfExists                     bool
	ID                           AccountObjectIdentifier
	AllowedAuthenticationSecrets bool
	Comment                      bool
}

func (s AlterExternalAccessIntegrationUnset) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "EXTERNAL", "ACCESS", "INTEGRATION").add(ifExists(s.IfExists)...).ident("external access integration", s.ID).add("UNSET")
	var props []string
	if s.AllowedAuthenticationSecrets {
		props = append(props, "ALLOWED_AUTHENTICATION_SECRETS")
	}
	if s.Comment {
		props = append(props, "COMMENT")
	}
	if len(props) == 0 {
		b.fail("ALTER EXTERNAL ACCESS INTEGRATION UNSET needs at least one property")
	}
	b.add(strings.Join(props, ", "))
	return b.String()
}

// DropExternalAccessIntegration renders DROP EXTERNAL ACCESS INTEGRATION.
type DropExternalAccessIntegration struct {
	IfExists bool
	ID       AccountObjectIdentifier
}

func (s DropExternalAccessIntegration) SQL() (string, error) {
	return (&sqlBuilder{}).add("DROP", "EXTERNAL", "ACCESS", "INTEGRATION").add(ifExists(s.IfExists)...).ident("external access integration", s.ID).String()
}

// DescribeExternalAccessIntegration renders DESCRIBE EXTERNAL ACCESS INTEGRATION.
type DescribeExternalAccessIntegration struct {
	ID AccountObjectIdentifier
}

func (s DescribeExternalAccessIntegration) SQL() (string, error) {
	return (&sqlBuilder{}).add("DESCRIBE", "EXTERNAL", "ACCESS", "INTEGRATION").ident("external access integration", s.ID).String()
}

// ExternalAccessIntegration combines SHOW and DESCRIBE output.
type ExternalAccessIntegration struct {
	Name                         string
	Type                         string
	Category                     string
	Enabled                      bool
	Comment                      string
	CreatedOn                    string
	AllowedNetworkRules          []string
	AllowedAuthenticationSecrets []string
}

func externalAccessIntegrationFromShow(row Row) ExternalAccessIntegration {
	return ExternalAccessIntegration{
		Name:      row.String("name"),
		Type:      row.String("type"),
		Category:  row.String("category"),
		Enabled:   row.Bool("enabled"),
		Comment:   row.String("comment"),
		CreatedOn: row.String("created_on"),
	}
}

// applyDescribe fills the list properties from DESCRIBE rows.
func (i *ExternalAccessIntegration) applyDescribe(rows []Row) {
	props := PropertyRows(rows)
	i.AllowedNetworkRules = ParseList(props["ALLOWED_NETWORK_RULES"])
	i.AllowedAuthenticationSecrets = ParseList(props["ALLOWED_AUTHENTICATION_SECRETS"])
}
