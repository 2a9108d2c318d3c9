package futuretest_test

import (
	"errors"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/sync/semaphore"
)

type unit = future.Unit

// yields awaits n YieldNow: n steps of preparation.
func yields(co *future.Co, n int) {
	for range n {
		future.Await(co, future.YieldNow())
	}
}

// breakfast is the deadlock of seeds/000: "cook eggs" fetches the eggs (5
// steps), takes the spoon, cracks them (a virtual 1 ms sleep), then takes
// the pan; "fry bacon" fetches the bacon (1 step), then takes the pan and
// the spoon, in the opposite order. If the eggs reach the spoon first, the
// bacon takes the pan while the eggs crack: deadlock. If the bacon goes
// first it takes both at once and the eggs wait their turn. fixed locks in
// the same order (spoon, then pan) in both: no deadlock in any schedule.
func breakfast(fixed bool) func(tr *futuretest.Trial) error {
	return func(tr *futuretest.Trial) error {
		spoon := mutex.New(unit{}, mutex.Name("spoon"))
		pan := mutex.New(unit{}, mutex.Name("pan"))
		bacon := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
			yields(co, 1)
			first, second := pan, spoon
			if fixed {
				first, second = spoon, pan
			}
			a := future.Await(co, first.Lock())
			b := future.Await(co, second.Lock())
			future.Await(co, sleep(2*time.Millisecond)) // fry
			b.Unlock()
			a.Unlock()
			return unit{}
		}), executor.Name("fry bacon"))
		eggs := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
			yields(co, 5)
			s := future.Await(co, spoon.Lock())
			future.Await(co, sleep(time.Millisecond)) // crack
			p := future.Await(co, pan.Lock())
			future.Await(co, sleep(2*time.Millisecond)) // fry
			p.Unlock()
			s.Unlock()
			return unit{}
		}), executor.Name("cook eggs"))
		_, err := executor.Run(tr.Executor(), future.Join2(bacon, eggs))
		return err
	}
}

// livelock is the try-lock retry loop: each cook takes its first utensil,
// then yields and tries the second with TryLock, again and again, without
// letting go of the first. If both take their first utensil, both spin
// forever: no task ever blocks, so only the step bound ends the run.
func livelock(tr *futuretest.Trial) error {
	spoon := mutex.New(unit{}, mutex.Name("spoon"))
	pan := mutex.New(unit{}, mutex.Name("pan"))
	cook := func(prep int, first, second *mutex.Mutex[unit]) future.Future[unit] {
		return future.Async(func(co *future.Co) unit {
			yields(co, prep)
			a := future.Await(co, first.Lock())
			for {
				future.Await(co, future.YieldNow())
				if b, ok := second.TryLock(); ok {
					b.Unlock()
					break
				}
			}
			a.Unlock()
			return unit{}
		})
	}
	bacon := futuretest.Spawn(tr, cook(1, pan, spoon), executor.Name("fry bacon"))
	eggs := futuretest.Spawn(tr, cook(4, spoon, pan), executor.Name("cook eggs"))
	_, err := executor.Run(tr.Executor(), future.Join2(bacon, eggs))
	return err
}

// ---- lost message: a deliberately broken channel ----

// brokenChan is a bounded queue whose Send future, when dropped before
// delivery, does NOT hand the value back: Unsent always reports that the
// value went out. (sync/mpsc's SendFuture.Unsent is the correct version.)
type brokenChan struct {
	buf     []int
	cap     int
	senders []func()
	recv    func()
}

type brokenSend struct {
	c    *brokenChan
	v    int
	done bool
}

func (s *brokenSend) Poll(cx *future.Context) future.Poll[unit] {
	if len(s.c.buf) < s.c.cap {
		s.c.buf = append(s.c.buf, s.v)
		s.done = true
		if r := s.c.recv; r != nil {
			s.c.recv = nil
			r()
		}
		return future.Ready(unit{})
	}
	w := cx.Waker()
	s.c.senders = append(s.c.senders, w.Wake)
	return future.Pending[unit]()
}

func (s *brokenSend) Drop() {}

// Unsent is the bug: it should return (s.v, true) for a send that never
// delivered.
func (s *brokenSend) Unsent() (int, bool) { return 0, false }

type brokenRecv struct{ c *brokenChan }

func (r *brokenRecv) Poll(cx *future.Context) future.Poll[int] {
	if len(r.c.buf) == 0 {
		r.c.recv = cx.Waker().Wake
		return future.Pending[int]()
	}
	v := r.c.buf[0]
	r.c.buf = r.c.buf[1:]
	for _, w := range r.c.senders {
		w()
	}
	r.c.senders = nil
	return future.Ready(v)
}

// lostMessage: a producer sends 0..3 through a select loop that gives up a
// send when a 1 ms tick fires first (and is supposed to keep the value
// from Unsent for the next round); a consumer receives 4 values, taking
// 1 ms per value. Whether a tick beats a pending send depends on which
// task runs first when both wake at the same virtual instant, and on which
// branch the select polls first.
func lostMessage(tr *futuretest.Trial) error {
	c := &brokenChan{cap: 1}
	const n = 4
	producer := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		for i := 0; i < n; {
			s := &brokenSend{c: c, v: i}
			e := future.Await(co, future.Select2[unit, unit](s, sleep(time.Millisecond)))
			if e.IsLeft() {
				i++
				continue
			}
			if _, ok := s.Unsent(); ok {
				continue // resend it (never, with this channel)
			}
			i++ // the channel said it was delivered
		}
		return unit{}
	}), executor.Name("producer"))
	var got []int
	consumer := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		for range n {
			got = append(got, future.Await[int](co, &brokenRecv{c: c}))
			future.Await(co, sleep(time.Millisecond))
		}
		return unit{}
	}), executor.Name("consumer"))
	_, err := executor.Run(tr.Executor(), future.Join2(producer, consumer))
	if errors.Is(err, executor.ErrDeadlock) {
		tr.Errorf("lost message: the consumer got %v of 0..%d and waits forever", got, n-1)
		return nil
	}
	return err
}

