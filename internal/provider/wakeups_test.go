package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ghconnector/terraform-provider-ghconnector/internal/acctest"
	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// wakeUpScale runs '30 MINUTES' every 9 s and '15 MINUTES' every 4.5 s.
const wakeUpScale = 0.005

// Repositories of one connector run in the same warehouse wake-ups, and
// keep doing so after one's schedule changes (30 to 15 minutes: still at
// :00 and :30 with the others), one is paused and resumed, and one's run
// fails: on the emulator's scheduler, each scheduled run of the three
// tasks starts with the others due at that moment, never at a moment of
// its own. (An interval task counts from its last resume: before the
// connector aligned schedules, the resume alone moved it off the others.)
func TestAccRepositoriesShareWakeUps(t *testing.T) {
	acctest.PreCheck(t)
	sf := acctest.SnowflakeScheduled(t, wakeUpScale)
	gh := acctest.GitHub(t)
	repos := []string{"r1", "r2", "r3"}
	for _, name := range repos {
		if err := gh.CreateRepo(ghemu.RepoSpec{Owner: "octo", Name: name, Issues: 3}); err != nil {
			t.Fatal(err)
		}
	}
	acctest.ExecSQL(t, acctest.Client(t, sf), `CREATE DATABASE SETUP`, `CREATE WAREHOUSE WH`)
	config := func(schedules [3]string, paused [3]bool) string {
		out := `terraform {
  required_providers {
    ghconnector = { source = "ghconnector/ghconnector" }
  }
}
` + baseStackConfig(gh.HostPort(), gh.URL())
		for i, name := range repos {
			out += fmt.Sprintf(`
resource "ghconnector_repository" %[1]q {
  application          = ghconnector_connector_config.github.application
  repository           = "octo/%[1]s"
  schedule             = %[2]q
  paused               = %[3]t
  drop_data_on_destroy = true
}
`, name, schedules[i], paused[i])
		}
		return out
	}
	cli := acctest.NewCLI(t, config([3]string{"30 MINUTES", "30 MINUTES", "30 MINUTES"}, [3]bool{}))
	cli.Init()
	apply := func(schedules [3]string, paused [3]bool) {
		t.Helper()
		cli.WriteFile("main.tf", config(schedules, paused))
		cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color", "-var=github_token="+acctest.GitHubToken)
	}
	apply([3]string{"30 MINUTES", "30 MINUTES", "30 MINUTES"}, [3]bool{})
	apply([3]string{"30 MINUTES", "15 MINUTES", "30 MINUTES"}, [3]bool{false, false, true}) // a change, a pause
	time.Sleep(2 * time.Second)                                                             // a resume at a moment of its own
	apply([3]string{"30 MINUTES", "15 MINUTES", "30 MINUTES"}, [3]bool{})
	gh.InjectFault(ghemu.Fault{Status: 401, Count: 1000, PathContains: "/repos/octo/r1/"})
	since := time.Now()
	if _, out := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", "-var=github_token="+acctest.GitHubToken); !strings.Contains(out, "No changes") {
		t.Fatalf("the aligned task schedules read as the configured ones:\n%s", out)
	}

	// Watch three half-hours of the scaled clock.
	time.Sleep(time.Duration(float64(3*30*time.Minute)*wakeUpScale) + time.Second)
	sf.WaitForTasks()
	type run struct {
		repo string
		at   time.Time
	}
	var runs []run
	for _, r := range sf.QueryHistory() {
		if r.Type != "CALL" || r.User != "SYSTEM" || r.Start.Before(since) {
			continue
		}
		for _, name := range repos {
			if strings.Contains(r.Text, "'octo/"+name+"'") {
				runs = append(runs, run{repo: name, at: r.Start})
			}
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].at.Before(runs[j].at) })
	// Wake-ups: runs less than two seconds apart (the scaled quarter hour
	// is 4.5 s; a busy machine may start a run late, never by seconds).
	var wakeUps [][]run
	for i, r := range runs {
		if i == 0 || r.at.Sub(runs[i-1].at) > 2*time.Second {
			wakeUps = append(wakeUps, nil)
		}
		wakeUps[len(wakeUps)-1] = append(wakeUps[len(wakeUps)-1], r)
	}
	full := 0
	for _, w := range wakeUps {
		names := map[string]bool{}
		for _, r := range w {
			names[r.repo] = true
		}
		switch {
		case len(names) == 3:
			full++
		case len(names) == 1 && names["r2"]:
			// a quarter past or to: the 15-minute repository alone
		default:
			t.Errorf("a wake-up of its own: %v at %s (all wake-ups: %v)", names, w[0].at.Format("15:04:05.000"), wakeUps)
		}
	}
	if full < 2 || len(wakeUps) < 4 {
		t.Fatalf("want at least two half-hours with all three repositories among at least four wake-ups, got %d of %d: %v", full, len(wakeUps), wakeUps)
	}
	if gh.Stats().ByStatus["401"] == 0 {
		t.Fatalf("r1's runs never failed: %+v", gh.Stats())
	}

	// What they cost, through ghconnector_ingestion_status: each
	// repository's share of the warehouse's metered credits.
	cli.WriteFile("credits.tf", `
data "ghconnector_ingestion_status" "all" {
  application = ghconnector_connector_config.github.application
  credits     = true
}

output "credits" {
  value = { for r in data.ghconnector_ingestion_status.all.repositories : r.repository => r.credits_last_day }
}
`)
	apply([3]string{"30 MINUTES", "15 MINUTES", "30 MINUTES"}, [3]bool{})
	_, out := cli.Run("output", "-json", "credits")
	var credits map[string]float64
	if err := json.Unmarshal([]byte(out[max(strings.LastIndex(out, "\n{"), 0):]), &credits); err != nil || len(credits) != 3 {
		t.Fatalf("credits per repository: %v %s", err, out)
	}
	var sum float64
	for repo, c := range credits {
		if c <= 0 {
			t.Errorf("%s ran on the warehouse but was billed nothing: %v", repo, credits)
		}
		sum += c
	}
	var metered float64
	if err := acctest.Client(t, sf).DB().QueryRowContext(context.Background(),
		`SELECT SUM(CREDITS_USED) FROM SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY WHERE WAREHOUSE_NAME = 'WH'`).Scan(&metered); err != nil {
		t.Fatal(err)
	}
	// The repositories share what the warehouse was billed in the hours
	// they ran; the read came after, so the bill is at least their sum.
	if sum <= 0 || sum > metered+1e-9 {
		t.Fatalf("the repositories' credits %v (sum %v) are not a share of the warehouse's %v", credits, sum, metered)
	}
}
