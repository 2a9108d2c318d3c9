package futuretest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/futuretest"
)

// runsToFind returns how many runs s needed to find a failure of body (0:
// none found).
func runsToFind(s futuretest.Strategy, body func(*futuretest.Trial) error, opts ...futuretest.Option) int {
	res := futuretest.Find(s, body, opts...)
	if res.Failure == nil {
		return 0
	}
	return res.Runs
}

// meanRuns is the mean over campaigns (seeds 1..n) of the runs mk(seed)
// needed; a campaign that found nothing counts its budget.
func meanRuns(n, budget int, mk func(runs int, seed uint64) futuretest.Strategy, body func(*futuretest.Trial) error, opts ...futuretest.Option) float64 {
	total := 0
	for seed := 1; seed <= n; seed++ {
		r := runsToFind(mk(budget, uint64(seed)), body, opts...)
		if r == 0 {
			r = budget
		}
		total += r
	}
	return float64(total) / float64(n)
}

// TestPCTBeatsRandomOnBreakfast computes, over 20 campaigns each, the mean
// number of runs seeded random search and PCT at depth 2 need to find the
// breakfast deadlock (deterministic: fixed seeds), and requires PCT's to be
// lower. The means are the doc.go table's.
func TestPCTBeatsRandomOnBreakfast(t *testing.T) {
	random := meanRuns(20, 1000, func(runs int, seed uint64) futuretest.Strategy { return futuretest.Random(runs, seed) }, breakfast(false))
	pct := meanRuns(20, 1000, func(runs int, seed uint64) futuretest.Strategy { return futuretest.PCT(runs, 2, seed) }, breakfast(false))
	t.Logf("breakfast deadlock, mean runs over 20 campaigns: Random %.2f, PCT(depth 2) %.2f", random, pct)
	require.Less(t, pct, random)
}

// TestCampaignTable prints the doc.go table: for each bug, the mean runs
// over 20 campaigns of Random and PCT(depth 2), and the runs of Exhaustive
// (bound 2, deterministic). Run with -v to see it.
func TestCampaignTable(t *testing.T) {
	if testing.Short() {
		t.Skip("table only")
	}
	bugs := []struct {
		name string
		body func(*futuretest.Trial) error
		opts []futuretest.Option
	}{
		{"deadlock (breakfast)", breakfast(false), nil},
		{"livelock (try-lock loop)", livelock, []futuretest.Option{futuretest.MaxPolls(500)}},
		{"lost message", lostMessage, nil},
		{"permit leak", permitLeak, nil},
		{"futurelock", futurelock, nil},
	}
	for _, b := range bugs {
		random := meanRuns(20, 1000, func(runs int, seed uint64) futuretest.Strategy { return futuretest.Random(runs, seed) }, b.body, b.opts...)
		pct := meanRuns(20, 1000, func(runs int, seed uint64) futuretest.Strategy { return futuretest.PCT(runs, 2, seed) }, b.body, b.opts...)
		ex := runsToFind(futuretest.Exhaustive(200, 2), b.body, b.opts...)
		t.Logf("| %-26s | %6.2f | %6.2f | %4d |", b.name, random, pct, ex)
	}
}
