package cmdutil

import (
	"errors"
	"sync"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// Server is what [StartSelftest] needs of an example's server: the accept
// loop, stopped when stop is ready.
type Server interface {
	Serve(stop future.Future[future.Unit]) future.Future[error]
}

// StartSelftest builds the executor named kind ([NewExecutor]), listens
// on 127.0.0.1:0, builds the server with newServer and runs its accept
// loop (executor.Run) on a new goroutine. stop ends the accept loop,
// waits for Run to return, closes the executor and returns Run's error;
// call it exactly once. On error nothing is left
// running.
func StartSelftest[S Server](kind string, newServer func(executor.Executor, *tcp.Listener) S) (srv S, stop func() error, err error) {
	ex, closer, err := NewExecutor(kind)
	if err != nil {
		return srv, nil, err
	}
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		_ = closer.Close()
		return srv, nil, err
	}
	srv = newServer(ex, ln)
	stopCh := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		_, err := executor.Run(ex, srv.Serve(StopOn(stopCh)))
		served <- err
	}()
	stop = func() error {
		close(stopCh)
		err := <-served
		_ = closer.Close()
		return err
	}
	return srv, stop, nil
}

// RunClients runs client(0) … client(n-1) at once, each on its own
// goroutine, waits for all of them and returns their errors joined (nil
// if none failed).
func RunClients(n int, client func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = client(i)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
