// Package apicheck_test compiles every public shape that DESIGN.md writes,
// exactly as it writes it: if a rename or a signature change breaks the
// contract, this file stops compiling.
package apicheck_test

import (
	"errors"
	"net"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/net/udp"
	"github.com/kettle-rt/kettle/sync/barrier"
	"github.com/kettle-rt/kettle/sync/broadcast"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/mutex"
	"github.com/kettle-rt/kettle/sync/notify"
	"github.com/kettle-rt/kettle/sync/oneshot"
	"github.com/kettle-rt/kettle/sync/semaphore"
	"github.com/kettle-rt/kettle/sync/watch"
	"github.com/kettle-rt/kettle/timer"
	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type wk struct{}

func (wk) Wake() {}

// The waker and future sections.
var (
	_ waker.Wakeable                      = wk{}
	_ func(waker.Wakeable) waker.Waker    = waker.New
	_ func() waker.Waker                  = waker.Noop
	_ func(func()) waker.Waker            = waker.Func
	_ func(waker.Waker)                   = waker.Waker.Wake
	_ func(waker.Waker, waker.Waker) bool = waker.Waker.WillWake
	_ func(*waker.Atomic, waker.Waker)    = (*waker.Atomic).Register
	_ func(*waker.Atomic)                 = (*waker.Atomic).Wake
	_ func(*waker.Atomic) waker.Waker     = (*waker.Atomic).Take

	_ func(int) future.Poll[int]                      = future.Ready[int]
	_ func() future.Poll[int]                         = future.Pending[int]
	_ func(future.Poll[int]) bool                     = future.Poll[int].IsReady
	_ func(future.Poll[int]) (int, bool)              = future.Poll[int].Get
	_ func(waker.Waker) *future.Context               = future.NewContext
	_ func(*future.Context) waker.Waker               = (*future.Context).Waker
	_ func(any)                                       = future.Drop
	_ future.Unit                                     = struct{}{}
	_ func(future.Result[int]) (int, error)           = future.Result[int].Get
	_ func(future.Either[int, string]) (int, bool)    = future.Either[int, string].Left
	_ func(future.Either[int, string]) (string, bool) = future.Either[int, string].Right

	_ func(int) future.Future[int]                                                   = future.Value[int]
	_ func() future.Future[int]                                                      = future.Never[int]
	_ func(func(*future.Context) future.Poll[int]) future.Future[int]                = future.PollFn[int]
	_ func(func() int) future.Future[int]                                            = future.Lazy[int]
	_ func() future.Future[future.Unit]                                              = future.YieldNow
	_ func(...future.Future[int]) future.Future[[]int]                               = future.JoinAll[int]
	_ func(...future.Future[future.Result[int]]) future.Future[future.Result[[]int]] = future.TryJoinAll[int]
	_ func(...future.Future[int]) future.Future[int]                                 = future.Race[int]
	_ func([]future.Future[int]) future.Future[future.Selected[int]]                 = future.SelectAll[int]
	_ func(func(*future.Co) int) future.Future[int]                                  = future.Async[int]
	_ func(*future.Co, future.Future[int]) int                                       = future.Await[int]
)

func TestShapes(t *testing.T) {
	// Value types and combinators.
	r := future.Result[int]{Value: 1, Err: nil}
	_ = future.Tuple2[int, string]{V1: r.Value, V2: ""}
	_ = future.Tuple3[int, string, bool]{V1: 1, V2: "", V3: true}
	var _ future.Future[int] = future.Map(future.Value(1), func(int) int { return 2 })
	var _ future.Future[string] = future.Then(future.Value(1), func(int) future.Future[string] { return future.Value("") })
	var _ future.Future[future.Tuple2[int, string]] = future.Join2(future.Value(1), future.Value(""))
	var _ future.Future[future.Tuple3[int, string, bool]] = future.Join3(future.Value(1), future.Value(""), future.Value(true))
	var _ future.Future[future.Either[int, string]] = future.Select2(future.Value(1), future.Value(""))
	sel := future.Selected[int]{Index: 0, Value: 1, Rest: nil}
	_ = sel
	var _ future.Dropper = future.Never[int]().(future.Dropper)

	// executor.
	var _ func(future.Future[int]) int = executor.BlockOn[int]
	var ex executor.Executor = executor.NewLocal(executor.Seed(1), executor.Clock(timer.NewVirtualClock(time.Unix(0, 0))))
	l := ex.(*executor.Local)
	var h *executor.JoinHandle[int] = executor.Spawn(ex, future.Value(1), executor.Name("x"))
	var _ future.Future[future.Result[int]] = h
	var bh *executor.JoinHandle[int] = executor.SpawnBlocking(ex, func() int { return 2 })
	v, err := executor.Run(ex, future.Value(3))
	if v != 3 || err != nil {
		t.Fatal(v, err)
	}
	h.Abort()
	_ = h.IsFinished()
	_ = bh
	var _ int = l.RunUntilStalled()
	var m *executor.Multi = executor.NewMulti(executor.Workers(1))
	var opts []executor.Option = []executor.Option{executor.Workers(2)}
	var sopts []executor.SpawnOption = []executor.SpawnOption{executor.Name("y")}
	_, _ = opts, sopts
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := executor.Run(ex, bh); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for _, e := range []error{executor.ErrDeadlock, executor.ErrAborted, executor.ErrClosed} {
		_ = errors.Is(e, e)
	}
	pe := &executor.PanicError{Value: 1, Stack: nil}
	var _ error = pe

	// timer.
	var _ future.Future[future.Unit] = timer.Sleep(time.Millisecond)
	var _ future.Future[future.Unit] = timer.SleepUntil(time.Now())
	var _ future.Future[future.Result[int]] = timer.Timeout(time.Second, future.Value(1))
	iv := timer.NewInterval(time.Second)
	iv.Drop()
	var _ timer.Clock = timer.NewVirtualClock(time.Now())
	_ = timer.ErrTimeout

	// futuretest.
	p, _ := futuretest.PollOnce(future.Value(1))
	_ = p
	futuretest.AssertReady(t, future.Value(1))
	futuretest.AssertPending(t, future.Never[int]())
	futuretest.DropAtEveryAwait(t, func() future.Future[int] { return future.Value(1) }, func(int) {})
}

// The sync/* section, shape by shape.
func TestSyncShapes(t *testing.T) {
	mu := mutex.New(0)
	var _ future.Future[*mutex.Guard[int]] = mu.Lock()
	g, ok := mu.TryLock()
	if !ok {
		t.Fatal("TryLock")
	}
	var _ *int = g.Value()
	g.Unlock()
	rw := mutex.NewRW(0)
	var _ future.Future[*mutex.ReadGuard[int]] = rw.Read()
	var _ future.Future[*mutex.WriteGuard[int]] = rw.Write()

	sem := semaphore.New(2)
	var _ future.Future[future.Result[*semaphore.Permit]] = sem.Acquire(1)
	pm, ok := sem.TryAcquire(1)
	if !ok {
		t.Fatal("TryAcquire")
	}
	pm.Release()
	sem.AddPermits(1)
	sem.Close()
	_ = semaphore.ErrClosed

	n := notify.New()
	var _ future.Future[future.Unit] = n.Notified()
	n.NotifyOne()
	n.NotifyWaiters()
	b := barrier.New(0)
	var wf future.Future[barrier.WaitResult] = b.Wait()
	wr := futuretest.AssertReady(t, wf)
	_ = wr.IsLeader()

	tx, rx := mpsc.New[int](1)
	var sf *mpsc.SendFuture[int] = tx.Send(1)
	var _ future.Future[error] = sf
	_, _ = sf.Unsent()
	future.Drop(sf)
	var _ future.Future[future.Result[*mpsc.Permit[int]]] = tx.Reserve()
	var _ error = tx.TrySend(1)
	var tx2 *mpsc.Sender[int] = tx.Clone()
	tx2.Close()
	var _ future.Future[future.Result[int]] = rx.Recv()
	_, _ = rx.TryRecv()
	tx.Close()
	rx.Close()
	_, _, _ = mpsc.ErrClosed, mpsc.ErrFull, mpsc.ErrEmpty
	utx, urx := mpsc.NewUnbounded[int]()
	utx.Close()
	urx.Close()
	var perm *mpsc.Permit[int]
	_ = func() { perm.Send(1); perm.Release() }

	otx, orx := oneshot.New[int]()
	var _ error = otx.Send(1)
	otx.Close()
	var _ future.Future[future.Result[int]] = orx.Recv()
	orx.Close()
	_ = oneshot.ErrClosed

	btx, brx := broadcast.New[int](2)
	var recvs int
	recvs, err := btx.Send(1)
	_, _ = recvs, err
	var sub *broadcast.Receiver[int] = btx.Subscribe()
	var btx2 *broadcast.Sender[int] = btx.Clone()
	btx2.Close()
	var _ future.Future[future.Result[int]] = brx.Recv()
	_, _ = brx.TryRecv()
	brx.Close()
	sub.Close()
	btx.Close()
	var le *broadcast.LaggedError = &broadcast.LaggedError{Missed: uint64(1)}
	var _ error = le
	_, _ = broadcast.ErrClosed, broadcast.ErrEmpty

	wtx, wrx := watch.New(0)
	var _ error = wtx.Send(1)
	var _ future.Future[error] = wrx.Changed()
	var _ int = wrx.Borrow()
	var _ int = wrx.BorrowAndUpdate()
	var wrx2 *watch.Receiver[int] = wrx.Clone()
	wrx2.Close()
	wrx.Close()
	wtx.Close()
	_ = watch.ErrClosed
}

// The net and aio section.
func TestNetShapes(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var _ net.Addr = ln.Addr()
	var _ future.Future[future.Result[*tcp.Stream]] = ln.Accept()
	var _ future.Future[future.Result[*tcp.Stream]] = tcp.Dial(ln.Addr().String())
	var s *tcp.Stream
	_ = func() {
		var _ future.Future[future.Result[int]] = s.Read(nil)
		var _ future.Future[future.Result[int]] = s.Write(nil)
		var _ aio.Reader = s
		var _ aio.Writer = s
		var _ error = s.Close()
	}
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	var _ func(string) (*udp.Socket, error) = udp.Bind
	var r aio.Reader
	var w aio.Writer
	_ = func() {
		var _ future.Future[error] = aio.ReadExact(r, nil)
		var _ future.Future[error] = aio.WriteAll(w, nil)
		var _ future.Future[future.Result[int64]] = aio.Copy(w, r)
		var _ func(*future.Context, []byte) future.Poll[future.Result[int]] = r.PollRead
		var _ func(*future.Context, []byte) future.Poll[future.Result[int]] = w.PollWrite
	}
}
