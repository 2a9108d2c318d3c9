package futuretest

import (
	"fmt"
	"math/rand/v2"
)

type pctStrategy struct {
	runs, depth int
	seed        uint64
}

// PCT explores runs schedules with probabilistic concurrency testing
// (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010; as in
// shuttle's check_pct): every task gets a random priority when
// first seen, the ready task with the highest priority takes each step,
// and at depth-1 change points, steps drawn uniformly from the estimated
// number of steps k, the task about to run drops below every other. A bug
// that needs d ordering constraints is found with probability at least
// 1/(n·k^(d-1)) per run for n tasks, whatever its shape; depth 2 covers the
// common "this must happen before that" bug. k is the most counted steps
// a run has taken so far (the first run, with no change points, estimates
// it). A step that only awaits other tasks — polls JoinHandles and
// changes nothing else, like the main task of executor.Run waiting in its
// join, by its footprint (see "Put off, not pruned" in the package doc) —
// is not counted, and changes nothing another task can see, so a change
// point there would be wasted: a change point passes over a task whose
// last step only awaited (its next likely does too) and applies to the
// next task about to run. (A task's first step cannot be foreseen and
// may still take one.) A change point that falls on a step with one
// ready task applies at the next step with a choice. Join/select branch
// orders and Choice values are drawn uniformly, faults as for [Random].
//
// Reported schedules are choice lists. Panics with "futuretest.PCT: runs <
// 1" or "futuretest.PCT: depth < 1".
func PCT(runs, depth int, seed uint64) Strategy {
	if runs < 1 {
		panic("futuretest.PCT: runs < 1")
	}
	if depth < 1 {
		panic("futuretest.PCT: depth < 1")
	}
	return pctStrategy{runs, depth, seed}
}

func (s pctStrategy) String() string {
	return fmt.Sprintf("PCT(runs=%d, depth=%d, seed=%d)", s.runs, s.depth, s.seed)
}

func (s pctStrategy) campaign() campaign { return &pctCampaign{s: s} }

type pctCampaign struct {
	s pctStrategy
	i int
	k int // estimated counted steps per run: the most seen so far
}

func (c *pctCampaign) next() (decider, string, bool) {
	if c.i >= c.s.runs {
		return nil, "", false
	}
	r := rand.New(rand.NewPCG(runSeed(c.s.seed, c.i), seedStream))
	d := &pctDecider{r: r, depth: c.s.depth, prio: map[uint64]uint64{}, change: map[int]int{}}
	if c.i > 0 && c.k > 0 {
		// depth-1 distinct change points in [1, k] (fewer if k is small).
		for j := 1; j < c.s.depth && len(d.change) < c.k; {
			step := 1 + r.IntN(c.k)
			if _, dup := d.change[step]; !dup {
				d.change[step] = j
				j++
			}
		}
	}
	c.i++
	return d, "", true
}

func (c *pctCampaign) finished(tr *Trial) { c.k = max(c.k, tr.countedSteps()) }

// pctDecider runs the highest-priority ready task. Priorities above depth
// are initial (random); change point j sets the running task's priority to
// depth-j, below every initial one and below earlier change points.
type pctDecider struct {
	r       *rand.Rand
	depth   int
	prio    map[uint64]uint64
	change  map[int]int // counted step -> change point number (1..depth-1)
	applied int         // change points at counted steps up to this one are applied
	tr      *Trial      // the run: which tasks only await others
}

// bind gives the decider its run (called by runOnce).
func (d *pctDecider) bind(tr *Trial) { d.tr = tr }

func (d *pctDecider) task(step int, ready []uint64, _ int) int {
	for _, c := range ready {
		if _, ok := d.prio[c]; !ok {
			d.prio[c] = uint64(d.depth) + 1 + d.r.Uint64()>>2
		}
	}
	best := d.highest(ready)
	// The decider is asked only when two or more tasks are ready: a change
	// point is due from its counted step on, at the first step with a
	// choice. It lowers the task about to run, unless that task's last
	// step only awaited other tasks: its next step likely does too, would
	// not count, and the point stays due.
	for d.applied < step {
		j, ok := d.change[d.applied+1]
		if !ok {
			d.applied++
			continue
		}
		if d.tr != nil && d.tr.awaits(ready[best]) {
			break
		}
		d.prio[ready[best]] = uint64(d.depth - j)
		best = d.highest(ready)
		d.applied++
	}
	return best
}

func (d *pctDecider) highest(ready []uint64) int {
	best := 0
	for i, c := range ready {
		if d.prio[c] > d.prio[ready[best]] {
			best = i
		}
	}
	return best
}

func (d *pctDecider) pick(kind pointKind, n, _ int) int { return randomPick(d.r, kind, n) }
