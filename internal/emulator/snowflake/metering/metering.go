// Package metering bills compute as Snowflake does ("Understanding compute
// cost", docs.snowflake.com/en/user-guide/cost-understanding-compute): a
// warehouse resumes when a statement needs it, keeps running while any
// runs and for AUTO_SUSPEND seconds after the last ends, and is billed
// per second at its size's credits per hour, with a 60-second minimum each
// time it resumes; a serverless task is billed for the seconds its runs
// use, without a minimum. The engine meters the account's warehouses with
// it (the ACCOUNT_USAGE views) and the credits benchmark bills simulated
// days with it.
package metering

import (
	"math"
	"sort"
	"strings"
	"time"
)

// Interval is a time a statement ran on a warehouse, or a serverless run.
type Interval struct{ Start, End time.Time }

// minimumBilled is what each resume costs at least: "Each time a warehouse
// is started or resumed, the warehouse is billed for 1 minute's worth of
// usage".
const minimumBilled = time.Minute

// creditsPerHour of a standard warehouse by size, as CREATE WAREHOUSE
// spells them (the credit table of "Understanding compute cost").
var creditsPerHour = map[string]float64{
	"XSMALL": 1, "X-SMALL": 1, "SMALL": 2, "MEDIUM": 4, "LARGE": 8,
	"XLARGE": 16, "X-LARGE": 16, "XXLARGE": 32, "X2LARGE": 32, "2X-LARGE": 32,
	"XXXLARGE": 64, "X3LARGE": 64, "3X-LARGE": 64, "X4LARGE": 128, "4X-LARGE": 128,
	"X5LARGE": 256, "5X-LARGE": 256, "X6LARGE": 512, "6X-LARGE": 512,
}

// CreditsPerHour is a size's rate; an unknown size is XSMALL's, the
// default of CREATE WAREHOUSE.
func CreditsPerHour(size string) float64 {
	if r, ok := creditsPerHour[strings.ToUpper(size)]; ok {
		return r
	}
	return 1
}

// ServerlessMultiplier is the compute multiplier of serverless tasks in
// Snowflake's Credit Consumption Table (serverless features): a run of d
// seconds sized like an XSMALL warehouse costs d/3600 × 1 × 0.9 credits.
// The table is Snowflake's to change; the cost guide says to check it.
const ServerlessMultiplier = 0.9

// Period is one wake-up of a warehouse: from its resume to its suspend.
// A period still running at the time of reading ends then, not suspended.
type Period struct {
	Resume, Suspend time.Time
	Suspended       bool
}

// Billed is the period's billed time: whole seconds, at least a minute.
func (p Period) Billed() time.Duration {
	d := time.Duration(math.Ceil(p.Suspend.Sub(p.Resume).Seconds())) * time.Second
	return max(d, minimumBilled)
}

// Periods are the wake-ups busy intervals cause on a warehouse that
// suspends after autoSuspend idle (0: never), as of now.
func Periods(busy []Interval, autoSuspend time.Duration, now time.Time) []Period {
	sorted := append([]Interval(nil), busy...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start.Before(sorted[j].Start) })
	var out []Period
	var lastEnd time.Time
	for _, b := range sorted {
		if len(out) > 0 && (autoSuspend <= 0 || b.Start.Before(lastEnd.Add(autoSuspend))) {
			if b.End.After(lastEnd) {
				lastEnd = b.End
			}
			continue
		}
		if len(out) > 0 {
			out[len(out)-1].Suspend = lastEnd.Add(autoSuspend)
		}
		out = append(out, Period{Resume: b.Start})
		lastEnd = b.End
	}
	if len(out) > 0 {
		last := &out[len(out)-1]
		if end := lastEnd.Add(autoSuspend); autoSuspend > 0 && !end.After(now) {
			last.Suspend, last.Suspended = end, true
		} else {
			last.Suspend = now
		}
	}
	for i := range out[:max(len(out)-1, 0)] {
		out[i].Suspended = true
	}
	return out
}

// Credits is what periods cost on a warehouse of size.
func Credits(periods []Period, size string) float64 {
	var billed time.Duration
	for _, p := range periods {
		billed += p.Billed()
	}
	return billed.Hours() * CreditsPerHour(size)
}

// Hour is one row of WAREHOUSE_METERING_HISTORY: the credits of the hour
// that starts at Start.
type Hour struct {
	Start   time.Time
	Credits float64
}

// Hourly splits periods over the hours they ran in, each resume's minimum
// charge in the hour it resumed; hours without credits are left out.
func Hourly(periods []Period, size string) []Hour {
	rate := CreditsPerHour(size)
	byHour := map[time.Time]float64{}
	for _, p := range periods {
		// the minimum, and the rounding up to a whole second, where it resumed
		extra := p.Billed() - p.Suspend.Sub(p.Resume)
		byHour[p.Resume.Truncate(time.Hour)] += extra.Hours() * rate
		for t := p.Resume; t.Before(p.Suspend); {
			next := t.Truncate(time.Hour).Add(time.Hour)
			if next.After(p.Suspend) {
				next = p.Suspend
			}
			byHour[t.Truncate(time.Hour)] += next.Sub(t).Hours() * rate
			t = next
		}
	}
	out := make([]Hour, 0, len(byHour))
	for start, credits := range byHour {
		if credits > 0 {
			out = append(out, Hour{Start: start, Credits: credits})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// ServerlessCredits is what a serverless run costs at size: its seconds,
// rounded up, without a minimum.
func ServerlessCredits(run Interval, size string) float64 {
	seconds := math.Ceil(run.End.Sub(run.Start).Seconds())
	return seconds / 3600 * CreditsPerHour(size) * ServerlessMultiplier
}
