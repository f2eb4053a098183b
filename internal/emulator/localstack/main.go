// Command localstack runs the local Snowflake and GitHub emulators as one
// stack for `make local` and `make demo`, and has two small helpers the demo
// script uses: `sql` runs a statement and prints the rows, `github` calls the
// GitHub emulator's control API (to open or close issues).
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/snowflakedb/gosnowflake"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
)

func main() {
	log.SetFlags(0)
	// Errors are returned and printed once; the driver's own log is noise.
	_ = gosnowflake.GetLogger().SetLogLevel("fatal")
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "help", "-h", "-help", "--help":
			usage(os.Stdout)
			return
		case "sql":
			if err := runSQL(os.Args[2:]); err != nil {
				log.Fatal(err)
			}
			return
		case "github":
			if err := githubControl(os.Args[2:]); err != nil {
				log.Fatal(err)
			}
			return
		}
	}
	serve()
}

// usage lists the subcommands and the stack's flags; help never starts a stack.
func usage(w io.Writer) {
	_, _ = fmt.Fprint(w, `Usage:
  localstack [flags]                           run the Snowflake and GitHub emulators (the local stack)
  localstack sql [--json] DSN STATEMENT        run one statement on the Snowflake emulator and print its rows
                                               (tab-separated with a header, or a JSON array of objects)
  localstack github GITHUB_URL METHOD PATH JSON  call the GitHub emulator's control API, e.g.
                                               PATCH repos/octocat/hello-world/issues/1 '{"state":"closed"}'
  localstack help                              this text

Flags of the stack:
`)
	fs := serveFlags(new(sfemu.Options), new(string), new(string), new(bool), new(string))
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// serveFlags declares the stack's flags on their own set.
func serveFlags(opts *sfemu.Options, githubListen, githubToken *string, seed *bool, envFile *string) *flag.FlagSet {
	fs := flag.NewFlagSet("localstack", flag.ExitOnError)
	fs.StringVar(&opts.Listen, "listen", "127.0.0.1:8080", "address of the Snowflake emulator")
	fs.StringVar(&opts.DataDir, "data-dir", ".local/snowflake", "directory for persistent state; empty keeps everything in memory")
	fs.StringVar(&opts.Account, "account", "LOCAL", "account name clients log in to")
	fs.StringVar(&opts.AdminUser, "admin-user", "ADMIN", "bootstrap admin user")
	fs.StringVar(&opts.AdminPassword, "admin-password", "admin", "bootstrap admin password")
	fs.StringVar(&opts.AdminRole, "admin-role", "ACCOUNTADMIN", "bootstrap admin role")
	fs.StringVar(githubListen, "github-listen", "127.0.0.1:8081", "address of the GitHub emulator")
	fs.StringVar(githubToken, "github-token", "ghp_local", "token the GitHub emulator accepts")
	fs.BoolVar(seed, "seed", false, "create the demo objects: database SETUP, warehouse WH and the GitHub repositories of octocat")
	fs.StringVar(envFile, "env-file", "", "write the provider environment to this file once the stack is up")
	fs.Usage = func() { usage(fs.Output()) }
	return fs
}

func serve() {
	var opts sfemu.Options
	var githubListen, githubToken, envFile string
	var seed bool
	fs := serveFlags(&opts, &githubListen, &githubToken, &seed, &envFile)
	_ = fs.Parse(os.Args[1:]) // ExitOnError
	if fs.NArg() > 0 {
		usage(os.Stderr)
		log.Fatalf("localstack: unknown subcommand or argument %q", fs.Arg(0))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sf, err := sfemu.Start(ctx, opts)
	if err != nil {
		log.Fatalf("starting the Snowflake emulator: %v", err)
	}
	defer func() { _ = sf.Close() }()
	gh, err := ghemu.Start(ghemu.Options{Listen: githubListen})
	if err != nil {
		log.Fatalf("starting the GitHub emulator: %v", err)
	}
	defer func() { _ = gh.Close() }()
	gh.AddToken(githubToken)

	if seed {
		if err := seedDemo(ctx, sf, gh); err != nil {
			log.Fatalf("seeding: %v", err)
		}
	}
	env := sf.ProviderEnv()
	env["GITHUB_API_URL"] = gh.URL()
	env["GITHUB_TOKEN"] = githubToken
	env["GITHUB_HOST_PORT"] = gh.HostPort()
	env["SNOWFLAKE_DSN"] = sf.DSN()
	if seed && envFile != "" {
		// A GitHub App installed on octocat, for `make demo-app`. Not named
		// GITHUB_APP_*: the provider would read those beside GITHUB_TOKEN.
		pemPath := filepath.Join(filepath.Dir(envFile), "github-app.pem")
		if err := seedApp(gh, pemPath); err != nil {
			log.Fatalf("seeding the GitHub App: %v", err)
		}
		env["LOCAL_GITHUB_APP_CLIENT_ID"] = demoAppClientID
		env["LOCAL_GITHUB_APP_INSTALLATION_ID"] = "1"
		env["LOCAL_GITHUB_APP_PEM_PATH"] = pemPath
	}
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var exports strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&exports, "export %s=%q\n", k, env[k])
	}
	fmt.Printf("Snowflake emulator on %s:%d (data: %s)\nGitHub emulator on %s (token %s)\n\nProvider environment:\n%s",
		sf.Host(), sf.Port(), dataLabel(opts.DataDir), gh.URL(), githubToken, exports.String())
	if envFile != "" {
		if err := os.WriteFile(envFile, []byte(exports.String()), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	<-ctx.Done()
	fmt.Println("stopping")
}

func seedDemo(ctx context.Context, sf *sfemu.Server, gh *ghemu.Server) error {
	db, err := sql.Open("snowflake", sf.DSN())
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	for _, stmt := range []string{`CREATE DATABASE IF NOT EXISTS SETUP`, `CREATE WAREHOUSE IF NOT EXISTS WH`} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	// Three repositories match the quickstart's filter (public, not archived,
	// not a fork, topic ingest-issues); the others show the filter working.
	for _, spec := range []ghemu.RepoSpec{
		{Owner: "octocat", Name: "hello-world", Topics: []string{"ingest-issues"}, Issues: 42, PullRequests: 8},
		{Owner: "octocat", Name: "spoon-knife", Topics: []string{"ingest-issues", "demo"}, Issues: 230, PullRequests: 25},
		{Owner: "octocat", Name: "linguist", Topics: []string{"ingest-issues"}, Issues: 12},
		{Owner: "octocat", Name: "old-archive", Topics: []string{"ingest-issues"}, Archived: true, Issues: 5},
		{Owner: "octocat", Name: "private-notes", Topics: []string{"ingest-issues"}, Private: true, Issues: 3},
		{Owner: "octocat", Name: "git-consortium", Issues: 7},
	} {
		if err := gh.CreateRepo(spec); err != nil {
			return err
		}
	}
	return nil
}

const demoAppClientID = "Iv23liLOCALDEMO"

// seedApp registers the demo GitHub App (a new key each start: the GitHub
// emulator keeps nothing) and installs it on octocat for every repository;
// the private key goes to pemPath, readable by its owner only.
func seedApp(gh *ghemu.Server, pemPath string) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	if err := gh.CreateApp(ghemu.AppSpec{ID: 1, ClientID: demoAppClientID, Slug: "ghconnector-local",
		PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}); err != nil {
		return err
	}
	if err := gh.CreateInstallation(ghemu.InstallationSpec{ID: 1, AppID: 1, Account: "octocat",
		Permissions: map[string]string{"issues": "read", "pull_requests": "read"}}); err != nil {
		return err
	}
	return os.WriteFile(pemPath, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600)
}

// runSQL: localstack sql [--json] DSN STATEMENT
func runSQL(args []string) error {
	asJSON := len(args) > 0 && args[0] == "--json"
	if asJSON {
		args = args[1:]
	}
	if len(args) != 2 {
		return fmt.Errorf("usage: localstack sql [--json] DSN STATEMENT")
	}
	db, err := sql.Open("snowflake", args[0])
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	rows, err := db.Query(args[1])
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if !asJSON {
		fmt.Println(strings.Join(cols, "\t"))
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	objects := []map[string]any{}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		out := make([]string, len(cols))
		object := map[string]any{}
		for i, v := range vals {
			out[i] = v.String
			object[cols[i]] = nil
			if v.Valid {
				object[cols[i]] = v.String
			}
		}
		if asJSON {
			objects = append(objects, object)
		} else {
			fmt.Println(strings.Join(out, "\t"))
		}
	}
	if err := rows.Err(); err != nil || !asJSON {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(objects)
}

// githubControl: localstack github GITHUB_URL METHOD PATH JSON, e.g.
// PATCH repos/octocat/hello-world/issues/1 '{"state":"closed"}'.
func githubControl(args []string) error {
	if len(args) != 4 {
		return fmt.Errorf("usage: localstack github GITHUB_URL METHOD PATH JSON")
	}
	url := strings.TrimSuffix(args[0], "/") + "/_control/" + strings.TrimPrefix(args[2], "/")
	req, err := http.NewRequest(args[1], url, bytes.NewBufferString(args[3]))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode >= 300 {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s %s: %s %s", args[1], args[2], resp.Status, body)
	}
	return nil
}

func dataLabel(dir string) string {
	if dir == "" {
		return "in memory"
	}
	return dir
}
