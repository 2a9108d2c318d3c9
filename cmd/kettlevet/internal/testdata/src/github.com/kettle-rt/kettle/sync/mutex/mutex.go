// Package mutex is a stub of Kettle's sync/mutex package for kettlevet's tests.
package mutex

import "github.com/kettle-rt/kettle/future"

type Mutex[T any] struct{ v T }

func New[T any](v T) *Mutex[T] { return &Mutex[T]{v} }

type Guard[T any] struct{ m *Mutex[T] }

func (g *Guard[T]) Value() *T { return &g.m.v }
func (g *Guard[T]) Unlock()   {}

type LockFuture[T any] struct{ m *Mutex[T] }

func (f *LockFuture[T]) Poll(cx *future.Context) future.Poll[*Guard[T]] {
	return future.Pending[*Guard[T]]()
}
func (f *LockFuture[T]) Drop() {}

func (m *Mutex[T]) Lock() *LockFuture[T]       { return &LockFuture[T]{m} }
func (m *Mutex[T]) TryLock() (*Guard[T], bool) { return nil, false }

type RWMutex[T any] struct{ v T }

func NewRW[T any](v T) *RWMutex[T] { return &RWMutex[T]{v} }

type ReadGuard[T any] struct{ m *RWMutex[T] }

func (g *ReadGuard[T]) Value() *T { return &g.m.v }
func (g *ReadGuard[T]) Unlock()   {}

type WriteGuard[T any] struct{ m *RWMutex[T] }

func (g *WriteGuard[T]) Value() *T { return &g.m.v }
func (g *WriteGuard[T]) Unlock()   {}

type ReadFuture[T any] struct{}

func (f *ReadFuture[T]) Poll(cx *future.Context) future.Poll[*ReadGuard[T]] {
	return future.Pending[*ReadGuard[T]]()
}

type WriteFuture[T any] struct{}

func (f *WriteFuture[T]) Poll(cx *future.Context) future.Poll[*WriteGuard[T]] {
	return future.Pending[*WriteGuard[T]]()
}

func (rw *RWMutex[T]) Read() *ReadFuture[T]             { return nil }
func (rw *RWMutex[T]) Write() *WriteFuture[T]           { return nil }
func (rw *RWMutex[T]) TryRead() (*ReadGuard[T], bool)   { return nil, false }
func (rw *RWMutex[T]) TryWrite() (*WriteGuard[T], bool) { return nil, false }
