// Package oneshot is a stub of Kettle's sync/oneshot package for kettlevet's tests.
package oneshot

import "github.com/kettle-rt/kettle/future"

type Sender[T any] struct{}
type Receiver[T any] struct{}

func New[T any]() (*Sender[T], *Receiver[T]) { return nil, nil }

func (s *Sender[T]) Send(v T) error { return nil }
func (s *Sender[T]) Close()         {}

func (r *Receiver[T]) Recv() future.Future[future.Result[T]] { return nil }
