package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/catalog"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/compiler"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sferr"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake/sqlparse"
)

// Native Apps: application packages with versions snapshotted from a
// stage, applications installed from a version, a setup script run as the
// application, application roles, and grants to applications limited by
// the manifest.

func (e *Engine) packageDir(pkg *catalog.Object, version string, patch int) string {
	return filepath.Join(e.cfg.FilesDir, "packages", fmt.Sprint(pkg.ID), version, strconv.Itoa(patch))
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// versions of a package: version → patch → details.
type patchInfo struct {
	Dir        string   `json:"dir"`
	Label      string   `json:"label"`
	CreatedOn  string   `json:"created_on"`
	Setup      string   `json:"setup"`
	Privileges []string `json:"privileges"`
	// VersionLabel is the label of the version's first patch: what SHOW
	// APPLICATIONS shows in "label". No source confirms that Snowflake shows
	// the installed patch's own label there, so the emulator takes the
	// pessimistic reading and drift must be derived from SHOW VERSIONS.
	VersionLabel string `json:"-"`
}

func packageVersions(o *catalog.Object) map[string]map[string]patchInfo {
	out := map[string]map[string]patchInfo{}
	raw, ok := o.Props["versions"].(map[string]any)
	if !ok {
		return out
	}
	for v, patches := range raw {
		out[v] = map[string]patchInfo{}
		if pm, ok := patches.(map[string]any); ok {
			for p, info := range pm {
				m, _ := info.(map[string]any)
				pi := patchInfo{}
				pi.Dir, _ = m["dir"].(string)
				pi.Label, _ = m["label"].(string)
				pi.CreatedOn, _ = m["created_on"].(string)
				pi.Setup, _ = m["setup"].(string)
				if privs, ok := m["privileges"].([]any); ok {
					for _, x := range privs {
						if s, ok := x.(string); ok {
							pi.Privileges = append(pi.Privileges, s)
						}
					}
				}
				out[v][p] = pi
			}
		}
	}
	return out
}

func storeVersions(o *catalog.Object, v map[string]map[string]patchInfo) {
	out := map[string]any{}
	for name, patches := range v {
		pm := map[string]any{}
		for p, info := range patches {
			pm[p] = map[string]any{"dir": info.Dir, "label": info.Label, "created_on": info.CreatedOn, "setup": info.Setup, "privileges": info.Privileges}
		}
		out[name] = pm
	}
	o.Props["versions"] = out
}

func (x *execCtx) createPackage(st *sqlparse.CreateStmt) (*Result, error) {
	if st.OrReplace {
		return nil, sqlparse.Unexpected(st.Tok)
	}
	if err := x.requireAccount("CREATE APPLICATION PACKAGE"); err != nil {
		return nil, err
	}
	name := st.Name.Last()
	existing, err := x.tx.LookupAny("APPLICATION PACKAGE", 0, name)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		if st.IfNotExists {
			return statusResult(TypeDDL, "%s already exists, statement succeeded.", name), nil
		}
		return nil, errAlreadyExists.With(sqlparse.DisplayIdent(name))
	}
	o := &catalog.Object{Kind: "APPLICATION PACKAGE", Name: name, Owner: x.s.Role, Props: map[string]any{"release_channels": !x.e.cfg.NoReleaseChannels, "distribution": "INTERNAL"}}
	for _, p := range st.Props {
		switch p.Key {
		case "COMMENT":
			if p.Value.Kind != sqlparse.ValString {
				return nil, sqlparse.Unexpected(p.Value.Tok)
			}
			c := p.Value.Str
			o.Comment = &c
		case "ENABLE_RELEASE_CHANNELS":
			if p.Value.Kind != sqlparse.ValBool {
				return nil, sferr.InvalidValue.With(p.Value.Tok.Raw, p.Key)
			}
			if p.Value.Bool && x.e.cfg.NoReleaseChannels {
				return nil, sferr.Compilation.With("syntax error: release channels are not available in this account.")
			}
			o.Props["release_channels"] = p.Value.Bool
		case "DISTRIBUTION":
			v := strings.ToUpper(p.Value.Str)
			if v != "INTERNAL" && v != "EXTERNAL" {
				return nil, sferr.InvalidValue.With(v, p.Key)
			}
			o.Props["distribution"] = v
		case "DATA_RETENTION_TIME_IN_DAYS", "MAX_DATA_EXTENSION_TIME_IN_DAYS", "MULTIPLE_INSTANCES", "DEFAULT_DDL_COLLATION":
		default:
			return nil, sqlparse.Unexpected(p.KeyTok)
		}
	}
	if err := x.tx.Insert(o); err != nil {
		return nil, err
	}
	if err := x.tx.Insert(&catalog.Object{Kind: "SCHEMA", ParentID: o.ID, Name: "PUBLIC", Owner: o.Owner, Props: map[string]any{}}); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Application Package %s successfully created.", name), nil
}

