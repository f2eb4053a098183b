package provider

import (
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
