package connector

import (
	"context"
	"fmt"
	"strings"
	"testing"

	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

// A version holds at most 130 patches and a package two versions: before
// the cap, the next payload becomes a new version of the line (V1_0_R2),
// an unused version is dropped to make room, and once the application runs
// the new version the old one is dropped too.
func TestReleaseRollsToANewVersionBeforeThePatchCap(t *testing.T) {
	client := emulatorClient(t)
	ctx := context.Background()
	pkg, app := snowflake.NewAccountObjectIdentifier("ROLL_PKG"), snowflake.NewAccountObjectIdentifier("ROLL_APP")
	exec := func(st snowflake.Statement) {
		t.Helper()
		if err := client.Exec(ctx, st); err != nil {
			text, _ := st.SQL()
			t.Fatalf("%s: %v", text, err)
		}
	}
	first, err := EnsureRelease(ctx, client, pkg)
	if err != nil || first.Version != "V1_0" || first.Patch != 0 {
		t.Fatalf("first release: %+v %v", first, err)
	}
	zero := 0
	exec(snowflake.CreateApplication{ID: app, Package: pkg, Version: first.Version, Patch: &zero})

	// Fill V1_0 up to the cap, and add a second version no application uses.
	loc := snowflake.StageLocation{Stage: stageID(pkg), Path: StagePath(first.Digest)}
	for i := 1; i < MaxPatchesPerVersion; i++ {
		exec(snowflake.AlterApplicationPackageAddPatch{Package: pkg, Version: "V1_0", Location: loc, Label: snowflake.Pointer(fmt.Sprint("filler-", i))})
	}
	err = client.Exec(ctx, snowflake.AlterApplicationPackageAddPatch{Package: pkg, Version: "V1_0", Location: loc})
	if err == nil || !strings.Contains(err.Error(), "maximum of 130 patches") {
		t.Fatalf("patch 130 must be refused as Snowflake does: %v", err)
	}
	exec(snowflake.AlterApplicationPackageAddVersion{Package: pkg, Version: "UNUSED", Location: loc})

	restore := WithExtraFileForTesting(File{Path: "ROLL.md", Data: []byte("second\n")})
	defer restore()
	second, err := EnsureRelease(ctx, client, pkg)
	if err != nil || second.Version != "V1_0_R2" || second.Patch != 0 {
		t.Fatalf("release after a full version: %+v %v", second, err)
	}
	// Staged again, the same payload is found, not added twice.
	if again, err := EnsureRelease(ctx, client, pkg); err != nil || again != second {
		t.Fatalf("idempotent release: %+v %v", again, err)
	}
	exec(snowflake.AlterApplicationUpgrade{ID: app, Version: second.Version, Patch: &zero})
	if err := DropUnusedVersions(ctx, client, pkg, second.Version); err != nil {
		t.Fatal(err)
	}
	if got := versionNames(t, client, pkg); got != "[V1_0_R2]" {
		t.Fatalf("versions after the upgrade: %s", got)
	}
	if d, err := InstalledDigest(ctx, client, pkg, second.Version, second.Patch); err != nil || d != second.Digest {
		t.Fatalf("installed digest: %q %v", d, err)
	}

	// The next payload is a patch of the new version.
	restore2 := WithExtraFileForTesting(File{Path: "ROLL2.md", Data: []byte("third\n")})
	defer restore2()
	third, err := EnsureRelease(ctx, client, pkg)
	if err != nil || third.Version != "V1_0_R2" || third.Patch != 1 {
		t.Fatalf("patch of the rolled version: %+v %v", third, err)
	}
}

func emulatorClient(t *testing.T) *snowflake.Client {
	t.Helper()
	return emulatorClientWith(t, sfemu.Options{})
}

func emulatorClientWith(t *testing.T, opts sfemu.Options) *snowflake.Client {
	t.Helper()
	srv, _ := emulatorDBWith(t, opts)
	env := srv.ProviderEnv()
	client, err := snowflake.Open(snowflake.ConnectionConfig{Account: env["SNOWFLAKE_ACCOUNT"], User: env["SNOWFLAKE_USER"],
		Password: env["SNOWFLAKE_PASSWORD"], Warehouse: env["SNOWFLAKE_WAREHOUSE"], Host: srv.Host(), Port: srv.Port(), Protocol: "http"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

// A package created outside Terraform has release channels (the default
// since bundle 2025_04): ADD VERSION is refused there, so the release is
// registered and added to the DEFAULT channel; patches work as before, and
// an unused version leaves the channel and is deregistered.
func TestReleaseOnAPackageWithReleaseChannels(t *testing.T) {
	client := emulatorClient(t)
	ctx := context.Background()
	pkg, app := snowflake.NewAccountObjectIdentifier("RC_PKG"), snowflake.NewAccountObjectIdentifier("RC_APP")
	if err := client.Exec(ctx, snowflake.CreateApplicationPackage{ID: pkg, EnableReleaseChannels: true}); err != nil {
		t.Fatal(err)
	}
	if on, err := client.ReleaseChannelsEnabled(ctx, pkg); err != nil || !on {
		t.Fatalf("release channels detected: %v %v", on, err)
	}
	first, err := EnsureRelease(ctx, client, pkg)
	if err != nil || first.Version != "V1_0" || first.Patch != 0 {
		t.Fatalf("first release on a package with release channels: %+v %v", first, err)
	}
	rows, err := client.Query(ctx, snowflake.ShowReleaseChannels{Package: pkg})
	if err != nil {
		t.Fatal(err)
	}
	inDefault := false
	for _, r := range rows {
		inDefault = inDefault || (r.String("name") == "DEFAULT" && r.String("versions") == `["V1_0"]`)
	}
	if !inDefault {
		t.Fatalf("the registered version is not in the DEFAULT channel: %v", rows)
	}
	zero := 0
	if err := client.Exec(ctx, snowflake.CreateApplication{ID: app, Package: pkg, Version: first.Version, Patch: &zero}); err != nil {
		t.Fatal(err)
	}
	restore := WithExtraFileForTesting(File{Path: "RC.md", Data: []byte("patch\n")})
	defer restore()
	second, err := EnsureRelease(ctx, client, pkg)
	if err != nil || second.Version != "V1_0" || second.Patch != 1 {
		t.Fatalf("a patch on a package with release channels: %+v %v", second, err)
	}
	one := 1
	if err := client.Exec(ctx, snowflake.AlterApplicationUpgrade{ID: app, Version: second.Version, Patch: &one}); err != nil {
		t.Fatal(err)
	}
	if d, err := InstalledDigest(ctx, client, pkg, second.Version, second.Patch); err != nil || d != second.Digest {
		t.Fatalf("installed digest: %q %v", d, err)
	}
	// An unused second version is taken out of the channel and deregistered;
	// the one the application runs stays.
	loc := snowflake.StageLocation{Stage: stageID(pkg), Path: StagePath(first.Digest)}
	for _, st := range []snowflake.Statement{
		snowflake.RegisterVersion{Package: pkg, Version: "OLD", Location: loc},
		snowflake.ReleaseChannelVersion{Package: pkg, Channel: snowflake.ReleaseChannelDefault, Version: "OLD"},
	} {
		if err := client.Exec(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	if err := DropUnusedVersions(ctx, client, pkg, second.Version); err != nil {
		t.Fatal(err)
	}
	if got := versionNames(t, client, pkg); got != "[V1_0]" {
		t.Fatalf("versions after cleanup: %s", got)
	}
	// ADD VERSION is what Snowflake refuses on such a package.
	err = client.Exec(ctx, snowflake.AlterApplicationPackageAddVersion{Package: pkg, Version: "V9", Location: loc})
	if err == nil || !strings.Contains(err.Error(), "release channels are enabled") {
		t.Fatalf("ADD VERSION on a package with release channels: %v", err)
	}
}

// Snowflake drops a version asynchronously: DROP VERSION of a version an
// application still runs succeeds, and SHOW VERSIONS lists it with
// dropped_on until the application has moved off it. Such a version is not
// live: a release never reuses it (even with the same payload label), its
// name stays taken, nothing drops it again, and it still tells the
// installed application's digest. Refusals are decided on Snowflake's
// error numbers.
func TestVersionsBeingDroppedAreNotLive(t *testing.T) {
	client := emulatorClient(t)
	ctx := context.Background()
	pkg, app := snowflake.NewAccountObjectIdentifier("DROP_PKG"), snowflake.NewAccountObjectIdentifier("DROP_APP")
	first, err := EnsureRelease(ctx, client, pkg)
	if err != nil {
		t.Fatal(err)
	}
	zero := 0
	for _, st := range []snowflake.Statement{
		snowflake.CreateApplication{ID: app, Package: pkg, Version: first.Version, Patch: &zero},
		snowflake.AlterApplicationPackageDropVersion{Package: pkg, Version: first.Version},
	} {
		if err := client.Exec(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	versions, err := client.Versions(ctx, pkg)
	if err != nil || len(versions) != 1 || !versions[0].Dropping() || len(snowflake.LiveVersions(versions)) != 0 {
		t.Fatalf("a dropped version the application runs is listed as being dropped: %+v %v", versions, err)
	}
	err = client.Exec(ctx, snowflake.CreateApplication{ID: snowflake.NewAccountObjectIdentifier("LATE_APP"), Package: pkg, Version: first.Version, Patch: &zero})
	if !snowflake.HasCode(err, 93031) {
		t.Fatalf("installing a version being dropped: %v, want 93031 (version does not exist)", err)
	}

	again, err := EnsureRelease(ctx, client, pkg) // the same payload, so the same label as the dropping version
	if err != nil || again.Version != "V1_0_R2" || again.Patch != 0 || again.Digest != first.Digest {
		t.Fatalf("a release beside a version being dropped: %+v %v; want a new version V1_0_R2", again, err)
	}
	if d, err := InstalledDigest(ctx, client, pkg, first.Version, 0); err != nil || d != first.Digest {
		t.Fatalf("the installed application's digest, from its version being dropped: %q %v", d, err)
	}
	if err := DropUnusedVersions(ctx, client, pkg, again.Version); err != nil {
		t.Fatalf("a version being dropped is not dropped again: %v", err)
	}
	if err := client.Exec(ctx, snowflake.AlterApplicationUpgrade{ID: app, Version: again.Version, Patch: &zero}); err != nil {
		t.Fatal(err)
	}
	if got := versionNames(t, client, pkg); got != "[V1_0_R2]" {
		t.Fatalf("once no application runs it, the dropped version is gone: %s", got)
	}
	// A version the package's release directive points at is refused (93088).
	if err := client.Exec(ctx, snowflake.AlterApplicationPackageSetDefaultReleaseDirective{Package: pkg, Version: again.Version, Patch: 0}); err != nil {
		t.Fatal(err)
	}
	err = client.Exec(ctx, snowflake.AlterApplicationPackageDropVersion{Package: pkg, Version: again.Version})
	if !snowflake.HasCode(err, snowflake.CodeVersionReferencedByReleaseDirective) {
		t.Fatalf("dropping the release directive's version: %v, want 93088", err)
	}
	if err := DropUnusedVersions(ctx, client, pkg, ""); err != nil {
		t.Fatalf("the release directive's version is left alone, not an error: %v", err)
	}
}

// An account without release channels answers SHOW RELEASE CHANNELS with a
// compilation error (001003): that means no channels, as snowflake-cli
// reads it, and releases go through ADD VERSION.
func TestAccountWithoutReleaseChannels(t *testing.T) {
	client := emulatorClientWith(t, sfemu.Options{NoReleaseChannels: true})
	ctx := context.Background()
	pkg := snowflake.NewAccountObjectIdentifier("OLD_PKG")
	if _, err := client.Query(ctx, snowflake.ShowReleaseChannels{Package: pkg}); err == nil {
		// the package does not exist yet; create it below and ask again
		t.Fatal("SHOW RELEASE CHANNELS of a missing package succeeded")
	}
	first, err := EnsureRelease(ctx, client, pkg)
	if err != nil || first.Version != "V1_0" {
		t.Fatalf("a release in an account without release channels: %+v %v", first, err)
	}
	if _, err := client.Query(ctx, snowflake.ShowReleaseChannels{Package: pkg}); !snowflake.HasCode(err, snowflake.CodeSQLCompilation) {
		t.Fatalf("SHOW RELEASE CHANNELS: %v, want 001003", err)
	}
	if on, err := client.ReleaseChannelsEnabled(ctx, pkg); err != nil || on {
		t.Fatalf("release channels detected: %v %v; want none, no error", on, err)
	}
	if err := DropUnusedVersions(ctx, client, pkg, first.Version); err != nil {
		t.Fatal(err)
	}
}

func versionNames(t *testing.T, client *snowflake.Client, pkg snowflake.AccountObjectIdentifier) string {
	t.Helper()
	versions, err := client.Versions(context.Background(), pkg)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, v := range versions {
		if !seen[v.Version] {
			seen[v.Version] = true
			out = append(out, v.Version)
		}
	}
	return fmt.Sprint(out)
}

func TestVersionLine(t *testing.T) {
	for name, want := range map[string]bool{"V1_0": true, "V1_0_R2": true, "V1_0_R13": true, "V1_0_R1": false, "V1_0_RX": false, "V1_1": false, "V1_0_R2_R3": false} {
		if got := InVersionLine(name, "V1_0"); got != want {
			t.Errorf("InVersionLine(%q) = %v, want %v", name, got, want)
		}
	}
}
