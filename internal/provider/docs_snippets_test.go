package provider_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
)

// docSnippet is one ```terraform or ```hcl block of a page.
type docSnippet struct {
	page string
	n    int // 1-based, among the page's HCL blocks
	text string
}

func (s docSnippet) String() string { return s.page + " block " + strconv.Itoa(s.n) }

var hclFence = regexp.MustCompile("(?s)```(?:terraform|hcl)\n(.*?)```")

// docSnippets are the HCL blocks a reader copies: README's, the index's and
// the guides' (the resource and data source pages show examples/, which
// TestAccDocsExamplesApply applies).
func docSnippets(t *testing.T) []docSnippet {
	t.Helper()
	pages, _ := filepath.Glob(filepath.Join("..", "..", "docs", "guides", "*.md"))
	pages = append([]string{filepath.Join("..", "..", "README.md"), filepath.Join("..", "..", "docs", "index.md")}, pages...)
	var out []docSnippet
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range hclFence.FindAllStringSubmatch(string(data), -1) {
			out = append(out, docSnippet{page: strings.TrimPrefix(page, filepath.Join("..", "..")+string(filepath.Separator)), n: i + 1, text: m[1]})
		}
	}
	return out
}

// blockTypes are a snippet's top-level block types, in order. A CLI
// configuration is HCL 1 (quoted argument names); Terraform checks it.
func blockTypes(t *testing.T, s docSnippet) []string {
	t.Helper()
	if strings.HasPrefix(strings.TrimSpace(s.text), "provider_installation {") {
		return []string{"provider_installation"}
	}
	f, diags := hclwrite.ParseConfig([]byte(s.text), s.String(), hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s does not parse: %s", s, diags.Error())
	}
	var types []string
	for _, b := range f.Body().Blocks() {
		types = append(types, b.Type())
	}
	return types
}

// terraformCLI runs terraform in dir with the given CLI configuration and
// extra environment; it fails the test on a non-zero exit or on a CLI
// configuration Terraform reports problems with.
func terraformCLI(t *testing.T, dir, cliConfig string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(terraformPath(t), args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0"), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out.String())
	}
	if strings.Contains(out.String(), "problems with the CLI configuration") {
		t.Fatalf("terraform %s: the CLI configuration has problems:\n%s", strings.Join(args, " "), out.String())
	}
	return out.String()
}

func terraformPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH")
	}
	return p
}

