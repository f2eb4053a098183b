package snowflake

import "context"

// Release channels (https://docs.snowflake.com/sql-reference/sql/alter-application-package-release-channel):
// on by default for application packages since bundle 2025_04, and for
// good once on. Such a package takes versions through REGISTER VERSION and
// a channel's directives instead of ADD VERSION and the package's release
// directive; ADD PATCH works for both kinds.

// ReleaseChannel names a channel of an application package. The set is fixed
// by Snowflake, so the names are rendered as the keywords the docs write.
type ReleaseChannel string

// The channels every package with release channels has.
const (
	ReleaseChannelDefault ReleaseChannel = "DEFAULT"
	ReleaseChannelAlpha   ReleaseChannel = "ALPHA"
	ReleaseChannelQA      ReleaseChannel = "QA"
)

func (c ReleaseChannel) render(b *sqlBuilder) {
	switch c {
	case ReleaseChannelDefault, ReleaseChannelAlpha, ReleaseChannelQA:
		b.add(string(c))
	default:
		b.fail("release channel must be DEFAULT, ALPHA or QA, got %q", string(c))
	}
}

// RegisterVersion renders ALTER APPLICATION PACKAGE … REGISTER VERSION v USING '@…' [LABEL = '…'].
type RegisterVersion struct {
	Package  AccountObjectIdentifier
	Version  string
	Location StageLocation
	Label    *string
}

func (s RegisterVersion) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "APPLICATION", "PACKAGE").ident("application package", s.Package)
	b.add("REGISTER", "VERSION").ident("version", NewAccountObjectIdentifier(s.Version))
	b.add("USING").location(s.Location)
	b.optionalProperty("LABEL", s.Label)
	return b.String()
}

// DeregisterVersion renders ALTER APPLICATION PACKAGE … DEREGISTER VERSION v.
type DeregisterVersion struct {
	Package AccountObjectIdentifier
	Version string
}

func (s DeregisterVersion) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "APPLICATION", "PACKAGE").ident("application package", s.Package)
	b.add("DEREGISTER", "VERSION").ident("version", NewAccountObjectIdentifier(s.Version))
	return b.String()
}

// ReleaseChannelVersion renders ALTER APPLICATION PACKAGE … MODIFY RELEASE
// CHANNEL c ADD VERSION v (or DROP VERSION v with Drop).
type ReleaseChannelVersion struct {
	Package AccountObjectIdentifier
	Channel ReleaseChannel
	Version string
	Drop    bool
}

func (s ReleaseChannelVersion) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "APPLICATION", "PACKAGE").ident("application package", s.Package).add("MODIFY", "RELEASE", "CHANNEL")
	s.Channel.render(b)
	if s.Drop {
		b.add("DROP", "VERSION")
	} else {
		b.add("ADD", "VERSION")
	}
	b.ident("version", NewAccountObjectIdentifier(s.Version))
	return b.String()
}

// ShowReleaseChannels renders SHOW RELEASE CHANNELS IN APPLICATION PACKAGE.
type ShowReleaseChannels struct {
	Package AccountObjectIdentifier
}

func (s ShowReleaseChannels) SQL() (string, error) {
	return (&sqlBuilder{}).add("SHOW", "RELEASE", "CHANNELS", "IN", "APPLICATION", "PACKAGE").ident("application package", s.Package).String()
}

// ReleaseChannelsEnabled reports whether a package uses release channels:
// SHOW RELEASE CHANNELS lists its channels then, and none otherwise. An
// account without the feature answers with a compilation error (001003),
// which means no channels, as snowflake-cli reads it.
func (c *Client) ReleaseChannelsEnabled(ctx context.Context, pkg AccountObjectIdentifier) (bool, error) {
	rows, err := c.Query(ctx, ShowReleaseChannels{Package: pkg})
	if HasCode(err, CodeSQLCompilation) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return len(rows) > 0, nil
}
