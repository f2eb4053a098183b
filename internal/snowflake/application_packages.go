package snowflake

import (
	"strconv"
)

// CreateApplicationPackage renders CREATE APPLICATION PACKAGE. Release
// channels are switched off explicitly: the provider uses the versioned
// ADD VERSION / ADD PATCH flow, which release channels reject.
type CreateApplicationPackage struct {
	IfNotExists           bool
	ID                    AccountObjectIdentifier
	EnableReleaseChannels bool
	Comment               *string
}

func (s CreateApplicationPackage) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("CREATE", "APPLICATION", "PACKAGE").add(ifNotExists(s.IfNotExists)...).ident("application package", s.ID)
	b.optionalProperty("COMMENT", s.Comment)
	b.boolProperty("ENABLE_RELEASE_CHANNELS", s.EnableReleaseChannels)
	return b.String()
}

// DropApplicationPackage renders DROP APPLICATION PACKAGE.
type DropApplicationPackage struct {
	IfExists bool
	ID       AccountObjectIdentifier
}

func (s DropApplicationPackage) SQL() (string, error) {
	return (&sqlBuilder{}).add("DROP", "APPLICATION", "PACKAGE").add(ifExists(s.IfExists)...).ident("application package", s.ID).String()
}

// StageLocation is @<stage>/<path>, rendered inside a string literal.
type StageLocation struct {
	Stage SchemaObjectIdentifier
	Path  string // relative, without a leading slash; may be empty
}

func (l StageLocation) String() string {
	loc := "@" + l.Stage.FullyQualifiedName()
	if l.Path != "" {
		loc += "/" + l.Path
	}
	return loc
}

// AlterApplicationPackageAddVersion renders ALTER APPLICATION PACKAGE … ADD VERSION … USING '@…'.
type AlterApplicationPackageAddVersion struct {
	Package  AccountObjectIdentifier
	Version  string
	Location StageLocation
	Label    *string
}

func (s AlterApplicationPackageAddVersion) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "APPLICATION", "PACKAGE").ident("application package", s.Package)
	b.add("ADD", "VERSION").ident("version", NewAccountObjectIdentifier(s.Version))
	b.add("USING").location(s.Location)
	b.optionalProperty("LABEL", s.Label)
	return b.String()
}

// AlterApplicationPackageAddPatch renders ALTER APPLICATION PACKAGE … ADD PATCH FOR VERSION … USING '@…'.
// Without a patch number Snowflake picks the next one.
type AlterApplicationPackageAddPatch struct {
	Package  AccountObjectIdentifier
	Version  string
	Patch    *int
	Location StageLocation
	Label    *string
}

func (s AlterApplicationPackageAddPatch) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "APPLICATION", "PACKAGE").ident("application package", s.Package).add("ADD", "PATCH")
	if s.Patch != nil {
		if *s.Patch < 0 {
			b.fail("patch must not be negative")
		}
		b.add(strconv.Itoa(*s.Patch))
	}
	b.add("FOR", "VERSION").ident("version", NewAccountObjectIdentifier(s.Version))
	b.add("USING").location(s.Location)
	b.optionalProperty("LABEL", s.Label)
	return b.String()
}

// AlterApplicationPackageDropVersion renders ALTER APPLICATION PACKAGE … DROP VERSION.
type AlterApplicationPackageDropVersion struct {
	Package AccountObjectIdentifier
	Version string
}

func (s AlterApplicationPackageDropVersion) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "APPLICATION", "PACKAGE").ident("application package", s.Package)
	b.add("DROP", "VERSION").ident("version", NewAccountObjectIdentifier(s.Version))
	return b.String()
}

// AlterApplicationPackageSetDefaultReleaseDirective renders
// ALTER APPLICATION PACKAGE … SET DEFAULT RELEASE DIRECTIVE VERSION = v PATCH = n.
type AlterApplicationPackageSetDefaultReleaseDirective struct {
	Package AccountObjectIdentifier
	Version string
	Patch   int
}

func (s AlterApplicationPackageSetDefaultReleaseDirective) SQL() (string, error) {
	b := &sqlBuilder{}
	b.add("ALTER", "APPLICATION", "PACKAGE").ident("application package", s.Package)
	b.add("SET", "DEFAULT", "RELEASE", "DIRECTIVE", "VERSION", "=").ident("version", NewAccountObjectIdentifier(s.Version))
	if s.Patch < 0 {
		b.fail("patch must not be negative")
	}
	b.add("PATCH", "=", strconv.Itoa(s.Patch))
	return b.String()
}

// ShowVersions renders SHOW VERSIONS IN APPLICATION PACKAGE.
type ShowVersions struct {
	Package AccountObjectIdentifier
}

func (s ShowVersions) SQL() (string, error) {
	return (&sqlBuilder{}).add("SHOW", "VERSIONS", "IN", "APPLICATION", "PACKAGE").ident("application package", s.Package).String()
}

// ApplicationVersion is a row of SHOW VERSIONS.
type ApplicationVersion struct {
	Version   string
	Patch     int
	Label     string
	Comment   string
	CreatedOn string
	DroppedOn string // set while Snowflake drops it (asynchronously, until no application runs it)
	State     string
}

// Dropping reports whether the version is being dropped: still listed, but
// not one to install, patch, count or drop again.
func (v ApplicationVersion) Dropping() bool { return v.DroppedOn != "" }

// LiveVersions are the versions not being dropped.
func LiveVersions(versions []ApplicationVersion) []ApplicationVersion {
	var out []ApplicationVersion
	for _, v := range versions {
		if !v.Dropping() {
			out = append(out, v)
		}
	}
	return out
}

func applicationVersionFromShow(row Row) ApplicationVersion {
	return ApplicationVersion{
		Version:   row.String("version"),
		Patch:     row.Int("patch"),
		Label:     row.String("label"),
		Comment:   row.String("comment"),
		CreatedOn: row.String("created_on"),
		DroppedOn: row.String("dropped_on"),
		State:     row.String("state"),
	}
}

// ApplicationPackage is a row of SHOW APPLICATION PACKAGES.
type ApplicationPackage struct {
	CreatedOn    string
	Name         string
	Distribution string
	Owner        string
	Comment      string
}

func applicationPackageFromShow(row Row) ApplicationPackage {
	return ApplicationPackage{
		CreatedOn:    row.String("created_on"),
		Name:         row.String("name"),
		Distribution: row.String("distribution"),
		Owner:        row.String("owner"),
		Comment:      row.String("comment"),
	}
}
