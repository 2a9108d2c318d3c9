package aio

import (
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/offload"
)

// BlockingFuture is a future that runs a blocking function off the
// executor's workers, on the blocking pool of the executor that polls it
// (the same pool as executor.SpawnBlocking; a fresh goroutine when polled
// without an executor), and is Ready with its result. [ReadFile],
// [WriteFile], [Open] and [Create] return one.
//
// Dropping it before it is ready cannot stop the function, which runs to
// its end; a result that arrives after the Drop is released (an opened
// file is closed), so nothing leaks.
type BlockingFuture[T any] struct {
	f *offload.Future[T]
}

func blocking[T any](what string, fn func() T, discard func(T)) *BlockingFuture[T] {
	return &BlockingFuture[T]{f: offload.Run(what, fn, discard)}
}

// Poll starts the job on the first call and is Ready once it returned. It
// panics after Ready or Drop, and re-raises a panic of the job.
func (b *BlockingFuture[T]) Poll(cx *future.Context) future.Poll[T] { return b.f.Poll(cx) }

// Drop abandons the job (see [BlockingFuture]). Idempotent.
func (b *BlockingFuture[T]) Drop() { b.f.Drop() }

// String names the job, like "aio.ReadFile data.txt".
func (b *BlockingFuture[T]) String() string { return b.f.String() }
