package futuretest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kettle-rt/kettle/internal/exechook"
)

// branchChooser is the trial's hand on its executor. Installed with the
// executor's private picker hook (package internal/exechook), it is asked
// before every poll which ready task the loop polls next (Pick) — every
// task on the Local, however spawned — and, being a future.Chooser on the
// executor's Context, in which order each join or select polls its
// branches (Choose, then Settled). It also answers Choice futures, the
// fault hook of Kettle's fallible leaves (InjectFault) and records waits
// outside the trial (WaitingOutside).
type branchChooser struct{ tr *Trial }

// Pick implements exechook.Picker: one step of the run. The ready tasks
// are offered to the decider sorted by id (the order in which the
// executor first saw them, deterministic under a fixed schedule), so a
// choice means the same task in every run that reaches it.
func (b *branchChooser) Pick(r exechook.Ready) int {
	tr := b.tr
	n := r.Len()
	ids := tr.ids[:0]
	for i := range n {
		ids = append(ids, r.ID(i))
	}
	slices.Sort(ids)
	tr.ids = ids
	last := -1
	if tr.lastID != 0 {
		if i, ok := slices.BinarySearch(ids, tr.lastID); ok {
			last = i
		}
	}
	tr.endStep(ids)
	tr.steps++
	tr.open = tr.open[:0] // a panic may have left combinators unsettled
	k := 0
	if n > 1 {
		k = tr.d.task(tr.steps-tr.awaitSteps, ids, last)
		def := max(last, 0)
		tr.points = append(tr.points, point{kind: ptTask, n: n, c: k, def: def, last: last,
			step: int32(len(tr.stepTask)), ready: int32(len(tr.readyIDs))})
		tr.readyIDs = append(tr.readyIDs, ids...)
	}
	id := ids[k]
	tr.beginStep(ids, id)
	tr.lastID, tr.curID = id, id
	tr.curName = ""
	if tr.outside != nil {
		delete(tr.outside, id) // polled again: it was woken after all
	}
	for i := range n {
		if r.ID(i) == id {
			{
				tr.curName = r.Name(i) // for messages; a string header copy
			}
			return i
		}
	}
	panic("futuretest: picked task vanished from the ready queue")
}

// Choose implements future.Chooser.
func (b *branchChooser) Choose(n int) int {
	tr := b.tr
	i := tr.choose(ptBranch, n, 0)
	if n >= 2 {
		tr.fpMu.Lock()
		w := tr.writes
		tr.fpMu.Unlock()
		tr.open = append(tr.open, openPoint{point: int32(len(tr.points) - 1), writes: w})
	}
	return i
}

// Settled implements future.Settler: the innermost open branch point is
// settled.
func (b *branchChooser) Settled(contended bool) {
	tr := b.tr
	if k := len(tr.open); k > 0 {
		p := &tr.points[tr.open[k-1].point]
		p.open, p.contended = false, contended
		tr.open = tr.open[:k-1]
	}
}

// SettledJoin implements future.JoinSettler: a join's order is contended
// when two or more branches finished in the poll and the poll changed a
// Kettle resource (por_record.go). Branches that finish by only reading —
// joined handles of finished tasks, above all — end the same in any
// order, as far as the explorer can see (see "What the reductions assume"
// in the package doc).
func (b *branchChooser) SettledJoin(finished int) {
	tr := b.tr
	if k := len(tr.open); k > 0 {
		o := tr.open[k-1]
		tr.fpMu.Lock()
		touched := tr.writes > o.writes
		tr.fpMu.Unlock()
		p := &tr.points[o.point]
		p.open, p.contended = false, finished > 1 && touched
		tr.open = tr.open[:k-1]
	}
}

// InjectFault implements the hook of internal/faults: with InjectFaults,
// each call is a choice point (0: go on, 1: fail); without, never a
// fault. A socket operation that goes on does real I/O, which the trial
// cannot order: it is noted as unsupported.
func (b *branchChooser) InjectFault(site string) bool {
	tr := b.tr
	if tr.faults && tr.choose(ptFault, 2, 0) == 1 {
		tr.faultsHit = append(tr.faultsHit, site)
		return true
	}
	if tr.io == "" && (strings.HasPrefix(site, "tcp.") || strings.HasPrefix(site, "udp.")) {
		tr.io = fmt.Sprintf("%s did real I/O (%s): readiness comes from the kernel, outside the trial, so no schedule replays it",
			tr.label(tr.curID, tr.curName), site)
	}
	return false
}

// WaitingOutside implements future.OutsideObserver: the task being polled
// waits on something only the outside world ends.
func (b *branchChooser) WaitingOutside(task string, what fmt.Stringer) {
	tr := b.tr
	if tr.outside == nil {
		tr.outside = map[uint64]string{}
	}
	tr.outside[tr.curID] = fmt.Sprintf("%s waits on %s, outside the trial (a goroutine, a Go channel, a context, real time: nothing a schedule orders)",
		tr.label(tr.curID, task), what)
}

// label names task id in messages, as the executor does.
func (tr *Trial) label(id uint64, name string) string {
	if name != "" {
		return "task " + strconv.Quote(name)
	}
	return "task #" + strconv.FormatUint(id, 10)
}
