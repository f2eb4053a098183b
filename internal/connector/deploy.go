package connector

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"

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
	hasVersion := false
	for _, v := range versions {
		hasVersion = hasVersion || v.Version == version
	}
	loc := snowflake.StageLocation{Stage: stageID(pkg), Path: StagePath(digest)}
	var st snowflake.Statement = snowflake.AlterApplicationPackageAddVersion{Package: pkg, Version: version, Location: loc, Label: &digest}
	if hasVersion {
		st = snowflake.AlterApplicationPackageAddPatch{Package: pkg, Version: version, Location: loc, Label: &digest}
	}
	if err := client.Exec(ctx, st); err != nil {
		return Release{}, err
	}
	r, ok, err := findRelease(ctx, client, pkg, version, digest)
	if err != nil {
		return Release{}, err
	}
	if !ok {
		return Release{}, fmt.Errorf("application package %s does not list version %s with label %s after adding it", pkg.FullyQualifiedName(), version, digest)
	}
	return r, nil
}

func stageID(pkg snowflake.AccountObjectIdentifier) snowflake.SchemaObjectIdentifier {
	return snowflake.NewSchemaObjectIdentifier(pkg.Name(), CodeSchema, CodeStage)
}

func findRelease(ctx context.Context, client *snowflake.Client, pkg snowflake.AccountObjectIdentifier, version, digest string) (Release, bool, error) {
	versions, err := client.Versions(ctx, pkg)
	if err != nil {
		return Release{}, false, err
	}
	for _, v := range versions {
		if v.Version == version && v.Label == digest {
			return Release{Version: version, Patch: v.Patch, Digest: digest}, true, nil
		}
	}
	return Release{}, false, nil
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
