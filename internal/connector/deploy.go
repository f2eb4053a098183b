package connector

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// Schema and stage inside the application package that hold the payload.
const (
	CodeSchema = "CODE"
	CodeStage  = "PAYLOAD"
)

// Release identifies the package version and patch holding a payload.
type Release struct {
	Version string
	Patch   int
	Digest  string
}

// StagePath is where a payload with digest is uploaded in the package stage.
func StagePath(digest string) string { return "payload/" + digest }

// EnsureRelease makes sure the application package holds the embedded
// payload as a version or patch and returns it. The payload's digest is
// the patch label, so the same payload is never staged twice and a changed
// one becomes a new patch (an in-place upgrade, not a reinstall).
func EnsureRelease(ctx context.Context, client *snowflake.Client, pkg snowflake.AccountObjectIdentifier) (Release, error) {
	files, err := Files()
	if err != nil {
		return Release{}, err
	}
	digest := Digest(files)
	version, err := VersionName(files)
	if err != nil {
		return Release{}, err
	}
	for _, st := range []snowflake.Statement{
		snowflake.CreateApplicationPackage{IfNotExists: true, ID: pkg, Comment: snowflake.Pointer("GitHub issues connector, managed by terraform-provider-ghconnector")},
		snowflake.CreateSchema{IfNotExists: true, ID: snowflake.NewDatabaseObjectIdentifier(pkg.Name(), CodeSchema)},
		snowflake.CreateStage{IfNotExists: true, ID: stageID(pkg)},
	} {
		if err := client.Exec(ctx, st); err != nil {
			return Release{}, err
		}
	}
	if r, ok, err := findRelease(ctx, client, pkg, version, digest); err != nil || ok {
		return r, err
	}
	if err := upload(ctx, client, pkg, files, digest); err != nil {
		return Release{}, err
	}
	versions, err := client.Versions(ctx, pkg)
	if err != nil {
		return Release{}, err
	}
	// Patches go to the newest version not being dropped; a new version's
	// name steps past every listed one, dropping ones included (their names
	// are still taken).
	line, patches := latestInLine(snowflake.LiveVersions(versions), version)
	loc := snowflake.StageLocation{Stage: stageID(pkg), Path: StagePath(digest)}
	stmts := []snowflake.Statement{snowflake.AlterApplicationPackageAddPatch{Package: pkg, Version: line, Location: loc, Label: &digest}}
	if line == "" || patches >= MaxPatchesPerVersion {
		// A new version: the first, or the next in the line because the
		// current one holds all the patches Snowflake allows. A package holds
		// at most two versions (a channel two), so drop those no application
		// uses first.
		if err := DropUnusedVersions(ctx, client, pkg, ""); err != nil {
			return Release{}, err
		}
		line = nextInLine(versions, version)
		channels, err := client.ReleaseChannelsEnabled(ctx, pkg)
		if err != nil {
			return Release{}, err
		}
		stmts = []snowflake.Statement{snowflake.AlterApplicationPackageAddVersion{Package: pkg, Version: line, Location: loc, Label: &digest}}
		if channels {
			// A package created outside Terraform (Snowsight, snow app) has
			// release channels: versions are registered and added to the
			// DEFAULT channel; later patches of it are bound to the channel.
			stmts = []snowflake.Statement{
				snowflake.RegisterVersion{Package: pkg, Version: line, Location: loc, Label: &digest},
				snowflake.ReleaseChannelVersion{Package: pkg, Channel: snowflake.ReleaseChannelDefault, Version: line},
			}
		}
	}
	for _, st := range stmts {
		if err := client.Exec(ctx, st); err != nil {
			return Release{}, err
		}
	}
	r, ok, err := findRelease(ctx, client, pkg, version, digest)
	if err != nil {
		return Release{}, err
	}
	if !ok {
		return Release{}, fmt.Errorf("application package %s does not list version %s with label %s after adding it", pkg.FullyQualifiedName(), line, digest)
	}
	return r, nil
}

// MaxPatchesPerVersion is Snowflake's cap: "A version can have a maximum of
// 130 patches" (ALTER APPLICATION PACKAGE … ADD PATCH, usage notes).
const MaxPatchesPerVersion = 130

// rolledSuffix separates a manifest version name from its roll number:
// V1_0, then V1_0_R2, V1_0_R3, … once a version is full.
const rolledSuffix = "_R"

