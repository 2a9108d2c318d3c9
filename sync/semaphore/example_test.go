package semaphore_test

import (
	"errors"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/semaphore"
	"github.com/kettle-rt/kettle/waker"
)

// Three burners; each dish needs some of them for a while.
func ExampleSemaphore() {
	burners := semaphore.New(3)
	r := executor.BlockOn[future.Result[*semaphore.Permit]](burners.Acquire(2))
	p, err := r.Get()
	fmt.Println(p.N(), err, burners.Available())
	p.Release()
	fmt.Println(burners.Available())
	// Output:
	// 2 <nil> 1
	// 3
}

// The line is FIFO: a big request at its head collects permits as they are
// released, and blocks later small requests, so it is never starved.
func ExampleSemaphore_Acquire() {
	s := semaphore.New(1)
	cx := future.NewContext(waker.Noop())
	big := s.Acquire(2)
	fmt.Println(big.Poll(cx).IsReady()) // holds 1 of 2
	_, ok := s.TryAcquire(1)
	fmt.Println(ok) // may not overtake big
	s.AddPermits(1)
	r, _ := big.Poll(cx).Get()
	fmt.Println(r.Value.N())
	r.Value.Release()
	// Output:
	// false
	// false
	// 2
}

// Close fails waiting and later Acquires with ErrClosed.
func ExampleSemaphore_Close() {
	s := semaphore.New(0)
	cx := future.NewContext(waker.Noop())
	f := s.Acquire(1)
	f.Poll(cx)
	s.Close()
	r, _ := f.Poll(cx).Get()
	fmt.Println(errors.Is(r.Err, semaphore.ErrClosed), r.Err)
	// Output: true semaphore: closed
}

// Dropping an Acquire gives back the permits it had collected.
func ExampleAcquireFuture_Drop() {
	s := semaphore.New(2)
	cx := future.NewContext(waker.Noop())
	f := s.Acquire(3)
	f.Poll(cx) // collects 2, waits for 1 more
	fmt.Println(s.Available())
	f.Drop()
	fmt.Println(s.Available())
	// Output:
	// 0
	// 2
}
