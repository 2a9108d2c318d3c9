package executor_test

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/timer"
)

var epoch = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

func TestVirtualClockAutoAdvances(t *testing.T) {
	vc := timer.NewVirtualClock(epoch)
	ex := executor.NewLocal(executor.Clock(vc))
	defer ex.Close()

	var order []string
	sleeper := func(name string, d time.Duration) future.Future[future.Unit] {
		return future.Async(func(co *future.Co) future.Unit {
			future.Await(co, timer.Sleep(d))
			order = append(order, name)
			return future.Unit{}
		})
	}
	long := executor.Spawn(ex, sleeper("five minutes", 5*time.Minute))
	short := executor.Spawn(ex, sleeper("one second", time.Second))

	start := time.Now()
	_, err := executor.Run(ex, future.Join2(long, short))
	require.NoError(t, err)
	require.Less(t, time.Since(start), 2*time.Second, "virtual time must not be waited for in real time")
	require.Equal(t, []string{"one second", "five minutes"}, order)
	require.Equal(t, epoch.Add(5*time.Minute), vc.Now())
}

func TestRealClockSleepParks(t *testing.T) {
	ex := executor.NewLocal()
	defer ex.Close()
	start := time.Now()
	_, err := executor.Run(ex, timer.Sleep(30*time.Millisecond))
	require.NoError(t, err)
	require.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond, "a timer never fires early")
}

func TestTimeoutOnLocal(t *testing.T) {
	ex := executor.NewLocal(executor.Clock(timer.NewVirtualClock(epoch)))
	defer ex.Close()
	r, err := executor.Run(ex, timer.Timeout(time.Second, future.Never[int]()))
	require.NoError(t, err)
	require.ErrorIs(t, r.Err, timer.ErrTimeout)
}

// TestVirtualDeadlockIsImmediate: under a virtual clock nothing outside the
// runtime can wake a task, so the report comes at once, not after the grace.
func TestVirtualDeadlockIsImmediate(t *testing.T) {
	vc := timer.NewVirtualClock(epoch)
	ex := executor.NewLocal(executor.Clock(vc), executor.DeadlockGrace(time.Hour))
	defer ex.Close()
	spoon := mutex.New(0, mutex.Name("spoon"))
	pan := mutex.New(0, mutex.Name("pan"))
	cook := func(first, second *mutex.Mutex[int]) future.Future[future.Unit] {
		return future.Async(func(co *future.Co) future.Unit {
			g1 := future.Await(co, first.Lock())
			defer g1.Unlock()
			future.Await(co, timer.Sleep(time.Second))
			g2 := future.Await(co, second.Lock())
			defer g2.Unlock()
			return future.Unit{}
		})
	}
	eggs := executor.Spawn(ex, cook(spoon, pan), executor.Name("cook eggs"))
	bacon := executor.Spawn(ex, cook(pan, spoon), executor.Name("fry bacon"))
	start := time.Now()
	_, err := executor.Run(ex, future.Join2(eggs, bacon))
	require.ErrorIs(t, err, executor.ErrDeadlock)
	require.Less(t, time.Since(start), 5*time.Second)
	msg := err.Error()
	require.Contains(t, msg, `task "cook eggs" waits on mutex.Lock of "pan" held by task "fry bacon"`)
	require.Contains(t, msg, `task "fry bacon" waits on mutex.Lock of "spoon" held by task "cook eggs"`)
}

// TestArmedTimerIsNotDeadlock: with the real clock, a pending timer is
// something that can wake a task, so no deadlock is reported even with a
// zero grace period.
func TestArmedTimerIsNotDeadlock(t *testing.T) {
	ex := executor.NewLocal(executor.DeadlockGrace(0))
	defer ex.Close()
	_, err := executor.Run(ex, timer.Sleep(20*time.Millisecond))
	require.NoError(t, err)
}

// TestTCPOnLocalReactor: I/O futures polled by a Local use its own reactor,
// which the loop parks in; Close releases it.
func TestTCPOnLocalReactor(t *testing.T) {
	ex := executor.NewLocal(executor.DeadlockGrace(0))
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()

	go func() { // a plain Go client: sends, reads the echo, closes
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return
		}
		defer c.Close()
		_, _ = c.Write([]byte("hello kettle"))
		buf := make([]byte, 12)
		_, _ = io.ReadFull(c, buf)
	}()

	got, err := executor.Run(ex, future.Async(func(co *future.Co) string {
		s, err := future.Await(co, ln.Accept()).Get()
		if err != nil {
			return err.Error()
		}
		defer s.Close()
		buf := make([]byte, 64)
		n, err := future.Await(co, s.Read(buf)).Get()
		if err != nil {
			return err.Error()
		}
		if _, err := future.Await(co, s.Write(buf[:n])).Get(); err != nil {
			return err.Error()
		}
		return string(buf[:n])
	}))
	require.NoError(t, err)
	require.Equal(t, "hello kettle", got)
	require.NoError(t, ex.Close())
}

// TestMultiTimers: sleeps armed by tasks on any worker fire, even while
// another worker is already blocked in the reactor with no deadline.
func TestMultiTimers(t *testing.T) {
	ex := executor.NewMulti(executor.Workers(2))
	defer ex.Close()
	start := time.Now()
	_, err := executor.Run(ex, timer.Sleep(40*time.Millisecond))
	require.NoError(t, err)
	require.GreaterOrEqual(t, time.Since(start), 40*time.Millisecond)

	hs := make([]future.Future[future.Result[int]], 200)
	for i := range hs {
		d := time.Duration(1+i%20) * time.Millisecond
		hs[i] = executor.Spawn(ex, future.Map(timer.Sleep(d), func(future.Unit) int { return i }))
	}
	rs, err := executor.Run(ex, future.JoinAll(hs...))
	require.NoError(t, err)
	sum := 0
	for _, r := range rs {
		require.NoError(t, r.Err)
		sum += r.Value
	}
	require.Equal(t, 199*200/2, sum)
}

// TestMultiTimeoutAndDeadlock: a pending timer is not a deadlock on Multi;
// a timeout drops its inner future.
func TestMultiTimeout(t *testing.T) {
	ex := executor.NewMulti(executor.Workers(2), executor.DeadlockGrace(0))
	defer ex.Close()
	r, err := executor.Run(ex, timer.Timeout(20*time.Millisecond, future.Never[int]()))
	require.NoError(t, err)
	require.ErrorIs(t, r.Err, timer.ErrTimeout)
}

// A timer armed by one worker while another is about to park in the
// reactor as the driver must wake it: many short timeouts in a row on two
// workers, each of which hung for good when the driver read the next
// deadline and installed its watch in two steps.
func TestMultiTimersNeverLostWhileDriverParks(t *testing.T) {
	ex := executor.NewMulti(executor.Workers(2), executor.DeadlockGrace(-1), executor.BlockingThreshold(0))
	defer ex.Close()
	done := make(chan error, 1)
	go func() {
		for range 200 {
			r, err := executor.Run(ex, timer.Timeout(time.Millisecond, future.Never[int]()))
			if err == nil && !errors.Is(r.Err, timer.ErrTimeout) {
				err = r.Err
			}
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("a timer wake-up was lost: Run hung")
	}
}
