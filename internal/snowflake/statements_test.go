package snowflake

import (
	"strings"
	"testing"
)

const hostile = `'); DROP DATABASE x; --`

var (
	ruleID    = NewSchemaObjectIdentifier("DB", "PUBLIC", "GH_RULE")
	evilRule  = NewSchemaObjectIdentifier(`my "db"`, `back\slash`, hostile)
	secretID  = NewSchemaObjectIdentifier("DB", "PUBLIC", "GH_TOKEN")
	eaiID     = NewAccountObjectIdentifier("GH_EAI")
	appID     = NewAccountObjectIdentifier("GITHUB_CONNECTOR")
	pkgID     = NewAccountObjectIdentifier("GITHUB_CONNECTOR_PKG")
	stageID   = NewSchemaObjectIdentifier("GITHUB_CONNECTOR_PKG", "CODE", "PAYLOAD")
	unicodeID = NewAccountObjectIdentifier("ünïcødé 名前")
)

type golden struct {
	name string
	st   Statement
	want string
}

func runGolden(t *testing.T, cases []golden) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.st.SQL()
			if err != nil {
				t.Fatalf("SQL(): %v", err)
			}
			if got != c.want {
				t.Errorf("SQL mismatch\n got: %s\nwant: %s", got, c.want)
			}
		})
	}
}

type invalid struct {
	name    string
	st      Statement
	wantErr string
}

func runInvalid(t *testing.T, cases []invalid) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.st.SQL()
			if err == nil {
				t.Fatalf("SQL() = %s, want error containing %q", got, c.wantErr)
			}
			if !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error %q does not contain %q", err, c.wantErr)
			}
		})
	}
}

func TestNetworkRuleSQL(t *testing.T) {
	runGolden(t, []golden{
		{"create", CreateNetworkRule{ID: ruleID, Type: NetworkRuleTypeHostPort, ValueList: []string{"api.github.com:443"}, Mode: NetworkRuleModeEgress},
			`CREATE NETWORK RULE "DB"."PUBLIC"."GH_RULE" TYPE = HOST_PORT VALUE_LIST = ('api.github.com:443') MODE = EGRESS`},
		{"create or replace with comment", CreateNetworkRule{OrReplace: true, ID: ruleID, Type: NetworkRuleTypeHostPort, ValueList: []string{"a.example.com", "*.b.example.com:8443"}, Mode: NetworkRuleModeEgress, Comment: Pointer("it's GitHub")},
			`CREATE OR REPLACE NETWORK RULE "DB"."PUBLIC"."GH_RULE" TYPE = HOST_PORT VALUE_LIST = ('a.example.com', '*.b.example.com:8443') MODE = EGRESS COMMENT = 'it\'s GitHub'`},
		{"create hostile", CreateNetworkRule{ID: evilRule, Type: NetworkRuleTypeHostPort, ValueList: []string{hostile}, Mode: NetworkRuleModeEgress, Comment: Pointer(hostile)},
			`CREATE NETWORK RULE "my ""db"""."back\slash"."'); DROP DATABASE x; --" TYPE = HOST_PORT VALUE_LIST = ('\'); DROP DATABASE x; --') MODE = EGRESS COMMENT = '\'); DROP DATABASE x; --'`},
		{"create empty list", CreateNetworkRule{ID: ruleID, Type: NetworkRuleTypeIPv4, ValueList: nil, Mode: NetworkRuleModeIngress},
			`CREATE NETWORK RULE "DB"."PUBLIC"."GH_RULE" TYPE = IPV4 VALUE_LIST = () MODE = INGRESS`},
		{"alter set list", AlterNetworkRuleSet{ID: ruleID, ValueList: []string{"x.com"}},
			`ALTER NETWORK RULE "DB"."PUBLIC"."GH_RULE" SET VALUE_LIST = ('x.com')`},
		{"alter set both if exists", AlterNetworkRuleSet{IfExists: true, ID: ruleID, ValueList: []string{}, Comment: Pointer(`back\slash`)},
			`ALTER NETWORK RULE IF EXISTS "DB"."PUBLIC"."GH_RULE" SET VALUE_LIST = () COMMENT = 'back\\slash'`},
		{"alter unset comment", AlterNetworkRuleUnset{ID: ruleID, Comment: true},
			`ALTER NETWORK RULE "DB"."PUBLIC"."GH_RULE" UNSET COMMENT`},
		{"alter unset both", AlterNetworkRuleUnset{ID: ruleID, Comment: true, ValueList: true},
			`ALTER NETWORK RULE "DB"."PUBLIC"."GH_RULE" UNSET VALUE_LIST, COMMENT`},
		{"drop", DropNetworkRule{ID: ruleID}, `DROP NETWORK RULE "DB"."PUBLIC"."GH_RULE"`},
		{"drop if exists hostile", DropNetworkRule{IfExists: true, ID: evilRule}, `DROP NETWORK RULE IF EXISTS "my ""db"""."back\slash"."'); DROP DATABASE x; --"`},
		{"describe", DescribeNetworkRule{ID: ruleID}, `DESCRIBE NETWORK RULE "DB"."PUBLIC"."GH_RULE"`},
	})
	runInvalid(t, []invalid{
		{"missing type", CreateNetworkRule{ID: ruleID, Mode: NetworkRuleModeEgress}, "type is required"},
		{"missing mode", CreateNetworkRule{ID: ruleID, Type: NetworkRuleTypeHostPort}, "mode is required"},
		{"empty name", CreateNetworkRule{ID: NewSchemaObjectIdentifier("DB", "PUBLIC", ""), Type: NetworkRuleTypeHostPort, Mode: NetworkRuleModeEgress}, "network rule: name must not be empty"},
		{"empty schema", DropNetworkRule{ID: NewSchemaObjectIdentifier("DB", "", "R")}, "schema must not be empty"},
		{"nothing to set", AlterNetworkRuleSet{ID: ruleID}, "needs value_list or comment"},
		{"nothing to unset", AlterNetworkRuleUnset{ID: ruleID}, "needs value_list or comment"},
	})
}

