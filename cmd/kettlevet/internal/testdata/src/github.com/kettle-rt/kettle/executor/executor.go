// Package executor is a stub of Kettle's executor package for kettlevet's tests.
package executor

import "github.com/kettle-rt/kettle/future"

type Executor interface{ exec() }

type Local struct{}

func (*Local) exec() {}

func NewLocal() *Local { return nil }

type JoinHandle[T any] struct{}

func (h *JoinHandle[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	return future.Pending[future.Result[T]]()
}
func (h *JoinHandle[T]) Drop()            {}
func (h *JoinHandle[T]) Abort()           {}
func (h *JoinHandle[T]) IsFinished() bool { return false }

func Spawn[T any](ex Executor, f future.Future[T]) *JoinHandle[T]  { return nil }
func SpawnBlocking[T any](ex Executor, fn func() T) *JoinHandle[T] { return nil }
func Run[T any](ex Executor, f future.Future[T]) (T, error)        { var z T; return z, nil }
func BlockOn[T any](f future.Future[T]) T                          { var z T; return z }
