// Package connector holds the connector's Native App payload, embedded in
// the provider, and turns it into the files staged for an application
// package version.
package connector

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
)

//go:embed app/manifest.yml app/setup.sql app/README.md app/streamlit app/python/connector/*.py app/python/connector/*.json
var appFS embed.FS

// File is one file of a version directory on the stage.
type File struct {
	Path string // relative to the version root, e.g. "python/connector.zip"
	Data []byte
}

// PythonArchive is where setup.sql imports the Python package from.
const PythonArchive = "python/connector.zip"

// Files returns the version directory: manifest, setup script, readme,
// Streamlit page and the Python package zipped as setup.sql imports it.
// The result is deterministic, so equal payloads hash equally.
func Files() ([]File, error) {
	files, err := FilesOf(appFS, "app")
	if err != nil {
		return nil, err
	}
	files = append(files, extraFiles...)
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// FilesOf builds a version directory from a payload tree at root of fsys
// (the embedded one, or an earlier release's for upgrade tests): the
// Python package's modules and data zipped, its tests left out.
func FilesOf(fsys fs.FS, root string) ([]File, error) {
	var files []File
	var pyFiles []File
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, root+"/")
		if strings.HasPrefix(rel, "python/tests/") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(rel, "python/") {
			pyFiles = append(pyFiles, File{Path: strings.TrimPrefix(rel, "python/"), Data: data})
			return nil
		}
		files = append(files, File{Path: rel, Data: data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	archive, err := zipFiles(pyFiles)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: PythonArchive, Data: archive})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// zipFiles builds a zip with fixed timestamps and order.
func zipFiles(files []File) ([]byte, error) {
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	epoch := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.Path, Method: zip.Deflate, Modified: epoch}
		h.SetMode(0o644)
		fw, err := w.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Digest identifies the payload's content: a short SHA-256 over every
// file's path and bytes. It labels the patch a payload was staged as, so a
// provider release with a changed payload upgrades the application and an
// unchanged one does nothing.
func Digest(files []File) string {
	h := sha256.New()
	for _, f := range files {
		_, _ = fmt.Fprintf(h, "%s\x00%d\x00", f.Path, len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

var versionLine = regexp.MustCompile(`(?m)^\s+name:\s*([A-Za-z][A-Za-z0-9_]*)\s*$`)

// VersionName is the application package version the manifest declares
// (manifest.yml version.name, e.g. V1_0).
func VersionName(files []File) (string, error) {
	for _, f := range files {
		if path.Clean(f.Path) == "manifest.yml" {
			m := versionLine.FindSubmatch(f.Data)
			if m == nil {
				return "", fmt.Errorf("manifest.yml has no version name")
			}
			return string(m[1]), nil
		}
	}
	return "", fmt.Errorf("the payload has no manifest.yml")
}

// extraFiles lets tests change the payload's content (and so its digest)
// the way a new provider release would.
var extraFiles []File

// WithExtraFileForTesting adds a file to the payload until restore is
// called. Only tests use it, to exercise upgrades.
func WithExtraFileForTesting(f File) (restore func()) {
	extraFiles = append(extraFiles, f)
	return func() { extraFiles = extraFiles[:len(extraFiles)-1] }
}
