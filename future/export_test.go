package future

// CoroutineSwitches returns how many times the async block f has switched
// into its coroutine (f must come from Async).
func CoroutineSwitches[T any](f Future[T]) int { return int(f.(*block[T]).core.switches) }

// JoinAllLoop and JoinAllSet build JoinAll's two implementations whatever
// the size, for the benchmark that picks the cutoff (smallN).
func JoinAllLoop[T any](fs ...Future[T]) Future[[]T] {
	return &joinAll[T]{fs: append([]Future[T](nil), fs...), out: make([]T, len(fs)), left: len(fs)}
}

func JoinAllSet[T any](fs ...Future[T]) Future[[]T] {
	j := &joinAllMany[T]{out: make([]T, len(fs))}
	j.init(append([]Future[T](nil), fs...))
	return j
}
