package executor

import "github.com/kettle-rt/kettle/future"

// stepBlocking runs a SpawnBlocking job of a Local steered by a schedule
// picker (package futuretest) as a task of its own, named "blocking",
// whose one poll runs the job to completion on the loop's goroutine. The
// job's completion is then a step the picker orders like any other —
// with the same schedule strings and replays — instead of a wake from
// another goroutine at a moment no schedule controls. The price: the job
// blocks the loop while it runs, so a job that waits for something a task
// of the same executor does would hang; explored code should not do that.
func (e *Local) stepBlocking(job func()) {
	Spawn(e, &blockingStep{job: job}, Name("blocking"))
}

// blockingStep is the future of such a task.
type blockingStep struct{ job func() }

func (b *blockingStep) Poll(*future.Context) future.Poll[future.Unit] {
	job := b.job
	b.job = nil
	if job != nil {
		job()
	}
	return future.Ready(future.Unit{})
}

// String names the task's wait in reports.
func (b *blockingStep) String() string { return "executor.SpawnBlocking job" }
