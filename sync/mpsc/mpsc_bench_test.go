package mpsc_test

import (
	"sync"
	"testing"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// BenchmarkTrySendTryRecv: one TrySend and one TryRecv on a bounded
// channel, on one goroutine.
func BenchmarkTrySendTryRecv(b *testing.B) {
	tx, rx := mpsc.New[int](16)
	b.ReportAllocs()
	for b.Loop() {
		_ = tx.TrySend(1)
		_, _ = rx.TryRecv()
	}
}

// BenchmarkSendRecvFutures: a Send future and a Recv future, each polled
// to Ready.
func BenchmarkSendRecvFutures(b *testing.B) {
	d := polltest.NewDriver()
	tx, rx := mpsc.New[int](16)
	b.ReportAllocs()
	for b.Loop() {
		polltest.Poll(d, tx.Send(1))
		polltest.Poll(d, rx.Recv())
	}
}

// BenchmarkGoChanSendRecv is the Go equivalent: a send and a receive on a
// buffered channel, on one goroutine.
func BenchmarkGoChanSendRecv(b *testing.B) {
	ch := make(chan int, 16)
	b.ReportAllocs()
	for b.Loop() {
		ch <- 1
		<-ch
	}
}

// BenchmarkMutexQueueSendRecv: a slice queue under a sync.Mutex, the
// do-it-yourself equivalent.
func BenchmarkMutexQueueSendRecv(b *testing.B) {
	var mu sync.Mutex
	q := make([]int, 0, 16)
	b.ReportAllocs()
	for b.Loop() {
		mu.Lock()
		q = append(q, 1)
		mu.Unlock()
		mu.Lock()
		_ = q[0]
		q = q[:copy(q, q[1:])]
		mu.Unlock()
	}
}

// pinger sends n values on out and waits for each echo on in: a
// hand-written state machine, so the benchmark measures the channels and
// the executor, not coroutine plumbing. It keeps one Send and one Recv
// future and re-arms them with Reset, so a round trip allocates nothing.
// useTry sends with TrySend (which succeeds at once on these strictly
// alternating channels) instead of a Send future.
type pinger struct {
	out     *mpsc.Sender[int]
	in      *mpsc.Receiver[int]
	n, i    int
	send    *mpsc.SendFuture[int]
	recv    *mpsc.RecvFuture[int]
	sending bool // send is armed and not yet Ready
	recving bool // recv is armed and not yet Ready
	useTry  bool
}

func (p *pinger) Poll(cx *future.Context) future.Poll[int] {
	for {
		if !p.recving {
			if p.i == p.n {
				p.out.Close()
				return future.Ready(p.i)
			}
			if p.useTry {
				if err := p.out.TrySend(p.i); err != nil {
					panic(err)
				}
			} else {
				if !p.sending {
					p.send = rearmSend(p.out, p.send, p.i)
					p.sending = true
				}
				if p.send.Poll(cx).IsPending() {
					return future.Pending[int]()
				}
				p.sending = false
			}
			p.recv = rearmRecv(p.in, p.recv)
			p.recving = true
		}
		r, ok := p.recv.Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		p.recving = false
		if r.Err != nil {
			panic(r.Err)
		}
		p.i++
	}
}

// rearmSend returns f re-armed to send v (Reset), or a new Send future
// the first time.
func rearmSend[T any](tx *mpsc.Sender[T], f *mpsc.SendFuture[T], v T) *mpsc.SendFuture[T] {
	if f == nil {
		return tx.Send(v)
	}
	f.Reset(v)
	return f
}

// rearmRecv returns f re-armed (Reset), or a new Recv future the first
// time.
func rearmRecv[T any](rx *mpsc.Receiver[T], f *mpsc.RecvFuture[T]) *mpsc.RecvFuture[T] {
	if f == nil {
		return rx.Recv()
	}
	f.Reset()
	return f
}

// echoer sends back every value it receives until its input closes,
// reusing one Send and one Recv future like pinger.
type echoer struct {
	in      *mpsc.Receiver[int]
	out     *mpsc.Sender[int]
	recv    *mpsc.RecvFuture[int]
	send    *mpsc.SendFuture[int]
	sending bool
	recving bool
	useTry  bool
}

func (e *echoer) Poll(cx *future.Context) future.Poll[future.Unit] {
	for {
		if !e.sending {
			if !e.recving {
				e.recv = rearmRecv(e.in, e.recv)
				e.recving = true
			}
			r, ok := e.recv.Poll(cx).Get()
			if !ok {
				return future.Pending[future.Unit]()
			}
			e.recving = false
			if r.Err != nil {
				e.out.Close()
				return future.Ready(future.Unit{})
			}
			if e.useTry {
				if err := e.out.TrySend(r.Value); err != nil {
					panic(err)
				}
				continue
			}
			e.send = rearmSend(e.out, e.send, r.Value)
			e.sending = true
		}
		if e.send.Poll(cx).IsPending() {
			return future.Pending[future.Unit]()
		}
		e.sending = false
	}
}

func benchPingPong(b *testing.B, useTry bool) {
	ex := executor.NewLocal(executor.BlockingThreshold(0))
	defer ex.Close()
	b.ReportAllocs()
	const rounds = 1000
	for i := 0; i < b.N; i += rounds {
		n := min(rounds, b.N-i)
		ping, pingRx := mpsc.New[int](1)
		pong, pongRx := mpsc.New[int](1)
		executor.Spawn(ex, &echoer{in: pingRx, out: pong, useTry: useTry})
		got, err := executor.Run(ex, &pinger{out: ping, in: pongRx, n: n, useTry: useTry})
		if err != nil || got != n {
			b.Fatal(got, err)
		}
	}
}

// BenchmarkPingPongLocal: one op is a round trip between two tasks on a
// Local executor over two bounded(1) channels, with Send and Recv futures.
func BenchmarkPingPongLocal(b *testing.B) { benchPingPong(b, false) }

// BenchmarkPingPongLocalTrySend: the same, sending with TrySend.
func BenchmarkPingPongLocalTrySend(b *testing.B) { benchPingPong(b, true) }

// BenchmarkPingPongGoroutines: the same round trip between two goroutines
// over two unbuffered Go channels.
func BenchmarkPingPongGoroutines(b *testing.B) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
		close(pong)
	}()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ping <- i
		<-pong
	}
	close(ping)
	<-pong
}