func (x *execCtx) resolvePackage(n sqlparse.Name) (*catalog.Object, error) {
	pkg, err := x.tx.LookupAny("APPLICATION PACKAGE", 0, n.Last())
	if err != nil {
		return nil, err
	}
	if pkg == nil || pkg.Kind != "APPLICATION PACKAGE" {
		return nil, errNotExist("APPLICATION PACKAGE", n.String())
	}
	if ok, err := x.visible(pkg); err != nil {
		return nil, err
	} else if !ok {
		return nil, errNotExist("APPLICATION PACKAGE", n.String())
	}
	return pkg, nil
}

func (x *execCtx) alterPackage(st *sqlparse.AlterPackageStmt) (*Result, error) {
	pkg, err := x.resolvePackage(st.Name)
	if err != nil {
		return nil, err
	}
	if owned, err := x.owns(pkg); err != nil {
		return nil, err
	} else if !owned {
		return nil, sferr.Insufficient("application package", st.Name.String())
	}
	versions := packageVersions(pkg)
	// Release channels are on by default (BCR 2025_04) and cannot be turned
	// off; such a package takes versions through REGISTER VERSION and
	// channel directives, the others through ADD VERSION and the package's
	// release directive. Patches are added the same way to both.
	legacy := func() error { return requireReleaseChannels(pkg, st.Action, false) }
	channelsOnly := func() error { return requireReleaseChannels(pkg, st.Action, true) }
	switch st.Action {
	case "RELEASE CHANNELS":
		return nil, sferr.Unsupported("release channel accounts and custom release directives")
	case "DEREGISTER VERSION", "CHANNEL ADD VERSION", "CHANNEL DROP VERSION", "CHANNEL SET DEFAULT RELEASE DIRECTIVE":
		if err := channelsOnly(); err != nil {
			return nil, err
		}
		if err := x.releaseChannelAction(pkg, versions, st); err != nil {
			return nil, err
		}
		return statusResult(TypeDDL, "Statement executed successfully."), nil
	case "ADD VERSION", "ADD PATCH", "REGISTER VERSION":
		if st.Action == "ADD VERSION" {
			if err := legacy(); err != nil {
				return nil, err
			}
		}
		if st.Action == "REGISTER VERSION" {
			if err := channelsOnly(); err != nil {
				return nil, err
			}
		}
		return x.addVersionOrPatch(pkg, versions, st)
	case "DROP VERSION":
		if err := legacy(); err != nil {
			return nil, err
		}
		return x.dropVersion(pkg, versions, st.Version)
	case "SET DEFAULT RELEASE DIRECTIVE":
		if err := legacy(); err != nil {
			return nil, err
		}
		if _, ok := versions[st.Version][strconv.Itoa(*st.Patch)]; !ok {
			return nil, errPatchNotExist.With(st.Version, *st.Patch, pkg.Name)
		}
		pkg.Props["default_version"] = st.Version
		pkg.Props["default_patch"] = *st.Patch
	case "SET":
		for _, p := range st.Set {
			if p.Key != "COMMENT" || p.Value.Kind != sqlparse.ValString {
				return nil, sqlparse.Unexpected(p.KeyTok)
			}
			c := p.Value.Str
			pkg.Comment = &c
		}
	case "UNSET":
		if err := unsetComment(pkg, st.Unset); err != nil {
			return nil, err
		}
	}
	if err := x.tx.Save(pkg); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Statement executed successfully."), nil
}

// requireReleaseChannels refuses an action of the other regime: release channels
// are on by default (BCR 2025_04) and cannot be turned off; such a package
// takes versions through REGISTER VERSION and channel directives, the
// others through ADD VERSION and the package's release directive.
func requireReleaseChannels(pkg *catalog.Object, action string, want bool) error {
	switch on := pkg.Bool("release_channels"); {
	case on && !want:
		return errReleaseChannelsEnabled.With(strings.ToLower(action), pkg.Name)
	case !on && want:
		return errReleaseChannelsDisabled.With(strings.ToLower(action), pkg.Name)
	}
	return nil
}

