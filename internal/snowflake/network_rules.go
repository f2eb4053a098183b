package snowflake

import (
	"strings"
)

type NetworkRuleType string
type NetworkRuleMode string

const (
	NetworkRuleTypeHostPort        NetworkRuleType = "HOST_PORT"
	NetworkRuleTypePrivateHostPort NetworkRuleType = "PRIVATE_HOST_PORT"
	NetworkRuleTypeIPv4            NetworkRuleType = "IPV4"
	NetworkRuleTypeAwsVpceId       NetworkRuleType = "AWSVPCEID"
	NetworkRuleTypeAzureLinkId     NetworkRuleType = "AZURELINKID"
	NetworkRuleTypeGcpPscId        NetworkRuleType = "GCPPSCID"

	NetworkRuleModeEgress         NetworkRuleMode = "EGRESS"
	NetworkRuleModeIngress        NetworkRuleMode = "INGRESS"
	NetworkRuleModeInternalStage  NetworkRuleMode = "INTERNAL_STAGE"
	NetworkRuleModePostgresEgress NetworkRuleMode = "POSTGRES_EGRESS"
)

var AllNetworkRuleTypes = []NetworkRuleType{NetworkRuleTypeHostPort, NetworkRuleTypePrivateHostPort, NetworkRuleTypeIPv4, NetworkRuleTypeAwsVpceId, NetworkRuleTypeAzureLinkId, NetworkRuleTypeGcpPscId}
var AllNetworkRuleModes = []NetworkRuleMode{NetworkRuleModeEgress, NetworkRuleModeIngress, NetworkRuleModeInternalStage}

// CreateNetworkRule renders CREATE [OR REPLACE] NETWORK RULE.
type CreateNetworkRule struct {
	OrReplace bool
	ID        SchemaObjectIdentifier
	Type      NetworkRuleType
	ValueList []string
	Mode      NetworkRuleMode
	Comment   *string
}

func (s CreateNetworkRule) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("CREATE").add(orReplace(s.OrReplace)...).add("NETWORK", "RULE").ident("network rule", s.ID)
	if s.Type == "" {
		b.fail("network rule type is required")
	}
	if s.Mode == "" {
		b.fail("network rule mode is required")
	}
	b.add("TYPE", "=", string(s.Type))
	b.add("VALUE_LIST", "=", stringList(s.ValueList))
	b.add("MODE", "=", string(s.Mode))
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

// AlterNetworkRuleSet renders ALTER NETWORK RULE … SET. SET VALUE_LIST
// replaces the whole list.
type AlterNetworkRuleSet struct {
	IfExists  bool
	ID        SchemaObjectIdentifier
	ValueList []string // nil: unchanged; empty: set to ()
	Comment   *string
}

func (s AlterNetworkRuleSet) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "NETWORK", "RULE").add(ifExists(s.IfExists)...).ident("network rule", s.ID).add("SET")
	if s.ValueList == nil && s.Comment == nil {
		b.fail("ALTER NETWORK RULE SET needs value_list or comment")
	}
	if s.ValueList != nil {
		b.add("VALUE_LIST", "=", stringList(s.ValueList))
	}
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

// AlterNetworkRuleUnset renders ALTER NETWORK RULE … UNSET COMMENT | VALUE_LIST.
type AlterNetworkRuleUnset struct {
	IfExists  bool
	ID        SchemaObjectIdentifier
	ValueList bool
	Comment   bool
}

func (s AlterNetworkRuleUnset) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "NETWORK", "RULE").add(ifExists(s.IfExists)...).ident("network rule", s.ID).add("UNSET")
	var props []string
	if s.ValueList {
		props = append(props, "VALUE_LIST")
	}
	if s.Comment {
		props = append(props, "COMMENT")
	}
	if len(props) == 0 {
		b.fail("ALTER NETWORK RULE UNSET needs value_list or comment")
	}
	b.add(strings.Join(props, ", "))
	return b.String()
}

// DropNetworkRule renders DROP NETWORK RULE [IF EXISTS].
type DropNetworkRule struct {
	IfExists bool
	ID       SchemaObjectIdentifier
}

func (s DropNetworkRule) SQL() (string, error) {
	return (&sqlBuilder{}).add("DROP", "NETWORK", "RULE").add(ifExists(s.IfExists)...).ident("network rule", s.ID).String()
}

// DescribeNetworkRule renders DESCRIBE NETWORK RULE.
type DescribeNetworkRule struct {
	ID SchemaObjectIdentifier
}

func (s DescribeNetworkRule) SQL() (string, error) {
	return (&sqlBuilder{}).add("DESCRIBE", "NETWORK", "RULE").ident("network rule", s.ID).String()
}

// NetworkRule is a row of SHOW NETWORK RULES merged with DESCRIBE's value list.
type NetworkRule struct {
	CreatedOn          string
	Name               string
	DatabaseName       string
	SchemaName         string
	Owner              string
	Comment            string
	Type               string
	Mode               string
	EntriesInValueList int
	ValueList          []string
}

func (r NetworkRule) ID() SchemaObjectIdentifier {
	return NewSchemaObjectIdentifier(r.DatabaseName, r.SchemaName, r.Name)
}

func networkRuleFromShow(row Row) NetworkRule {
	return NetworkRule{
		CreatedOn:          row.String("created_on"),
		Name:               row.String("name"),
		DatabaseName:       row.String("database_name"),
		SchemaName:         row.String("schema_name"),
		Owner:              row.String("owner"),
		Comment:            row.String("comment"),
		Type:               row.String("type"),
		Mode:               row.String("mode"),
		EntriesInValueList: row.Int("entries_in_valuelist"),
	}
}
