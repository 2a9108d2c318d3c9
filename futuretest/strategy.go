package futuretest

import (
	"fmt"
	"math/rand/v2"
)

// Strategy chooses the schedules [Explore] runs: [Random], [PCT] or
// [Exhaustive]. Its methods are unexported: only this package implements
// it. A Strategy value may be reused; each Explore starts it afresh.
type Strategy interface {
	fmt.Stringer
	// campaign starts a fresh sequence of runs.
	campaign() campaign
}

// campaign hands out the deciders of successive runs.
type campaign interface {
	// next returns the decider of the next run and, for seeded runs, its
	// schedule string (else ""); ok is false when the campaign is over.
	next() (d decider, sched string, ok bool)
	// finished tells the campaign what the run just made did.
	finished(tr *Trial)
}

// seedStream is the second word of every PCG this package seeds.
const seedStream = 0x66757475726574 // "futuret"

// runSeed derives the seed of run i of a campaign from its seed
// (splitmix64), so that neighbouring runs are unrelated.
func runSeed(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// ---- Random ----

type randomStrategy struct {
	runs int
	seed uint64
}

// Random explores runs schedules, each choosing uniformly at random among
// the ready tasks (every task on the trial's executor) at every step, among
// the branches at every join/select and among the values of every
// [Choice], and injecting each fault with probability 1/4 under
// [InjectFaults] (shuttle's check_random). Run i uses a seed derived from
// seed, reported as "v1:seed=N". Panics with "futuretest.Random: runs <
// 1".
func Random(runs int, seed uint64) Strategy {
	if runs < 1 {
		panic("futuretest.Random: runs < 1")
	}
	return randomStrategy{runs, seed}
}

func (s randomStrategy) String() string {
	return fmt.Sprintf("Random(runs=%d, seed=%d)", s.runs, s.seed)
}

func (s randomStrategy) campaign() campaign { return &randomCampaign{s: s} }

type randomCampaign struct {
	s randomStrategy
	i int
}

func (c *randomCampaign) next() (decider, string, bool) {
	if c.i >= c.s.runs {
		return nil, "", false
	}
	seed := runSeed(c.s.seed, c.i)
	c.i++
	return newRandomDecider(seed), encodeSeed(seed), true
}

func (c *randomCampaign) finished(*Trial) {}

// randomDecider picks uniformly with a PCG seeded by the run's seed.
type randomDecider struct{ r *rand.Rand }

func newRandomDecider(seed uint64) randomDecider {
	return randomDecider{rand.New(rand.NewPCG(seed, seedStream))}
}

func (d randomDecider) task(_ int, ready []uint64, _ int) int { return d.r.IntN(len(ready)) }

func (d randomDecider) pick(kind pointKind, n, _ int) int { return randomPick(d.r, kind, n) }

// randomPick is the pick of Random and PCT: uniform, except that an
// injected fault happens with probability 1/4 (a fault at every other call
// would keep most retry loops from ever succeeding).
func randomPick(r *rand.Rand, kind pointKind, n int) int {
	if kind == ptFault {
		if r.IntN(4) == 0 {
			return 1
		}
		return 0
	}
	return r.IntN(n)
}

// ---- replay ----

// replayDecider follows a recorded choice list and notes the first
// divergence; past it, it picks 0 so the run can end.
type replayDecider struct {
	cs  []int
	i   int
	err error
}

func (d *replayDecider) next(n int) int {
	if d.err != nil {
		return 0
	}
	if d.i >= len(d.cs) {
		d.err = fmt.Errorf("%w: diverged at step %d: the schedule has %d choices and the program asked for another (with %d options)",
			ErrDiverged, d.i+1, len(d.cs), n)
		return 0
	}
	c := d.cs[d.i]
	if c >= n {
		d.err = fmt.Errorf("%w: diverged at step %d: the schedule chose %d, the program offered only %d options",
			ErrDiverged, d.i+1, c, n)
		return 0
	}
	d.i++
	return c
}

func (d *replayDecider) task(_ int, ready []uint64, _ int) int { return d.next(len(ready)) }

func (d *replayDecider) pick(_ pointKind, n, _ int) int { return d.next(n) }

// end reports a divergence, including choices left unused.
func (d *replayDecider) end() error {
	if d.err == nil && d.i < len(d.cs) {
		d.err = fmt.Errorf("%w: diverged at step %d: the program ended after %d of the schedule's %d choices",
			ErrDiverged, d.i+1, d.i, len(d.cs))
	}
	return d.err
}