// addVersionOrPatch is ADD VERSION, REGISTER VERSION and ADD PATCH: the
// version directory's files copied under the package, with its setup
// script and privileges.
func (x *execCtx) addVersionOrPatch(pkg *catalog.Object, versions map[string]map[string]patchInfo, st *sqlparse.AlterPackageStmt) (*Result, error) {
	// The version directory's manifest, read once when first needed.
	var src string
	var man *manifest
	readVersionDir := func() error {
		if man != nil {
			return nil
		}
		var err error
		if src, err = x.stageFile(st.Location); err != nil {
			return err
		}
		data, err := os.ReadFile(filepath.Join(src, "manifest.yml"))
		if err != nil {
			return errVersionDirectory.With("The version directory '@%s' has no manifest.yml.", st.Location)
		}
		man, err = parseManifest(string(data))
		return err
	}
	if st.Version == "" {
		// REGISTER VERSION without a name takes the manifest's.
		if err := readVersionDir(); err != nil {
			return nil, err
		}
		st.Version = man.Version
	}
	patches, exists := versions[st.Version]
	patch := 0
	if st.Action != "ADD PATCH" {
		if exists {
			return nil, errVersionExists.With(st.Version, pkg.Name)
		}
		if len(versions) >= 2 && st.Action == "ADD VERSION" {
			return nil, errTwoVersions.With(pkg.Name)
		}
		patches = map[string]patchInfo{}
	} else {
		if !exists || dropping(pkg, st.Version) {
			return nil, errVersionNotExist.With(st.Version, pkg.Name)
		}
		for p := range patches {
			n, _ := strconv.Atoi(p)
			if n+1 > patch {
				patch = n + 1
			}
		}
		if st.Patch != nil {
			if _, taken := patches[strconv.Itoa(*st.Patch)]; taken || *st.Patch < patch {
				return nil, errPatchOrder.With(*st.Patch, st.Version)
			}
			patch = *st.Patch
		}
		// "A version can have a maximum of 130 patches" (ADD PATCH usage notes).
		if patch >= 130 {
			return nil, errTooManyPatches.With(patch, st.Version, pkg.Name)
		}
	}
	if err := readVersionDir(); err != nil {
		return nil, err
	}
	setup, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(man.SetupScript)))
	if err != nil {
		return nil, errVersionDirectory.With("The setup script %s named by manifest.yml is missing.", man.SetupScript)
	}
	dir := x.e.packageDir(pkg, st.Version, patch)
	_ = os.RemoveAll(dir)
	if err := copyTree(src, dir); err != nil {
		return nil, err
	}
	label := ""
	if st.Label != nil {
		label = *st.Label
	}
	patches[strconv.Itoa(patch)] = patchInfo{Dir: dir, Label: label, CreatedOn: x.tx.Now.UTC().Format(compiler.TimestampLayout),
		Setup: string(setup), Privileges: man.Privileges}
	versions[st.Version] = patches
	storeVersions(pkg, versions)
	if err := x.tx.Save(pkg); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Version %s patch %d added to application package %s.", st.Version, patch, pkg.Name), nil
}

// dropVersion is DROP VERSION, or DEREGISTER VERSION with release channels.
// Refused while a release directive refers to the version (93088) or, with
// release channels, while it is in a channel (512021). Otherwise "dropping is
// an asynchronous process and completes when all application instances have
// successfully upgraded" (ALTER APPLICATION PACKAGE … VERSION): a version an
// application still runs stays listed by SHOW VERSIONS with dropped_on set,
// and goes when the last one has moved off it; nothing can install it.
func (x *execCtx) dropVersion(pkg *catalog.Object, versions map[string]map[string]patchInfo, version string) (*Result, error) {
	if _, ok := versions[version]; !ok || dropping(pkg, version) {
		return nil, errVersionNotExist.With(version, pkg.Name)
	}
	if pkg.Str("default_version") == version {
		return nil, errVersionInDirective.With(version, pkg.Name)
	}
	for channel, vs := range packageChannels(pkg) {
		if slices.Contains(vs, version) {
			return nil, errVersionInChannelDeregister.With(version, pkg.Name, channel)
		}
	}
	dropped := map[string]any{}
	if m, ok := pkg.Props["dropped_versions"].(map[string]any); ok {
		dropped = m
	}
	dropped[version] = x.tx.Now.UTC().Format(compiler.TimestampLayout)
	pkg.Props["dropped_versions"] = dropped
	if err := x.purgeDroppedVersions(pkg); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Version %s dropped.", version), nil
}