// The installation guide, README and the index, as a reader on a fresh
// machine follows them with the terraform CLI: the guide's shell commands
// build the provider into a filesystem mirror under $HOME, its two CLI
// configurations (dev_overrides, the mirror) are accepted by Terraform and
// install that build, its required_providers block initializes from the
// mirror, and every provider block validates (the local stack's one also
// plans a data source against the emulators, on their ports). Paths of the
// reader's machine (/home/you, the ports `make local` uses) are replaced by
// the test's. Every HCL block of those pages must be one of the kinds
// handled here or a resource snippet TestAccDocsExamplesApply applies, so a
// new block cannot go unchecked.
func TestAccDocsInstallAndProviderSnippets(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	if out, _ := exec.Command(terraformPath(t), "version").Output(); strings.Contains(string(out), "OpenTofu") {
		t.Skip("the installation guide shows Terraform's CLI configuration and registry addresses; run this test with Terraform")
	}
	gh := acctest.GitHub(t)
	sf := acctest.SnowflakeWithPublicGitHub(t, gh)
	home := t.TempDir()
	repo, _ := filepath.Abs(filepath.Join("..", ".."))

	guide, err := os.ReadFile(filepath.Join(repo, "docs", "guides", "installation.md"))
	if err != nil {
		t.Fatal(err)
	}
	build := regexp.MustCompile("(?s)```sh\n(v=0\\.1\\.0;.*?)```").FindSubmatch(guide)
	if build == nil {
		t.Fatal("installation.md: the mirror's build commands are gone")
	}
	cmd := exec.Command("sh", "-ec", string(build[1]))
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "HOME="+home)
	for _, cache := range []string{"GOMODCACHE", "GOCACHE", "GOENV"} { // the reader's own, not an empty one under the new $HOME
		dir, err := exec.Command("go", "env", cache).Output()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Env = append(cmd.Env, cache+"="+strings.TrimSpace(string(dir)))
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("installation.md's build commands: %v\n%s", err, out)
	}
	// `make install` puts the same build in $(go env GOPATH)/bin.
	built, _ := filepath.Glob(filepath.Join(home, ".terraform.d", "mirror", "registry.terraform.io", "ghconnector", "ghconnector", "0.1.0", "*", "terraform-provider-ghconnector_v0.1.0"))
	if len(built) != 1 {
		t.Fatalf("installation.md's build commands left %v in the mirror", built)
	}
	devBin := filepath.Join(home, "go", "bin")
	if err := os.MkdirAll(devBin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(built[0], filepath.Join(devBin, "terraform-provider-ghconnector")); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home}
	forReader := strings.NewReplacer("/home/you", home)
	local := strings.NewReplacer("port      = 8080", "port      = "+strconv.Itoa(sf.Port()), "http://127.0.0.1:8081/", gh.URL())

	var devOverrides, mirror, requiredProviders string
	var providerBlocks, resources []docSnippet
	for _, s := range docSnippets(t) {
		types := strings.Join(blockTypes(t, s), " ")
		switch {
		case strings.Contains(s.text, "# …"):
			// A fragment (elisions marked): it parses; its attributes are
			// those of the full examples.
		case types == "provider_installation" && strings.Contains(s.text, "dev_overrides"):
			devOverrides = forReader.Replace(s.text)
		case types == "provider_installation" && strings.Contains(s.text, "filesystem_mirror"):
			mirror = forReader.Replace(s.text)
		case types == "terraform":
			requiredProviders = s.text
		case regexp.MustCompile(`^provider( (variable|provider))*$`).MatchString(types):
			providerBlocks = append(providerBlocks, s)
		case regexp.MustCompile(`^list( list)*$`).MatchString(types):
			// List blocks: the examples the list tests run (on Terraform
			// 1.14+) must hold each as shown.
			examples := readExamples(t, "list-resources/*/*.tfquery.hcl")
			for _, block := range strings.Split(strings.TrimSpace(s.text), "\n\n") {
				if !strings.Contains(examples, strings.TrimSpace(block)) {
					t.Errorf("%s: a list block that is in no example of examples/list-resources:\n%s", s, block)
				}
			}
		case strings.Contains(" "+types+" ", " action "):
			// Actions (Terraform 1.14+): the examples TestAccActions runs
			// must hold the block as shown.
			if !strings.Contains(readExamples(t, "actions/*/*.tf"), strings.TrimSpace(s.text)) {
				t.Errorf("%s: not a block of examples/actions", s)
			}
		case types == "import":
			// An import block of the examples (import-by-identity.tf):
			// TestIdentityExamplesMatchTheDeclarations checks it.
		case strings.Contains(" "+types+" ", " resource ") || strings.Contains(" "+types+" ", " data "):
			resources = append(resources, s) // TestAccDocsExamplesApply applies them
		default:
			t.Errorf("%s (%s): no check covers this kind of block; add one", s, types)
		}
	}
	if devOverrides == "" || mirror == "" || requiredProviders == "" || len(providerBlocks) < 4 || len(resources) < 2 {
		t.Fatalf("the pages lost blocks this test checks: dev_overrides %t, mirror %t, required_providers %t, %d provider blocks, %d resource snippets",
			devOverrides != "", mirror != "", requiredProviders != "", len(providerBlocks), len(resources))
	}
	write := func(dir, name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// The mirror and the registry block: terraform init installs the build.
	mirrorRC := write(home, "mirror.tfrc", mirror)
	initDir := t.TempDir()
	write(initDir, "main.tf", requiredProviders+"\ndata \"ghconnector_current_account\" \"this\" {}\n")
	out := terraformCLI(t, initDir, mirrorRC, env, "init", "-no-color")
	if !strings.Contains(out, "Installing ghconnector/ghconnector v0.1.0") {
		t.Fatalf("init did not install the mirror's build:\n%s", out)
	}
	terraformCLI(t, initDir, mirrorRC, env, "plan", "-no-color")

	// dev_overrides: no init; every provider block validates with the
	// build, and the local stack's plans.
	devRC := write(home, "dev.tfrc", devOverrides)
	for _, s := range providerBlocks {
		dir := t.TempDir()
		text := local.Replace(s.text)
		write(dir, "main.tf", `terraform {
  required_providers {
    ghconnector = { source = "ghconnector/ghconnector" }
  }
}
`+text)
		if strings.Contains(text, "~/.ssh/snowflake_rsa_key.p8") {
			if err := os.MkdirAll(filepath.Join(home, ".ssh"), 0o700); err != nil {
				t.Fatal(err)
			}
			write(filepath.Join(home, ".ssh"), "snowflake_rsa_key.p8", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n-----END ENCRYPTED PRIVATE KEY-----\n")
		}
		out := terraformCLI(t, dir, devRC, env, "validate", "-no-color")
		if !strings.Contains(out, "Provider development overrides are in effect") {
			t.Fatalf("%s: the dev_overrides configuration was not used:\n%s", s, out)
		}
		if text != s.text { // the local stack's block: it reaches the Snowflake emulator
			write(dir, "data.tf", "data \"ghconnector_current_account\" \"this\" {}\n")
			terraformCLI(t, dir, devRC, append(env, "SNOWFLAKE_PASSWORD=", "GITHUB_TOKEN="), "plan", "-no-color")
		}
	}
}

// resourceSnippets are the pages' blocks that declare resources or data
// sources, each a variant of the examples.
func resourceSnippets(t *testing.T) []docSnippet {
	t.Helper()
	var out []docSnippet
	for _, s := range docSnippets(t) {
		types := " " + strings.Join(blockTypes(t, s), " ") + " "
		// Snippets with actions need Terraform 1.14: TestAccActions runs them.
		if !strings.Contains(s.text, "# …") && !strings.Contains(types, " action ") &&
			(strings.Contains(types, " resource ") || strings.Contains(types, " data ")) {
			out = append(out, s)
		}
	}
	return out
}

var reference = regexp.MustCompile(`\b(data\.)?(ghconnector_\w+)\.(\w+)|\bvar\.(\w+)`)

// withSnippet is the snippet with what it takes from config (the examples):
// the blocks it references, and theirs, unless it declares them itself. A
// page's snippet is a variant of the examples (the App guide's integration
// allows the App's key only), so the examples it does not reference stay
// out.
func withSnippet(t *testing.T, config string, s docSnippet) string {
	t.Helper()
	base, diags := hclwrite.ParseConfig([]byte(config), "examples", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	snippet, diags := hclwrite.ParseConfig([]byte(s.text), s.String(), hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	key := func(b *hclwrite.Block) string { return b.Type() + " " + strings.Join(b.Labels(), " ") }
	byKey := map[string]*hclwrite.Block{}
	var out strings.Builder
	for _, b := range base.Body().Blocks() {
		if b.Type() == "provider" {
			out.Write(b.BuildTokens(nil).Bytes())
		}
		byKey[key(b)] = b
	}
	have := map[string]bool{}
	for _, b := range snippet.Body().Blocks() {
		have[key(b)] = true
	}
	queue := []string{s.text}
	for len(queue) > 0 {
		text := queue[0]
		queue = queue[1:]
		for _, m := range reference.FindAllStringSubmatch(text, -1) {
			k := "resource " + m[2] + " " + m[3]
			switch {
			case m[1] != "":
				k = "data " + m[2] + " " + m[3]
			case m[4] != "":
				k = "variable " + m[4]
			}
			if b, ok := byKey[k]; ok && !have[k] {
				have[k] = true
				text := string(b.BuildTokens(nil).Bytes())
				out.WriteString("\n" + text)
				queue = append(queue, text)
			}
		}
	}
	return out.String() + "\n# " + s.String() + "\n" + s.text
}
