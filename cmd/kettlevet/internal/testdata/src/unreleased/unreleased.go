package unreleased

import (
	"errors"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/sync/semaphore"
)

var errBad = errors.New("bad")

func valid(int) bool { return true }

//kettle:async
func earlyReturn(co *future.Co, m *mutex.Mutex[int]) error {
	g := future.Await(co, m.Lock()) // want `unreleased: mutex.Guard g is not released on every path: the return on line 20 leaves it held; Unlock it \(or defer it\) on every path, or hand it on`
	if !valid(*g.Value()) {
		return errBad
	}
	g.Unlock()
	return nil
}

//kettle:async
func neverReleased(co *future.Co, m *mutex.RWMutex[int]) int {
	r := future.Await(co, m.Read()) // want `unreleased: mutex.ReadGuard r is not released on every path`
	return *r.Value()
}

//kettle:async
func writeGuard(co *future.Co, m *mutex.RWMutex[int], n int) {
	w := future.Await(co, m.Write()) // want `mutex.WriteGuard w is not released`
	for i := 0; i < n; i++ {
		if i == 3 {
			return
		}
	}
	w.Unlock()
}

//kettle:async
func permit(co *future.Co, s *semaphore.Semaphore) error {
	p, err := future.Await(co, s.Acquire(1)).Get() // want `unreleased: semaphore.Permit p is not released on every path`
	if err != nil {
		return err // p holds nothing here: not this return
	}
	if p.N() > 1 {
		return errBad
	}
	p.Release()
	return nil
}

//kettle:async
func reserve(co *future.Co, tx *mpsc.Sender[int], v int) error {
	res := future.Await(co, tx.Reserve())
	if res.Err != nil {
		return res.Err
	}
	p := res.Value // want `unreleased: mpsc.Permit p is not released on every path`
	if v < 0 {
		return errBad
	}
	p.Send(v)
	return nil
}

func tryLock(m *mutex.Mutex[int]) int {
	g, ok := m.TryLock() // want `mutex.Guard g is not released on every path`
	if !ok {
		return 0
	}
	return *g.Value()
}

func loopLeak(co *future.Co, m *mutex.Mutex[int]) {
	for i := 0; i < 3; i++ {
		g := future.Await(co, m.Lock()) // want `mutex.Guard g is not released`
		if i == 1 {
			continue
		}
		g.Unlock()
	}
}

// The good ones.

func deferred(co *future.Co, m *mutex.Mutex[int]) error {
	g := future.Await(co, m.Lock())
	defer g.Unlock()
	if !valid(*g.Value()) {
		return errBad
	}
	return nil
}

func deferredLit(co *future.Co, m *mutex.Mutex[int]) error {
	g := future.Await(co, m.Lock())
	defer func() {
		*g.Value() = 0
		g.Unlock()
	}()
	if !valid(*g.Value()) {
		return errBad
	}
	return nil
}

func everyPath(co *future.Co, m *mutex.Mutex[int]) error {
	g := future.Await(co, m.Lock())
	if !valid(*g.Value()) {
		g.Unlock()
		return errBad
	}
	g.Unlock()
	return nil
}

func tryOK(m *mutex.Mutex[int]) int {
	if g, ok := m.TryLock(); ok {
		defer g.Unlock()
		return *g.Value()
	}
	g, ok := m.TryLock()
	if !ok {
		return 0
	}
	g.Unlock()
	if g2, ok := m.TryLock(); !ok {
		return 0
	} else {
		g2.Unlock()
	}
	return 1
}

func tryNil(m *mutex.Mutex[int]) int {
	g, _ := m.TryLock()
	if g == nil {
		return 0
	}
	g.Unlock()
	return 1
}

func tryAcquire(s *semaphore.Semaphore) bool {
	p, ok := s.TryAcquire(2)
	if ok {
		p.Release()
	}
	return ok
}

type holder struct{ g *mutex.Guard[int] }

var global *mutex.Guard[int]

// Escapes: someone else releases it.
func returned(co *future.Co, m *mutex.Mutex[int]) *mutex.Guard[int] {
	g := future.Await(co, m.Lock())
	return g
}

func stored(co *future.Co, m *mutex.Mutex[int], h *holder) {
	g := future.Await(co, m.Lock())
	h.g = g
}

func storedGlobal(co *future.Co, m *mutex.Mutex[int]) {
	g := future.Await(co, m.Lock())
	global = g
}

func passed(co *future.Co, m *mutex.Mutex[int], use func(*mutex.Guard[int])) {
	g := future.Await(co, m.Lock())
	use(g)
}

func captured(co *future.Co, m *mutex.Mutex[int]) func() {
	g := future.Await(co, m.Lock())
	return func() { g.Unlock() }
}

func sent(co *future.Co, m *mutex.Mutex[int], ch chan *mutex.Guard[int]) {
	g := future.Await(co, m.Lock())
	ch <- g
}

func composite(co *future.Co, m *mutex.Mutex[int]) holder {
	g := future.Await(co, m.Lock())
	return holder{g: g}
}

func panics(co *future.Co, m *mutex.Mutex[int]) {
	g := future.Await(co, m.Lock())
	if *g.Value() < 0 {
		panic("negative")
	}
	g.Unlock()
}

// A Poll method that obtains a guard and hands it on in its result.
type lockAll struct{ f *mutex.LockFuture[int] }

func (l *lockAll) Poll(cx *future.Context) future.Poll[*mutex.Guard[int]] {
	g, ok := l.f.Poll(cx).Get()
	if !ok {
		return future.Pending[*mutex.Guard[int]]()
	}
	return future.Ready(g)
}

func opaque(m *mutex.Mutex[int], check func(bool) bool) {
	g, ok := m.TryLock()
	if check(ok) {
		g.Unlock()
	}
}

func generic[T any](co *future.Co, m *mutex.Mutex[T]) T {
	g := future.Await(co, m.Lock())
	defer g.Unlock()
	return *g.Value()
}