// dropping reports whether version is being dropped (dropped, still run).
func dropping(pkg *catalog.Object, version string) bool {
	m, _ := pkg.Props["dropped_versions"].(map[string]any)
	_, ok := m[version]
	return ok
}

// purgeDroppedVersions removes the dropped versions no application runs any
// more, and saves the package.
func (x *execCtx) purgeDroppedVersions(pkg *catalog.Object) error {
	dropped, _ := pkg.Props["dropped_versions"].(map[string]any)
	if len(dropped) > 0 {
		apps, err := x.tx.List("APPLICATION", 0)
		if err != nil {
			return err
		}
		versions := packageVersions(pkg)
		for version := range dropped {
			used := slices.ContainsFunc(apps, func(app *catalog.Object) bool {
				return app.Int("package_id") == pkg.ID && app.Str("version") == version
			})
			if !used {
				delete(versions, version)
				delete(dropped, version)
			}
		}
		storeVersions(pkg, versions)
	}
	return x.tx.Save(pkg)
}

// releaseChannels are the channels of a package with release channels.
var releaseChannels = []string{"QA", "ALPHA", "DEFAULT"}

// packageChannels: channel → versions added to it.
func packageChannels(pkg *catalog.Object) map[string][]string {
	out := map[string][]string{}
	raw, _ := pkg.Props["channels"].(map[string]any)
	for ch, vs := range raw {
		list, _ := vs.([]any)
		for _, v := range list {
			if s, ok := v.(string); ok {
				out[ch] = append(out[ch], s)
			}
		}
	}
	return out
}

func storeChannels(pkg *catalog.Object, channels map[string][]string) {
	out := map[string]any{}
	for ch, vs := range channels {
		list := make([]any, len(vs))
		for i, v := range vs {
			list[i] = v
		}
		out[ch] = list
	}
	pkg.Props["channels"] = out
}

// releaseChannelAction runs DEREGISTER VERSION and MODIFY RELEASE CHANNEL
// … ADD / DROP VERSION / SET DEFAULT RELEASE DIRECTIVE.
func (x *execCtx) releaseChannelAction(pkg *catalog.Object, versions map[string]map[string]patchInfo, st *sqlparse.AlterPackageStmt) error {
	if st.Action == "DEREGISTER VERSION" {
		_, err := x.dropVersion(pkg, versions, st.Version)
		return err
	}
	if !slices.Contains(releaseChannels, st.Channel) {
		return errNoReleaseChannel.With(st.Channel, pkg.Name)
	}
	if _, ok := versions[st.Version]; !ok || dropping(pkg, st.Version) {
		return errVersionNotExist.With(st.Version, pkg.Name)
	}
	channels := packageChannels(pkg)
	in := channels[st.Channel]
	switch st.Action {
	case "CHANNEL ADD VERSION":
		if slices.Contains(in, st.Version) {
			return errVersionInChannel.With(st.Version, st.Channel)
		}
		if len(in) >= 2 {
			return errChannelFull.With(st.Channel)
		}
		channels[st.Channel] = append(in, st.Version)
	case "CHANNEL DROP VERSION":
		i := slices.Index(in, st.Version)
		if i < 0 {
			return errVersionNotInChannel.With(st.Version, st.Channel)
		}
		if pkg.Str("directive_"+st.Channel) == st.Version {
			return errVersionInDirective.With(st.Version, pkg.Name)
		}
		channels[st.Channel] = slices.Delete(in, i, i+1)
	case "CHANNEL SET DEFAULT RELEASE DIRECTIVE":
		if !slices.Contains(in, st.Version) {
			return errVersionNotAddedToChannel.With(st.Version, st.Channel)
		}
		if _, ok := versions[st.Version][strconv.Itoa(*st.Patch)]; !ok {
			return errPatchNotExist.With(st.Version, *st.Patch, pkg.Name)
		}
		pkg.Props["directive_"+st.Channel] = st.Version
		pkg.Props["directive_patch_"+st.Channel] = *st.Patch
	}
	storeChannels(pkg, channels)
	return x.tx.Save(pkg)
}

// unsetComment applies UNSET for objects whose only unsettable property is COMMENT.
func unsetComment(o *catalog.Object, names []sqlparse.Token) error {
	for _, t := range names {
		if t.Text != "COMMENT" {
			return sqlparse.Unexpected(t)
		}
		o.Comment = nil
	}
	return nil
}