// ---- permit leak: a deliberately broken semaphore ----

// brokenSem hands permits to a waiting Acquire as they come back (partial
// grants, like tokio's semaphore); its Acquire's Drop forgets the permits
// already granted instead of returning them.
type brokenSem struct {
	avail   int
	waiters []*brokenAcquire
}

type brokenAcquire struct {
	s       *brokenSem
	want    int
	got     int
	w       func()
	queued  bool
	settled bool
}

func (s *brokenSem) release(n int) {
	s.avail += n
	for len(s.waiters) > 0 && s.avail > 0 {
		a := s.waiters[0]
		take := min(s.avail, a.want-a.got)
		a.got += take
		s.avail -= take
		if a.got == a.want {
			s.waiters = s.waiters[1:]
			a.queued = false
			a.w()
		}
	}
}

func (a *brokenAcquire) Poll(cx *future.Context) future.Poll[int] {
	s := a.s
	if !a.queued && a.got == 0 {
		take := min(s.avail, a.want)
		a.got += take
		s.avail -= take
	}
	if a.got == a.want {
		a.settled = true
		return future.Ready(a.got)
	}
	a.w = cx.Waker().Wake
	if !a.queued {
		a.queued = true
		s.waiters = append(s.waiters, a)
	}
	return future.Pending[int]()
}

// Drop leaves the line but keeps the permits granted so far: the bug.
func (a *brokenAcquire) Drop() {
	if a.queued {
		for i, w := range a.s.waiters {
			if w == a {
				a.s.waiters = append(a.s.waiters[:i], a.s.waiters[i+1:]...)
				break
			}
		}
		a.queued = false
	}
	// Missing: a.s.release(a.got)
}

// permitLeak: a semaphore of 2 permits; "worker" takes 1 for 2 ms; "batch"
// wants 2 within 1 ms or gives up. If the worker holds its permit when the
// batch asks, the batch gets 1 of 2, times out, and its dropped Acquire
// leaks that permit: afterwards only 1 of 2 is available.
func permitLeak(tr *futuretest.Trial) error {
	s := &brokenSem{avail: 2}
	worker := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		yields(co, 3)
		a := &brokenAcquire{s: s, want: 1}
		future.Await[int](co, a)
		future.Await(co, sleep(2*time.Millisecond))
		s.release(1)
		return unit{}
	}), executor.Name("worker"))
	batch := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		yields(co, 1)
		a := &brokenAcquire{s: s, want: 2}
		e := future.Await(co, future.Select2[int, unit](a, sleep(time.Millisecond)))
		if n, ok := e.Left(); ok {
			s.release(n)
		}
		return unit{}
	}), executor.Name("batch"))
	if _, err := executor.Run(tr.Executor(), future.Join2(worker, batch)); err != nil {
		return err
	}
	if s.avail != 2 {
		tr.Errorf("permit leak: %d of 2 permits available after every task finished", s.avail)
	}
	return nil
}

// semaphoreOK is permitLeak on sync/semaphore, whose dropped Acquire gives
// back what it was granted: no failure in any schedule.
func semaphoreOK(tr *futuretest.Trial) error {
	s := semaphore.New(2)
	worker := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		yields(co, 3)
		p := future.Await(co, s.Acquire(1)).Value
		future.Await(co, sleep(2*time.Millisecond))
		p.Release()
		return unit{}
	}), executor.Name("worker"))
	batch := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		yields(co, 1)
		e := future.Await(co, future.Select2(s.Acquire(2), sleep(time.Millisecond)))
		if r, ok := e.Left(); ok && r.Err == nil {
			r.Value.Release()
		}
		return unit{}
	}), executor.Name("batch"))
	if _, err := executor.Run(tr.Executor(), future.Join2(worker, batch)); err != nil {
		return err
	}
	if n := s.Available(); n != 2 {
		tr.Errorf("permit leak: %d of 2 permits available", n)
	}
	return nil
}

// futurelock: "select loop" races a Lock of m against a 1 ms timer with
// SelectAll, which keeps the unfinished Lock future in Rest; on the timer
// branch it awaits m.Lock() again. If "holder" had the lock, the kept
// future is first in line: the holder's Unlock hands the lock to it, but
// nobody polls it, and the second Lock waits behind it forever.
func futurelock(tr *futuretest.Trial) error {
	m := mutex.New(unit{}, mutex.Name("m"))
	holder := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		yields(co, 2)
		g := future.Await(co, m.Lock())
		future.Await(co, sleep(2*time.Millisecond))
		g.Unlock()
		return unit{}
	}), executor.Name("holder"))
	loop := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		yields(co, 1)
		lock := future.Map(m.Lock(), func(g *mutex.Guard[unit]) unit { g.Unlock(); return unit{} })
		sel := future.Await(co, future.SelectAll([]future.Future[unit]{lock, sleep(time.Millisecond)}))
		if sel.Index == 1 { // the timer won; sel.Rest[0] is the kept lock future
			g := future.Await(co, m.Lock())
			g.Unlock()
		}
		for _, f := range sel.Rest {
			future.Drop(f)
		}
		return unit{}
	}), executor.Name("select loop"))
	_, err := executor.Run(tr.Executor(), future.Join2(holder, loop))
	return err
}
