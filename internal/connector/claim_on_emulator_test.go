package connector

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	ghemu "github.com/ghconnector/terraform-provider-ghconnector/internal/emulator/github"
)

// Many ENABLE_RESOURCE calls for one repository at the same moment, each
// on its own session (as Terraform's parallel creates are): exactly one
// wins every round, the others are refused as "already enabled", and the
// winner's schedule is the one stored and in the task. Rounds alternate a
// fresh repository and one disabled with its data kept, and each ends with
// the repository disabled so the next round races again.
func TestConcurrentEnablesHaveExactlyOneWinner(t *testing.T) {
	const token, callers, rounds = "ghp_claim", 8, 6
	gh := githubRepo(t, ghemu.Options{}, token, 3, 0)
	srv, db := emulatorDB(t)
	installConnector(t, db, gh, token, `{"schedule":"30 MINUTES","paused":true}`)
	mustExec(t, db, `CALL GH_APP.PUBLIC.DISABLE_RESOURCE('octo/hello-world', TRUE)`)
	sessions := make([]*sql.DB, callers)
	for i := range sessions {
		sessions[i] = connectAs(t, srv, "ADMIN", "admin", "ACCOUNTADMIN")
		if err := sessions[i].Ping(); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	for round := range rounds {
		start := make(chan struct{})
		errs := make([]error, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = sessions[i].ExecContext(ctx, fmt.Sprintf(
					`CALL GH_APP.PUBLIC.ENABLE_RESOURCE('octo/hello-world', PARSE_JSON('{"schedule":"%d MINUTES","paused":true}'))`, 41+i))
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Fatalf("round %d: callers %d and %d both enabled the repository", round, winner, i)
			case err == nil:
				winner = i
			case !strings.Contains(err.Error(), "octo/hello-world is already enabled"):
				t.Fatalf("round %d: caller %d failed otherwise: %v", round, i, err)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: nobody won", round)
		}
		// 41 to 59 minutes divide no hour: the task keeps them as written
		// (sql.task_schedule aligns the others).
		want := fmt.Sprintf("%d MINUTES", 41+winner)
		if n, mine := countOf(t, db, `SELECT COUNT(*) FROM GH_APP.PUBLIC.INGESTION_STATUS WHERE ENABLED`),
			countOf(t, db, `SELECT COUNT(*) FROM GH_APP.PUBLIC.INGESTION_STATUS WHERE ENABLED AND SCHEDULE = ?`, want); n != 1 || mine != 1 {
			t.Fatalf("round %d: %d enabled rows, %d with the winner's %s; want one", round, n, mine, want)
		}
		if got := dumpRows(t, db, `SHOW TASKS LIKE 'INGEST__OCTO__HELLO_WORLD' IN SCHEMA GH_APP.TASKS`); !strings.Contains(got, want) {
			t.Fatalf("round %d: the task is not the winner's (%s): %s", round, want, got)
		}
		mustExec(t, db, fmt.Sprintf(`CALL GH_APP.PUBLIC.DISABLE_RESOURCE('octo/hello-world', %v)`, round%2 == 1))
	}
}