func TestSecretSQL(t *testing.T) {
	runGolden(t, []golden{
		{"create", CreateSecretGenericString{ID: secretID, SecretString: "ghp_abc"},
			`CREATE SECRET "DB"."PUBLIC"."GH_TOKEN" TYPE = GENERIC_STRING SECRET_STRING = 'ghp_abc'`},
		{"create if not exists hostile", CreateSecretGenericString{IfNotExists: true, ID: secretID, SecretString: `a'b\c$$;--`, Comment: Pointer("tok")},
			`CREATE SECRET IF NOT EXISTS "DB"."PUBLIC"."GH_TOKEN" TYPE = GENERIC_STRING SECRET_STRING = 'a\'b\\c$$;--' COMMENT = 'tok'`},
		{"create or replace", CreateSecretGenericString{OrReplace: true, ID: secretID, SecretString: ""},
			`CREATE OR REPLACE SECRET "DB"."PUBLIC"."GH_TOKEN" TYPE = GENERIC_STRING SECRET_STRING = ''`},
		{"rotate", AlterSecretSet{ID: secretID, SecretString: Pointer("new")},
			`ALTER SECRET "DB"."PUBLIC"."GH_TOKEN" SET SECRET_STRING = 'new'`},
		{"set comment", AlterSecretSet{IfExists: true, ID: secretID, Comment: Pointer("c")},
			`ALTER SECRET IF EXISTS "DB"."PUBLIC"."GH_TOKEN" SET COMMENT = 'c'`},
		{"clear comment", AlterSecretClearComment{ID: secretID}, `ALTER SECRET "DB"."PUBLIC"."GH_TOKEN" SET COMMENT = NULL`},
		{"clear comment if exists", AlterSecretClearComment{IfExists: true, ID: secretID}, `ALTER SECRET IF EXISTS "DB"."PUBLIC"."GH_TOKEN" SET COMMENT = NULL`},
		{"drop", DropSecret{IfExists: true, ID: secretID}, `DROP SECRET IF EXISTS "DB"."PUBLIC"."GH_TOKEN"`},
		{"describe", DescribeSecret{ID: secretID}, `DESCRIBE SECRET "DB"."PUBLIC"."GH_TOKEN"`},
	})
	runInvalid(t, []invalid{
		{"replace and if not exists", CreateSecretGenericString{OrReplace: true, IfNotExists: true, ID: secretID}, "cannot be combined"},
		{"nothing to set", AlterSecretSet{ID: secretID}, "needs secret_string or comment"},
	})
}

