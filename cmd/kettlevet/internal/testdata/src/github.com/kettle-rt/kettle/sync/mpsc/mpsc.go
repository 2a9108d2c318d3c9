// Package mpsc is a stub of Kettle's sync/mpsc package for kettlevet's tests.
package mpsc

import "github.com/kettle-rt/kettle/future"

type Sender[T any] struct{}
type Receiver[T any] struct{}

func New[T any](capacity int) (*Sender[T], *Receiver[T]) { return nil, nil }

type SendFuture[T any] struct{}

func (f *SendFuture[T]) Poll(cx *future.Context) future.Poll[error] { return future.Pending[error]() }
func (f *SendFuture[T]) Drop()                                      {}
func (f *SendFuture[T]) Unsent() (T, bool)                          { var z T; return z, false }

type Permit[T any] struct{}

func (p *Permit[T]) Send(v T) {}
func (p *Permit[T]) Release() {}

type ReserveFuture[T any] struct{}

func (f *ReserveFuture[T]) Poll(cx *future.Context) future.Poll[future.Result[*Permit[T]]] {
	return future.Pending[future.Result[*Permit[T]]]()
}

type RecvFuture[T any] struct{}

func (f *RecvFuture[T]) Poll(cx *future.Context) future.Poll[future.Result[T]] {
	return future.Pending[future.Result[T]]()
}

func (s *Sender[T]) Send(v T) *SendFuture[T]    { return nil }
func (s *Sender[T]) Reserve() *ReserveFuture[T] { return nil }
func (s *Sender[T]) TrySend(v T) error          { return nil }
func (s *Sender[T]) Close()                     {}
func (r *Receiver[T]) Recv() *RecvFuture[T]     { return nil }
func (r *Receiver[T]) TryRecv() (T, error)      { var z T; return z, nil }
