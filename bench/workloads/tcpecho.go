package workloads

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

var tcpEcho = Workload{
	Name:       "tcp_echo",
	Doc:        "n loopback connections at once, each echoing 10 messages of 64 bytes",
	Unit:       "ms",
	SizeDoc:    "connections",
	Sizes:      Sizes{Full: 1000, Quick: 200, Tiny: 4},
	Kettle:     TCPEchoKettle,
	Goroutines: TCPEchoGoroutines,
}

// echoMsgs messages of echoSize bytes go each way on every connection.
const (
	echoMsgs = 10
	echoSize = 64
)

// errBox keeps the first error reported by any task or goroutine.
type errBox struct {
	mu  sync.Mutex
	err error
}

func (b *errBox) set(err error) {
	b.mu.Lock()
	if b.err == nil {
		b.err = err
	}
	b.mu.Unlock()
}

func (b *errBox) get() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// echoPayload returns the message a client sends.
func echoPayload() []byte { return bytes.Repeat([]byte("kettle!\n"), echoSize/8) }

// echoClient dials, then writes a message and reads its echo, echoMsgs
// times, then closes.
type echoClient struct {
	echoConn
	addr    string
	dial    *tcp.DialFuture
	out, in []byte
	i       int
}

// echoConn is what an echo client and server share: the stream, the read
// or write in flight, and the run's latch and error box.
type echoConn struct {
	s        *tcp.Stream
	w        *aio.WriteAllFuture
	r        *aio.ReadExactFuture
	done     *latch
	errs     *errBox
	finished bool
}

// end records err (if any), cancels the I/O in flight, closes the stream
// and counts the latch down, once.
func (c *echoConn) end(err error) {
	if err != nil {
		c.errs.set(err)
	}
	if c.finished {
		return
	}
	c.finished = true
	if c.w != nil {
		c.w.Drop()
	}
	if c.r != nil {
		c.r.Drop()
	}
	if c.s != nil {
		_ = c.s.Close()
	}
	c.done.done()
}

func (c *echoClient) Poll(cx *future.Context) future.Poll[int] {
	if c.s == nil {
		if c.dial == nil {
			c.dial = tcp.Dial(c.addr)
		}
		r, ok := c.dial.Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		c.dial = nil
		if r.Err != nil {
			return c.fail(r.Err)
		}
		c.s = r.Value
	}
	for c.i < echoMsgs {
		if c.r == nil {
			if c.w == nil {
				c.w = aio.WriteAll(c.s, c.out)
			}
			err, ok := c.w.Poll(cx).Get()
			if !ok {
				return future.Pending[int]()
			}
			c.w = nil
			if err != nil {
				return c.fail(err)
			}
			c.r = aio.ReadExact(c.s, c.in)
		}
		err, ok := c.r.Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		c.r = nil
		if err != nil {
			return c.fail(err)
		}
		if !bytes.Equal(c.in, c.out) {
			return c.fail(fmt.Errorf("%w: tcp_echo: echo %q, want %q", ErrWrongResult, c.in, c.out))
		}
		c.i++
	}
	return c.fail(nil)
}

// fail ends the client with err (nil: done) and finishes. No dial is in
// flight when it is called.
func (c *echoClient) fail(err error) future.Poll[int] {
	c.end(err)
	return future.Ready(c.i)
}

// Drop cancels the dial or the I/O in flight, closes the stream and counts
// the latch down, once.
func (c *echoClient) Drop() {
	if c.dial != nil {
		c.dial.Drop()
		c.dial = nil
	}
	c.end(nil)
}

// echoServer reads a message and writes it back, echoMsgs times, then
// closes (the server closes first, so TIME_WAIT stays on the listening
// port rather than on an ephemeral one).
type echoServer struct {
	echoConn
	buf []byte
	i   int
}

