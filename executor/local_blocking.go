package executor

// goBlocking implements Executor: a Local gives each SpawnBlocking job a
// goroutine of its own (a single-threaded loop keeps no pool).
func (e *Local) goBlocking(job func()) { go job() }
