package futuretest

import (
	"fmt"
	"slices"
)

type exhaustiveStrategy struct {
	maxSteps, maxPreemptions int
	noSleep                  bool // tests only: no sleep sets (branch pruning stays)
}

// Exhaustive explores every schedule of the body within two bounds, by
// iterative preemption bounding (CHESS, Musuvathi and Qadeer, PLDI 2007):
// first every schedule with no preemption, then every one with exactly
// one, and so on up to maxPreemptions, so that a shallow bug is found
// first wherever it sits in the run. A preemption is a step given to a
// task other than the one that took the previous step while that one is
// still ready; an injected fault ([InjectFaults]) costs one too. Choices
// are made only among the first maxSteps choice points of a run (later
// ones take the default: the last task if ready, else the first ready in
// spawn order; branch 0; Choice 0; no fault).
//
// Free choices cost nothing: which ready task runs when the last one
// blocked or finished, the value of a [Choice], and the order in which a
// join or select polls its branches — which is a choice only where it can
// change the outcome (see "Partial-order reduction" in the package doc):
// an order whose first branch does not win its select is not explored.
//
// Within a level, schedules run in the order their deviating choice
// points occur (earlier first). A schedule that only moves a step which
// awaits other tasks (by its footprint it polls JoinHandles and changes
// nothing else: the main task of executor.Run waiting in its join) is put
// off until every level has run: it most likely repeats a schedule in
// another order, but a plain Go variable written by that step would not
// show, so it is run last rather than never. Explore stops at the first failure or
// when every schedule within the bounds has run; [Result.Exhausted] then
// says the search was complete. Reported schedules are choice lists. The
// package doc states and measures the number of runs.
//
// Panics naming the call and the parameter
// ("futuretest.Exhaustive(-1, 2): maxSteps < 0", "… maxPreemptions < 0")
// on a negative bound.
func Exhaustive(maxSteps, maxPreemptions int) Strategy {
	if maxSteps < 0 {
		panic(fmt.Sprintf("futuretest.Exhaustive(%d, %d): maxSteps < 0", maxSteps, maxPreemptions))
	}
	if maxPreemptions < 0 {
		panic(fmt.Sprintf("futuretest.Exhaustive(%d, %d): maxPreemptions < 0", maxSteps, maxPreemptions))
	}
	return exhaustiveStrategy{maxSteps: maxSteps, maxPreemptions: maxPreemptions}
}

func (s exhaustiveStrategy) String() string {
	return fmt.Sprintf("Exhaustive(maxSteps=%d, maxPreemptions=%d)", s.maxSteps, s.maxPreemptions)
}

func (s exhaustiveStrategy) campaign() campaign {
	// Levels 0..c, then the put-off children of levels 0..c (deferred).
	return &boundedCampaign{s: s, levels: make([]levelQueue, 2*(s.maxPreemptions+1))}
}

// exItem is a schedule to run: follow prefix, then take defaults. level is
// the cost of prefix against the bound.
type exItem struct {
	prefix []int
	level  int
	// sleep are the tasks asleep at the deviating point (the last of
	// prefix): schedules that run one of them there are explored
	// elsewhere (see por.go).
	sleep []uint64
}

// levelQueue is a FIFO of the items of one level.
type levelQueue struct {
	items []exItem
	head  int
}

// boundedCampaign enumerates the schedule tree level by level. Every run
// follows its item's prefix, then defaults; afterwards each choice point
// past the prefix (within maxSteps) contributes one child per
// alternative, queued at the level of its cost — or, if the child only
// moves a step the footprints say changes nothing (see deferred), in the
// put-off queue of that level, run after every level. Each node of the
// tree is run exactly once: a child's prefix ends with a non-default
// choice at a point its parent took by default.
type boundedCampaign struct {
	s       exhaustiveStrategy
	levels  []levelQueue
	started bool
	cur     exItem
}

func (c *boundedCampaign) next() (decider, string, bool) {
	if !c.started {
		c.started = true
		c.cur = exItem{}
		return &dfsDecider{}, "", true
	}
	for l := range c.levels {
		q := &c.levels[l]
		if q.head < len(q.items) {
			c.cur = q.items[q.head]
			q.items[q.head] = exItem{}
			q.head++
			if q.head == len(q.items) {
				q.items, q.head = q.items[:0], 0
			}
			return &dfsDecider{prefix: c.cur.prefix}, "", true
		}
	}
	return nil, "", false
}

