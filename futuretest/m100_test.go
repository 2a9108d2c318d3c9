package futuretest_test

import (
	"testing"

	"github.com/kettle-rt/kettle/futuretest"
)

func TestM100(t *testing.T) {
	bugs := []struct {
		name string
		body func(*futuretest.Trial) error
		opts []futuretest.Option
	}{
		{"breakfast", breakfast(false), nil},
		{"livelock", livelock, []futuretest.Option{futuretest.MaxPolls(500)}},
		{"lostmsg", lostMessage, nil},
		{"permit", permitLeak, nil},
		{"futurelock", futurelock, nil},
		{"lostUpdate20", lostUpdate(20), nil},
	}
	for _, b := range bugs {
		r := meanRuns(200, 1000, func(runs int, seed uint64) futuretest.Strategy { return futuretest.Random(runs, seed) }, b.body, b.opts...)
		p := meanRuns(200, 1000, func(runs int, seed uint64) futuretest.Strategy { return futuretest.PCT(runs, 2, seed) }, b.body, b.opts...)
		t.Logf("%-14s random %6.2f pct %6.2f", b.name, r, p)
	}
}
