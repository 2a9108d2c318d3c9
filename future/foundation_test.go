package future_test

import (
	"errors"
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
	"github.com/stretchr/testify/require"
)

func TestBudget(t *testing.T) {
	var wc wakeCounter
	cx := future.NewContext(waker.New(&wc))
	require.Equal(t, -1, cx.Budget())
	require.True(t, cx.ConsumeBudget(), "unlimited by default")
	taskcx.Of(cx).Budget = 2
	require.True(t, cx.ConsumeBudget())
	require.True(t, cx.ConsumeBudget())
	require.Zero(t, wc.n.Load())
	require.False(t, cx.ConsumeBudget(), "spent")
	require.EqualValues(t, 1, wc.n.Load(), "a spent budget wakes the task")
	taskcx.Of(cx).Budget = -1
	require.Equal(t, -1, cx.Budget())
}

func TestServices(t *testing.T) {
	key := future.NewServiceKey[string]("greeting")
	other := future.NewServiceKey[int]("number")
	require.Equal(t, `service "greeting"`, key.String())
	var s future.Services
	key.Set(&s, "hello")
	cx := future.NewContext(waker.Noop())
	_, ok := key.From(cx)
	require.False(t, ok, "no services installed")
	cx.SetServices(&s)
	require.Same(t, &s, cx.Services())
	v, ok := key.From(cx)
	require.True(t, ok)
	require.Equal(t, "hello", v)
	_, ok = other.Lookup(&s)
	require.False(t, ok)
}

func TestContextAccessors(t *testing.T) {
	cx := future.NewContext(waker.Noop())
	require.Nil(t, taskcx.Of(cx).Chooser)
	require.Equal(t, 3, cx.First(5, 3), "no chooser: the fallback")
	c := &fixedChooser{picks: []int{4}}
	taskcx.Of(cx).Chooser = c
	require.Equal(t, 0, cx.First(1, 0), "one branch is not a choice point")
	require.Equal(t, 4, cx.First(5, 0))
	taskcx.Of(cx).TaskName = "t"
	require.Equal(t, "t", cx.TaskName())
	var wc wakeCounter
	cx.SetWaker(waker.New(&wc))
	cx.Waker().Wake()
	require.EqualValues(t, 1, wc.n.Load())
}

func TestValueTypes(t *testing.T) {
	p := future.Pending[int]()
	require.True(t, p.IsPending())
	require.False(t, p.IsReady())
	v, err := future.Err[int](errors.New("x")).Get()
	require.Zero(t, v)
	require.EqualError(t, err, "x")
	l := future.NewLeft[int, string](1)
	_, ok := l.Right()
	require.False(t, ok)
	require.True(t, l.IsLeft())
}
