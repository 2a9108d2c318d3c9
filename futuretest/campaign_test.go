package futuretest_test

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

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
	m, _ := meanRunsSE(n, budget, mk, body, opts...)
	return m
}

// meanRunsSE is meanRuns with the standard error of the mean.
func meanRunsSE(n, budget int, mk func(runs int, seed uint64) futuretest.Strategy, body func(*futuretest.Trial) error, opts ...futuretest.Option) (mean, se float64) {
	var sum, sq float64
	for seed := 1; seed <= n; seed++ {
		r := runsToFind(mk(budget, uint64(seed)), body, opts...)
		if r == 0 {
			r = budget
		}
		sum += float64(r)
		sq += float64(r) * float64(r)
	}
	mean = sum / float64(n)
	if n > 1 {
		se = math.Sqrt((sq - sum*mean) / float64(n-1) / float64(n))
	}
	return mean, se
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

// TestCampaignTable prints the doc.go table: for each bug of the corpus,
// the mean runs over campaigns (seeds 1..n) of Random and PCT(depth 2),
// the runs of Exhaustive(200, 2) (deterministic) and its wall time; then
// the sizes of two complete searches. Set FUTURETEST_TABLE=1 to run it
// (about a minute with n = 200; FUTURETEST_TABLE=20 for 20 campaigns).
func TestCampaignTable(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("FUTURETEST_TABLE"))
	if n == 0 {
		t.Skip("set FUTURETEST_TABLE=1 (or a number of campaigns) to measure the doc.go table")
	}
	if n == 1 {
		n = 200
	}
	faults := []futuretest.Option{futuretest.InjectFaults()}
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
		{"lost update, 5-step tail", lostUpdate(5), nil},
		{"lost update, 10-step tail", lostUpdate(10), nil},
		{"lost update, 20-step tail", lostUpdate(20), nil},
		{"lost update, executor.Spawn", spawnedLostUpdate, nil},
		{"lost update, JoinSet", joinSetLostUpdate, nil},
		{"SpawnBlocking order", blockingFlag, nil},
		{"retry debits twice (faults)", retryDebit, faults},
	}
	only := os.Getenv("FUTURETEST_ROWS") // a substring of the rows to measure ("" for all)
	for _, b := range bugs {
		if !strings.Contains(b.name, only) {
			continue
		}
		random, rse := meanRunsSE(n, 1000, func(runs int, seed uint64) futuretest.Strategy { return futuretest.Random(runs, seed) }, b.body, b.opts...)
		pct, pse := meanRunsSE(n, 1000, func(runs int, seed uint64) futuretest.Strategy { return futuretest.PCT(runs, 2, seed) }, b.body, b.opts...)
		start := time.Now()
		ex := runsToFind(futuretest.Exhaustive(200, 2), b.body, b.opts...)
		t.Logf("| %-30s | %6.2f ± %4.2f | %6.2f ± %4.2f | %4d | %v", b.name, random, rse, pct, pse, ex, time.Since(start).Round(time.Microsecond))
	}
	for _, c := range []struct {
		name  string
		body  func(*futuretest.Trial) error
		bound int
	}{
		{"fixed breakfast", breakfast(true), 2},
		{"select loop, 8 values", selectLoop(8), 0},
		{"select loop, 20 values (25 steps)", selectLoop(20), 0},
		{"select loop, 20 values (25 steps)", selectLoop(20), 1},
	} {
		start := time.Now()
		res := futuretest.Find(futuretest.Exhaustive(200, c.bound), c.body)
		t.Logf("complete search of %s at bound %d: %d runs, exhausted=%v, %v", c.name, c.bound, res.Runs, res.Exhausted, time.Since(start).Round(time.Microsecond))
	}
}
