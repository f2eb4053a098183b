package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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
	// cpu is the last command's CPU time: terraform's, and its provider
	// plugins' when they run as processes of their own (NewPluginCLI).
	cpu time.Duration
	// devOverrides: the provider comes from dev_overrides, which terraform
	// init must not be run with.
	devOverrides bool
}

// Init runs terraform init, unless the provider comes from dev_overrides.
func (c *CLI) Init() {
	c.tb.Helper()
	if !c.devOverrides {
		c.MustRun("init", "-input=false", "-no-color")
	}
}

// NewCLI serves the provider for the life of tb and writes main.tf.
func NewCLI(tb testing.TB, mainTF string) *CLI {
	tb.Helper()
	bin, dir := terraformIn(tb, mainTF)
	// In-process, the provider's logs would go to the test's stderr at
	// TRACE; terraform's own log (TF_LOG) is unaffected.
	for _, v := range []string{"TF_LOG_PROVIDER", "TF_LOG_PROVIDER_GHCONNECTOR", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		tb.Setenv(v, "off")
	}
	reattach := serveProvider(tb)
	return &CLI{tb: tb, bin: bin, dir: dir, env: append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_INPUT=0")}
}

// NewPluginCLI runs terraform with the provider built as a binary of its
// own (dev_overrides), as users run it: each command's CPU time (CPU)
// then counts the provider's work with terraform's, and the emulators in
// this process stay out of it.
func NewPluginCLI(tb testing.TB, mainTF string) *CLI {
	tb.Helper()
	bin, dir := terraformIn(tb, mainTF)
	plugins := providerBinary(tb)
	rc := filepath.Join(dir, "dev.tfrc")
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerAddress(), plugins)
	if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
		tb.Fatal(err)
	}
	return &CLI{tb: tb, bin: bin, dir: dir, devOverrides: true, env: append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1", "TF_INPUT=0")}
}

// NewBareCLI runs terraform on a configuration that needs no provider
// (terraform_data): Terraform's own floor.
func NewBareCLI(tb testing.TB, mainTF string) *CLI {
	tb.Helper()
	bin, dir := terraformIn(tb, mainTF)
	return &CLI{tb: tb, bin: bin, dir: dir, env: append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_INPUT=0")}
}

// terraformIn finds terraform and writes main.tf in a new directory.
func terraformIn(tb testing.TB, mainTF string) (bin, dir string) {
	tb.Helper()
	bin = os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			tb.Fatal("terraform is needed on PATH or in TF_ACC_TERRAFORM_PATH")
		}
	}
	dir = tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(mainTF), 0o600); err != nil {
		tb.Fatal(err)
	}
	return bin, dir
}

var built struct {
	once sync.Once
	dir  string
	err  error
}

// providerBinary builds the provider once per test process, into a
// directory named by dev_overrides.
func providerBinary(tb testing.TB) string {
	tb.Helper()
	built.once.Do(func() {
		// Shared by every test of the process, so not a test's TempDir, which
		// goes with the first test that asks.
		built.dir, built.err = os.MkdirTemp("", "ghconnector-provider-") //nolint:usetesting // see above
		if built.err != nil {
			return
		}
		root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
		if err != nil {
			built.err = err
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(built.dir, "terraform-provider-ghconnector"), strings.TrimSpace(string(root))).CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		tb.Fatal(built.err)
	}
	return built.dir
}

// providerAddress is where the CLI finds the reattached provider:
// registry.terraform.io's, or OpenTofu's registry with
// TF_ACC_PROVIDER_HOST=registry.opentofu.org (terraform-plugin-testing's
// variable), where OpenTofu resolves "ghconnector/ghconnector".
func providerAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/ghconnector/ghconnector"
}

// WriteFile writes a file into the working directory (a query file, a
// second configuration file).
func (c *CLI) WriteFile(name, content string) {
	c.tb.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.tb.Fatal(err)
	}
}

// ReadFile reads a file of the working directory, "" when it is missing.
func (c *CLI) ReadFile(name string) string {
	data, _ := os.ReadFile(filepath.Join(c.dir, name))
	return string(data)
}

// CPU is the CPU time (user and system) of the last command run.
func (c *CLI) CPU() time.Duration { return c.cpu }

// serveProvider starts a provider server in this process and returns the
// TF_REATTACH_PROVIDERS value that points terraform at it.
func serveProvider(tb testing.TB) string {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	factory := providerserver.NewProtocol6(provider.New("acctest")())
	go func() {
		_ = tf6server.Serve(providerAddress(), factory,
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
	data, err := json.Marshal(map[string]any{providerAddress(): map[string]any{
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
	if cmd.ProcessState != nil {
		// wait4 reports the process with the children it waited for:
		// terraform with its provider plugins.
		c.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
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
