//go:build linux

package executor

import (
	"log/slog"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/timer"
)

func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(ents)
}

// TestUnreachableLocalReleasesDescriptors: a Local that did I/O (its
// reactor is open: two descriptors) and is dropped without Close gives
// its descriptors back once collected.
func TestUnreachableLocalReleasesDescriptors(t *testing.T) {
	freshAbandonedLog(t)
	log := &captureLog{}
	before := openFDs(t)
	func() {
		l := NewLocal(Logger(slog.New(log)))
		_, err := l.io.Get() // what the first I/O future does
		require.NoError(t, err)
		v, err := Run(l, future.Value(5))
		require.NoError(t, err)
		require.Equal(t, 5, v)
		require.Equal(t, before+2, openFDs(t))
	}()
	after := openFDs(t)
	for i := 0; i < 100 && after != before; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
		after = openFDs(t)
	}
	require.Equal(t, before, after, "the unreachable Local's reactor was closed")
	for i := 0; i < 100; i++ {
		if _, ok := log.abandoned(); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	dropped, ok := log.abandoned()
	require.True(t, ok, "the warning went to the executor's Logger")
	require.Zero(t, dropped)
}

// TestClosedLocalCancelsCleanup: Close releases everything itself.
func TestClosedLocalCancelsCleanup(t *testing.T) {
	before := openFDs(t)
	l := NewLocal()
	_, err := l.io.Get()
	require.NoError(t, err)
	require.NoError(t, l.Close())
	require.Equal(t, before, openFDs(t))
	runtime.GC()
}