// pickPatch chooses the version and patch an install or upgrade uses.
func pickPatch(pkg *catalog.Object, version string, patch *int) (string, int, patchInfo, error) {
	versions := packageVersions(pkg)
	if version == "" {
		version = pkg.Str("default_version")
		if version == "" {
			return "", 0, patchInfo{}, errNoReleaseDirective.With(pkg.Name)
		}
		p := int(pkg.Int("default_patch"))
		patch = &p
	}
	patches, ok := versions[version]
	if !ok || dropping(pkg, version) { // a version being dropped installs nothing
		return "", 0, patchInfo{}, errVersionNotExist.With(version, pkg.Name)
	}
	n := -1
	if patch != nil {
		n = *patch
	} else {
		for p := range patches {
			v, _ := strconv.Atoi(p)
			if v > n {
				n = v
			}
		}
	}
	info, ok := patches[strconv.Itoa(n)]
	if !ok {
		return "", 0, patchInfo{}, errPatchNotExist.With(version, n, pkg.Name)
	}
	first := -1
	for p, pi := range patches {
		if v, _ := strconv.Atoi(p); first < 0 || v < first {
			first, info.VersionLabel = v, pi.Label
		}
	}
	return version, n, info, nil
}

// createApplication installs an application: the object is created and
// committed, then the setup script runs as the application, statement by
// statement; a failing script removes the application again.
func (e *Engine) createApplication(ctx context.Context, sess *Session, st *sqlparse.CreateApplicationStmt, text string) (*Result, error) {
	var app *catalog.Object
	var info patchInfo
	err := e.store.Update(ctx, func(tx *catalog.Tx) error {
		x := &execCtx{e: e, tx: tx, s: sess, text: text}
		if err := x.requireAccount("CREATE APPLICATION"); err != nil {
			return err
		}
		pkg, err := x.resolvePackage(st.Package)
		if err != nil {
			return err
		}
		if ok, err := x.has("INSTALL", pkg); err != nil {
			return err
		} else if !ok {
			return sferr.Insufficient("application package", st.Package.String())
		}
		existing, err := tx.LookupAny("APPLICATION", 0, st.Name.Last())
		if err != nil {
			return err
		}
		if existing != nil {
			if st.IfNotExists {
				return nil
			}
			return errAlreadyExists.With(st.Name.String())
		}
		version, patch, pi, err := pickPatch(pkg, st.Version, st.Patch)
		if err != nil {
			return err
		}
		info = pi
		app = &catalog.Object{Kind: "APPLICATION", Name: st.Name.Last(), Owner: sess.Role, Comment: st.Comment, Props: map[string]any{
			"package_id": pkg.ID, "package": pkg.Name, "version": version, "patch": patch, "label": pi.VersionLabel,
			"version_dir": pi.Dir, "privileges": pi.Privileges,
		}}
		return tx.Insert(app)
	})
	if err != nil {
		return nil, err
	}
	if app == nil {
		return statusResult(TypeDDL, "%s already exists, statement succeeded.", st.Name.Last()), nil
	}
	if err := e.runSetup(ctx, sess, app, info.Setup); err != nil {
		_ = e.store.Update(ctx, func(tx *catalog.Tx) error {
			x := &execCtx{e: e, tx: tx, s: sess}
			return x.dropApplicationObjects(app, true)
		})
		return nil, err
	}
	return statusResult(TypeDDL, "Application %s successfully created.", app.Name), nil
}

// runSetup runs a setup script as the application.
func (e *Engine) runSetup(ctx context.Context, caller *Session, app *catalog.Object, script string) error {
	parsed, err := sqlparse.Parse(script, nil)
	if err != nil {
		return setupError(app, sferr.AsError(err))
	}
	sess := &Session{ID: caller.ID, User: caller.User, Role: appPrincipal(app.Name), Database: app.Name, Params: map[string]string{},
		Warehouse: caller.Warehouse, Serverless: caller.Serverless}
	for _, p := range parsed {
		if _, ok := p.Stmt.(*sqlparse.UseStmt); ok {
			return setupError(app, errSetupScriptOnly.With("USE statements are not allowed in a setup script."))
		}
		if _, err := e.Execute(ctx, sess, p.Text, nil, nil); err != nil {
			return setupError(app, sferr.AsError(err))
		}
	}
	return nil
}

