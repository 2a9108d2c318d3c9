package futuretest

import (
	"slices"
	"sync"

	"github.com/kettle-rt/kettle/internal/exechook"
	"github.com/kettle-rt/kettle/internal/footprint"
)

// endStep closes the step before the one being decided: it records the
// tasks that step woke (those ready now that were not ready after the
// previous pick: woken by that step's poll, by the timers it left to
// fire, or spawned by it) and counts it in awaitSteps if all it did was
// await other tasks (see awaitOnly). Called by Pick on the loop's
// goroutine, before the decider is asked.
func (tr *Trial) endStep(ready []uint64) {
	s := len(tr.stepTask)
	if s == 0 {
		return
	}
	prev := tr.stepTask[s-1]
	woke := len(tr.wakes)
	for _, id := range ready {
		if id == prev {
			continue // woke itself (a yield): not another task
		}
		if _, ok := slices.BinarySearch(tr.prevReady, id); !ok {
			tr.wakes = append(tr.wakes, id)
		}
	}
	i, found := slices.BinarySearch(tr.awaiting, prev)
	if len(tr.wakes) == woke && tr.awaitOnly(s-1) {
		tr.awaitSteps++
		if !found {
			tr.awaiting = slices.Insert(tr.awaiting, i, prev)
		}
	} else if found {
		tr.awaiting = slices.Delete(tr.awaiting, i, i+1)
	}
}

// countedSteps returns how many of the run's steps did more than await
// other tasks (the last one included: nothing followed it to see whom it
// woke).
func (tr *Trial) countedSteps() int {
	n := tr.steps - tr.awaitSteps
	if s := len(tr.stepTask); s > 0 && tr.awaitOnly(s-1) {
		n--
	}
	return n
}

// awaits reports whether task id's last step only awaited other tasks:
// its next step likely does too.
func (tr *Trial) awaits(id uint64) bool {
	_, ok := slices.BinarySearch(tr.awaiting, id)
	return ok
}

// awaitOnly reports whether step s only polled JoinHandles: its footprint
// is reads of other tasks' completions and, if the step finished its own
// task, that completion — no other resource (it woke no task either,
// which the caller checks). Such a step changes nothing another task can
// see but its own completion, which only its awaiters read, and it is
// ordered after the completions it awaits whatever the schedule: the
// main task of executor.Run waiting in a join is the common one. PCT does
// not count these steps (pct.go). Plain Go variables the step touches are
// invisible here, as everywhere in footprints.
func (tr *Trial) awaitOnly(s int) bool {
	tr.fpMu.Lock()
	defer tr.fpMu.Unlock()
	fp, w := tr.stepFP(s)
	if exechook.IsTask == nil {
		return false
	}
	reads := 0
	for i, r := range fp {
		if !exechook.IsTask(r) {
			return false
		}
		if !w[i] {
			reads++
		}
	}
	return reads > 0
}

// beginStep records the start of a step: the task it polls, and the
// tasks ready besides it (to find, at the next step, whom this one woke).
// Called by Pick on the loop's goroutine.
func (tr *Trial) beginStep(ready []uint64, picked uint64) {
	tr.prevReady = tr.prevReady[:0]
	for _, id := range ready {
		if id != picked {
			tr.prevReady = append(tr.prevReady, id)
		}
	}
	tr.fpMu.Lock()
	tr.stepTask = append(tr.stepTask, picked)
	tr.fpOff = append(tr.fpOff, int32(len(tr.fp)))
	tr.wakeOff = append(tr.wakeOff, int32(len(tr.wakes)))
	tr.fpMu.Unlock()
}

// Touch implements footprint.Recorder: the step under way changed res.
func (tr *Trial) Touch(res any) { tr.access(res, true) }

// Read implements footprint.Recorder: the step under way looked at res.
func (tr *Trial) Read(res any) { tr.access(res, false) }

func (tr *Trial) access(res any, write bool) {
	tr.fpMu.Lock()
	if s := len(tr.fpOff); tr.recording && s > 0 {
		if write {
			tr.writes++
		}
		start := int(tr.fpOff[s-1])
		if i := slices.Index(tr.fp[start:], res); i >= 0 {
			tr.fpWrite[start+i] = tr.fpWrite[start+i] || write
		} else {
			tr.fp = append(tr.fp, res)
			tr.fpWrite = append(tr.fpWrite, write)
		}
	}
	tr.fpMu.Unlock()
}

// stepFP returns the resources step s touched and whether it changed
// each.
func (tr *Trial) stepFP(s int) ([]any, []bool) {
	end := int32(len(tr.fp))
	if s+1 < len(tr.fpOff) {
		end = tr.fpOff[s+1]
	}
	return tr.fp[tr.fpOff[s]:end], tr.fpWrite[tr.fpOff[s]:end]
}

// stepWakes returns the tasks step s woke.
func (tr *Trial) stepWakes(s int) []uint64 {
	end := int32(len(tr.wakes))
	if s+1 < len(tr.wakeOff) {
		end = tr.wakeOff[s+1]
	}
	return tr.wakes[tr.wakeOff[s]:end]
}

// dependent reports whether steps s and t (of different tasks) may not be
// swapped: one woke the other's task, or both touched a common resource
// and one of them changed it.
func (tr *Trial) dependent(s, t int) bool {
	ts, tt := tr.stepTask[s], tr.stepTask[t]
	if ts == tt {
		return true
	}
	if slices.Contains(tr.stepWakes(s), tt) || slices.Contains(tr.stepWakes(t), ts) {
		return true
	}
	ft, wt := tr.stepFP(t)
	fs, ws := tr.stepFP(s)
	for i, r := range fs {
		if j := slices.Index(ft, r); j >= 0 && (ws[i] || wt[j]) {
			return true
		}
	}
	return false
}

// stopRecording ends the record of the run's steps: what happens after
// the body returned (the executor's Close) is no step.
func (tr *Trial) stopRecording() {
	tr.fpMu.Lock()
	tr.recording = false
	tr.fpMu.Unlock()
}

// runMu makes explored runs take turns in the process: the footprint
// recorder is process-wide (see package internal/footprint). So a body
// must not start an exploration of its own (Find inside a run waits
// forever).
var runMu sync.Mutex

// installRecorder makes tr the footprint recorder until the returned
// function is called.
func installRecorder(tr *Trial) (uninstall func()) {
	runMu.Lock()
	tr.recording = true
	footprint.Install(tr)
	return func() {
		footprint.Install(nil)
		// A Touch that found tr installed just before may still come:
		// from now on it records nothing (the buffers are read, then
		// reused by the next run).
		tr.fpMu.Lock()
		tr.recording = false
		tr.fpMu.Unlock()
		runMu.Unlock()
	}
}
