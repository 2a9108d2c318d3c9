package taskstate

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stateOf(bits uint32) *State {
	s := &State{}
	s.v = bits
	return s
}

func TestWake(t *testing.T) {
	cases := []struct {
		name     string
		from, to uint32
		outcome  WakeOutcome
	}{
		{"idle", 0, Scheduled, WakeEnqueue},
		{"scheduled", Scheduled, Scheduled, WakeDone},
		{"running", Running, Running | Notified, WakeDone},
		{"notified", Running | Notified, Running | Notified, WakeDone},
		{"complete", Complete, Complete, WakeDone},
		{"cancelled idle", Cancelled, Cancelled | Scheduled, WakeEnqueue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := stateOf(c.from)
			require.Equal(t, c.outcome, s.Wake())
			require.Equal(t, bits(c.to), s.String())
		})
	}
}

func TestStartPoll(t *testing.T) {
	s := stateOf(Scheduled)
	require.Equal(t, StartPoll, s.StartPoll())
	require.Equal(t, Running, s.Load())

	s = stateOf(Scheduled | Cancelled)
	require.Equal(t, StartCancelled, s.StartPoll())
	require.Equal(t, Running|Cancelled, s.Load())

	for _, from := range []uint32{0, Running, Complete, Complete | Scheduled} {
		require.Panics(t, func() { stateOf(from).StartPoll() }, bits(from))
	}
}

func TestEndPoll(t *testing.T) {
	s := stateOf(Running)
	require.Equal(t, EndIdle, s.EndPoll())
	require.Equal(t, uint32(0), s.Load())

	s = stateOf(Running | Notified)
	require.Equal(t, EndRequeue, s.EndPoll())
	require.Equal(t, Scheduled, s.Load())

	s = stateOf(Running | Cancelled)
	require.Equal(t, EndRequeue, s.EndPoll())
	require.Equal(t, Scheduled|Cancelled, s.Load())

	require.PanicsWithValue(t, "taskstate: EndPoll on a task that is not running (state Scheduled)",
		func() { stateOf(Scheduled).EndPoll() })
}

func TestComplete(t *testing.T) {
	s := stateOf(Running | Notified)
	require.Equal(t, Running|Notified, s.Complete())
	require.True(t, s.IsComplete())
	require.Equal(t, Complete, s.Load())
	require.Equal(t, WakeDone, s.Wake())
	require.Equal(t, CancelDone, s.Cancel())
	require.Equal(t, Complete, s.Load())

	s = stateOf(Running | Cancelled)
	s.Complete()
	require.Equal(t, Complete|Cancelled, s.Load())
	require.Panics(t, func() { stateOf(0).Complete() })
}

func TestJoinWaker(t *testing.T) {
	s := stateOf(Running)
	require.False(t, s.SetJoinWaker())
	require.True(t, s.HasJoinWaker())
	require.Equal(t, EndIdle, s.EndPoll(), "JoinWaker is not a wake")
	require.False(t, s.UnsetJoinWaker(), "the awaiter takes the slot back")
	require.False(t, s.HasJoinWaker())
	require.False(t, s.SetJoinWaker())
	require.Equal(t, WakeEnqueue, s.Wake())
	s.StartPoll()
	prev := s.Complete()
	require.NotZero(t, prev&JoinWaker, "Complete reports the awaiter")
	require.Equal(t, Complete|JoinWaker, s.Load())
	require.True(t, s.SetJoinWaker(), "complete: the slot is the finisher's")
	require.True(t, s.UnsetJoinWaker())
	require.Equal(t, Complete|JoinWaker, s.Load(), "neither changes a complete word")
}

func TestCancel(t *testing.T) {
	cases := []struct {
		name     string
		from, to uint32
		outcome  CancelOutcome
	}{
		{"idle", 0, Scheduled | Cancelled, CancelEnqueue},
		{"scheduled", Scheduled, Scheduled | Cancelled, CancelDone},
		{"running", Running, Running | Notified | Cancelled, CancelDone},
		{"complete", Complete, Complete, CancelDone},
		{"twice", Cancelled | Scheduled, Cancelled | Scheduled, CancelDone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := stateOf(c.from)
			require.Equal(t, c.outcome, s.Cancel())
			require.Equal(t, bits(c.to), s.String())
		})
	}
}

func TestClaim(t *testing.T) {
	for _, from := range []uint32{0, Scheduled, Scheduled | Cancelled} {
		s := stateOf(from)
		require.True(t, s.Claim(), bits(from))
		require.Equal(t, Running, s.Load()&^Cancelled)
	}
	require.False(t, stateOf(Running).Claim())
	require.False(t, stateOf(Complete).Claim())
}

func TestInitAndString(t *testing.T) {
	var s State
	s.Init(true)
	require.Equal(t, "Scheduled", s.String())
	s.Init(false)
	require.Equal(t, "Idle", s.String())
	require.Equal(t, "Running|Notified|Cancelled", bits(Running|Notified|Cancelled))
	require.Equal(t, "Complete|0x80", bits(Complete|0x80))
}

