package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // CRON schedules name IANA time zones; do not depend on the host's zoneinfo

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Task schedules as CREATE TASK takes them: '<num> { SECONDS | MINUTES |
// HOURS }' (singular accepted) between 10 seconds and 8 days (11520
// minutes, the documented maximum; "Tasks that have a greater num MINUTE
// value never run"), or 'USING CRON <min> <hour> <day> <month> <weekday>
// <time zone>' with an IANA time zone.

const maxScheduleInterval = 8 * 24 * time.Hour

var (
	scheduleInterval = regexp.MustCompile(`^(?i)([0-9]+) (SECONDS?|MINUTES?|HOURS?)$`)
	cronFieldChars   = regexp.MustCompile(`^[0-9A-Za-z*,/\-]+$`)
)

type cronField struct {
	name     string
	min, max int
	names    []string // JAN…DEC or SUN…SAT, in order from min
	last     bool     // L allowed
}

var cronFields = []cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31, last: true},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day of week", min: 0, max: 6, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, last: true},
}

// normalizeSchedule is the schedule the connector stores and SHOW TASKS
// then returns: single spaces, the interval unit and CRON keywords upper
// case. Two schedules that normalize alike are the same schedule.
func normalizeSchedule(s string) string {
	fields := strings.Fields(s)
	if len(fields) >= 2 && strings.EqualFold(fields[0], "USING") && strings.EqualFold(fields[1], "CRON") {
		fields[0], fields[1] = "USING", "CRON"
		return strings.Join(fields, " ")
	}
	return strings.ToUpper(strings.Join(fields, " "))
}

// alignedSchedule is the schedule the connector gives a repository's task
// (sql.task_schedule, which it mirrors): an interval that divides a day
// into whole minutes is the UTC CRON that fires at the same moments for
// every repository, so the repositories due together share a warehouse
// wake-up; any other schedule is the schedule. Both sides' tests read
// internal/connector/testdata/task-schedules.json.
func alignedSchedule(s string) string {
	text := normalizeSchedule(s)
	m := scheduleInterval.FindStringSubmatch(text)
	if m == nil {
		return text
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return text
	}
	seconds := n * map[byte]int{'S': 1, 'M': 60, 'H': 3600}[m[2][0]]
	minutes := seconds / 60
	switch {
	case seconds%60 != 0 || minutes == 0:
		return text
	case minutes == 1:
		return "USING CRON * * * * * UTC"
	case minutes < 60 && 60%minutes == 0:
		return fmt.Sprintf("USING CRON */%d * * * * UTC", minutes)
	case minutes%60 != 0 || 24%(minutes/60) != 0:
		return text
	case minutes == 60:
		return "USING CRON 0 * * * * UTC"
	case minutes == 24*60:
		return "USING CRON 0 0 * * * UTC"
	}
	return fmt.Sprintf("USING CRON 0 */%d * * * UTC", minutes/60)
}

// validateSchedule says what is wrong with a schedule, or nil.
func validateSchedule(s string) error {
	text := normalizeSchedule(s)
	if m := scheduleInterval.FindStringSubmatch(text); m != nil {
		n, err := strconv.Atoi(m[1])
		unit := map[byte]time.Duration{'S': time.Second, 'M': time.Minute, 'H': time.Hour}[m[2][0]]
		switch {
		case err != nil || n < 1:
			return fmt.Errorf("%q: the interval must be a positive number", s)
		case unit == time.Second && n < 10:
			return fmt.Errorf("%q: the shortest interval Snowflake schedules is 10 SECONDS", s)
		case time.Duration(n)*unit > maxScheduleInterval:
			return fmt.Errorf("%q: the longest interval is 8 days (11520 MINUTES, 192 HOURS); Snowflake never runs a task scheduled less often", s)
		}
		return nil
	}
	fields := strings.Fields(text)
	if len(fields) < 2 || fields[0] != "USING" || fields[1] != "CRON" {
		return fmt.Errorf("%q must be an interval such as '30 MINUTES', '1 HOUR' or '60 SECONDS', or 'USING CRON <minute> <hour> <day> <month> <weekday> <time zone>'", s)
	}
	if len(fields) != 8 {
		return fmt.Errorf("%q: USING CRON takes five fields (minute hour day-of-month month day-of-week) and a time zone, e.g. 'USING CRON 0 * * * * UTC'", s)
	}
	for i, f := range cronFields {
		if err := validateCronField(f, fields[2+i]); err != nil {
			return fmt.Errorf("%q: %w", s, err)
		}
	}
	if _, err := time.LoadLocation(fields[7]); err != nil || fields[7] == "Local" {
		return fmt.Errorf("%q: %q is not an IANA time zone such as UTC or Europe/Paris", s, fields[7])
	}
	return nil
}

func validateCronField(f cronField, text string) error {
	if !cronFieldChars.MatchString(text) {
		return fmt.Errorf("the %s field %q has characters cron does not use", f.name, text)
	}
	value := func(v string) (int, error) {
		for i, name := range f.names {
			if strings.EqualFold(v, name) {
				return f.min + i, nil
			}
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < f.min || n > f.max {
			return 0, fmt.Errorf("the %s field %q must lie in %d-%d", f.name, text, f.min, f.max)
		}
		return n, nil
	}
	for _, part := range strings.Split(text, ",") {
		rng, step, hasStep := strings.Cut(part, "/")
		if hasStep {
			if n, err := strconv.Atoi(step); err != nil || n < 1 || n > f.max+1 {
				return fmt.Errorf("the %s field %q has a bad step %q", f.name, text, step)
			}
		}
		switch {
		case rng == "*":
		case strings.EqualFold(rng, "L") && f.last && !hasStep:
		case len(rng) > 1 && strings.HasSuffix(strings.ToUpper(rng), "L") && f.name == "day of week" && !hasStep:
			// 5L: the last Friday of the month.
			if _, err := value(rng[:len(rng)-1]); err != nil {
				return err
			}
		default:
			lo, hi, isRange := strings.Cut(rng, "-")
			a, err := value(lo)
			if err != nil {
				return err
			}
			if isRange {
				b, err := value(hi)
				if err != nil {
					return err
				}
				if b < a {
					return fmt.Errorf("the %s field %q has a range that runs backwards", f.name, text)
				}
			}
		}
	}
	return nil
}

// taskSchedule validates a schedule attribute at plan time.
type taskSchedule struct{}

func (taskSchedule) Description(context.Context) string {
	return "an interval of 10 SECONDS to 8 days, or USING CRON with five fields and an IANA time zone"
}
func (v taskSchedule) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (taskSchedule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := validateSchedule(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid schedule", req.Path.String()+" "+err.Error()+".")
	}
}

// scheduleRead is the schedule a refresh reads: the configured one while
// the task runs on it (SHOW TASKS returns it as the connector stored it,
// spaces collapsed, keywords upper case, or aligned by alignedSchedule), the
// stored one when the task runs on that (an import, or a change made
// through the connector), else the task's own: a schedule set on the task
// by hand is drift.
func scheduleRead(configured, stored, task string) types.String {
	runsOn := func(s string) bool {
		return s != "" && (normalizeSchedule(task) == alignedSchedule(s) || normalizeSchedule(task) == normalizeSchedule(s))
	}
	switch {
	case runsOn(configured):
		return types.StringValue(configured)
	case runsOn(stored):
		return types.StringValue(stored)
	}
	return types.StringValue(task)
}
