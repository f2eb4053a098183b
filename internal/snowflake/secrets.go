package snowflake

// CreateSecretGenericString renders CREATE SECRET … TYPE = GENERIC_STRING.
type CreateSecretGenericString struct {
	OrReplace    bool
	IfNotExists  bool
	ID           SchemaObjectIdentifier
	SecretString string
	Comment      *string
}

func (s CreateSecretGenericString) build(secret string) (string, error) {
	b := &sqlBuilder{}
	if s.OrReplace && s.IfNotExists {
		b.fail("OR REPLACE and IF NOT EXISTS cannot be combined")
	}
	b.add("CREATE").add(orReplace(s.OrReplace)...).add("SECRET").add(ifNotExists(s.IfNotExists)...).ident("secret", s.ID)
	b.add("TYPE", "=", "GENERIC_STRING", "SECRET_STRING", "=", secret)
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

func (s CreateSecretGenericString) SQL() (string, error) {
	return s.build(QuoteString(s.SecretString))
}

func (s CreateSecretGenericString) Redacted() string {
	text, _ := s.build(redactedValue)
	return text
}

// AlterSecretSet renders ALTER SECRET … SET [SECRET_STRING = '…'] [COMMENT = '…'].
type AlterSecretSet struct {
	IfExists     bool
	ID           SchemaObjectIdentifier
	SecretString *string
	Comment      *string
}

func (s AlterSecretSet) build(redact bool) (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "SECRET").add(ifExists(s.IfExists)...).ident("secret", s.ID).add("SET")
	if s.SecretString == nil && s.Comment == nil {
		b.fail("ALTER SECRET SET needs secret_string or comment")
	}
	if s.SecretString != nil {
		if redact {
			b.add("SECRET_STRING", "=", redactedValue)
		} else {
			b.property("SECRET_STRING", *s.SecretString)
		}
	}
	b.optionalProperty("COMMENT", s.Comment)
	return b.String()
}

func (s AlterSecretSet) SQL() (string, error) { return s.build(false) }

func (s AlterSecretSet) Redacted() string {
	text, _ := s.build(true)
	return text
}

// AlterSecretClearComment renders ALTER SECRET … SET COMMENT = NULL, the
// official provider's way to remove a secret's comment (its SecretUnset;
// expected SQL in pkg/sdk/secrets_ext_test.go): Snowflake does not accept
// UNSET COMMENT on secrets (TODO [SNOW-1678749] in secrets_def.go).
type AlterSecretClearComment struct {
	IfExists bool
	ID       SchemaObjectIdentifier
}

func (s AlterSecretClearComment) SQL() (string, error) {
	return (&sqlBuilder{}).add("ALTER", "SECRET").add(ifExists(s.IfExists)...).ident("secret", s.ID).add("SET", "COMMENT", "=", "NULL").String()
}

// DropSecret renders DROP SECRET [IF EXISTS].
type DropSecret struct {
	IfExists bool
	ID       SchemaObjectIdentifier
}

func (s DropSecret) SQL() (string, error) {
	return (&sqlBuilder{}).add("DROP", "SECRET").add(ifExists(s.IfExists)...).ident("secret", s.ID).String()
}

// DescribeSecret renders DESCRIBE SECRET.
type DescribeSecret struct {
	ID SchemaObjectIdentifier
}

func (s DescribeSecret) SQL() (string, error) {
	return (&sqlBuilder{}).add("DESCRIBE", "SECRET").ident("secret", s.ID).String()
}

// Secret is a row of SHOW SECRETS. The secret string is never returned by
// Snowflake, so it is not here either.
type Secret struct {
	CreatedOn    string
	Name         string
	DatabaseName string
	SchemaName   string
	Owner        string
	Comment      string
	SecretType   string
}

func (r Secret) ID() SchemaObjectIdentifier {
	return NewSchemaObjectIdentifier(r.DatabaseName, r.SchemaName, r.Name)
}

func secretFromShow(row Row) Secret {
	return Secret{
		CreatedOn:    row.String("created_on"),
		Name:         row.String("name"),
		DatabaseName: row.String("database_name"),
		SchemaName:   row.String("schema_name"),
		Owner:        row.String("owner"),
		Comment:      row.String("comment"),
		SecretType:   row.String("secret_type"),
	}
}
