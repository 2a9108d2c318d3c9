package tcpserve

import (
	"errors"
	"fmt"
	"log"
	"net"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/ratelog"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/timer"
)

const (
	// acceptBackoff is how long [Server.Serve] waits after an accept
	// error other than a closed listener before it tries again, instead
	// of spinning on a listener that stays readable.
	acceptBackoff = 50 * time.Millisecond
	// evictSlack is how many evicted connections may still be closing
	// while the accept loop goes on accepting; past MaxConns+evictSlack
	// open connections it waits for one to end.
	evictSlack = 16
	// logEvery is the rate limit of the accept loop's error lines.
	logEvery = time.Second
	// acceptBatch is how many connections one poll of the accept loop
	// accepts before it yields, so that the tasks of the connections just
	// accepted run (and read their requests) before the loop accepts, and
	// perhaps evicts, more.
	acceptBatch = 32
)

// Server accepts connections on a listener and spawns one task per
// connection on its executor, running the future its newConn function
// builds for the connection. Build it with [New]; drive it with
// [Server.Serve]. Its counters are safe to read from any goroutine.
type Server[R any] struct {
	pkg      string // prefix of log lines: "echoserver"
	label    string // the accept loop's name in task dumps: "echo"
	ex       executor.Executor
	ln       *tcp.Listener
	newConn  func(*tcp.Stream, *Limits) future.Future[R]
	limits   Limits
	reg      registry
	logLimit *ratelog.Limiter
	accepted atomic.Int64
	evicted  atomic.Int64
}

// New returns a server for ln whose connection tasks, built by newConn,
// run on ex, held to the limits that opts set over [DefaultLimits].
// newConn receives the server's limits (shared and read-only: it must not
// change them). pkg names the calling package in panics and log lines
// ("echoserver"); label names the accept loop in task dumps ("echo").
// The server owns ln: [Server.Close] and the end of Serve close it.
// Panics naming pkg's New if ex or ln is nil or an option's value is not
// positive, and naming tcpserve.New if newConn is nil.
func New[R any](pkg, label string, ex executor.Executor, ln *tcp.Listener,
	newConn func(*tcp.Stream, *Limits) future.Future[R], opts ...Option) *Server[R] {
	if ex == nil || ln == nil {
		panic(pkg + ".New: nil executor or listener")
	}
	if newConn == nil {
		panic("tcpserve.New: nil newConn")
	}
	return &Server[R]{
		pkg: pkg, label: label, ex: ex, ln: ln, newConn: newConn,
		limits:   BuildLimits(pkg+".New", opts),
		logLimit: ratelog.New(logEvery),
	}
}

// Addr returns the listener's address.
func (s *Server[R]) Addr() net.Addr { return s.ln.Addr() }

// Limits returns the server's limits.
func (s *Server[R]) Limits() Limits { return s.limits }

// Accepted returns how many connections have been accepted so far.
// Safe from any goroutine.
func (s *Server[R]) Accepted() int64 { return s.accepted.Load() }

// Evicted returns how many connections have been closed to make room for
// new ones (the server was at [Limits.MaxConns] or out of descriptors).
// Safe from any goroutine.
func (s *Server[R]) Evicted() int64 { return s.evicted.Load() }

// Open returns how many connections are open now (their tasks have not
// finished). Safe from any goroutine.
func (s *Server[R]) Open() int {
	open, _ := s.reg.counts()
	return open
}

// Close closes the listener: a running Serve finishes with nil.
// Connections already accepted go on (close the executor to end them).
// Safe from any goroutine.
func (s *Server[R]) Close() error { return s.ln.Close() }

// Serve returns the accept loop: a future.Future[error] that accepts
// connections and spawns a connection task for each, until stop is ready
// or the listener is closed (then it is ready with nil). stop may be nil
// (run until [Server.Close]); the examples' main bridges SIGINT into it
// with future.FromChan.
//
// Connection limit: when a connection arrives while [Limits.MaxConns] are
// open, the least recently active connection is closed to make room (one
// that has done nothing for its client yet, the longest open first; else
// the one whose last progress is oldest; see [Progresser]; never one whose
// request bytes wait unread while an idle one exists), so that idle
// floods and slow clients cannot lock the door on everyone else. While more than MaxConns+16 are still open (evicted ones not yet
// closed), the loop stops accepting until one ends.
//
// Accept errors: running out of descriptors (EMFILE, ENFILE) evicts the
// least recently active connection and retries once it has closed; other
// errors (or no connection to evict) are retried after 50 ms. Errors are logged at most once a second
// with the count of those suppressed.
//
// Run it as the executor's main future (executor.Run) or spawn it. Drop
// closes the listener and drops stop.
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
	s := f.s
	for n := 0; ; n++ {
		if n == acceptBatch {
			cx.Waker().Wake() // yield: poll again after the tasks just spawned
			return future.Pending[error]()
		}
		if !f.room(cx) {
			return future.Pending[error]()
		}
		r, ok := s.ln.PollAccept(cx).Get()
		if !ok {
			return future.Pending[error]()
		}
		if r.Err != nil {
			if errors.Is(r.Err, net.ErrClosed) {
				return f.finish(nil)
			}
			if (errors.Is(r.Err, syscall.EMFILE) || errors.Is(r.Err, syscall.ENFILE)) && f.reclaim(cx) {
				s.logf("%v; closing the least recently active connection", r.Err)
				return future.Pending[error]() // woken when a connection has closed
			}
			s.logf("%v; retrying in %v", r.Err, acceptBackoff)
			f.backoff = timer.Sleep(acceptBackoff)
			if !f.backoff.Poll(cx).IsReady() {
				return future.Pending[error]()
			}
			f.backoff = nil
			continue
		}
		s.accepted.Add(1)
		if open, evicting := s.reg.counts(); open-evicting >= s.limits.MaxConns && s.reg.evictLRU() {
			s.evicted.Add(1)
		}
		executor.Spawn[R](s.ex, newTracked(&s.reg, r.Value, s.newConn(r.Value, &s.limits)))
	}
}

// reclaim runs when accept found no descriptor left: unless a connection
// evicted earlier is still closing, it evicts the least recently active
// one. It reports whether the loop may wait for a connection to close
// (its task is then woken when one has) rather than back off blindly:
// false when no connection is open.
func (f *serveFuture[R]) reclaim(cx *future.Context) bool {
	reg := &f.s.reg
	reg.acceptW.Register(cx.Waker()) // before evicting: the close wakes us
	open, evicting := reg.counts()
	if evicting > 0 {
		return true
	}
	if open > 0 && reg.evictLRU() {
		f.s.evicted.Add(1)
		return true
	}
	return false
}

// room reports whether the loop may accept: fewer than MaxConns+evictSlack
// connections are open. If not, the loop's task is woken when one ends.
func (f *serveFuture[R]) room(cx *future.Context) bool {
	reg := &f.s.reg
	if open, _ := reg.counts(); open < f.s.limits.MaxConns+evictSlack {
		return true
	}
	reg.acceptW.Register(cx.Waker())
	open, _ := reg.counts() // a connection that ended before Register woke no one
	return open < f.s.limits.MaxConns+evictSlack
}

// logf logs one line prefixed by the package name, at most once per
// logEvery; the next line let through says how many were suppressed.
func (s *Server[R]) logf(format string, args ...any) {
	if ok, suppressed := s.logLimit.Allow(); ok {
		log.Printf("%s: "+format+"%s", append([]any{s.pkg}, append(args, ratelog.Suffix(suppressed))...)...)
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
