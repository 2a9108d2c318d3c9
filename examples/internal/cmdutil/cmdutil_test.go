package cmdutil_test

import (
	"errors"
	"flag"
	"io"
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
	return tcpserve.New("demo", "demo", ex, ln, func(s *tcp.Stream, _ *tcpserve.Limits) future.Future[future.Unit] {
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

func TestParseLimits(t *testing.T) {
	all := []cmdutil.Limit{cmdutil.LimitMaxConns, cmdutil.LimitHeaderTimeout, cmdutil.LimitReadTimeout,
		cmdutil.LimitWriteTimeout, cmdutil.LimitIdleTimeout}
	parse := func(args ...string) (cmdutil.Flags, error) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		return cmdutil.Parse(fs, args, "127.0.0.1:1", "local", "clients", all...)
	}
	f, err := parse()
	require.NoError(t, err)
	require.Equal(t, tcpserve.DefaultLimits(), f.Limits)
	require.Len(t, f.Options(), len(all))

	f, err = parse("-max-conns", "7", "-idle-timeout", "3s", "-header-timeout", "1s")
	require.NoError(t, err)
	l := tcpserve.BuildLimits("test", f.Options())
	require.Equal(t, 7, l.MaxConns)
	require.Equal(t, 3*time.Second, l.IdleTimeout)
	require.Equal(t, time.Second, l.HeaderTimeout)

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-max-conns", "0"}, "-max-conns 0: must be positive"},
		{[]string{"-max-conns", "-5"}, "-max-conns -5: must be positive"},
		{[]string{"-header-timeout", "0s"}, "-header-timeout 0s: must be positive"},
		{[]string{"-read-timeout", "-1s"}, "-read-timeout -1s: must be positive"},
		{[]string{"-write-timeout", "0"}, "-write-timeout 0s: must be positive"},
		{[]string{"-idle-timeout", "-2ms"}, "-idle-timeout -2ms: must be positive"},
	} {
		_, err := parse(tc.args...)
		require.EqualError(t, err, tc.want)
	}

	// A command that does not expose a limit has no flag for it.
	fs := flag.NewFlagSet("echo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	_, err = cmdutil.Parse(fs, []string{"-header-timeout", "1s"}, "a", "local", "clients", cmdutil.LimitIdleTimeout)
	require.ErrorContains(t, err, "flag provided but not defined: -header-timeout")
}
