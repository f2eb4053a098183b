package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework-validators/helpers/validatordiag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	ghclient "github.com/ghconnector/terraform-provider-ghconnector/internal/github"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// identifierPart validates one part of a Snowflake name (database, schema or object name).
type identifierPart struct{}

func (identifierPart) Description(context.Context) string {
	return "a Snowflake name: 1 to 255 characters, no control characters; case-sensitive"
}
func (v identifierPart) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (identifierPart) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := snowflake.ValidateIdentifierPart(req.Path.String(), req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(validatordiag.InvalidAttributeValueDiagnostic(req.Path,
			"a Snowflake name of 1 to 255 characters without control characters", err.Error()))
	}
}

// schemaObjectName validates a fully qualified `db.schema.name` (plain or quoted parts).
type schemaObjectName struct{}

func (schemaObjectName) Description(context.Context) string {
	return "a fully qualified name <database>.<schema>.<name>, each part plain or double-quoted"
}
func (v schemaObjectName) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (schemaObjectName) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := snowflake.ParseSchemaObjectIdentifier(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid fully qualified name",
			fmt.Sprintf("%s. Reference the object's fully_qualified_name attribute, for example ghconnector_network_rule.github.fully_qualified_name.", err))
	}
}

// usableSecret refuses a secret value that cannot authenticate anything:
// empty, blank, or wrapped in whitespace (a newline from $(cat file)).
// The value itself never appears in the message.
type usableSecret struct{}

func (usableSecret) Description(context.Context) string {
	return "a non-empty value without surrounding whitespace, and, for a token, without any whitespace or control character inside"
}
func (v usableSecret) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (usableSecret) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if strings.HasPrefix(strings.TrimSpace(value), "-----BEGIN") {
		// A GitHub App private key: the .pem file, trailing newline and all.
		if _, err := ghclient.ParseAppPrivateKey(value); err != nil {
			resp.Diagnostics.AddAttributeError(req.Path, "Unusable GitHub App private key",
				req.Path.String()+" is PEM text but not a GitHub App private key the connector can sign with: "+err.Error()+
					". Pass the contents of the App's .pem file, e.g. file(\"app.pem\") or an ephemeral variable.")
		}
		return
	}
	switch {
	case strings.TrimSpace(value) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Empty secret",
			req.Path.String()+" is empty: the connector would send no token, and every GitHub request would fail (401, or the 60 "+
				"requests an hour GitHub allows anonymous callers). Pass the token through an ephemeral variable, e.g. TF_VAR_github_token.")
	case strings.TrimSpace(value) != value:
		resp.Diagnostics.AddAttributeError(req.Path, "Secret with surrounding whitespace",
			req.Path.String()+" starts or ends with whitespace (often the newline of a file read with $(cat …)); GitHub would reject "+
				"the token. Trim it, e.g. with trimspace().")
	case strings.ContainsFunc(value, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }):
		// A line break inside a token makes the HTTP header that carries it
		// invalid, and HTTP clients quote the header when they refuse it.
		resp.Diagnostics.AddAttributeError(req.Path, "Secret with a line break or control character",
			req.Path.String()+" holds a line break, a space or another control character inside it; a GitHub token has none "+
				"and would be refused. Pass the token alone, e.g. trimspace(var.github_token) of a single-line value.")
	}
}

// appClientID validates a GitHub App's client ID (Iv…) or numeric App ID:
// the JWT's iss, which GitHub compares exactly.
type appClientID struct{}

func (appClientID) Description(context.Context) string {
	return "a GitHub App client ID (Iv…) or numeric App ID, without spaces"
}
func (v appClientID) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (appClientID) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	if v == "" || strings.ContainsAny(v, " \t\r\n\"'") || len(v) > 100 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid GitHub App client ID",
			fmt.Sprintf("%s must be the App's client ID (Iv…, on the App's settings page) or its numeric App ID, got %q.", req.Path, v))
	}
}

// ghesIssuerWarning is the warning for a GitHub App issuer that is a client
// ID (not the numeric App ID) on a GitHub API other than github.com's:
// GitHub Enterprise Server accepts the client ID as the JWT's iss only from
// 3.14 on ("Generating a JSON Web Token (JWT) for a GitHub App"); before, it
// refuses the JWT with 401. "" when there is nothing to warn of.
func ghesIssuerWarning(issuer, apiURL string) string {
	issuer = strings.TrimSpace(issuer)
	if issuer == "" || strings.Trim(issuer, "0123456789") == "" {
		return ""
	}
	normalized, err := ghclient.NormalizeAPIURL(apiURL)
	if err != nil || normalized == ghclient.DefaultAPIURL {
		return ""
	}
	return fmt.Sprintf("%s is a client ID, and the GitHub API is %s, not github.com's. GitHub Enterprise Server accepts a client ID "+
		"as the JWT issuer only from version 3.14; earlier versions refuse the JWT (HTTP 401). On a server before 3.14, use the App's "+
		"numeric App ID (its settings page, \"App ID\") instead.", issuer, normalized)
}