func TestSecretRedaction(t *testing.T) {
	const token = "ghp_SUPERSECRET"
	create := CreateSecretGenericString{ID: secretID, SecretString: token, Comment: Pointer("c")}
	alter := AlterSecretSet{ID: secretID, SecretString: Pointer(token)}
	for _, r := range []Redactor{create, alter} {
		red := r.Redacted()
		if strings.Contains(red, token) || !strings.Contains(red, "SECRET_STRING = '***'") {
			t.Errorf("redacted form leaks or lacks mask: %s", red)
		}
	}
	if got := create.Redacted(); got != `CREATE SECRET "DB"."PUBLIC"."GH_TOKEN" TYPE = GENERIC_STRING SECRET_STRING = '***' COMMENT = 'c'` {
		t.Errorf("redacted create = %s", got)
	}
}

func TestExternalAccessIntegrationSQL(t *testing.T) {
	rules := []SchemaObjectIdentifier{ruleID, evilRule}
	runGolden(t, []golden{
		{"create", CreateExternalAccessIntegration{ID: eaiID, AllowedNetworkRules: []SchemaObjectIdentifier{ruleID}, AllowedAuthenticationSecrets: []SchemaObjectIdentifier{secretID}, Enabled: true},
			`CREATE EXTERNAL ACCESS INTEGRATION "GH_EAI" ALLOWED_NETWORK_RULES = ("DB"."PUBLIC"."GH_RULE") ALLOWED_AUTHENTICATION_SECRETS = ("DB"."PUBLIC"."GH_TOKEN") ENABLED = TRUE`},
		{"create disabled no secrets hostile", CreateExternalAccessIntegration{OrReplace: true, ID: unicodeID, AllowedNetworkRules: rules, Enabled: false, Comment: Pointer(hostile)},
			`CREATE OR REPLACE EXTERNAL ACCESS INTEGRATION "ünïcødé 名前" ALLOWED_NETWORK_RULES = ("DB"."PUBLIC"."GH_RULE", "my ""db"""."back\slash"."'); DROP DATABASE x; --") ENABLED = FALSE COMMENT = '\'); DROP DATABASE x; --'`},
		{"alter set", AlterExternalAccessIntegrationSet{ID: eaiID, AllowedNetworkRules: []SchemaObjectIdentifier{ruleID}, AllowedAuthenticationSecrets: []SchemaObjectIdentifier{secretID}, Enabled: Pointer(false), Comment: Pointer("x")},
			`ALTER EXTERNAL ACCESS INTEGRATION "GH_EAI" SET ALLOWED_NETWORK_RULES = ("DB"."PUBLIC"."GH_RULE") ALLOWED_AUTHENTICATION_SECRETS = ("DB"."PUBLIC"."GH_TOKEN") ENABLED = FALSE COMMENT = 'x'`},
		{"alter set enabled", AlterExternalAccessIntegrationSet{IfExists: true, ID: eaiID, Enabled: Pointer(true)},
			`ALTER EXTERNAL ACCESS INTEGRATION IF EXISTS "GH_EAI" SET ENABLED = TRUE`},
		{"alter unset", AlterExternalAccessIntegrationUnset{ID: eaiID, AllowedAuthenticationSecrets: true, Comment: true},
			`ALTER EXTERNAL ACCESS INTEGRATION "GH_EAI" UNSET ALLOWED_AUTHENTICATION_SECRETS, COMMENT`},
		{"drop", DropExternalAccessIntegration{IfExists: true, ID: eaiID}, `DROP EXTERNAL ACCESS INTEGRATION IF EXISTS "GH_EAI"`},
		{"describe", DescribeExternalAccessIntegration{ID: eaiID}, `DESCRIBE EXTERNAL ACCESS INTEGRATION "GH_EAI"`},
	})
	runInvalid(t, []invalid{
		{"no rules", CreateExternalAccessIntegration{ID: eaiID, Enabled: true}, "at least one network rule"},
		{"bad rule id", CreateExternalAccessIntegration{ID: eaiID, AllowedNetworkRules: []SchemaObjectIdentifier{NewSchemaObjectIdentifier("", "s", "r")}}, "allowed_network_rules: database must not be empty"},
		{"empty alter", AlterExternalAccessIntegrationSet{ID: eaiID}, "at least one property"},
		{"empty secret list", AlterExternalAccessIntegrationSet{ID: eaiID, AllowedAuthenticationSecrets: []SchemaObjectIdentifier{}}, "AlterExternalAccessIntegrationUnset"},
		{"empty unset", AlterExternalAccessIntegrationUnset{ID: eaiID}, "at least one property"},
	})
}

