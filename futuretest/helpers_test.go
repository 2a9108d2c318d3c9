package futuretest_test

import (
	"fmt"
	"sync"

	"github.com/kettle-rt/kettle/future"
)

// recT is a TestingT that records instead of failing, to test helpers that
// must fail.
type recT struct {
	mu     sync.Mutex
	errs   []string
	logs   []string
	failed bool
}

func (r *recT) Helper() {}
func (r *recT) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recT) FailNow() { r.fail(); panic(stopRec{}) }
func (r *recT) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(stopRec{})
}
func (r *recT) Logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}
func (r *recT) Failed() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.failed }
func (r *recT) fail()        { r.mu.Lock(); r.failed = true; r.mu.Unlock() }

// stopRec is recT's FailNow: a panic the test recovers.
type stopRec struct{}

// catch runs fn and reports whether it stopped with recT's FailNow.
func catch(fn func()) (stopped bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stopRec); !ok {
				panic(r)
			}
			stopped = true
		}
	}()
	fn()
	return false
}

// countdown is a hand-written future that is pending n times (waking
// itself each time) and then ready with n; it records drops.
type countdown struct {
	n, left int
	dropped bool
	done    bool
}

func newCountdown(n int) *countdown { return &countdown{n: n, left: n} }

func (c *countdown) Poll(cx *future.Context) future.Poll[int] {
	if c.done || c.dropped {
		panic(fmt.Sprintf("%T polled after completion", c))
	}
	if c.left == 0 {
		c.done = true
		return future.Ready(c.n)
	}
	c.left--
	cx.Waker().Wake()
	return future.Pending[int]()
}

func (c *countdown) Drop() {
	if !c.done {
		c.dropped = true
	}
}
