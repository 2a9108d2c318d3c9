package executor

import (
	"net"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// TestGraceSurvivesSignals: once a Local's reactor is open, its idle wait
// is an epoll_wait, which signals interrupt (EINTR, reported as zero
// events). Taken for a timeout, that cut the deadlock grace short and
// reported a deadlock although a plain goroutine was about to wake the
// task. Here SIGURG (Go's own preemption signal, harmless) hits the
// process every millisecond while the loop waits out a 2 s grace; the
// wake comes after 300 ms and must win.
func TestGraceSurvivesSignals(t *testing.T) {
	e := NewLocal(DeadlockGrace(2*time.Second), BlockingThreshold(0))
	defer e.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	// Open the executor's reactor with one finished I/O, leaving no waiter.
	s, err := Run(e, future.Map(future.Future[future.Result[*tcp.Stream]](tcp.Dial(ln.Addr().String())),
		func(r future.Result[*tcp.Stream]) error {
			if r.Err == nil {
				return r.Value.Close()
			}
			return r.Err
		}))
	require.NoError(t, err)
	require.NoError(t, s)
	require.NotNil(t, e.io.Loaded(), "the reactor is open")

	sig := newSignal("from outside")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // signal storm
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
				_ = syscall.Kill(syscall.Getpid(), syscall.SIGURG)
			}
		}
	}()
	go func() {
		defer wg.Done()
		time.Sleep(300 * time.Millisecond)
		sig.fire()
	}()
	_, err = Run(e, sig.wait())
	close(stop)
	wg.Wait()
	require.NoError(t, err, "a signal must not end the grace period early")
}
