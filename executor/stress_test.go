package executor

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// counterFuture completes once it has been polled after `want` outside
// events; each event is a goroutine's fire of its own signal.
type multiWait struct {
	sigs []*signal
	i    int
}

func (m *multiWait) Poll(cx *future.Context) future.Poll[int] {
	for m.i < len(m.sigs) {
		s := m.sigs[m.i]
		if !s.set.Load() {
			s.w.Register(cx.Waker())
			if !s.set.Load() {
				return future.Pending[int]()
			}
		}
		m.i++
	}
	return future.Ready(m.i)
}

// TestWakesFromGoroutinesNeverLost: many tasks each wait on a chain of
// signals fired by plain goroutines at arbitrary moments (parked loop,
// running loop, mid-poll). A lost wake shows up as a deadlock error (the
// grace period is generous) rather than a hang.
func TestWakesFromGoroutinesNeverLost(t *testing.T) {
	t.Run("Local", func(t *testing.T) {
		e := NewLocal(DeadlockGrace(5 * time.Second))
		defer e.Close()
		wakesFromGoroutines(t, e, 20, 50)
	})
	t.Run("Multi", func(t *testing.T) {
		wakesFromGoroutines(t, newTestMulti(t, Workers(2), DeadlockGrace(5*time.Second)), 40, 100)
	})
}

// wakesFromGoroutines runs tasks that each wait for perTask signals, fired
// one after another by a plain goroutine per task, and checks every task
// saw all of its signals.
func wakesFromGoroutines(t *testing.T, ex Executor, tasks, perTask int) {
	all := make([][]*signal, tasks)
	hs := make([]future.Future[future.Result[int]], tasks)
	for i := range all {
		all[i] = make([]*signal, perTask)
		for j := range all[i] {
			all[i][j] = newSignal("")
		}
		hs[i] = Spawn(ex, &multiWait{sigs: all[i]})
	}
	var wg sync.WaitGroup
	for i := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range all[i] {
				s.fire()
			}
		}()
	}
	rs, err := Run(ex, future.JoinAll(hs...))
	wg.Wait()
	require.NoError(t, err)
	for _, r := range rs {
		require.Equal(t, future.Ok(perTask), r)
	}
}

// TestWakeStorm: goroutines wake one task's waker as fast as they can while
// it yields; the task must see a poll after the storm ends.
func TestWakeStorm(t *testing.T) {
	e := NewLocal(DeadlockGrace(5 * time.Second))
	defer e.Close()
	var mu sync.Mutex
	var w waker.Waker
	done := make(chan struct{})
	stop := newSignal("storm over")
	h := Spawn(e, future.PollFn(func(cx *future.Context) future.Poll[int] {
		mu.Lock()
		w = cx.Waker()
		mu.Unlock()
		if stop.set.Load() {
			return future.Ready(1)
		}
		stop.w.Register(cx.Waker())
		if stop.set.Load() {
			return future.Ready(1)
		}
		return future.Pending[int]()
	}))
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				mu.Lock()
				ww := w
				mu.Unlock()
				ww.Wake()
			}
		}()
	}
	go func() {
		wg.Wait()
		stop.fire()
		close(done)
	}()
	r, err := Run(e, await(h))
	<-done
	require.NoError(t, err)
	require.Equal(t, future.Ok(1), r)
}

// TestSpawnCloseRace: goroutines spawn while Close runs; every handle ends
// up finished (run by nobody, so ErrClosed), none is stranded in a queue.
func TestSpawnCloseRace(t *testing.T) {
	for round := 0; round < 20; round++ {
		e := NewLocal()
		var wg sync.WaitGroup
		start := make(chan struct{})
		handles := make([][]*JoinHandle[int], 4)
		for g := range handles {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for i := 0; i < 200; i++ {
					handles[g] = append(handles[g], Spawn(e, future.Value(i)))
				}
			}()
		}
		close(start)
		assert.NoError(t, e.Close())
		wg.Wait()
		for _, hs := range handles {
			for _, h := range hs {
				require.True(t, h.IsFinished(), "a handle was stranded")
				r, _ := h.Poll(future.NewContext(waker.Noop())).Get()
				require.ErrorIs(t, r.Err, ErrClosed)
			}
		}
	}
}
