package connector

import (
	"archive/tar"
	"compress/gzip"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// previousPayload is the connector as the last release before streams were
// declared shipped it (testdata/payload-0.4.tar.gz: git archive of
// internal/connector/app at 16635dd), whose issues stream kept its state in
// RESOURCE_CONFIGURATION.
func previousPayload(t *testing.T) []File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "payload-0.4.tar.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tree := fstest.MapFS{}
	r := tar.NewReader(gz)
	for {
		h, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		tree[h.Name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	files, err := FilesOf(tree, "internal/connector/app")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// addVersion stages files under dir of GH_PKG's stage and adds them as
// version.
func addVersion(t *testing.T, db *sql.DB, files []File, dir, version string) {
	t.Helper()
	local := t.TempDir()
	for _, f := range files {
		path := filepath.Join(local, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		target := dir
		if d := filepath.ToSlash(filepath.Dir(f.Path)); d != "." {
			target += "/" + d
		}
		mustExec(t, db, `PUT 'file://`+path+`' '@GH_PKG.CODE.PAYLOAD/`+target+`' AUTO_COMPRESS = FALSE OVERWRITE = TRUE`)
	}
	mustExec(t, db, `ALTER APPLICATION PACKAGE GH_PKG ADD VERSION `+version+` USING '@GH_PKG.CODE.PAYLOAD/`+dir+`'`)
}

// An installation of the previous release, ingesting issues and comments,
// upgraded in place: every cursor and ETag survives (the issues stream's
// moves from RESOURCE_CONFIGURATION to STREAM_STATE), the first run after
// the upgrade reads nothing again (one free 304 per stream), and the pull
// request streams added afterwards start from what the issues stream
// already stored.
func TestUpgradeFromThePreviousReleaseKeepsEveryCursor(t *testing.T) {
	const token = "ghp_upgrade"
	gh := githubRepo(t, ghemu.Options{}, token, 80, 12)
	srv, db := emulatorDB(t)
	mustExec(t, db, `CREATE APPLICATION PACKAGE GH_PKG ENABLE_RELEASE_CHANNELS = FALSE`)
	mustExec(t, db, `CREATE SCHEMA GH_PKG.CODE`)
	mustExec(t, db, `CREATE STAGE GH_PKG.CODE.PAYLOAD`)
	addVersion(t, db, previousPayload(t), "v04", "V0_4")
	mustExec(t, db, `CREATE APPLICATION GH_APP FROM APPLICATION PACKAGE GH_PKG USING VERSION V0_4`)
	for _, q := range connectorSetup(gh, token, `{"streams":["issues","comments"]}`) {
		mustExec(t, db, q)
	}
	srv.WaitForTasks()
	mustExec(t, db, `EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`) // stores the incremental listing's ETags
	srv.WaitForTasks()
	cursors := func() map[string]string {
		out := map[string]string{}
		rows, err := db.Query(`SELECT STREAM, CURSOR_UPDATED_AT FROM GH_APP.PUBLIC.STREAM_STATUS WHERE RESOURCE_ID = 'octo/hello-world'`)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var stream string
			var cursor sql.NullString
			if err := rows.Scan(&stream, &cursor); err != nil {
				t.Fatal(err)
			}
			out[stream] = cursor.String
		}
		return out
	}
	before := cursors()
	if before["issues"] == "" || before["comments"] == "" {
		t.Fatalf("cursors before the upgrade: %v", before)
	}

	current, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	addVersion(t, db, current, "v05", "V0_5")
	mustExec(t, db, `ALTER APPLICATION GH_APP UPGRADE USING VERSION V0_5`)
	mustExec(t, db, `CALL GH_APP.PUBLIC.RESTORE_BINDINGS()`) // the provider calls it right after an upgrade
	if after := cursors(); after["issues"] != before["issues"] || after["comments"] != before["comments"] || len(after) != 2 {
		t.Fatalf("cursors after the upgrade: %v, before: %v", after, before)
	}
	issuesBefore := countOf(t, db, `SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES`)

	gh.ResetStats()
	mustExec(t, db, `EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`)
	srv.WaitForTasks()
	if st := gh.Stats(); st.Requests != 2 || st.NotModified != 2 {
		t.Fatalf("the first run after the upgrade read again: %+v, want two 304s", st)
	}
	for _, stream := range []string{"issues", "comments"} {
		if state, mode, _, _, _ := streamRun(t, db, stream); state != "NOT_MODIFIED" || mode != "INCREMENTAL" {
			t.Fatalf("%s after the upgrade: %s %s", stream, state, mode)
		}
	}

	mustExec(t, db, `CALL GH_APP.PUBLIC.UPDATE_RESOURCE('octo/hello-world', PARSE_JSON('{"streams":["issues","comments","pull_requests","reviews"]}'))`)
	gh.ResetStats()
	mustExec(t, db, `EXECUTE TASK GH_APP.TASKS.INGEST__OCTO__HELLO_WORLD`)
	srv.WaitForTasks()
	if n := countOf(t, db, `SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_PULL_REQUESTS`); n != 12 {
		t.Fatalf("%d pull requests after adding the stream, want 12", n)
	}
	if _, _, requests, _, _ := streamRun(t, db, "pull_requests"); requests != 12 {
		t.Fatalf("the pull request stream made %d requests, want one per pull request", requests)
	}
	if st := gh.Stats(); st.IssueRequests > 1 {
		t.Fatalf("adding streams read the issues again: %+v", st)
	}
	if n := countOf(t, db, `SELECT COUNT(*) FROM GITHUB_DATA.GITHUB.OCTO__HELLO_WORLD_ISSUES`); n != issuesBefore {
		t.Fatalf("issues after the upgrade: %d, before: %d", n, issuesBefore)
	}
	if dump := dumpRows(t, db, `SELECT STREAM, LAST_STATE FROM GH_APP.PUBLIC.STREAM_STATUS ORDER BY STREAM`); strings.Count(dump, "|\n") != 4 {
		t.Fatalf("stream status after adding streams: %s", dump)
	}
}
