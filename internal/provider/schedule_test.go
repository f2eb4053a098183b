package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateSchedule(t *testing.T) {
	good := []string{"30 MINUTES", "1 minute", "10 SECONDS", "60 seconds", "1 HOUR", "192 HOURS", "11520 MINUTES", "691200 SECONDS",
		"USING CRON 0 * * * * UTC", "using cron */15 9-17 * * MON-FRI Europe/Paris", "USING CRON 0 7,10 * * 5L UTC",
		"USING CRON 0 0 L * * America/New_York", "USING CRON 30 2 1 JAN,JUL * UTC", "USING  CRON   0 * * * *   UTC"}
	for _, s := range good {
		if err := validateSchedule(s); err != nil {
			t.Errorf("%q refused: %v", s, err)
		}
	}
	bad := map[string]string{
		"5 SECONDS":                         "10 SECONDS",
		"0 MINUTES":                         "positive",
		"11521 MINUTES":                     "8 days",
		"193 HOURS":                         "8 days",
		"691201 SECONDS":                    "8 days",
		"30 fortnights":                     "must be an interval",
		"30MINUTES":                         "must be an interval",
		"USING CRON 0 * * * UTC":            "five fields",
		"USING CRON 60 * * * * UTC":         "minute field \"60\" must lie in 0-59",
		"USING CRON 0 24 * * * UTC":         "hour",
		"USING CRON 0 0 0 * * UTC":          "day of month",
		"USING CRON 0 0 * 13 * UTC":         "month",
		"USING CRON 0 0 * * 7 UTC":          "day of week",
		"USING CRON 0 0 * * FRY UTC":        "day of week",
		"USING CRON 0 17-9 * * * UTC":       "backwards",
		"USING CRON */0 * * * * UTC":        "bad step",
		"USING CRON 0 * * * * Mars/Olympus": "IANA time zone",
		"USING CRON 0 * * * * Local":        "IANA time zone",
		"USING CRON 0; * * * * UTC":         "characters",
	}
	for s, want := range bad {
		err := validateSchedule(s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error mentioning %q", s, err, want)
		}
	}
}

func TestNormalizeSchedule(t *testing.T) {
	for in, want := range map[string]string{
		"30 minutes": "30 MINUTES", " 1  hour ": "1 HOUR",
		"using cron 0  *  * * * Europe/Paris": "USING CRON 0 * * * * Europe/Paris",
	} {
		if got := normalizeSchedule(in); got != want {
			t.Errorf("normalizeSchedule(%q) = %q, want %q", in, got, want)
		}
	}
}

// The task schedules the connector creates (sql.task_schedule): the cases
// its own test reads too.
func TestAlignedScheduleMirrorsTheConnector(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "connector", "testdata", "task-schedules.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Cases [][2]string }
	if err := json.Unmarshal(raw, &doc); err != nil || len(doc.Cases) < 10 {
		t.Fatalf("%d cases: %v", len(doc.Cases), err)
	}
	for _, c := range doc.Cases {
		if got := alignedSchedule(c[0]); got != c[1] {
			t.Errorf("alignedSchedule(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// A refresh reads the configured schedule while the task runs on it
// (aligned or as written by an older connector), the stored one after an
// import, and the task's own when it was changed by hand.
func TestScheduleRead(t *testing.T) {
	for _, c := range []struct{ configured, stored, task, want string }{
		{"30 MINUTES", "30 MINUTES", "USING CRON */30 * * * * UTC", "30 MINUTES"},
		{"30 minutes", "30 MINUTES", "USING CRON */30 * * * * UTC", "30 minutes"},
		{"30 MINUTES", "30 MINUTES", "30 MINUTES", "30 MINUTES"}, // a connector before alignment
		{"", "1 HOUR", "USING CRON 0 * * * * UTC", "1 HOUR"},     // import
		{"45 MINUTES", "45 MINUTES", "45 MINUTES", "45 MINUTES"},
		{"30 MINUTES", "30 MINUTES", "USING CRON */15 * * * * UTC", "USING CRON */15 * * * * UTC"}, // changed by hand
		{"30 MINUTES", "1 HOUR", "USING CRON 0 * * * * UTC", "1 HOUR"},                             // changed through the connector
	} {
		if got := scheduleRead(c.configured, c.stored, c.task).ValueString(); got != c.want {
			t.Errorf("scheduleRead(%q, %q, %q) = %q, want %q", c.configured, c.stored, c.task, got, c.want)
		}
	}
}
