package lockacrossawait

import (
	"sync"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/sync/mutex"
)

type state struct {
	mu  sync.Mutex
	rw  sync.RWMutex
	n   int
	amu *mutex.Mutex[int]
}

type embedded struct {
	sync.Mutex
	n int
}

func fetch() future.Future[int] { return future.Value(1) }

func bad(s *state, e *embedded) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		s.mu.Lock()
		v := future.Await(co, fetch()) // want `lockacrossawait: sync mutex s.mu is held across an await point \(locked on line 26\): unlock it before awaiting, or use sync/mutex`
		s.mu.Unlock()

		s.mu.Lock()
		defer s.mu.Unlock()
		v += future.Await(co, fetch()) // want `sync mutex s.mu is held across an await point \(locked on line 30\)`

		s.rw.RLock()
		future.Await(co, fetch()) // want `sync.RWMutex s.rw \(read-locked\) is held` `sync mutex s.mu is held`
		s.rw.RUnlock()
		return v
	})
}

func branch(s *state) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		s.mu.Lock()
		if s.n > 0 {
			s.mu.Unlock()
			return 0
		}
		future.Await(co, fetch()) // want `sync mutex s.mu is held`
		s.mu.Unlock()
		return 1
	})
}

func loop(s *state) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		for i := 0; i < 3; i++ {
			future.Await(co, fetch()) // want `sync mutex s.mu is held`
			s.mu.Lock()
			s.n++
		}
		s.mu.Unlock()
		return s.n
	})
}

func embeddedLock(e *embedded) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		e.Lock()
		n := helper(co) // want `sync mutex e is held`
		e.Unlock()
		return n
	})
}

func helper(co *future.Co) int { return future.Await(co, fetch()) }

//kettle:async
func directive(co *future.Co, mu *sync.Mutex) int {
	mu.Lock()
	defer mu.Unlock()
	return future.Await(co, fetch()) // want `sync mutex mu is held`
}

func good(s *state) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		v := future.Await(co, fetch())

		func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.n += v
		}()
		future.Await(co, fetch())

		s.mu.Lock()
		if s.n > 3 {
			s.mu.Unlock()
			return future.Await(co, fetch())
		}
		s.mu.Unlock()

		go func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.n++
		}()

		g := future.Await(co, s.amu.Lock()) // Kettle's mutex: fine
		defer g.Unlock()
		future.Await(co, fetch())

		s.rw.RLock()
		n := s.n
		s.rw.RUnlock()
		return n + future.Await(co, fetch())
	})
}

// notAsync locks across nothing async.
func notAsync(s *state) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func panics(s *state) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		s.mu.Lock()
		if s.n < 0 {
			panic("negative")
		}
		s.mu.Unlock()
		return future.Await(co, fetch())
	})
}