// upgradeApplication re-runs the setup script of the new version.
func (e *Engine) upgradeApplication(ctx context.Context, sess *Session, st *sqlparse.AlterApplicationStmt, text string) (*Result, error) {
	var app *catalog.Object
	var info patchInfo
	var version string
	var patch int
	err := e.store.Update(ctx, func(tx *catalog.Tx) error {
		x := &execCtx{e: e, tx: tx, s: sess, text: text}
		var err error
		app, err = x.resolveApplication(st.Name)
		if err != nil {
			return err
		}
		if owned, err := x.owns(app); err != nil {
			return err
		} else if !owned {
			return sferr.Insufficient("application", st.Name.String())
		}
		pkg, err := tx.Get(app.Int("package_id"))
		if err != nil {
			return err
		}
		if pkg == nil {
			return errPackageGone.With(app.Name)
		}
		version, patch, info, err = pickPatch(pkg, st.Version, st.Patch)
		return err
	})
	if err != nil {
		if st.IfExists && sferr.AsError(err).Code == "002003" {
			return statusResult(TypeDDL, "Statement executed successfully."), nil
		}
		return nil, err
	}
	if err := e.runSetup(ctx, sess, app, info.Setup); err != nil {
		return nil, err
	}
	err = e.store.Update(ctx, func(tx *catalog.Tx) error {
		fresh, err := tx.Get(app.ID)
		if err != nil || fresh == nil {
			return err
		}
		fresh.Props["version"], fresh.Props["patch"], fresh.Props["label"] = version, patch, info.VersionLabel
		fresh.Props["version_dir"], fresh.Props["privileges"] = info.Dir, info.Privileges
		return tx.Save(fresh)
	})
	if err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Application %s upgraded to version %s patch %d.", app.Name, version, patch), nil
}

func (x *execCtx) resolveApplication(n sqlparse.Name) (*catalog.Object, error) {
	app, err := x.tx.LookupAny("APPLICATION", 0, n.Last())
	if err != nil {
		return nil, err
	}
	if app != nil && app.Kind == "APPLICATION" {
		if ok, err := x.visible(app); err != nil {
			return nil, err
		} else if ok {
			return app, nil
		}
	}
	return nil, errNotExist("APPLICATION", n.String())
}

func (x *execCtx) alterApplication(st *sqlparse.AlterApplicationStmt) (*Result, error) {
	app, err := x.resolveApplication(st.Name)
	if err != nil {
		if st.IfExists && sferr.AsError(err).Code == "002003" {
			return statusResult(TypeDDL, "Statement executed successfully."), nil
		}
		return nil, err
	}
	if owned, err := x.owns(app); err != nil {
		return nil, err
	} else if !owned {
		return nil, sferr.Insufficient("application", st.Name.String())
	}
	for _, p := range st.Set {
		switch p.Key {
		case "COMMENT":
			if p.Value.Kind != sqlparse.ValString {
				return nil, sqlparse.Unexpected(p.Value.Tok)
			}
			c := p.Value.Str
			app.Comment = &c
		case "DEBUG_MODE", "SHARE_EVENTS_WITH_PROVIDER":
		default:
			return nil, sqlparse.Unexpected(p.KeyTok)
		}
	}
	if err := unsetComment(app, st.Unset); err != nil {
		return nil, err
	}
	if err := x.tx.Save(app); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Statement executed successfully."), nil
}

// dropApplicationObjects removes an application, its contents, what it
// owns outside itself (with cascade) and grants to it.
func (x *execCtx) dropApplicationObjects(app *catalog.Object, cascade bool) error {
	owned, err := x.ownedOutside(app)
	if err != nil {
		return err
	}
	if len(owned) > 0 && !cascade {
		names := make([]string, len(owned))
		for i, o := range owned {
			names[i] = o.Name
		}
		// 93128: APPLICATION_OWNS_EXTERNAL_OBJECTS in snowflake-cli's errno.py.
		return errAppOwnsOutside.With(app.Name, strings.Join(names, ", "))
	}
	for _, o := range owned {
		if err := x.deleteObject(o.ID); err != nil {
			return err
		}
	}
	if err := x.tx.RemoveGranteeGrants("APPLICATION", app.Name); err != nil {
		return err
	}
	return x.deleteObject(app.ID)
}

