package snowflake

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// PUT's files reach the emulator the way they reach a stage on Google Cloud
// Storage: the PUT's response names the stage as a GCS location, and for
// each file the driver asks again (the PUT for that one file) for a
// presigned URL, then sends the file's bytes there with an HTTP PUT. This
// is the transfer drivers use for streams too — the stage-based array bind
// uploads its rows from memory — where gosnowflake's local-file transfer
// wrote a stream as an empty file.

// uploadTTL bounds how long a presigned URL stays usable.
const uploadTTL = 15 * time.Minute

type uploadTarget struct {
	path    string
	expires time.Time
}

type uploadTargets struct {
	mu      sync.Mutex
	targets map[string]uploadTarget // token → the stage file it writes
}

// presign returns an unguessable URL that writes file (inside a stage's
// directory) when PUT to.
func (s *Server) presign(file string) string {
	token := newToken()
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	if s.uploads.targets == nil {
		s.uploads.targets = map[string]uploadTarget{}
	}
	now := time.Now()
	for t, target := range s.uploads.targets {
		if now.After(target.expires) {
			delete(s.uploads.targets, t)
		}
	}
	s.uploads.targets[token] = uploadTarget{path: file, expires: now.Add(uploadTTL)}
	return fmt.Sprintf("http://%s:%d/stage-files/%s", s.Host(), s.Port(), token)
}

// handleStageFile stores a PUT's bytes in the stage file its URL was
// presigned for, whole or not at all (GCS answers 200 to a finished upload).
func (s *Server) handleStageFile(w http.ResponseWriter, r *http.Request) {
	s.uploads.mu.Lock()
	target, ok := s.uploads.targets[r.PathValue("token")]
	s.uploads.mu.Unlock()
	if !ok || time.Now().After(target.expires) {
		// GCS answers an expired or unknown signature with 400; drivers
		// then ask for a new URL.
		http.Error(w, "invalid or expired upload URL", http.StatusBadRequest)
		return
	}
	if err := os.MkdirAll(filepath.Dir(target.path), 0o755); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(target.path), ".upload-*")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_, err = io.Copy(tmp, r.Body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target.path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