// TestConcurrentWakes hammers one task with wakes from several goroutines
// while a poller runs it from a queue, and checks the guarantees: never
// queued twice, never polled twice at once, and a poll always follows the
// last wake.
func TestConcurrentWakes(t *testing.T) {
	const wakers, perWaker = 4, 3000
	var s State
	queue := make(chan struct{}, 2) // capacity 2 so a double push is observable
	var queued atomic.Int32
	var wakes atomic.Int64 // wakes issued (incremented before each Wake)
	var lastSeen atomic.Int64

	push := func() {
		if n := queued.Add(1); n != 1 {
			assert.Failf(t, "double queue", "task queued %d times", n)
		}
		queue <- struct{}{}
	}

	var wg sync.WaitGroup
	for w := 0; w < wakers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWaker; i++ {
				wakes.Add(1)
				if s.Wake() == WakeEnqueue {
					push()
				}
				if i%500 == 0 && s.Cancel() == CancelEnqueue {
					// Cancel is sticky: it must not break the queue-once rule
					// either.
					push()
				}
			}
		}()
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	var polling atomic.Int32
	go func() {
		defer close(done)
		for {
			select {
			case <-queue:
			case <-stop:
				return
			}
			queued.Add(-1)
			s.StartPoll() // cancelled or not, we "poll" (the test never completes)
			if polling.Add(1) != 1 {
				assert.Fail(t, "concurrent poll")
			}
			lastSeen.Store(wakes.Load())
			polling.Add(-1)
			if s.EndPoll() == EndRequeue {
				push()
			}
		}
	}()
	wg.Wait()
	// Every wake happened before this point; the poller must eventually
	// observe the final count (a wake during the last poll re-queued it).
	total := int64(wakers * perWaker)
	for lastSeen.Load() != total {
		// Drive progress deterministically: the poller is either polling,
		// or the task is queued, or it is idle having seen everything.
		st := s.Load()
		if st == 0 || st == Cancelled {
			require.Equal(t, total, lastSeen.Load(), "task idle but a wake was lost")
		}
		runtime.Gosched()
	}
	close(stop)
	<-done
}

func TestTryStartPoll(t *testing.T) {
	var s State
	s.Init(true)
	require.True(t, s.Claim())
	_, ok := s.TryStartPoll()
	require.False(t, ok, "claimed task must not start")
	s.Complete()
	_, ok = s.TryStartPoll()
	require.False(t, ok)

	var u State
	u.Init(true)
	out, ok := u.TryStartPoll()
	require.True(t, ok)
	require.Equal(t, StartPoll, out)
	require.Equal(t, EndIdle, u.EndPoll())
	require.Equal(t, "Idle", u.String())
}

// TestFresh follows a task spawned Fresh through what may happen before
// and during its first poll: the start is a load (the word does not
// change), a wake or an abort meanwhile behaves as during a poll, the end
// of the first poll clears Fresh, and the queue's owner may claim it.
func TestFresh(t *testing.T) {
	var s State
	s.InitFresh()
	require.Equal(t, "Running|Fresh", s.String())
	require.False(t, s.IsComplete())
	out, ok := s.TryStartPoll()
	require.True(t, ok)
	require.Equal(t, StartPoll, out)
	require.Equal(t, Running|Fresh, s.Load(), "the first start changes nothing")
	require.Equal(t, WakeDone, s.Wake(), "a wake during the first poll")
	require.Equal(t, Running|Fresh|Notified, s.Load())
	require.Equal(t, EndRequeue, s.EndPoll(), "the wake re-queues the task")
	require.Equal(t, Scheduled, s.Load(), "Fresh is gone after the first poll")

	// Pending at the first poll, no wake: idle, and a later wake queues it.
	s.InitFresh()
	require.Equal(t, StartPoll, s.StartPoll())
	require.Equal(t, EndIdle, s.EndPoll())
	require.Equal(t, uint32(0), s.Load())
	require.Equal(t, WakeEnqueue, s.Wake())

	// Ready at the first poll, awaited meanwhile: Complete keeps JoinWaker.
	s.InitFresh()
	require.False(t, s.SetJoinWaker())
	_, _ = s.TryStartPoll()
	require.Equal(t, Running|Fresh|JoinWaker, s.Complete())
	require.Equal(t, Complete|JoinWaker, s.Load())

	// Aborted before its first poll: nothing to enqueue (the task is in its
	// queue), and the start reports the abort.
	s.InitFresh()
	require.Equal(t, CancelDone, s.Cancel())
	out, ok = s.TryStartPoll()
	require.True(t, ok)
	require.Equal(t, StartCancelled, out)
	require.Equal(t, StartCancelled, s.StartPoll())
	require.Equal(t, Running|Fresh|Notified|Cancelled, s.Complete())

	// Claimed by its queue's owner at shutdown, even after an abort.
	for _, pre := range []func(*State){func(*State) {}, func(s *State) { s.Cancel() }} {
		s.InitFresh()
		pre(&s)
		require.True(t, s.Claim())
		require.Equal(t, Running, s.Load()&^(Cancelled|Notified))
		require.False(t, s.Claim(), "claimed: running under its claimer")
		s.Complete()
	}

	// A fresh word that is complete is a caller's bug.
	require.Panics(t, func() { stateOf(Fresh | Complete).TryStartPoll() })
}

// ClearFresh turns a task in its first poll into an ordinary running
// one: Claim refuses it (a Multi's Close finding it in the registry),
// a wake still sets Notified, and EndPoll ends the poll as usual. On a
// task that is not Fresh it changes nothing.
func TestClearFresh(t *testing.T) {
	var s State
	s.InitFresh()
	s.ClearFresh()
	require.Equal(t, "Running", s.String())
	require.False(t, s.Claim(), "a running task is not claimable")
	require.Equal(t, WakeDone, s.Wake(), "a wake of a running task only notifies")
	require.Equal(t, EndRequeue, s.EndPoll())
	require.Equal(t, "Scheduled", s.String())
	s.ClearFresh()
	require.Equal(t, "Scheduled", s.String())
}
