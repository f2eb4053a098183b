package snowflake

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The unmodified Node snowflake-sdk (testdata/node, installed by make
// test through npm ci) runs its conformance script against the emulator:
// connect, binds, array binds, VARIANT paths, analyst SQL, multi-statement,
// async, streaming, a large result and error codes.
func TestNodeSDKConformance(t *testing.T) {
	dir, err := filepath.Abs("testdata/node")
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not on PATH: the Node SDK conformance suite needs Node.js 18 or newer (make test installs the SDK with npm ci)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "snowflake-sdk")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("testdata/node/node_modules is missing: make test installs it (make node-deps)")
		}
		t.Skip("the Node SDK is not installed: run make node-deps (make test does)")
	}
	srv := startServer(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "conformance.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), fmt.Sprintf("SF_ACCESS_URL=http://%s:%d", srv.Host(), srv.Port()), "SF_ACCOUNT="+srv.Account())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	passed := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var line struct {
			Check  string `json:"check"`
			OK     bool   `json:"ok"`
			Detail string `json:"detail"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.Check == "" {
			continue
		}
		if line.OK {
			passed++
		} else {
			t.Errorf("Node SDK check %q: %s", line.Check, line.Detail)
		}
	}
	if runErr != nil && !t.Failed() {
		t.Fatalf("node conformance.js: %v\n%s", runErr, stderr.String())
	}
	if srv.ChunkDownloads() == 0 {
		t.Error("the Node SDK downloaded no result chunk: its large-result checks did not exercise chunked results")
	}
	if passed < 15 {
		t.Fatalf("only %d Node SDK checks passed; the suite has 15\n%s\n%s", passed, out, stderr.String())
	}
}
