package timer

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
)

// probe is a test future: pending until ready is set, counting polls and
// drops, and recording what it waits on like a leaf future.
type probe struct {
	ready bool
	value int
	polls int
	drops int
}

func (p *probe) Poll(cx *future.Context) future.Poll[int] {
	p.polls++
	if p.ready {
		return future.Ready(p.value)
	}
	cx.SetWaitingOn(p)
	return future.Pending[int]()
}

func (p *probe) Drop()          { p.drops++ }
func (p *probe) String() string { return "probe" }

func TestTimeoutValueWins(t *testing.T) {
	h := newHarness(t)
	p := &probe{value: 7}
	f := Timeout[int](10*time.Millisecond, p)
	w := &counter{}
	require.False(t, f.Poll(h.cx(w.w())).IsReady())
	require.Equal(t, 1, h.drv.Armed())
	h.advanceTo(9 * time.Millisecond)
	p.ready = true
	r, ok := f.Poll(h.cx(w.w())).Get()
	require.True(t, ok)
	v, err := r.Get()
	require.NoError(t, err)
	require.Equal(t, 7, v)
	require.Zero(t, p.drops, "a finished inner future was dropped")
	require.Zero(t, h.drv.Armed(), "timer still armed after the value won")
	future.Drop(f) // finished: no-op
	require.Zero(t, p.drops)
	requirePanicsWith(t, "polled after completion", func() { f.Poll(h.cx(w.w())) })
}

func TestTimeoutReadyAtFirstPollBeatsElapsedDeadline(t *testing.T) {
	h := newHarness(t)
	for _, d := range []time.Duration{0, -time.Second, time.Millisecond} {
		f := Timeout[int](d, future.PollFn(func(*future.Context) future.Poll[int] { return future.Ready(3) }))
		r, ok := f.Poll(h.cx(waker0)).Get()
		require.True(t, ok)
		require.NoError(t, r.Err)
		require.Equal(t, 3, r.Value)
	}
	require.Zero(t, h.drv.Armed())
}

func TestTimeoutElapsesAndDropsInner(t *testing.T) {
	h := newHarness(t)
	p := &probe{}
	f := Timeout[int](10*time.Millisecond, p)
	w := &counter{}
	cx := h.cx(w.w())
	require.False(t, f.Poll(cx).IsReady())
	require.Same(t, p, taskcx.Of(cx).WaitingOn, "the inner future's wait should be reported")
	h.advanceTo(10 * time.Millisecond)
	require.Equal(t, 1, w.count())
	r, ok := f.Poll(cx).Get()
	require.True(t, ok)
	require.ErrorIs(t, r.Err, ErrTimeout)
	require.True(t, errors.Is(r.Err, ErrTimeout))
	require.Equal(t, "timer: deadline elapsed", r.Err.Error())
	require.Equal(t, 1, p.drops, "inner future not dropped exactly once on timeout")
	require.Equal(t, 2, p.polls, "inner polled first at every poll")
	future.Drop(f)
	require.Equal(t, 1, p.drops)
}

func TestTimeoutZeroTimesOutAtFirstPoll(t *testing.T) {
	h := newHarness(t)
	p := &probe{}
	r, ok := Timeout[int](0, p).Poll(h.cx(waker0)).Get()
	require.True(t, ok)
	require.ErrorIs(t, r.Err, ErrTimeout)
	require.Equal(t, 1, p.drops)
}

func TestTimeoutDropDropsInnerAndTimer(t *testing.T) {
	h := newHarness(t)
	p := &probe{}
	f := Timeout[int](time.Second, p)
	future.Drop(f) // never polled
	require.Equal(t, 1, p.drops)
	future.Drop(f)
	require.Equal(t, 1, p.drops)

	p = &probe{}
	f = Timeout[int](time.Second, p)
	require.False(t, f.Poll(h.cx(waker0)).IsReady())
	require.Equal(t, 1, h.drv.Armed())
	future.Drop(f)
	require.Equal(t, 1, p.drops)
	require.Zero(t, h.drv.Armed())
	requirePanicsWith(t, "polled after Drop", func() { f.Poll(h.cx(waker0)) })
}

func TestTimeoutFiresWithoutBudget(t *testing.T) {
	h := newHarness(t)
	p := &probe{}
	f := Timeout[int](time.Millisecond, p)
	cx := h.cx(waker0)
	require.False(t, f.Poll(cx).IsReady())
	h.advanceTo(time.Millisecond)
	taskcx.Of(cx).Budget = 0 // an inner future that spent it all
	r, ok := f.Poll(cx).Get()
	require.True(t, ok)
	require.ErrorIs(t, r.Err, ErrTimeout)
}

func TestTimeoutNilPanics(t *testing.T) {
	requirePanicsWith(t, "timer.Timeout: nil future", func() { Timeout[int](time.Second, nil) })
}

func TestTimeoutString(t *testing.T) {
	f := Timeout[int](time.Second, &probe{})
	require.Equal(t, "timer.Timeout: timer.Sleep for 1s (not polled yet)", fmt.Sprint(f))
	future.Drop(f)
}
