package executor

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/offload"
)

// offloadPool is an executor's blocking pool as leaf packages (aio's files,
// tcp's name resolution) reach it through the Context: a job runs exactly
// like a [SpawnBlocking] job (a Multi's bounded pool, a goroutine for a
// Local) and is counted in flight until it returned, so deadlock detection
// knows a task may still be woken by it.
type offloadPool struct{ ex Executor }

// Go implements offload.Pool; false once the executor is closed.
func (p offloadPool) Go(job func()) bool {
	if !p.ex.blockingStart() {
		return false
	}
	p.ex.goBlocking(func() {
		defer p.ex.blockingDone()
		job()
	})
	return true
}

// provideOffload stores ex's blocking pool on its services table.
func provideOffload(ex Executor, s *future.Services) { offload.Provide(s, offloadPool{ex}) }