// forgetLocal builds a Local with its reactor open (two descriptors),
// lets setup spawn tasks on it, runs it until they all wait, and drops it
// without Close. Then it collects garbage until the Local's descriptors
// are back and its warning was logged, and checks that no goroutine is
// left (the suspended async blocks' coroutines), that the warning says how
// many tasks were dropped, and that the blocks' defers ran (setup counts
// them in defers and returns how many blocks it made).
func forgetLocal(t *testing.T, wantDropped int, opts []Option, setup func(t *testing.T, l *Local, defers *atomic.Int32) int) {
	t.Helper()
	freshAbandonedLog(t)
	ignore := goleak.IgnoreCurrent()
	log := &captureLog{}
	var defers atomic.Int32
	before := openFDs(t)
	blocks := func() int {
		l := NewLocal(append(opts, Logger(slog.New(log)))...)
		_, err := l.io.Get()
		require.NoError(t, err)
		blocks := setup(t, l, &defers)
		l.RunUntilStalled()
		_, err = Run(l, future.YieldNow()) // a Run too: its detectors must not hold l
		require.NoError(t, err)
		require.Equal(t, before+2, openFDs(t), "the Local's reactor is open")
		require.EqualValues(t, wantDropped, l.Metrics().TasksAlive, "tasks waiting")
		return blocks
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		_, logged := log.abandoned()
		if logged && openFDs(t) == before && int(defers.Load()) == blocks {
			break
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	require.Equal(t, before, openFDs(t), "the unreachable Local's epoll and eventfd are closed")
	require.Equal(t, int32(blocks), defers.Load(), "the suspended async blocks were unwound (their defers ran)")
	goleak.VerifyNone(t, ignore) // the blocks' coroutines are gone
	dropped, logged := log.abandoned()
	require.True(t, logged, "the warning went to the executor's Logger")
	require.Equal(t, int64(wantDropped), dropped)
}

// sleeper spawns a hand-written sleep and an async block suspended in one.
func sleeper(t *testing.T, l *Local, defers *atomic.Int32) int {
	Spawn(l, timer.Sleep(time.Hour))
	Spawn(l, future.Async(func(co *future.Co) int {
		defer defers.Add(1)
		future.Await(co, timer.Sleep(time.Hour))
		return 1
	}))
	return 1
}

func TestAbandonedLocalWaitingOnRealTimers(t *testing.T) {
	forgetLocal(t, 2, nil, sleeper)
}

func TestAbandonedLocalWaitingOnVirtualTimers(t *testing.T) {
	vc := timer.NewVirtualClock(time.Unix(1e9, 0))
	forgetLocal(t, 2, []Option{Clock(vc)}, sleeper)
	vc.Advance(2 * time.Hour) // the clock outlives the Local: nothing left to fire
}

func TestAbandonedLocalWaitingOnSocket(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	peer, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer peer.Close()
	s, err := BlockOn(ln.Accept()).Get()
	require.NoError(t, err)
	defer s.Close()

	forgetLocal(t, 2, nil, func(t *testing.T, l *Local, defers *atomic.Int32) int {
		Spawn(l, future.Async(func(co *future.Co) int {
			defer defers.Add(1)
			n, _ := future.Await(co, s.Read(make([]byte, 8))).Get()
			return n
		}))
		Spawn(l, ln.Accept()) // a hand-written wait on the listener
		return 1
	})

	// The peer could write all along: the socket outlives the Local and
	// moves to the next runtime that polls it.
	_, err = peer.Write([]byte("hi"))
	require.NoError(t, err)
	buf := make([]byte, 8)
	n, err := BlockOn(s.Read(buf)).Get()
	require.NoError(t, err)
	require.Equal(t, "hi", string(buf[:n]))
}

func TestAbandonedLocalWaitingOnChannel(t *testing.T) {
	forgetLocal(t, 3, nil, func(t *testing.T, l *Local, defers *atomic.Int32) int {
		tx, rx := mpsc.New[int](1)
		Spawn(l, future.Async(func(co *future.Co) int {
			defer defers.Add(1)
			v, _ := future.Await(co, rx.Recv()).Get()
			return v
		}))
		// The sender is held by another task of the same Local, itself
		// waiting for the receiver of a full channel.
		tx2, rx2 := mpsc.New[int](1)
		Spawn(l, future.Async(func(co *future.Co) int {
			defer defers.Add(1)
			future.Await(co, tx2.Send(1))
			future.Await(co, tx2.Send(2)) // full: waits for rx2
			future.Await(co, tx.Send(3))
			return rx2.Len()
		}))
		Spawn(l, rx.Recv()) // a hand-written receiver too
		return 2
	})
}

func TestAbandonedLocalWaitingOnMutex(t *testing.T) {
	forgetLocal(t, 3, nil, func(t *testing.T, l *Local, defers *atomic.Int32) int {
		m := mutex.New(0)
		Spawn(l, future.Async(func(co *future.Co) int {
			defer defers.Add(1)
			g := future.Await(co, m.Lock())
			defer g.Unlock()
			future.Await(co, timer.Sleep(time.Hour)) // holds the lock meanwhile
			return 0
		}))
		Spawn(l, future.Async(func(co *future.Co) int {
			defer defers.Add(1)
			g := future.Await(co, m.Lock())
			g.Unlock()
			return 0
		}))
		Spawn(l, m.Lock()) // a hand-written waiter too
		return 2
	})
}

// TestAbandonedLocalWaitingOnGoChannel: tasks waiting on Go channels that a
// goroutine still running could feed (future.FromChan's bridge goroutines
// hold the tasks' wakers): the Local is collected all the same, since no
// wake could ever get its tasks polled again, and dropping them stops the
// bridge goroutines.
func TestAbandonedLocalWaitingOnGoChannel(t *testing.T) {
	ch := make(chan int)
	later := make(chan struct{})
	fed := make(chan bool)
	go func() { // the feeder outlives the Local, and sends once told to
		<-later
		select {
		case ch <- 1:
			fed <- true
		case <-time.After(20 * time.Millisecond):
			fed <- false
		}
	}()
	forgetLocal(t, 2, nil, func(t *testing.T, l *Local, defers *atomic.Int32) int {
		Spawn(l, future.FromChan(ch))
		Spawn(l, future.Async(func(co *future.Co) int {
			defer defers.Add(1)
			v, _ := future.Await(co, future.FromChan(ch)).Get()
			return v
		}))
		return 1
	})
	close(later)
	require.False(t, <-fed, "nobody receives: the bridges were stopped")
}
