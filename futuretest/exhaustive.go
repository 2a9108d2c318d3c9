package futuretest

import "fmt"

type exhaustiveStrategy struct {
	maxSteps, maxPreemptions int
}

// Exhaustive explores every schedule of the body, depth first, within two
// bounds (CHESS-style preemption bounding, Musuvathi and Qadeer, PLDI
// 2007): at most maxPreemptions preemptions per run, where a preemption is
// a step given to a task other than the one that took the previous step
// while that one is still ready; and choices only among the first maxSteps
// choice points of a run (later ones take the non-preemptive default: the
// last task if ready, else the first ready; branch 0). Join/select branch
// orders are choice points too, and cost no preemption.
//
// Most bugs need few preemptions, so a bound of 2 or 3 finds them while the
// number of runs stays polynomial in the run's length. Explore stops at the
// first failure or when every schedule within the bounds has run; its
// [Result.Exhausted] then says the search was complete. Reported schedules
// are choice lists. Panics with "futuretest.Exhaustive: negative bound".
func Exhaustive(maxSteps, maxPreemptions int) Strategy {
	if maxSteps < 0 || maxPreemptions < 0 {
		panic("futuretest.Exhaustive: negative bound")
	}
	return exhaustiveStrategy{maxSteps, maxPreemptions}
}

func (s exhaustiveStrategy) String() string {
	return fmt.Sprintf("Exhaustive(maxSteps=%d, maxPreemptions=%d)", s.maxSteps, s.maxPreemptions)
}

func (s exhaustiveStrategy) campaign() campaign { return &dfsCampaign{s: s, prefix: []int{}} }

// dfsCampaign enumerates choice lists depth first: each run follows prefix,
// then defaults; afterwards the deepest point with an untried alternative
// within the bounds gives the next prefix.
type dfsCampaign struct {
	s      exhaustiveStrategy
	prefix []int // nil: the search is over
	cur    *dfsDecider
}

func (c *dfsCampaign) next() (decider, string, bool) {
	if c.prefix == nil {
		return nil, "", false
	}
	c.cur = &dfsDecider{prefix: c.prefix}
	return c.cur, "", true
}

func (c *dfsCampaign) finished(tr *Trial) {
	c.prefix = nextPrefix(tr.points, c.s.maxSteps, c.s.maxPreemptions)
}

// isPreemption reports whether choosing alt at p is a preemption.
func isPreemption(p point, alt int) bool { return p.task && p.last >= 0 && alt != p.last }

// defaultChoice is the non-preemptive choice at p.
func defaultChoice(p point) int {
	if p.task && p.last >= 0 {
		return p.last
	}
	return 0
}

// nextPrefix returns the choices of the next run, or nil when none is left.
// At each point the alternatives are tried in the order: default, then the
// other indices ascending.
func nextPrefix(points []point, maxSteps, maxPre int) []int {
	pre := make([]int, len(points)+1) // preemptions before point i
	for i, p := range points {
		pre[i+1] = pre[i]
		if isPreemption(p, p.c) {
			pre[i+1]++
		}
	}
	for i := min(len(points), maxSteps) - 1; i >= 0; i-- {
		p := points[i]
		def := defaultChoice(p)
		// Walk the order [def, 0, 1, ..., n-1 minus def] from after p.c.
		started := p.c == def
		for alt := 0; alt < p.n; alt++ {
			if alt == def {
				continue
			}
			if !started {
				started = alt == p.c
				continue
			}
			cost := 0
			if isPreemption(p, alt) {
				cost = 1
			}
			if pre[i]+cost <= maxPre {
				next := make([]int, i+1)
				for j := range i {
					next[j] = points[j].c
				}
				next[i] = alt
				return next
			}
		}
	}
	return nil
}

// dfsDecider follows its prefix, then takes non-preemptive defaults.
type dfsDecider struct {
	prefix []int
	i      int
}

func (d *dfsDecider) pick(n, def int) int {
	if d.i < len(d.prefix) {
		c := d.prefix[d.i]
		d.i++
		if c < n {
			return c
		}
		return def // the body is not deterministic; Explore's replay check reports it
	}
	d.i++
	return def
}

func (d *dfsDecider) task(_ int, ready []*ctask, last int) int {
	if len(ready) == 1 {
		return 0
	}
	def := 0
	if last >= 0 {
		def = last
	}
	return d.pick(len(ready), def)
}

func (d *dfsDecider) branch(n int) int { return d.pick(n, 0) }
