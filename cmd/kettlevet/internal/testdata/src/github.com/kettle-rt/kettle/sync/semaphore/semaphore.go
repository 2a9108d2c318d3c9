// Package semaphore is a stub of Kettle's sync/semaphore package for kettlevet's tests.
package semaphore

import "github.com/kettle-rt/kettle/future"

type Semaphore struct{}

func New(n int) *Semaphore { return &Semaphore{} }

type Permit struct{}

func (p *Permit) N() int   { return 0 }
func (p *Permit) Release() {}

type AcquireFuture struct{}

func (f *AcquireFuture) Poll(cx *future.Context) future.Poll[future.Result[*Permit]] {
	return future.Pending[future.Result[*Permit]]()
}
func (f *AcquireFuture) Drop() {}

func (s *Semaphore) Acquire(n int) *AcquireFuture     { return nil }
func (s *Semaphore) TryAcquire(n int) (*Permit, bool) { return nil, false }
