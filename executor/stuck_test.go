package executor

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
)

// stuckFuture blocks its poll on a Go channel until release is closed:
// the "blocking call inside async code" that diagnostics must survive.
func stuckFuture(entered chan<- struct{}, release <-chan struct{}) future.Future[int] {
	return future.PollFn(func(*future.Context) future.Poll[int] {
		entered <- struct{}{}
		<-release
		return future.Ready(1)
	})
}

// observeWhileStuck checks Dump and Metrics against an executor whose task
// "stuck" is blocked in a poll, and returns their slowest answer.
func observeWhileStuck(t *testing.T, dump func() TaskDump, metrics func() Metrics) time.Duration {
	t.Helper()
	var slowest time.Duration
	var last TaskDump
	for range 20 {
		began := time.Now()
		last = dump()
		_ = metrics()
		slowest = max(slowest, time.Since(began))
		time.Sleep(time.Millisecond)
	}
	i := slices.IndexFunc(last, func(ti TaskInfo) bool { return ti.Name == "stuck" })
	require.GreaterOrEqual(t, i, 0, "the stuck task is in the dump: %v", last)
	ti := last[i]
	require.Equal(t, TaskRunning, ti.State)
	require.Positive(t, ti.Polling, "how long it has been polling")
	require.Contains(t, ti.String(), "polling for")
	return slowest
}

func TestDumpAndMetricsAnswerWhileAPollIsStuck(t *testing.T) {
	t.Run("multi", func(t *testing.T) {
		m := NewMulti(Workers(2), BlockingThreshold(0))
		entered, release := make(chan struct{}), make(chan struct{})
		h := Spawn(m, stuckFuture(entered, release), Name("stuck"))
		<-entered
		slowest := observeWhileStuck(t, m.Dump, m.Metrics)
		t.Logf("slowest Dump+Metrics while stuck: %v", slowest)
		require.Less(t, slowest, 100*time.Millisecond)
		close(release)
		r, err := Run(m, future.Future[future.Result[int]](h))
		require.NoError(t, err)
		require.Equal(t, 1, r.Value)
		require.NoError(t, m.Close())
	})
	t.Run("local", func(t *testing.T) {
		// The detector on (the default), its reports discarded: it is
		// what keeps a Local's poll window, which the dump reads.
		l := NewLocal(BlockingReporter(func(BlockingReport) {}))
		entered, release := make(chan struct{}), make(chan struct{})
		h := Spawn(l, stuckFuture(entered, release), Name("stuck"))
		ran := make(chan error, 1)
		go func() {
			_, err := Run(l, future.Future[future.Result[int]](h))
			ran <- err
		}()
		<-entered
		slowest := observeWhileStuck(t, l.Dump, l.Metrics)
		t.Logf("slowest Dump+Metrics while stuck: %v", slowest)
		require.Less(t, slowest, 100*time.Millisecond)
		require.ErrorIs(t, l.Close(), ErrRunning, "Close does not wait for a stuck Run")
		close(release)
		require.NoError(t, <-ran)
		require.NoError(t, l.Close())
	})
}

func TestMultiCloseGivesUpOnAStuckPoll(t *testing.T) {
	m := NewMulti(Workers(2), BlockingThreshold(0))
	m.closeWait = 50 * time.Millisecond
	entered, release := make(chan struct{}), make(chan struct{})
	dropped := make(chan struct{})
	// A poll that blocks, then returns Pending: the late worker must drop
	// the task once it does.
	stuck := &dropRecorder{
		poll: func() future.Poll[int] {
			entered <- struct{}{}
			<-release
			return future.Pending[int]()
		},
		dropped: dropped,
	}
	h := Spawn[int](m, stuck, Name("stuck"))
	idle := Spawn(m, future.Never[int](), Name("idle"))
	<-entered
	began := time.Now()
	err := m.Close()
	took := time.Since(began)
	require.ErrorIs(t, err, ErrStuck)
	require.Contains(t, err.Error(), `task "stuck" has been polling for`)
	require.Less(t, took, 5*time.Second)
	require.True(t, idle.IsFinished(), "the other tasks were dropped")
	require.False(t, h.IsFinished())
	close(release)
	<-dropped
	m.running.Wait()
	require.True(t, h.IsFinished())
	r := BlockOn(future.Future[future.Result[int]](h))
	require.ErrorIs(t, r.Err, ErrClosed)
}

// dropRecorder is a future whose poll and Drop the test controls.
type dropRecorder struct {
	poll    func() future.Poll[int]
	dropped chan struct{}
}

func (d *dropRecorder) Poll(*future.Context) future.Poll[int] { return d.poll() }
func (d *dropRecorder) Drop()                                 { close(d.dropped) }