func (x *execCtx) ownedOutside(app *catalog.Object) ([]*catalog.Object, error) {
	var out []*catalog.Object
	for _, kind := range []string{"DATABASE", "WAREHOUSE", "INTEGRATION"} {
		objs, err := x.tx.List(kind, 0)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			if o.Owner == appPrincipal(app.Name) {
				out = append(out, o)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (x *execCtx) createVersionedSchema(st *sqlparse.CreateVersionedSchemaStmt) (*Result, error) {
	if !x.isApp() {
		return nil, errSetupScriptOnly.With("CREATE OR ALTER VERSIONED SCHEMA is only allowed in a setup script.")
	}
	existing, err := x.tx.Lookup("SCHEMA", x.appID(), st.Name.Last())
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return statusResult(TypeDDL, "Statement executed successfully."), nil
	}
	o := &catalog.Object{Kind: "SCHEMA", ParentID: x.appID(), Name: st.Name.Last(), Owner: x.s.Role, Props: map[string]any{"versioned": true}}
	if err := x.tx.Insert(o); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Schema %s successfully created.", o.Name), nil
}

func (x *execCtx) appID() int64 {
	app, err := x.tx.LookupAny("APPLICATION", 0, x.appName())
	if err != nil || app == nil {
		return -1
	}
	return app.ID
}

func (x *execCtx) createAppRole(st *sqlparse.CreateStmt) (*Result, error) {
	if !x.isApp() {
		return nil, errSetupScriptOnly.With("Application roles can only be created by the application's setup script.")
	}
	name := st.Name.Last()
	existing, err := x.tx.Lookup("APPLICATION ROLE", x.appID(), name)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		if st.IfNotExists {
			return statusResult(TypeDDL, "%s already exists, statement succeeded.", name), nil
		}
		return nil, errAlreadyExists.With(name)
	}
	o := &catalog.Object{Kind: "APPLICATION ROLE", ParentID: x.appID(), Name: name, Owner: x.s.Role, Props: map[string]any{}}
	if err := x.tx.Insert(o); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Application role %s successfully created.", name), nil
}

func (x *execCtx) createStreamlit(st *sqlparse.CreateStreamlitStmt) (*Result, error) {
	db, sc, err := x.resolveContainer(st.Name, "CREATE STREAMLIT")
	if err != nil {
		return nil, err
	}
	if owned, err := x.owns(sc); err != nil {
		return nil, err
	} else if !owned {
		return nil, sferr.Insufficient("schema", sc.Name)
	}
	name := st.Name.Last()
	done, err := x.replaceExisting("STREAMLIT", sc.ID, name, qualified(db, sc, name), st.OrReplace, st.IfNotExists)
	if err != nil || done {
		return statusResult(TypeDDL, "Statement executed successfully."), err
	}
	o := &catalog.Object{Kind: "STREAMLIT", ParentID: sc.ID, Name: name, Owner: x.s.Role, Props: map[string]any{"from": st.From}}
	for _, p := range st.Props {
		switch p.Key {
		case "MAIN_FILE", "TITLE", "QUERY_WAREHOUSE", "COMMENT":
			o.Props[strings.ToLower(p.Key)] = p.Value.Str
		default:
			return nil, sqlparse.Unexpected(p.KeyTok)
		}
	}
	if o.Str("main_file") == "" {
		return nil, sqlparse.Unexpected(sqlparse.Token{Kind: sqlparse.TokEOF, Line: 1, Col: len(x.text)})
	}
	if err := x.tx.Insert(o); err != nil {
		return nil, err
	}
	return statusResult(TypeDDL, "Streamlit %s successfully created.", name), nil
}

func (x *execCtx) showVersions(st *sqlparse.ShowVersionsStmt) (*Result, error) {
	pkg, err := x.resolvePackage(st.Package)
	if err != nil {
		return nil, err
	}
	if st.ReleaseChannels {
		if x.e.cfg.NoReleaseChannels {
			return nil, sferr.Compilation.With("syntax error line 1 at position 5 unexpected 'RELEASE'.")
		}
		return showReleaseChannels(pkg), nil
	}
	if err := x.purgeDroppedVersions(pkg); err != nil {
		return nil, err
	}
	dropped, _ := pkg.Props["dropped_versions"].(map[string]any)
	res := &Result{StatementType: TypeShow, Rows: [][]*string{}, Columns: []Column{textCol("version"), textCol("patch"), textCol("label"),
		textCol("comment"), timestampCol("created_on"), timestampCol("dropped_on"), textCol("log_level"), textCol("trace_level"),
		textCol("state"), textCol("review_status")}}
	versions := packageVersions(pkg)
	names := make([]string, 0, len(versions))
	for v := range versions {
		names = append(names, v)
	}
	sort.Strings(names)
	for _, v := range names {
		if st.Like != nil && !LikeMatch(*st.Like, v) {
			continue
		}
		var patches []int
		for p := range versions[v] {
			n, _ := strconv.Atoi(p)
			patches = append(patches, n)
		}
		sort.Ints(patches)
		for _, p := range patches {
			info := versions[v][strconv.Itoa(p)]
			created, _ := compiler.ToTimestamp(info.CreatedOn)
			// A version being dropped shows its dropped_on. Its state then is
			// not documented; DROPPING here, and the provider reads dropped_on.
			droppedOn, state := (*string)(nil), "READY"
			if at, ok := dropped[v].(string); ok {
				when, _ := compiler.ToTimestamp(at)
				droppedOn, state = timestampCell(when), "DROPPING"
			}
			res.Rows = append(res.Rows, []*string{str(v), intStr(int64(p)), str(info.Label), nil, timestampCell(created), droppedOn,
				str("OFF"), str("OFF"), str(state), str("NOT_REVIEWED")})
		}
	}
	return res, nil
}

// showReleaseChannels is SHOW RELEASE CHANNELS IN APPLICATION PACKAGE: the
// QA, ALPHA and DEFAULT channels of a package with release channels, none
// for one without (https://docs.snowflake.com/sql-reference/sql/show-release-channels).
func showReleaseChannels(pkg *catalog.Object) *Result {
	res := &Result{StatementType: TypeShow, Rows: [][]*string{}, Columns: []Column{textCol("name"), textCol("description"), textCol("versions"),
		textCol("default_version_name"), textCol("default_patch_number"), textCol("targets"), timestampCol("created_on"), timestampCol("updated_on")}}
	if !pkg.Bool("release_channels") {
		return res
	}
	channels := packageChannels(pkg)
	for _, ch := range releaseChannels {
		vs, _ := json.Marshal(append([]string{}, channels[ch]...))
		var version, patch *string
		if v := pkg.Str("directive_" + ch); v != "" {
			version, patch = str(v), intStr(pkg.Int("directive_patch_"+ch))
		}
		res.Rows = append(res.Rows, []*string{str(ch), nil, str(string(vs)), version, patch, str("{}"), tsStr(pkg.CreatedOn), tsStr(pkg.CreatedOn)})
	}
	return res
}

func init() {
	showSpecs["APPLICATION"] = showSpec{
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("is_default"), textCol("is_current"), textCol("source_type"),
			textCol("source"), textCol("owner"), textCol("comment"), textCol("version"), textCol("label"), fixedCol("patch"), textCol("options"),
			textCol("retention_time")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{tsStr(o.CreatedOn), str(o.Name), str("N"), yn(x.s.Database == o.Name), str("APPLICATION PACKAGE"),
				str(o.Str("package")), str(o.Owner), commentOrEmpty(o), str(o.Str("version")), str(o.Str("label")), intStr(o.Int("patch")),
				str(""), str("1")}, nil
		},
	}
	showSpecs["APPLICATION PACKAGE"] = showSpec{
		columns: []Column{timestampCol("created_on"), textCol("name"), textCol("is_default"), textCol("is_current"), textCol("distribution"),
			textCol("owner"), textCol("comment"), textCol("retention_time"), textCol("options"), timestampCol("dropped_on"), textCol("application_class")},
		row: func(x *execCtx, p placed) ([]*string, error) {
			o := p.o
			return []*string{tsStr(o.CreatedOn), str(o.Name), str("N"), str("N"), str(o.Str("distribution")), str(o.Owner), commentOrEmpty(o),
				str("1"), str(""), nil, nil}, nil
		},
	}
}

func (x *execCtx) describeApplication(o *catalog.Object) *Result {
	prop := func(k, v string) []*string { return []*string{str(k), str(v)} }
	comment := ""
	if o.Comment != nil {
		comment = *o.Comment
	}
	return &Result{StatementType: TypeShow, Columns: []Column{textCol("property"), textCol("value")}, Rows: [][]*string{
		prop("name", o.Name), prop("source", o.Str("package")), prop("version", o.Str("version")),
		prop("patch", strconv.FormatInt(o.Int("patch"), 10)), prop("label", o.Str("label")), prop("comment", comment),
		prop("owner", o.Owner),
	}}
}
