package cmdutil

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// ExitOnError prints "name: err" to standard error and exits with status
// 1 if err is not nil; it returns if err is nil.
func ExitOnError(name string, err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// NewExecutor builds the executor named by -executor: "local"
// (executor.NewLocal, every task on the calling goroutine) or "multi"
// (executor.NewMulti, work-stealing workers). The closer closes it, which
// drops every task still running. Any other kind is an error naming it.
func NewExecutor(kind string) (executor.Executor, io.Closer, error) {
	switch kind {
	case "local":
		ex := executor.NewLocal()
		return ex, ex, nil
	case "multi":
		ex := executor.NewMulti()
		return ex, ex, nil
	}
	return nil, nil, fmt.Errorf("-executor %q: want local or multi", kind)
}

// StopOn is a future that is ready once ch delivers a value or is closed.
// It is the bridge from a Go channel to a future: future.FromChan parks a
// small goroutine on the channel and wakes the polling task. Drop it to
// release that goroutine.
func StopOn[S any](ch <-chan S) future.Future[future.Unit] {
	return future.Map(future.FromChan(ch), func(future.Result[S]) future.Unit { return future.Unit{} })
}

// OnSignal returns a future that is ready on SIGINT (Ctrl-C) or SIGTERM,
// built with [StopOn] over a signal.Notify channel, and a function that
// stops the signal delivery (defer it).
func OnSignal() (future.Future[future.Unit], func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	return StopOn(sig), func() { signal.Stop(sig) }
}
