package cmdutil_test

import (
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/examples/internal/cmdutil"
	"github.com/kettle-rt/kettle/examples/internal/tcpserve"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestNewExecutor(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		ex, closer, err := cmdutil.NewExecutor(kind)
		require.NoError(t, err, kind)
		require.NotNil(t, ex)
		require.NoError(t, closer.Close())
	}
	_, _, err := cmdutil.NewExecutor("threads")
	require.EqualError(t, err, `-executor "threads": want local or multi`)
}

func TestRunClientsJoinsErrors(t *testing.T) {
	var ran atomic.Int32
	errOdd := errors.New("odd")
	err := cmdutil.RunClients(6, func(i int) error {
		ran.Add(1)
		if i%2 == 1 {
			return errOdd
		}
		return nil
	})
	require.EqualValues(t, 6, ran.Load())
	require.ErrorIs(t, err, errOdd)
	require.Len(t, err.(interface{ Unwrap() []error }).Unwrap(), 3)
	require.NoError(t, cmdutil.RunClients(3, func(int) error { return nil }))
}

func TestStopOn(t *testing.T) {
	ex := executor.NewLocal()
	defer ex.Close()
	ch := make(chan int)
	close(ch)
	_, err := executor.Run(ex, cmdutil.StopOn(ch))
	require.NoError(t, err)
}

func newServer(ex executor.Executor, ln *tcp.Listener) *tcpserve.Server[future.Unit] {
	return tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream) future.Future[future.Unit] {
		_ = s.Close()
		return future.Map(cmdutil.StopOn(closed()), func(u future.Unit) future.Unit { return u })
	})
}

func closed() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}

func TestStartSelftest(t *testing.T) {
	for _, kind := range []string{"local", "multi"} {
		srv, stop, err := cmdutil.StartSelftest(kind, newServer)
		require.NoError(t, err)
		err = cmdutil.RunClients(4, func(int) error {
			c, err := net.DialTimeout("tcp", srv.Addr().String(), 10*time.Second)
			if err != nil {
				return err
			}
			return c.Close()
		})
		require.NoError(t, err)
		require.NoError(t, stop())
	}
	_, stop, err := cmdutil.StartSelftest("threads", newServer)
	require.ErrorContains(t, err, `-executor "threads"`)
	require.Nil(t, stop)
}