func (e *echoServer) Poll(cx *future.Context) future.Poll[int] {
	for e.i < echoMsgs {
		if e.w == nil {
			if e.r == nil {
				e.r = aio.ReadExact(e.s, e.buf)
			}
			err, ok := e.r.Poll(cx).Get()
			if !ok {
				return future.Pending[int]()
			}
			e.r = nil
			if err != nil {
				e.end(err)
				return future.Ready(e.i)
			}
			e.w = aio.WriteAll(e.s, e.buf)
		}
		err, ok := e.w.Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		e.w = nil
		if err != nil {
			e.end(err)
			return future.Ready(e.i)
		}
		e.i++
	}
	e.end(nil)
	return future.Ready(e.i)
}

// Drop cancels the I/O in flight, closes the stream and counts the latch
// down, once.
func (e *echoServer) Drop() { e.end(nil) }

// acceptor accepts n connections and spawns an echoServer for each. On an
// accept error it counts down the latch for the servers it will not spawn.
type acceptor struct {
	ex   executor.Executor
	ln   *tcp.Listener
	n    int
	acc  *tcp.AcceptFuture
	done *latch
	errs *errBox
}

func (a *acceptor) Poll(cx *future.Context) future.Poll[int] {
	for a.n > 0 {
		if a.acc == nil {
			a.acc = a.ln.Accept()
		}
		r, ok := a.acc.Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		a.acc = nil
		if r.Err != nil {
			a.errs.set(r.Err)
			a.Drop()
			return future.Ready(0)
		}
		a.n--
		spawnDetached(a.ex, future.Future[int](&echoServer{echoConn: echoConn{s: r.Value, done: a.done, errs: a.errs}, buf: make([]byte, echoSize)}))
	}
	return future.Ready(0)
}

// Drop cancels a pending accept and counts down the servers never spawned.
func (a *acceptor) Drop() {
	if a.acc != nil {
		a.acc.Drop()
		a.acc = nil
	}
	for ; a.n > 0; a.n-- {
		a.done.done()
	}
}

// TCPEchoKettle opens n loopback connections at once from n client tasks
// to an accept task that spawns one echo task per connection; each
// connection echoes 10 messages of 64 bytes. It returns the wall time in
// ms, from the first dial to the last close.
func TCPEchoKettle(ex executor.Executor, n int) (float64, error) {
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	addr := ln.Addr().String()
	msg := echoPayload()
	errs := &errBox{}
	start := time.Now()
	err = runMain(ex, func() *latch {
		l := newLatch(2 * n)
		spawnDetached(ex, future.Future[int](&acceptor{ex: ex, ln: ln, n: n, done: l, errs: errs}))
		for range n {
			spawnDetached(ex, future.Future[int](&echoClient{echoConn: echoConn{done: l, errs: errs}, addr: addr, out: msg, in: make([]byte, echoSize)}))
		}
		return l
	})
	d := ms(start)
	if err == nil {
		err = errs.get()
	}
	return d, err
}

// TCPEchoGoroutines is TCPEchoKettle with package net and a goroutine per
// client, per server connection and for the accept loop.
func TCPEchoGoroutines(n int) (float64, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	addr := ln.Addr().String()
	msg := echoPayload()
	errs := &errBox{}
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(2*n + 1)
	go func() {
		defer wg.Done()
		for i := range n {
			c, err := ln.Accept()
			if err != nil {
				errs.set(err)
				for range n - i {
					wg.Done()
				}
				return
			}
			go func() {
				defer wg.Done()
				defer c.Close()
				buf := make([]byte, echoSize)
				for range echoMsgs {
					if _, err := io.ReadFull(c, buf); err != nil {
						errs.set(err)
						return
					}
					if _, err := c.Write(buf); err != nil {
						errs.set(err)
						return
					}
				}
			}()
		}
	}()
	for range n {
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", addr)
			if err != nil {
				errs.set(err)
				return
			}
			defer c.Close()
			in := make([]byte, echoSize)
			for range echoMsgs {
				if _, err := c.Write(msg); err != nil {
					errs.set(err)
					return
				}
				if _, err := io.ReadFull(c, in); err != nil {
					errs.set(err)
					return
				}
				if !bytes.Equal(in, msg) {
					errs.set(fmt.Errorf("%w: tcp_echo: echo %q, want %q", ErrWrongResult, in, msg))
					return
				}
			}
		}()
	}
	wg.Wait()
	return ms(start), errs.get()
}