// inLine reports whether name is the manifest version or one rolled from it,
// and its roll number (1 for the manifest version itself).
func inLine(name, base string) (int, bool) {
	if name == base {
		return 1, true
	}
	rest, ok := strings.CutPrefix(name, base+rolledSuffix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 2 {
		return 0, false
	}
	return n, true
}

// InVersionLine reports whether name is the manifest version base or a
// version rolled from it.
func InVersionLine(name, base string) bool {
	_, ok := inLine(name, base)
	return ok
}

// latestInLine returns the newest version of the line and its patch count.
func latestInLine(versions []snowflake.ApplicationVersion, base string) (string, int) {
	latest, roll, patches := "", 0, 0
	for _, v := range versions {
		if n, ok := inLine(v.Version, base); ok && n > roll {
			latest, roll = v.Version, n
		}
	}
	for _, v := range versions {
		if v.Version == latest {
			patches++
		}
	}
	return latest, patches
}

func nextInLine(versions []snowflake.ApplicationVersion, base string) string {
	latest, _ := latestInLine(versions, base)
	if latest == "" {
		return base
	}
	n, _ := inLine(latest, base)
	return base + rolledSuffix + strconv.Itoa(n+1)
}

// DropUnusedVersions drops every version of the package other than keep
// that no application is installed from; Snowflake refuses to drop one in
// use, and that refusal is expected here, not an error.
func DropUnusedVersions(ctx context.Context, client *snowflake.Client, pkg snowflake.AccountObjectIdentifier, keep string) error {
	versions, err := client.Versions(ctx, pkg)
	if err != nil {
		return err
	}
	channels, err := client.ReleaseChannelsEnabled(ctx, pkg)
	if err != nil {
		return err
	}
	apps, err := client.Applications(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{keep: true}
	for _, app := range apps {
		if app.Source == pkg.Name() {
			seen[app.Version] = true // in use: Snowflake refuses, and with channels it must stay in its channel
		}
	}
	// Versions being dropped are already on their way out: never again.
	for _, v := range snowflake.LiveVersions(versions) {
		if seen[v.Version] {
			continue
		}
		seen[v.Version] = true
		if !channels {
			err := client.Exec(ctx, snowflake.AlterApplicationPackageDropVersion{Package: pkg, Version: v.Version})
			if err != nil && !snowflake.HasCode(err, snowflake.CodeVersionReferencedByReleaseDirective) {
				return err
			}
			continue
		}
		// With release channels: out of the DEFAULT channel (where this
		// provider adds versions), then deregistered. A version a release
		// directive points at, or still in another channel, stays.
		err := client.Exec(ctx, snowflake.ReleaseChannelVersion{Package: pkg, Channel: snowflake.ReleaseChannelDefault, Version: v.Version, Drop: true})
		if snowflake.HasCode(err, snowflake.CodeVersionReferencedByReleaseDirective) {
			continue
		}
		if err != nil && !snowflake.HasCode(err, snowflake.CodeVersionNotInReleaseChannel) {
			return err
		}
		err = client.Exec(ctx, snowflake.DeregisterVersion{Package: pkg, Version: v.Version})
		if err != nil && !snowflake.HasCode(err, snowflake.CodeCannotDeregisterVersionInChannel, snowflake.CodeVersionReferencedByReleaseDirective) {
			return err
		}
	}
	return nil
}

func stageID(pkg snowflake.AccountObjectIdentifier) snowflake.SchemaObjectIdentifier {
	return snowflake.NewSchemaObjectIdentifier(pkg.Name(), CodeSchema, CodeStage)
}

func findRelease(ctx context.Context, client *snowflake.Client, pkg snowflake.AccountObjectIdentifier, version, digest string) (Release, bool, error) {
	versions, err := client.Versions(ctx, pkg)
	if err != nil {
		return Release{}, false, err
	}
	for _, v := range snowflake.LiveVersions(versions) { // never a version being dropped
		if _, ok := inLine(v.Version, version); ok && v.Label == digest {
			return Release{Version: v.Version, Patch: v.Patch, Digest: digest}, true, nil
		}
	}
	return Release{}, false, nil
}

// InstalledDigest is the payload digest of a package's (version, patch):
// the label EnsureRelease gave it, read from SHOW VERSIONS. Empty when the
// package no longer lists it, so the plan shows an upgrade.
func InstalledDigest(ctx context.Context, client *snowflake.Client, pkg snowflake.AccountObjectIdentifier, version string, patch int) (string, error) {
	versions, err := client.Versions(ctx, pkg)
	if err != nil {
		return "", err
	}
	for _, v := range versions {
		if v.Version == version && v.Patch == patch {
			return v.Label, nil
		}
	}
	return "", nil
}

// upload PUTs every payload file into the stage directory of its digest.
func upload(ctx context.Context, client *snowflake.Client, pkg snowflake.AccountObjectIdentifier, files []File, digest string) error {
	dir, err := os.MkdirTemp("", "ghconnector-payload-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	for _, f := range files {
		local := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(local, f.Data, 0o644); err != nil {
			return err
		}
		target := StagePath(digest)
		if d := path.Dir(f.Path); d != "." {
			target += "/" + d
		}
		if err := client.Exec(ctx, snowflake.Put{LocalFile: local, Location: snowflake.StageLocation{Stage: stageID(pkg), Path: target}}); err != nil {
			return fmt.Errorf("uploading %s: %w", f.Path, err)
		}
	}
	return nil
}
