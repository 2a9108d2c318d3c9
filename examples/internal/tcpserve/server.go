package tcpserve

import (
	"errors"
	"fmt"
	"log"
	"net"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/timer"
)

// acceptBackoff is how long [Server.Serve] waits after an accept error
// other than a closed listener (typically EMFILE: out of file
// descriptors) before it tries again, instead of spinning on a listener
// that stays readable.
const acceptBackoff = 50 * time.Millisecond

// Server accepts connections on a listener and spawns one task per
// connection on its executor, running the future its newConn function
// builds for the connection. Build it with [New]; drive it with
// [Server.Serve]. Its counters are safe to read from any goroutine.
type Server[R any] struct {
	pkg      string // prefix of log lines: "echoserver"
	label    string // the accept loop's name in task dumps: "echo"
	ex       executor.Executor
	ln       *tcp.Listener
	newConn  func(*tcp.Stream) future.Future[R]
	accepted atomic.Int64
}

// New returns a server for ln whose connection tasks, built by newConn,
// run on ex. pkg names the calling package in panics and log lines
// ("echoserver"); label names the accept loop in task dumps ("echo").
// The server owns ln: [Server.Close] and the end of Serve close it.
// Panics naming pkg's New if ex or ln is nil, and naming tcpserve.New if
// newConn is nil.
func New[R any](pkg, label string, ex executor.Executor, ln *tcp.Listener, newConn func(*tcp.Stream) future.Future[R]) *Server[R] {
	if ex == nil || ln == nil {
		panic(pkg + ".New: nil executor or listener")
	}
	if newConn == nil {
		panic("tcpserve.New: nil newConn")
	}
	return &Server[R]{pkg: pkg, label: label, ex: ex, ln: ln, newConn: newConn}
}

// Addr returns the listener's address.
func (s *Server[R]) Addr() net.Addr { return s.ln.Addr() }

// Accepted returns how many connections have been accepted so far.
// Safe from any goroutine.
func (s *Server[R]) Accepted() int64 { return s.accepted.Load() }

// Close closes the listener: a running Serve finishes with nil.
// Connections already accepted go on (close the executor to end them).
// Safe from any goroutine.
func (s *Server[R]) Close() error { return s.ln.Close() }

// Serve returns the accept loop: a future.Future[error] that accepts
// connections and spawns a connection task for each, until stop is ready
// or the listener is closed (then it is ready with nil), or accepting
// fails for good. stop may be nil (run until [Server.Close]); the
// examples' main bridges SIGINT into it with future.FromChan.
//
// Run it as the executor's main future (executor.Run) or spawn it. Drop
// closes the listener and drops stop. Accept errors other than a closed
// listener (EMFILE, ENFILE, ENOBUFS) are logged and retried after 50 ms,
// so a server out of descriptors recovers when connections end.
func (s *Server[R]) Serve(stop future.Future[future.Unit]) future.Future[error] {
	return &serveFuture[R]{s: s, stop: stop}
}

// serveFuture is the accept loop behind [Server.Serve].
type serveFuture[R any] struct {
	s       *Server[R]
	stop    future.Future[future.Unit] // nil: no stop signal
	backoff *timer.SleepFuture         // non-nil while waiting after an accept error
	done    bool
}

func (f *serveFuture[R]) Poll(cx *future.Context) future.Poll[error] {
	if f.done {
		panic(fmt.Sprintf("%T polled after completion", f))
	}
	if f.stop != nil && f.stop.Poll(cx).IsReady() {
		f.stop = nil
		return f.finish(nil)
	}
	if f.backoff != nil {
		if !f.backoff.Poll(cx).IsReady() {
			return future.Pending[error]()
		}
		f.backoff = nil
	}
	for {
		r, ok := f.s.ln.PollAccept(cx).Get()
		if !ok {
			return future.Pending[error]()
		}
		if r.Err != nil {
			if errors.Is(r.Err, net.ErrClosed) {
				return f.finish(nil)
			}
			log.Printf("%s: %v; retrying in %v", f.s.pkg, r.Err, acceptBackoff)
			f.backoff = timer.Sleep(acceptBackoff)
			if !f.backoff.Poll(cx).IsReady() {
				return future.Pending[error]()
			}
			f.backoff = nil
			continue
		}
		f.s.accepted.Add(1)
		executor.Spawn(f.s.ex, f.s.newConn(r.Value))
	}
}

// finish closes the listener and drops what is still pending.
func (f *serveFuture[R]) finish(err error) future.Poll[error] {
	f.done = true
	if f.stop != nil {
		future.Drop(f.stop)
	}
	if f.backoff != nil {
		f.backoff.Drop()
	}
	f.stop, f.backoff = nil, nil
	_ = f.s.ln.Close() // a second close (after Server.Close) only reports net.ErrClosed
	return future.Ready(err)
}

// Drop stops serving: the listener is closed and stop dropped.
// Connections already accepted go on. Idempotent.
func (f *serveFuture[R]) Drop() {
	if !f.done {
		f.finish(nil)
	}
}

// String names the wait in task dumps.
func (f *serveFuture[R]) String() string { return f.s.label + " accept loop on " + f.s.ln.String() }
