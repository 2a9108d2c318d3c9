package future

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGenDefersReturnOrder(t *testing.T) {
	var d GenDefers
	var log []int
	for i := range 3 {
		d.Defer(func() { log = append(log, i) })
	}
	d.Return()
	require.Equal(t, []int{2, 1, 0}, log)
	d.Return() // empty: a no-op
	require.Len(t, log, 3)
}

func TestGenDefersPanicRecovered(t *testing.T) {
	var d GenDefers
	var got any
	ran := false
	d.Defer(func() { ran = true })
	d.Defer(func() { got = d.Recover() })
	require.True(t, d.Panic("boom"))
	require.Equal(t, "boom", got)
	require.True(t, ran)
	require.Nil(t, d.Recover(), "recover outside a panic returns nil")
}

func TestGenDefersPanicReplacedAndRethrown(t *testing.T) {
	var d GenDefers
	ran := false
	d.Defer(func() { ran = true })
	d.Defer(func() { panic("second") })
	require.PanicsWithValue(t, "second", func() { d.Panic("first") })
	require.True(t, ran, "the remaining defers run after a defer panics")
}

func TestGenDefersReturnPanics(t *testing.T) {
	var d GenDefers
	d.Defer(func() { panic("in defer") })
	require.PanicsWithValue(t, "in defer", func() { d.Return() })
}

func TestGenDefersDropSignal(t *testing.T) {
	var d GenDefers
	var seen any
	d.Defer(func() { seen = d.Recover() })
	require.NotPanics(t, d.Drop)
	require.Equal(t, any(errStopped), seen, "recover sees the drop signal, as in an async block")

	var d2 GenDefers
	d2.Defer(func() {})
	require.NotPanics(t, d2.Drop, "an unrecovered drop signal is swallowed")

	var d3 GenDefers
	d3.Defer(func() { panic("other") })
	require.PanicsWithValue(t, "other", d3.Drop)
}

func TestGenPolledAfter(t *testing.T) {
	f := &yieldNow{}
	require.PanicsWithValue(t, "*future.yieldNow polled after completion", func() { GenPolledAfter(f, false) })
	require.PanicsWithValue(t, "*future.yieldNow polled after Drop", func() { GenPolledAfter(f, true) })
	require.PanicsWithValue(t, "future.Await: nil future", func() { GenNotNil(nil) })
	require.NotPanics(t, func() { GenNotNil(f) })
}