func TestGrantSQL(t *testing.T) {
	runGolden(t, []golden{
		{"integration", GrantToApplication{Privilege: PrivilegeUsage, On: GrantOn{Kind: OnIntegration, ID: eaiID}, Application: appID},
			`GRANT USAGE ON INTEGRATION "GH_EAI" TO APPLICATION "GITHUB_CONNECTOR"`},
		{"database", GrantToApplication{Privilege: PrivilegeUsage, On: GrantOn{Kind: OnDatabase, ID: secretID.SchemaId().DatabaseId()}, Application: appID},
			`GRANT USAGE ON DATABASE "DB" TO APPLICATION "GITHUB_CONNECTOR"`},
		{"schema", GrantToApplication{Privilege: PrivilegeUsage, On: GrantOn{Kind: OnSchema, ID: secretID.SchemaId()}, Application: appID},
			`GRANT USAGE ON SCHEMA "DB"."PUBLIC" TO APPLICATION "GITHUB_CONNECTOR"`},
		{"secret", GrantToApplication{Privilege: PrivilegeRead, On: GrantOn{Kind: OnSecret, ID: secretID}, Application: appID},
			`GRANT READ ON SECRET "DB"."PUBLIC"."GH_TOKEN" TO APPLICATION "GITHUB_CONNECTOR"`},
		{"warehouse", GrantToApplication{Privilege: PrivilegeUsage, On: GrantOn{Kind: OnWarehouse, ID: NewAccountObjectIdentifier("wh")}, Application: appID},
			`GRANT USAGE ON WAREHOUSE "wh" TO APPLICATION "GITHUB_CONNECTOR"`},
		{"account", GrantToApplication{Privilege: PrivilegeCreateDatabase, On: GrantOn{Kind: OnAccount}, Application: appID},
			`GRANT CREATE DATABASE ON ACCOUNT TO APPLICATION "GITHUB_CONNECTOR"`},
		{"execute task hostile app", GrantToApplication{Privilege: PrivilegeExecuteTask, On: GrantOn{Kind: OnAccount}, Application: NewAccountObjectIdentifier(hostile)},
			`GRANT EXECUTE TASK ON ACCOUNT TO APPLICATION "'); DROP DATABASE x; --"`},
		{"revoke", RevokeFromApplication{Privilege: PrivilegeRead, On: GrantOn{Kind: OnSecret, ID: secretID}, Application: appID},
			`REVOKE READ ON SECRET "DB"."PUBLIC"."GH_TOKEN" FROM APPLICATION "GITHUB_CONNECTOR"`},
		{"show", ShowGrantsToApplication{Application: appID}, `SHOW GRANTS TO APPLICATION "GITHUB_CONNECTOR"`},
		{"show to role", ShowGrantsToRole{Role: NewAccountObjectIdentifier(`tf "role"`)}, `SHOW GRANTS TO ROLE "tf ""role"""`},
	})
	runInvalid(t, []invalid{
		{"no privilege", GrantToApplication{On: GrantOn{Kind: OnAccount}, Application: appID}, "privilege is required"},
		{"no object", GrantToApplication{Privilege: PrivilegeUsage, On: GrantOn{Kind: OnDatabase}, Application: appID}, "needs an identifier"},
		{"no app", RevokeFromApplication{Privilege: PrivilegeUsage, On: GrantOn{Kind: OnAccount}}, "application: name must not be empty"},
	})
}

