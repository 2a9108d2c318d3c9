package executor

import (
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

// A waker that panics when the executor's timer driver fires it is
// reported through the executor's Logger (not slog.Default), and the
// executor goes on: the next sleep still completes.
func TestLoggerGetsTimerWakerPanics(t *testing.T) {
	both(t, func(t *testing.T, mk func(...Option) Executor) {
		var buf syncBuffer
		ex := mk(Logger(slog.New(slog.NewTextHandler(&buf, nil))))
		defer closeEx(ex)
		bad := waker.Func(func() { panic("boom from a waker") })
		var sleep future.Future[future.Unit]
		_, err := Run(ex, future.PollFn(func(cx *future.Context) future.Poll[int] {
			if sleep == nil {
				// Poll a short sleep once under a context that carries the
				// executor's services but a waker that panics.
				sleep = timer.Sleep(time.Millisecond)
				bad := future.NewContext(bad)
				bad.SetServices(cx.Services())
				require.False(t, sleep.Poll(bad).IsReady())
				cx.Waker().Wake()
				return future.Pending[int]()
			}
			return future.Ready(0)
		}))
		require.NoError(t, err)
		_, err = Run(ex, timer.Sleep(20*time.Millisecond))
		require.NoError(t, err)
		require.Contains(t, buf.String(), "boom from a waker")
		future.Drop(sleep)
	})
}
