package futuretest_test

import (
	"testing"
	"time"

	"github.com/kettle-rt/kettle/futuretest"
)

func TestMeasureToday(t *testing.T) {
	for _, tail := range []int{5, 10, 20} {
		st := time.Now()
		t.Logf("lostUpdate(%d): exhaustive %d runs (%v), random %.2f, pct %.2f", tail,
			runsToFind(futuretest.Exhaustive(200, 2), lostUpdate(tail)), time.Since(st),
			meanRuns(20, 1000, func(r int, s uint64) futuretest.Strategy { return futuretest.Random(r, s) }, lostUpdate(tail)),
			meanRuns(20, 1000, func(r int, s uint64) futuretest.Strategy { return futuretest.PCT(r, 2, s) }, lostUpdate(tail)))
	}
	t.Logf("spawnedLostUpdate: exhaustive %d random %d pct %d",
		runsToFind(futuretest.Exhaustive(200, 2), spawnedLostUpdate),
		runsToFind(futuretest.Random(1000, 1), spawnedLostUpdate),
		runsToFind(futuretest.PCT(1000, 2, 1), spawnedLostUpdate))
	for _, n := range []int{2, 4, 6, 8} {
		st := time.Now()
		res := futuretest.Find(futuretest.Exhaustive(200, 0), selectLoop(n))
		t.Logf("selectLoop(%d) bound 0: %d runs exhausted=%v fail=%v (%v)", n, res.Runs, res.Exhausted, res.Failure, time.Since(st))
	}
	st := time.Now()
	res := futuretest.Find(futuretest.Exhaustive(200, 2), breakfast(true))
	t.Logf("fixed breakfast bound 2: %d runs (%v/run)", res.Runs, time.Since(st)/time.Duration(res.Runs))
}