func TestApplicationPackageSQL(t *testing.T) {
	loc := StageLocation{Stage: stageID, Path: "V1_0"}
	runGolden(t, []golden{
		{"create", CreateApplicationPackage{IfNotExists: true, ID: pkgID, Comment: Pointer("payload")},
			`CREATE APPLICATION PACKAGE IF NOT EXISTS "GITHUB_CONNECTOR_PKG" COMMENT = 'payload' ENABLE_RELEASE_CHANNELS = FALSE`},
		{"drop", DropApplicationPackage{IfExists: true, ID: pkgID}, `DROP APPLICATION PACKAGE IF EXISTS "GITHUB_CONNECTOR_PKG"`},
		{"add version", AlterApplicationPackageAddVersion{Package: pkgID, Version: "V1_0", Location: loc, Label: Pointer("1.0")},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" ADD VERSION "V1_0" USING '@"GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD"/V1_0' LABEL = '1.0'`},
		{"add patch auto", AlterApplicationPackageAddPatch{Package: pkgID, Version: "V1_0", Location: StageLocation{Stage: stageID, Path: "V1_0/p1"}},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" ADD PATCH FOR VERSION "V1_0" USING '@"GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD"/V1_0/p1'`},
		{"add patch numbered", AlterApplicationPackageAddPatch{Package: pkgID, Version: "V1_0", Patch: Pointer(3), Location: loc},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" ADD PATCH 3 FOR VERSION "V1_0" USING '@"GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD"/V1_0'`},
		{"hostile stage path", AlterApplicationPackageAddVersion{Package: pkgID, Version: "V1", Location: StageLocation{Stage: NewSchemaObjectIdentifier("P", "C", `it's`), Path: hostile}},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" ADD VERSION "V1" USING '@"P"."C"."it\'s"/\'); DROP DATABASE x; --'`},
		{"drop version", AlterApplicationPackageDropVersion{Package: pkgID, Version: "V1_0"},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" DROP VERSION "V1_0"`},
		{"release directive", AlterApplicationPackageSetDefaultReleaseDirective{Package: pkgID, Version: "V1_0", Patch: 2},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" SET DEFAULT RELEASE DIRECTIVE VERSION = "V1_0" PATCH = 2`},
		{"show versions", ShowVersions{Package: pkgID}, `SHOW VERSIONS IN APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG"`},
		{"register version", RegisterVersion{Package: pkgID, Version: "V1_0_R2", Location: loc, Label: Pointer("abc")},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" REGISTER VERSION "V1_0_R2" USING '@"GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD"/V1_0' LABEL = 'abc'`},
		{"deregister version", DeregisterVersion{Package: pkgID, Version: "V1_0"},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" DEREGISTER VERSION "V1_0"`},
		{"channel add version", ReleaseChannelVersion{Package: pkgID, Channel: ReleaseChannelDefault, Version: "V1_0"},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" MODIFY RELEASE CHANNEL DEFAULT ADD VERSION "V1_0"`},
		{"channel drop version", ReleaseChannelVersion{Package: pkgID, Channel: ReleaseChannelQA, Version: "V1_0", Drop: true},
			`ALTER APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" MODIFY RELEASE CHANNEL QA DROP VERSION "V1_0"`},
		{"show release channels", ShowReleaseChannels{Package: pkgID}, `SHOW RELEASE CHANNELS IN APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG"`},
	})
	runInvalid(t, []invalid{
		{"no version", AlterApplicationPackageAddVersion{Package: pkgID, Location: loc}, "version: name must not be empty"},
		{"absolute stage path", AlterApplicationPackageAddVersion{Package: pkgID, Version: "V1", Location: StageLocation{Stage: stageID, Path: "/abs"}}, "must be relative"},
		{"negative patch", AlterApplicationPackageAddPatch{Package: pkgID, Version: "V1", Patch: Pointer(-1), Location: loc}, "must not be negative"},
		{"unknown channel", ReleaseChannelVersion{Package: pkgID, Channel: "BETA; DROP", Version: "V1"}, "release channel must be DEFAULT, ALPHA or QA"},
		{"negative directive patch", AlterApplicationPackageSetDefaultReleaseDirective{Package: pkgID, Version: "V1", Patch: -1}, "must not be negative"},
	})
}

func TestStageAndPutSQL(t *testing.T) {
	runGolden(t, []golden{
		{"schema", CreateSchema{IfNotExists: true, ID: stageID.SchemaId()}, `CREATE SCHEMA IF NOT EXISTS "GITHUB_CONNECTOR_PKG"."CODE"`},
		{"schema comment", CreateSchema{ID: NewDatabaseObjectIdentifier("D", `s"c`), Comment: Pointer("x")}, `CREATE SCHEMA "D"."s""c" COMMENT = 'x'`},
		{"stage", CreateStage{IfNotExists: true, ID: stageID}, `CREATE STAGE IF NOT EXISTS "GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD"`},
		{"stage comment", CreateStage{ID: stageID, Comment: Pointer(hostile)}, `CREATE STAGE "GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD" COMMENT = '\'); DROP DATABASE x; --'`},
		{"drop stage", DropStage{IfExists: true, ID: stageID}, `DROP STAGE IF EXISTS "GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD"`},
		{"database", CreateDatabase{IfNotExists: true, ID: NewAccountObjectIdentifier(hostile), Comment: Pointer("c")}, `CREATE DATABASE IF NOT EXISTS "'); DROP DATABASE x; --" COMMENT = 'c'`},
		{"drop database", DropDatabase{IfExists: true, ID: NewAccountObjectIdentifier(`a"b`)}, `DROP DATABASE IF EXISTS "a""b"`},
		{"put", Put{LocalFile: "/tmp/payload/manifest.yml", Location: StageLocation{Stage: stageID, Path: "V1_0"}},
			`PUT 'file:///tmp/payload/manifest.yml' '@"GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD"/V1_0' AUTO_COMPRESS = FALSE OVERWRITE = TRUE`},
		{"put spaces", Put{LocalFile: "/tmp/my dir/set up.sql", Location: StageLocation{Stage: stageID}},
			`PUT 'file:///tmp/my dir/set up.sql' '@"GITHUB_CONNECTOR_PKG"."CODE"."PAYLOAD"' AUTO_COMPRESS = FALSE OVERWRITE = TRUE`},
	})
	runInvalid(t, []invalid{
		{"relative", Put{LocalFile: "payload/x", Location: StageLocation{Stage: stageID}}, "absolute local path"},
		{"quote in path", Put{LocalFile: "/tmp/it's", Location: StageLocation{Stage: stageID}}, "contains a quote"},
		{"bad stage", Put{LocalFile: "/tmp/x", Location: StageLocation{Stage: NewSchemaObjectIdentifier("a", "b", "")}}, "stage: name must not be empty"},
	})
}

func TestApplicationSQL(t *testing.T) {
	proc := NewSchemaObjectIdentifier("GITHUB_CONNECTOR", "PUBLIC", "PROVISION_CONNECTOR")
	runGolden(t, []golden{
		{"create", CreateApplication{ID: appID, Package: pkgID, Version: "V1_0"},
			`CREATE APPLICATION "GITHUB_CONNECTOR" FROM APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" USING VERSION "V1_0"`},
		{"create patch comment", CreateApplication{ID: unicodeID, Package: pkgID, Version: "V1_0", Patch: Pointer(2), Comment: Pointer("c")},
			`CREATE APPLICATION "ünïcødé 名前" FROM APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG" USING VERSION "V1_0" PATCH 2 COMMENT = 'c'`},
		{"upgrade", AlterApplicationUpgrade{ID: appID, Version: "V1_0", Patch: Pointer(1)},
			`ALTER APPLICATION "GITHUB_CONNECTOR" UPGRADE USING VERSION "V1_0" PATCH 1`},
		{"set comment", AlterApplicationSetComment{ID: appID, Comment: hostile},
			`ALTER APPLICATION "GITHUB_CONNECTOR" SET COMMENT = '\'); DROP DATABASE x; --'`},
		{"unset comment", AlterApplicationUnsetComment{ID: appID}, `ALTER APPLICATION "GITHUB_CONNECTOR" UNSET COMMENT`},
		{"drop cascade", DropApplication{IfExists: true, ID: appID, Cascade: true}, `DROP APPLICATION IF EXISTS "GITHUB_CONNECTOR" CASCADE`},
		{"drop", DropApplication{ID: appID}, `DROP APPLICATION "GITHUB_CONNECTOR"`},
		{"execute task", ExecuteTask{ID: NewSchemaObjectIdentifier("GITHUB_CONNECTOR", "TASKS", "INGEST__OCTO__HELLO")},
			`EXECUTE TASK "GITHUB_CONNECTOR"."TASKS"."INGEST__OCTO__HELLO"`},
		{"describe", DescribeApplication{ID: appID}, `DESCRIBE APPLICATION "GITHUB_CONNECTOR"`},
		{"call no args", Call{Procedure: proc}, `CALL "GITHUB_CONNECTOR"."PUBLIC"."PROVISION_CONNECTOR"()`},
		{"describe procedure", DescribeProcedure{ID: NewSchemaObjectIdentifier("APP", "PUBLIC", "INGEST_DATA"), ArgTypes: []string{"VARCHAR", "NUMBER(38,0)"}},
			`DESCRIBE PROCEDURE "APP"."PUBLIC"."INGEST_DATA"(VARCHAR, NUMBER(38,0))`},
		{"call args", Call{Procedure: proc, Args: []Arg{StringArg("owner/repo"), IntArg(30), BoolArg(true), NullArg()}},
			`CALL "GITHUB_CONNECTOR"."PUBLIC"."PROVISION_CONNECTOR"('owner/repo', 30, TRUE, NULL)`},
		{"call json hostile", Call{Procedure: proc, Args: []Arg{JSONArg(map[string]any{"destination_database": hostile, "api_url": `http://x/\`})}},
			`CALL "GITHUB_CONNECTOR"."PUBLIC"."PROVISION_CONNECTOR"(PARSE_JSON('{"api_url":"http://x/\\\\","destination_database":"\'); DROP DATABASE x; --"}'))`},
		{"call string hostile", Call{Procedure: proc, Args: []Arg{StringArg(hostile)}},
			`CALL "GITHUB_CONNECTOR"."PUBLIC"."PROVISION_CONNECTOR"('\'); DROP DATABASE x; --')`},
	})
	runInvalid(t, []invalid{
		{"no package", CreateApplication{ID: appID, Version: "V1"}, "application package: name must not be empty"},
		{"negative patch", AlterApplicationUpgrade{ID: appID, Version: "V1", Patch: Pointer(-2)}, "must not be negative"},
		{"bad json", Call{Procedure: proc, Args: []Arg{JSONArg(make(chan int))}}, "argument 1: encoding JSON argument"},
		{"hostile arg type", DescribeProcedure{ID: proc, ArgTypes: []string{"VARCHAR); DROP DATABASE X; --"}}, "is not a Snowflake type name"},
	})
}

func TestShowSQL(t *testing.T) {
	runGolden(t, []golden{
		{"rules in schema", ShowByName(ObjectTypeNetworkRules, "GH_RULE", InSchema(ruleID.SchemaId())),
			`SHOW NETWORK RULES LIKE 'GH_RULE' IN SCHEMA "DB"."PUBLIC"`},
		{"secrets hostile", ShowByName(ObjectTypeSecrets, hostile, InSchema(evilRule.SchemaId())),
			`SHOW SECRETS LIKE '\'); DROP DATABASE x; --' IN SCHEMA "my ""db"""."back\slash"`},
		{"integrations", ShowByName(ObjectTypeExternalAccessIntegrations, "GH_EAI", nil),
			`SHOW EXTERNAL ACCESS INTEGRATIONS LIKE 'GH_EAI'`},
		{"tasks in database", Show{Object: ObjectTypeTasks, In: InDatabase(NewAccountObjectIdentifier("D"))}, `SHOW TASKS IN DATABASE "D"`},
		{"in account", Show{Object: ObjectTypeDatabases, In: InAccount()}, `SHOW DATABASES IN ACCOUNT`},
		{"in application", Show{Object: ObjectTypeProcedures, In: InApplication(appID)}, `SHOW PROCEDURES IN APPLICATION "GITHUB_CONNECTOR"`},
		{"in package", Show{Object: ObjectTypeSchemas, In: InApplicationPackage(pkgID)}, `SHOW SCHEMAS IN APPLICATION PACKAGE "GITHUB_CONNECTOR_PKG"`},
		{"backslash like", ShowByName(ObjectTypeStages, `a\b_c`, nil), `SHOW STAGES LIKE 'a\\b_c'`},
	})
	runInvalid(t, []invalid{
		{"no type", Show{}, "needs an object type"},
		{"scope without id", Show{Object: ObjectTypeTables, In: &Scope{Kind: ScopeSchema}}, "needs an identifier"},
	})
}

func TestSessionSQL(t *testing.T) {
	runGolden(t, []golden{{"current session", SelectCurrentSession{},
		`SELECT CURRENT_ACCOUNT() AS "ACCOUNT", CURRENT_USER() AS "USER", CURRENT_ROLE() AS "ROLE", CURRENT_WAREHOUSE() AS "WAREHOUSE", CURRENT_VERSION() AS "VERSION"`}})
}

func TestConnectorQueriesSQL(t *testing.T) {
	whID := NewAccountObjectIdentifier("IN'GEST")
	runGolden(t, []golden{
		{"config", SelectConnectorConfiguration{Application: appID}, `SELECT "KEY", "VALUE" FROM "GITHUB_CONNECTOR"."PUBLIC"."CONNECTOR_CONFIGURATION"`},
		{"status all", SelectIngestionStatus{Application: appID}, `SELECT * FROM "GITHUB_CONNECTOR"."PUBLIC"."INGESTION_STATUS" ORDER BY "RESOURCE_ID"`},
		{"status one hostile", SelectIngestionStatus{Application: appID, Resource: hostile},
			`SELECT * FROM "GITHUB_CONNECTOR"."PUBLIC"."INGESTION_STATUS" WHERE "RESOURCE_ID" = '\'); DROP DATABASE x; --' ORDER BY "RESOURCE_ID"`},
		{"credits serverless", SelectTaskCredits{Application: appID},
			`SELECT "TASK_NAME" AS "TASK", SUM("CREDITS_USED") AS "CREDITS" FROM "SNOWFLAKE"."ACCOUNT_USAGE"."SERVERLESS_TASK_HISTORY" WHERE "DATABASE_NAME" = 'GITHUB_CONNECTOR' AND "SCHEMA_NAME" = 'TASKS' AND "START_TIME" >= DATEADD('DAY', -1, CURRENT_TIMESTAMP()) GROUP BY "TASK_NAME"`},
		{"credits on a warehouse", SelectTaskCredits{Application: appID, Warehouse: &whID},
			`WITH "RUNS" AS (SELECT "NAME" AS "TASK", DATE_TRUNC('HOUR', "QUERY_START_TIME") AS "HOUR", SUM(DATEDIFF('MILLISECOND', "QUERY_START_TIME", "COMPLETED_TIME")) AS "MS" FROM "SNOWFLAKE"."ACCOUNT_USAGE"."TASK_HISTORY" WHERE "DATABASE_NAME" = 'GITHUB_CONNECTOR' AND "SCHEMA_NAME" = 'TASKS' AND "COMPLETED_TIME" IS NOT NULL AND "QUERY_START_TIME" >= DATEADD('DAY', -1, CURRENT_TIMESTAMP()) GROUP BY "NAME", DATE_TRUNC('HOUR', "QUERY_START_TIME")), "TOTALS" AS (SELECT "HOUR", SUM("MS") AS "MS" FROM "RUNS" GROUP BY "HOUR"), "HOURS" AS (SELECT "START_TIME" AS "HOUR", "CREDITS_USED" FROM "SNOWFLAKE"."ACCOUNT_USAGE"."WAREHOUSE_METERING_HISTORY" WHERE "WAREHOUSE_NAME" = 'IN\'GEST' AND "START_TIME" >= DATEADD('DAY', -1, DATE_TRUNC('HOUR', CURRENT_TIMESTAMP()))) SELECT r."TASK", SUM(h."CREDITS_USED" * r."MS" / t."MS") AS "CREDITS" FROM "RUNS" r JOIN "TOTALS" t ON t."HOUR" = r."HOUR" JOIN "HOURS" h ON h."HOUR" = r."HOUR" WHERE t."MS" > 0 GROUP BY r."TASK"`},
		{"streams all", SelectStreamStatus{Application: appID}, `SELECT * FROM "GITHUB_CONNECTOR"."PUBLIC"."STREAM_STATUS" ORDER BY "RESOURCE_ID", "STREAM"`},
		{"streams one hostile", SelectStreamStatus{Application: appID, Resource: hostile},
			`SELECT * FROM "GITHUB_CONNECTOR"."PUBLIC"."STREAM_STATUS" WHERE "RESOURCE_ID" = '\'); DROP DATABASE x; --' ORDER BY "RESOURCE_ID", "STREAM"`},
	})
}
