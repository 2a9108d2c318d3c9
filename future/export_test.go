package future

// CoroutineSwitches returns how many times the async block f has switched
// into its coroutine (f must come from Async).
func CoroutineSwitches[T any](f Future[T]) int { return int(f.(*block[T]).core.switches) }
