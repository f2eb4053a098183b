package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/provider"
)

// CLI runs the terraform binary in a working directory against this
// process's provider over the plugin reattach protocol, so a test or a
// benchmark can time and count single commands (plan, apply, destroy) —
// terraform-plugin-testing runs several commands per step.
type CLI struct {
	tb  testing.TB
	bin string
	dir string
	env []string
}

// NewCLI serves the provider for the life of tb and writes main.tf.
func NewCLI(tb testing.TB, mainTF string) *CLI {
	tb.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			tb.Fatal("terraform is needed on PATH or in TF_ACC_TERRAFORM_PATH")
		}
	}
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(mainTF), 0o600); err != nil {
		tb.Fatal(err)
	}
	// In-process, the provider's logs would go to the test's stderr at
	// TRACE; terraform's own log (TF_LOG) is unaffected.
	for _, v := range []string{"TF_LOG_PROVIDER", "TF_LOG_PROVIDER_GHCONNECTOR", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		tb.Setenv(v, "off")
	}
	reattach := serveProvider(tb)
	return &CLI{tb: tb, bin: bin, dir: dir, env: append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_INPUT=0")}
}

// serveProvider starts a provider server in this process and returns the
// TF_REATTACH_PROVIDERS value that points terraform at it.
func serveProvider(tb testing.TB) string {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	factory := providerserver.NewProtocol6(provider.New("acctest")())
	go func() {
		_ = tf6server.Serve("registry.terraform.io/ghconnector/ghconnector", factory,
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithoutLogStderrOverride())
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-configCh:
	case <-time.After(30 * time.Second):
		cancel()
		tb.Fatal("the provider server did not start")
	}
	tb.Cleanup(func() {
		cancel()
		<-closeCh
	})
	data, err := json.Marshal(map[string]any{"registry.terraform.io/ghconnector/ghconnector": map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// Run runs one terraform command and returns its exit code and output;
// failing to start terraform fails the test.
func (c *CLI) Run(args ...string) (int, string) {
	c.tb.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), out.String()
	}
	if err != nil {
		c.tb.Fatalf("terraform %v: %v", args, err)
	}
	return 0, out.String()
}

// MustRun runs a command that must succeed and returns how long it took.
func (c *CLI) MustRun(args ...string) time.Duration {
	c.tb.Helper()
	start := time.Now()
	if code, out := c.Run(args...); code != 0 {
		c.tb.Fatalf("terraform %v exited %d:\n%s", args, code, out)
	}
	return time.Since(start)
}
