package metering

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// The bill of generated timelines (runs that overlap, touch, or come
// before and after a suspend; AUTO_SUSPEND of one second to ten minutes)
// equals one computed second by second without the model: the warehouse
// is up in second t when a statement ran in t or in one of the
// AUTO_SUSPEND seconds before it; a statement that finds it down resumes
// it, and each resume is billed its running seconds, at least 60.
func TestBillsMatchSecondBySecond(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d (set it in the test to replay)", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	epoch := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for scenario := range 500 {
		autoSuspend := []int{1, 30, 60, 61, 300, 600}[rng.IntN(6)]
		window := 1 + rng.IntN(4*3600)
		var busy []Interval
		busySeconds := make([]bool, window+3600)
		for range 1 + rng.IntN(40) {
			start := rng.IntN(window)
			d := 1 + rng.IntN([]int{5, 90, 900}[rng.IntN(3)])
			busy = append(busy, Interval{epoch.Add(time.Duration(start) * time.Second), epoch.Add(time.Duration(start+d) * time.Second)})
			for s := start; s < start+d; s++ {
				busySeconds[s] = true
			}
		}
		now := epoch.Add(time.Duration(len(busySeconds)+autoSuspend) * time.Second)

		// Second by second. A statement that starts in the very second the
		// warehouse suspends finds it suspended: a new resume, a new minimum.
		var wantResumes, wantBilled, stretch int
		lastBusy := math.MinInt
		for sec := range len(busySeconds) + autoSuspend {
			up := lastBusy != math.MinInt && sec < lastBusy+1+autoSuspend
			if sec < len(busySeconds) && busySeconds[sec] {
				if !up {
					if wantResumes > 0 {
						wantBilled += max(stretch, 60)
					}
					wantResumes++
					stretch = 0
				}
				lastBusy = sec
				up = true
			}
			if up {
				stretch++
			}
		}
		if wantResumes > 0 {
			wantBilled += max(stretch, 60)
		}

		periods := Periods(busy, time.Duration(autoSuspend)*time.Second, now)
		if len(periods) != wantResumes {
			t.Fatalf("seed %d scenario %d: %d resumes, want %d", seed, scenario, len(periods), wantResumes)
		}
		var billed time.Duration
		for _, p := range periods {
			billed += p.Billed()
			if !p.Suspended {
				t.Fatalf("seed %d scenario %d: a period before now is not suspended: %+v", seed, scenario, p)
			}
		}
		if billed != time.Duration(wantBilled)*time.Second {
			t.Fatalf("seed %d scenario %d: billed %s, want %ds", seed, scenario, billed, wantBilled)
		}
		for _, size := range []string{"XSMALL", "MEDIUM"} {
			total := Credits(periods, size)
			if want := float64(wantBilled) / 3600 * CreditsPerHour(size); math.Abs(total-want) > 1e-9 {
				t.Fatalf("seed %d scenario %d: %s credits %v, want %v", seed, scenario, size, total, want)
			}
			var hourly float64
			for _, h := range Hourly(periods, size) {
				hourly += h.Credits
			}
			if math.Abs(hourly-total) > 1e-9 {
				t.Fatalf("seed %d scenario %d: hourly rows sum to %v, the bill is %v", seed, scenario, hourly, total)
			}
		}
	}
}

// Hand-computed bills: the cases the cost guide explains.
func TestBillsByHand(t *testing.T) {
	at := func(s int) time.Time {
		return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(s) * time.Second)
	}
	run := func(from, to int) Interval { return Interval{at(from), at(to)} }
	for _, c := range []struct {
		name        string
		busy        []Interval
		autoSuspend int
		now         int
		resumes     int
		billed      int // seconds
	}{
		{"one 2-second run: a minute's minimum", []Interval{run(0, 2)}, 1, 3600, 1, 60},
		{"one 2-second run, AUTO_SUSPEND 60: 62 seconds", []Interval{run(0, 2)}, 60, 3600, 1, 62},
		{"two runs a minute apart share a wake-up", []Interval{run(0, 2), run(50, 52)}, 60, 3600, 1, 112},
		{"the second run arrives as the warehouse suspends: two resumes", []Interval{run(0, 2), run(62, 64)}, 60, 3600, 2, 62 + 62},
		{"overlapping runs are billed once", []Interval{run(0, 30), run(10, 20), run(25, 40)}, 60, 3600, 1, 100},
		{"AUTO_SUSPEND 600 keeps it ten minutes", []Interval{run(0, 2)}, 600, 3600, 1, 602},
		{"still running at the time of reading: billed until then", []Interval{run(0, 2)}, 600, 100, 1, 100},
		{"a hundred scattered 2-second runs in 30 minutes never let it sleep", scattered(at, 100, 1800, 2), 60, 1800 + 62, 1, 1782 + 2 + 60},
		{"the same hundred runs together: one short wake-up", together(at, 100, 2), 60, 3600, 1, 2 + 60},
	} {
		periods := Periods(c.busy, time.Duration(c.autoSuspend)*time.Second, at(c.now))
		var billed time.Duration
		for _, p := range periods {
			billed += p.Billed()
		}
		if len(periods) != c.resumes || billed != time.Duration(c.billed)*time.Second {
			t.Errorf("%s: %d resumes, %s billed; want %d, %ds", c.name, len(periods), billed, c.resumes, c.billed)
		}
	}
	serverless := ServerlessCredits(Interval{at(0), at(2)}, "XSMALL")
	if want := 2.0 / 3600 * ServerlessMultiplier; math.Abs(serverless-want) > 1e-12 {
		t.Errorf("a 2-second serverless run costs %v credits, want %v (no minimum)", serverless, want)
	}
}

// scattered is n runs of d seconds spread evenly over span seconds.
func scattered(at func(int) time.Time, n, span, d int) []Interval {
	out := make([]Interval, n)
	for i := range out {
		s := i * span / n
		out[i] = Interval{at(s), at(s + d)}
	}
	return out
}

// together is n runs of d seconds that start at once.
func together(at func(int) time.Time, n, d int) []Interval {
	out := make([]Interval, n)
	for i := range out {
		out[i] = Interval{at(0), at(d)}
	}
	return out
}