func (c *boundedCampaign) finished(tr *Trial) {
	pts := tr.points
	k := len(c.cur.prefix)
	if k > len(pts) {
		return // the body is not deterministic; Explore's replay check reports it
	}
	start := int32(0)
	if k > 0 {
		// The deviation that made this run: a branch order whose first
		// branch did not win is the same run as one already made or
		// queued (its winner polled first).
		p := pts[k-1]
		if p.kind == ptBranch && !p.open && !p.contended {
			return
		}
		start = p.step
	}
	sleep := c.cur.sleep
	if c.s.noSleep {
		sleep = nil
	}
	sl := newSleepers(tr, sleep, start)
	var next nextSteps
	for j := k; j < min(len(pts), c.s.maxSteps); j++ {
		p := &pts[j]
		if p.step > sl.cut || (p.kind != ptTask && p.step == sl.cut) {
			break // the rest of the run repeats a schedule explored elsewhere
		}
		if p.kind == ptBranch && !p.open && !p.contended {
			continue // one possible outcome: not a choice
		}
		asleep := sl.at(p.step)
		var ready []uint64
		if p.kind == ptTask {
			ready = tr.readyIDs[p.ready : p.ready+int32(p.n)]
		}
		var siblings []uint64 // alternatives already queued at this point
		for alt := range p.n {
			if alt == p.c {
				continue
			}
			l := c.cur.level + p.cost(alt)
			if l > c.s.maxPreemptions {
				continue
			}
			sleep := asleep
			if p.kind == ptTask {
				if slices.Contains(asleep, ready[alt]) {
					continue // asleep: its schedules are explored elsewhere
				}
				// In this child, the default and the alternatives
				// queued before it sleep until something they depend
				// on happens: running them first is explored already.
				sleep = append(append(slices.Clip(asleep), ready[p.c]), siblings...)
				siblings = append(siblings, ready[alt])
			}
			prefix := make([]int, j+1)
			for i := range j {
				prefix[i] = pts[i].c
			}
			prefix[j] = alt
			q := l
			if p.kind == ptTask && next.deferred(tr, p, ready[alt]) {
				q += c.s.maxPreemptions + 1
			}
			c.levels[q].items = append(c.levels[q].items, exItem{prefix: prefix, level: l, sleep: sleep})
		}
	}
}

// deferred reports whether the child that runs task x at task point p
// (where its parent, run tr, ran another) is put off until every level
// has run: in the parent, x's next step only awaited other tasks (it
// polled JoinHandles, changed nothing else and woke no task: see
// awaitOnly) — Run's main polling its join, typically. Running such a
// step earlier or later changes no resource another task reads, so the
// child most likely repeats, in another order, a schedule already run.
// Footprints do not see plain Go variables (a step that awaits may also
// have written one): that is why such children are put off, not dropped.
// A complete search runs them all.
func (n *nextSteps) deferred(tr *Trial, p *point, x uint64) bool {
	q := n.of(tr, x, int(p.step))
	return q >= 0 && len(tr.stepWakes(q)) == 0 && tr.awaitOnly(q)
}

// nextSteps finds the next step of a task in a run, for queries whose
// from never decreases (the points of a run, in order): each task's scan
// moves forward only, so a run's queries cost O(steps) per task in all.
type nextSteps struct {
	at map[uint64]int // task -> its first step at or after the last query's from (len(stepTask): none)
}

// of returns the index of task x's first step at or after from, or -1.
func (n *nextSteps) of(tr *Trial, x uint64, from int) int {
	end := len(tr.stepTask)
	q, ok := n.at[x]
	if !ok || q < from {
		q = end
		for t := from; t < end; t++ {
			if tr.stepTask[t] == x {
				q = t
				break
			}
		}
		if n.at == nil {
			n.at = map[uint64]int{}
		}
		n.at[x] = q
	}
	if q == end {
		return -1 // x never runs again: its step is unknown
	}
	return q
}

// dfsDecider follows its prefix, then takes defaults.
type dfsDecider struct {
	prefix []int
	i      int
}

func (d *dfsDecider) choose(n, def int) int {
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

func (d *dfsDecider) task(_ int, ready []uint64, last int) int {
	def := 0
	if last >= 0 {
		def = last
	}
	return d.choose(len(ready), def)
}

func (d *dfsDecider) pick(_ pointKind, n, def int) int { return d.choose(n, def) }
