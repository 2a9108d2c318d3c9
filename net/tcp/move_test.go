//go:build linux

package tcp_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/reactor"
	"github.com/kettle-rt/kettle/waker"
)

// blockPair dials and accepts under executor.BlockOn, so both streams were
// first registered with a reactor that closed when BlockOn returned.
func blockPair(t *testing.T) (client, server *tcp.Stream) {
	t.Helper()
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	acc := ln.Accept()
	client = must(t, executor.BlockOn(tcp.Dial(ln.Addr().String())))
	server = must(t, executor.BlockOn[future.Result[*tcp.Stream]](acc))
	t.Cleanup(func() {
		_ = client.Close()
		_ = server.Close()
	})
	return client, server
}

// A stream first polled under one BlockOn is read by a second one: the
// registration moves instead of dying with the first BlockOn's reactor.
func TestStreamOutlivesBlockOn(t *testing.T) {
	client, server := blockPair(t)
	for i := range 3 {
		msg := []byte{byte('a' + i), 'x'}
		n := must(t, executor.BlockOn(client.Write(msg)))
		require.Equal(t, 2, n)
		buf := make([]byte, 8)
		n = must(t, executor.BlockOn(server.Read(buf)))
		require.Equal(t, msg, buf[:n])
	}
}

// Data that arrived while no runtime watched the socket (between two
// BlockOns) is read at once by the next one: no lost wake-up on a move.
func TestStreamMoveNoLostWakeup(t *testing.T) {
	client, server := blockPair(t)
	buf := make([]byte, 8)
	// Park a read on one Local so its registration has a waiter, then
	// finish it; the data for the next read arrives between the runs.
	ex := executor.NewLocal()
	defer ex.Close()
	h := executor.Spawn(ex, server.Read(buf))
	_, err := executor.Run(ex, future.Value(0)) // polls the read once: Pending
	require.NoError(t, err)
	must(t, executor.BlockOn(client.Write([]byte("hi"))))
	r, err := executor.Run(ex, h) // the same executor finishes it
	require.NoError(t, err)
	require.Equal(t, 2, must(t, must(t, r)))
	must(t, executor.BlockOn(client.Write([]byte("yo"))))
	n := must(t, executor.BlockOn(server.Read(buf))) // a second runtime
	require.Equal(t, "yo", string(buf[:n]))
}

// A reader and a writer of one stream on two executors at the same time
// both finish: the stream is shared through the fallback reactor.
func TestStreamReaderWriterOnTwoExecutors(t *testing.T) {
	client, server := blockPair(t)
	const total = 1 << 20
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { // writes total bytes on a Multi
		defer wg.Done()
		ex := executor.NewMulti(executor.Workers(1))
		defer ex.Close()
		r, err := executor.Run(ex, client.Write(make([]byte, total)))
		if assert.NoError(t, err) {
			assert.Equal(t, total, r.Value)
			assert.NoError(t, r.Err)
		}
	}()
	go func() { // reads the echo on a Local, at the same time
		defer wg.Done()
		ex := executor.NewLocal()
		defer ex.Close()
		buf := make([]byte, 64<<10)
		for got := 0; got < total; {
			r, err := executor.Run(ex, client.Read(buf))
			if !assert.NoError(t, err) || !assert.NoError(t, r.Err) || !assert.NotZero(t, r.Value) {
				return
			}
			got += r.Value
		}
	}()
	go func() { // the peer echoes on BlockOn after BlockOn
		defer wg.Done()
		buf := make([]byte, 64<<10)
		for got := 0; got < total; {
			r := executor.BlockOn(server.Read(buf))
			if !assert.NoError(t, r.Err) || !assert.NotZero(t, r.Value) {
				return
			}
			w := executor.BlockOn(server.Write(buf[:r.Value]))
			if !assert.NoError(t, w.Err) {
				return
			}
			got += r.Value
		}
	}()
	wg.Wait()
}

// A second task reading while another already waits on the same direction
// gets reactor.ErrBusy, and the first reader is not robbed.
func TestStreamSecondReaderBusy(t *testing.T) {
	client, server := pair(t)
	cx1 := future.NewContext(waker.Noop())
	woke := make(chan struct{}, 1)
	cx2 := future.NewContext(waker.Func(func() {
		select {
		case woke <- struct{}{}:
		default:
		}
	}))
	buf := make([]byte, 4)
	first := server.Read(buf)
	require.False(t, first.Poll(cx2).IsReady())
	second := server.Read(buf)
	p := second.Poll(cx1)
	r, ok := p.Get()
	require.True(t, ok)
	require.ErrorIs(t, r.Err, reactor.ErrBusy)
	require.True(t, errors.Is(r.Err, reactor.ErrBusy))
	// Dropping the first reader hands the direction back.
	first.Drop()
	third := server.Read(buf)
	require.False(t, third.Poll(cx1).IsReady())
	third.Drop()
	_ = client
}

// BlockOns that did I/O close their reactor: no descriptor piles up, and
// the streams keep working.
func TestBlockOnReactorsDoNotLeak(t *testing.T) {
	client, server := blockPair(t)
	buf := make([]byte, 4)
	before := fdCount(t)
	for range 50 {
		must(t, executor.BlockOn(client.Write([]byte("ping"))))
		n := must(t, executor.BlockOn(server.Read(buf)))
		require.Equal(t, "ping", string(buf[:n]))
	}
	require.LessOrEqual(t, fdCount(t), before+2)
}
