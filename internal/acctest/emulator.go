package acctest

import (
	"context"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
	sfemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/snowflake"
	"github.com/ghconnector/terraform-provider-ghconnector/internal/snowflake"
)

func init() {
	// Driver errors are returned to callers; its own log lines are noise.
	_ = sf.GetLogger().SetLogLevel("fatal")
}

// Snowflake starts an in-memory Snowflake emulator for one test and points
// the provider's environment at it.
func Snowflake(t testing.TB) *sfemu.Server {
	t.Helper()
	ClearProviderEnv(t)
	return startSnowflake(t, sfemu.Options{})
}

// SnowflakeWithPublicGitHub starts the Snowflake emulator after gh, with
// gh standing in for https://api.github.com in its procedures' egress:
// configurations written for github.com (network rules on
// api.github.com:443, the default API URL) run unchanged.
func SnowflakeWithPublicGitHub(t testing.TB, gh *ghemu.Server) *sfemu.Server {
	t.Helper()
	ClearProviderEnv(t)
	t.Setenv("GITHUB_API_URL", gh.URL()) // the provider's own checks still call gh directly
	t.Setenv("GITHUB_TOKEN", GitHubToken)
	return startSnowflake(t, sfemu.Options{Upstreams: map[string]string{"api.github.com:443": gh.URL()}})
}

// SnowflakeScheduled is Snowflake whose tasks run on their schedules
// scaled by scale (0.002: '30 MINUTES' every 3.6 s), for tests of
// scheduled runs.
func SnowflakeScheduled(t testing.TB, scale float64) *sfemu.Server {
	t.Helper()
	ClearProviderEnv(t)
	return startSnowflake(t, sfemu.Options{ScheduleScale: scale, SchedulerTick: 50 * time.Millisecond})
}

// noScheduledRuns is the emulator's schedule scale in acceptance tests:
// a '30 MINUTES' task would next run in weeks and a CRON one (the
// connector aligns interval schedules to CRON) after more than a real
// half day, so no scheduled run starts during a test; tests run tasks
// with EXECUTE TASK, the actions or the connector's own first run.
const noScheduledRuns = 1000

func startSnowflake(t testing.TB, opts sfemu.Options) *sfemu.Server {
	t.Helper()
	if opts.ScheduleScale == 0 {
		opts.ScheduleScale = noScheduledRuns
	}
	t.Setenv("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")
	srv, err := sfemu.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting the Snowflake emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	for k, v := range srv.ProviderEnv() {
		t.Setenv(k, v)
	}
	return srv
}

// Client returns a SQL-layer client to the emulator as its admin, for
// out-of-band changes in PreConfig and checks in CheckDestroy.
func Client(t testing.TB, srv *sfemu.Server) *snowflake.Client {
	t.Helper()
	env := srv.ProviderEnv()
	client, err := snowflake.Open(snowflake.ConnectionConfig{
		Account: env["SNOWFLAKE_ACCOUNT"], User: env["SNOWFLAKE_USER"], Password: env["SNOWFLAKE_PASSWORD"],
		Host: srv.Host(), Port: srv.Port(), Protocol: "http", Warehouse: env["SNOWFLAKE_WAREHOUSE"],
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

// Exec runs a statement as the emulator's admin and fails the test on error.
func Exec(t testing.TB, client *snowflake.Client, st snowflake.Statement) {
	t.Helper()
	if err := client.Exec(context.Background(), st); err != nil {
		text, _ := st.SQL()
		t.Fatalf("%s: %v", text, err)
	}
}

// Database creates a database (with its PUBLIC schema) for a test.
func Database(t testing.TB, client *snowflake.Client, name string) {
	t.Helper()
	Exec(t, client, snowflake.CreateDatabase{ID: snowflake.NewAccountObjectIdentifier(name)})
}

// ExecSQL runs setup statements that no resource manages (warehouses,
// grants made by hand) directly on the emulator. Test setup only.
func ExecSQL(t testing.TB, client *snowflake.Client, statements ...string) {
	t.Helper()
	for _, q := range statements {
		if _, err := client.DB().ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// GitHub starts a GitHub emulator for one test, with token "ghp_acctest",
// and points the provider's github block environment at it.
func GitHub(t testing.TB) *ghemu.Server {
	t.Helper()
	srv, err := ghemu.Start(ghemu.Options{})
	if err != nil {
		t.Fatalf("starting the GitHub emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	srv.AddToken(GitHubToken)
	t.Setenv("GITHUB_API_URL", srv.URL())
	t.Setenv("GITHUB_TOKEN", GitHubToken)
	for _, name := range []string{"GITHUB_APP_ID", "GITHUB_APP_INSTALLATION_ID", "GITHUB_APP_PEM_FILE"} {
		t.Setenv(name, "") // the token, not a developer's App, unless a test sets them
	}
	return srv
}

// GitHubToken is the token the GitHub emulator accepts in tests.
const GitHubToken = "ghp_acctest"
