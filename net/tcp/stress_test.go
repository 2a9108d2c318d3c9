//go:build linux

package tcp_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/net/tcp"
)

// echoFuture echoes a stream until end of stream, then closes it. It is a
// hand-written state machine on the poll-level API.
type echoFuture struct {
	s       *tcp.Stream
	buf     []byte
	pending []byte // read but not yet written back
	echoed  int
}

func (e *echoFuture) Poll(cx *future.Context) future.Poll[error] {
	for {
		for len(e.pending) > 0 {
			r, ok := e.s.PollWrite(cx, e.pending).Get()
			if !ok {
				return future.Pending[error]()
			}
			if r.Err != nil {
				e.s.Close()
				return future.Ready(r.Err)
			}
			e.pending = e.pending[r.Value:]
			e.echoed += r.Value
		}
		r, ok := e.s.PollRead(cx, e.buf).Get()
		if !ok {
			return future.Pending[error]()
		}
		if r.Err != nil || r.Value == 0 {
			e.s.Close()
			return future.Ready(r.Err)
		}
		e.pending = e.buf[:r.Value]
	}
}

// acceptN accepts n connections and spawns an echo task for each.
type acceptN struct {
	ex    executor.Executor
	ln    *tcp.Listener
	n     int
	echos []*executor.JoinHandle[error]
}

func (a *acceptN) Poll(cx *future.Context) future.Poll[error] {
	for len(a.echos) < a.n {
		r, ok := a.ln.PollAccept(cx).Get()
		if !ok {
			return future.Pending[error]()
		}
		if r.Err != nil {
			return future.Ready(r.Err)
		}
		a.echos = append(a.echos, executor.Spawn[error](a.ex, &echoFuture{s: r.Value, buf: make([]byte, 1500)}))
	}
	return future.Ready[error](nil)
}

// TestManyConnectionsEcho: hundreds of Go clients, each sending many
// messages of random sizes through a Kettle echo server on one loop; every
// byte is checked.
func TestManyConnectionsEcho(t *testing.T) {
	const conns, msgs = 300, 25
	ex := exectest.New(t)
	ln := listen(t, "127.0.0.1:0")
	acc := &acceptN{ex: ex, ln: ln, n: conns}
	accH := executor.Spawn[error](ex, acc)

	var wg sync.WaitGroup
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 1))
			conn, err := net.Dial("tcp", ln.Addr().String())
			if !assert.NoError(t, err) {
				return
			}
			defer conn.Close()
			for m := 0; m < msgs; m++ {
				msg := make([]byte, 1+rng.IntN(4096))
				for i := range msg {
					msg[i] = byte(rng.Uint32())
				}
				if _, err := conn.Write(msg); !assert.NoError(t, err) {
					return
				}
				got := make([]byte, len(msg))
				if _, err := io.ReadFull(conn, got); !assert.NoError(t, err) {
					return
				}
				if !bytes.Equal(msg, got) {
					assert.Fail(t, "echo mismatch", "conn %d msg %d", c, m)
					return
				}
			}
		}(c)
	}
	// Every task waits on a socket with a waker registered in the
	// executor's reactor, so the Go clients' progress never looks like a
	// deadlock. Each Run drives all the tasks until its handle is ready.
	require.NoError(t, must(t, exectest.RunOn(t, ex, accH)))
	require.Len(t, acc.echos, conns)
	for i, h := range acc.echos {
		require.NoError(t, must(t, exectest.RunOn(t, ex, h)), "echo task %d", i)
	}
	wg.Wait()
}

// clientFuture dials, then sends msgs messages and checks each echo.
type clientFuture struct {
	addr  string
	dial  *tcp.DialFuture
	s     *tcp.Stream
	rng   *rand.Rand
	msgs  int
	msg   []byte
	sent  int
	recvd []byte
	buf   []byte
}

func (c *clientFuture) Poll(cx *future.Context) future.Poll[error] {
	if c.s == nil {
		if c.dial == nil {
			c.dial = tcp.Dial(c.addr)
		}
		r, ok := c.dial.Poll(cx).Get()
		if !ok {
			return future.Pending[error]()
		}
		if r.Err != nil {
			return future.Ready(r.Err)
		}
		c.s = r.Value
	}
	for {
		if c.msg == nil {
			if c.msgs == 0 {
				return future.Ready(c.s.Close())
			}
			c.msgs--
			c.msg = make([]byte, 1+c.rng.IntN(8192))
			for i := range c.msg {
				c.msg[i] = byte(c.rng.Uint32())
			}
			c.sent, c.recvd = 0, c.recvd[:0]
		}
		for c.sent < len(c.msg) {
			r, ok := c.s.PollWrite(cx, c.msg[c.sent:]).Get()
			if !ok {
				break // read what came back meanwhile
			}
			if r.Err != nil {
				return future.Ready(r.Err)
			}
			c.sent += r.Value
		}
		r, ok := c.s.PollRead(cx, c.buf).Get()
		if !ok {
			return future.Pending[error]()
		}
		if r.Err != nil {
			return future.Ready(r.Err)
		}
		if r.Value == 0 {
			return future.Ready[error](io.ErrUnexpectedEOF)
		}
		c.recvd = append(c.recvd, c.buf[:r.Value]...)
		if len(c.recvd) == len(c.msg) {
			if !bytes.Equal(c.recvd, c.msg) {
				return future.Ready[error](errors.New("echo mismatch"))
			}
			c.msg = nil
		}
	}
}

// TestManyKettleClients: Kettle Dial futures against a Go echo server.
func TestManyKettleClients(t *testing.T) {
	const conns, msgs = 200, 20
	gl, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := gl.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				// Hide c's ReadFrom: io.Copy would splice through
				// pipes from a pool that only the GC closes, which
				// leaves hundreds of descriptors open after this test
				// and upsets TestFdCountReturnsToStart.
				_, _ = io.Copy(struct{ io.Writer }{c}, c)
			}()
		}
	}()
	ex := exectest.New(t)
	hs := make([]*executor.JoinHandle[error], conns)
	for i := range hs {
		hs[i] = executor.Spawn[error](ex, &clientFuture{
			addr: gl.Addr().String(), rng: rand.New(rand.NewPCG(uint64(i), 2)),
			msgs: msgs, buf: make([]byte, 2048),
		})
	}
	outs := make([]future.Result[error], conns)
	var runErr error
	for i, h := range hs {
		if outs[i], runErr = executor.Run(ex, h); runErr != nil {
			break
		}
	}
	gl.Close()
	wg.Wait()
	require.NoError(t, runErr)
	for i, h := range hs {
		require.True(t, h.IsFinished(), "client %d", i)
		require.NoError(t, outs[i].Err, "client %d", i)
		require.NoError(t, outs[i].Value, fmt.Sprint("client ", i))
	}
}
