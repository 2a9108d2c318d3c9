package futuretest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/sync/semaphore"
	"github.com/kettle-rt/kettle/timer"
)

// retryDebit is a retry that duplicates an effect: a client asks a server
// to debit 10 from an account and waits a second for the answer; when the
// wait times out it sends the request again. The server answers at once,
// so in every schedule the first answer comes in time: only a timeout
// that expires first (an injected fault) shows that the server may
// already have debited, and debits twice.
func retryDebit(tr *futuretest.Trial) error {
	reqTx, reqRx := mpsc.New[int](4)
	repTx, repRx := mpsc.New[int](4)
	balance := 100
	server := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		for {
			r := future.Await(co, reqRx.Recv())
			if r.Err != nil {
				return unit{}
			}
			balance -= r.Value
			_ = future.Await(co, repTx.Send(balance)) // a lost answer is the client's to handle
		}
	}), executor.Name("server"))
	client := futuretest.Spawn(tr, future.Async(func(co *future.Co) unit {
		for {
			if err := future.Await(co, reqTx.Send(10)); err != nil {
				continue // not delivered: sending again is safe
			}
			if r := future.Await(co, timer.Timeout(time.Second, repRx.Recv())); r.Err == nil {
				break
			}
			// Timed out: the bug is to assume the debit did not happen.
		}
		reqTx.Close()
		return unit{}
	}), executor.Name("client"))
	if _, err := executor.Run(tr.Executor(), future.Join2(server, client)); err != nil {
		return err
	}
	if balance != 90 {
		tr.Errorf("retry bug: balance %d after one debit of 10", balance)
	}
	return nil
}

func TestInjectFaultsFindsRetryBug(t *testing.T) {
	// No schedule alone exposes it.
	res := futuretest.Find(futuretest.Exhaustive(200, 2), retryDebit)
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)
	t.Logf("without faults: all %d schedules pass", res.Runs)

	for _, s := range strategies() {
		res := futuretest.Find(s, retryDebit, futuretest.InjectFaults())
		require.NotNil(t, res.Failure, "%s found nothing in %d runs", s, res.Runs)
		require.ErrorIs(t, res.Failure.Err, futuretest.ErrAssertion)
		msg := res.Failure.Err.Error()
		require.Contains(t, msg, "retry bug: balance ")
		require.Contains(t, msg, "faults were injected at: ")
		t.Logf("%s with InjectFaults: found after %d runs, schedule %s", s, res.Runs, res.Failure.Schedule)
		require.Contains(t, res.Failure.Schedule, "v1:faults:")
		requireReplays(t, res.Failure, retryDebit, 20, futuretest.InjectFaults())
		requireReplays(t, res.Failure, retryDebit, 20) // the schedule says faults are on
	}
}

// TestInjectFaultsLeaves checks each injected leaf failure: the error is
// the leaf's own, and an exhaustive search covers both outcomes.
func TestInjectFaultsLeaves(t *testing.T) {
	var seen []string
	body := func(tr *futuretest.Trial) error {
		_, err := futuretest.Run(tr, future.Async(func(co *future.Co) unit {
			tx, rx := mpsc.New[int](1)
			defer rx.Close()
			sendErr := future.Await(co, tx.Send(1))
			sem := semaphore.New(1)
			acq := future.Await(co, sem.Acquire(1))
			if acq.Err == nil {
				acq.Value.Release()
			}
			to := future.Await(co, timer.Timeout(time.Hour, future.YieldNow()))
			seen = append(seen, describeErrs(sendErr, acq.Err, to.Err))
			if sendErr != nil {
				require.ErrorIs(t, sendErr, mpsc.ErrClosed)
			}
			if acq.Err != nil {
				require.ErrorIs(t, acq.Err, semaphore.ErrClosed)
			}
			if to.Err != nil {
				require.ErrorIs(t, to.Err, timer.ErrTimeout)
			}
			return unit{}
		}))
		return err
	}
	res := futuretest.Find(futuretest.Exhaustive(100, 3), body, futuretest.InjectFaults())
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)
	require.ElementsMatch(t, []string{"...", "S..", ".A.", "..T", "SA.", "S.T", ".AT", "SAT"}, seen)

	// Without the option nothing fails, and no choice is made.
	seen = nil
	res = futuretest.Find(futuretest.Exhaustive(100, 3), body)
	require.Equal(t, 1, res.Runs)
	require.Equal(t, []string{"..."}, seen)
}

func describeErrs(errs ...error) string {
	b := []byte("SAT")
	for i, err := range errs {
		if err == nil {
			b[i] = '.'
		}
	}
	return string(b)
}

func TestChoice(t *testing.T) {
	var got []int
	body := func(tr *futuretest.Trial) error {
		_, err := futuretest.Run(tr, future.Async(func(co *future.Co) unit {
			a := future.Await(co, futuretest.Choice(3))
			b := future.Await(co, futuretest.Choice(2))
			c := future.Await(co, futuretest.Choice(1))
			got = append(got, a*10+b+c*100)
			return unit{}
		}))
		return err
	}
	res := futuretest.Find(futuretest.Exhaustive(10, 0), body)
	require.True(t, res.Exhausted)
	require.Equal(t, 6, res.Runs)
	require.ElementsMatch(t, []int{0, 1, 10, 11, 20, 21}, got)

	// A failure depending on a choice replays with it.
	fails := func(tr *futuretest.Trial) error {
		_, err := futuretest.Run(tr, future.Async(func(co *future.Co) unit {
			if future.Await(co, futuretest.Choice(4)) == 3 {
				tr.Errorf("choice 3")
			}
			return unit{}
		}))
		return err
	}
	res = futuretest.Find(futuretest.Exhaustive(10, 0), fails)
	require.NotNil(t, res.Failure)
	require.Equal(t, "v1:3", res.Failure.Schedule)
	requireReplays(t, res.Failure, fails, 4)
	require.NotNil(t, futuretest.Find(futuretest.Random(100, 1), fails).Failure)

	// Outside an exploration: 0.
	require.Equal(t, 0, executor.BlockOn(futuretest.Choice(5)))
	require.True(t, errors.Is(futuretest.Replay(&recT{}, "v1:7", fails).Err, futuretest.ErrDiverged))
}

// TestInjectFaultsDuplex: the in-memory pipe's reads and writes fail under
// InjectFaults as a reset connection would, so network-shaped code can be
// explored, faults included, without real sockets.
func TestInjectFaultsDuplex(t *testing.T) {
	body := func(tr *futuretest.Trial) error {
		client, server := aio.Duplex(16)
		ex := tr.Executor()
		echo := executor.Spawn(ex, future.Async(func(co *future.Co) unit {
			buf := make([]byte, 1)
			if r := future.Await(co, server.Read(buf)); r.Err == nil && r.Value == 1 {
				future.Await(co, server.Write(buf))
			}
			_ = server.Close()
			return unit{}
		}), executor.Name("echo"))
		_, err := executor.Run(ex, future.Async(func(co *future.Co) unit {
			defer func() { _ = client.Close() }()
			if r := future.Await(co, client.Write([]byte("x"))); r.Err != nil {
				tr.Errorf("write: %v", r.Err)
				return unit{}
			}
			buf := make([]byte, 1)
			if r := future.Await(co, client.Read(buf)); r.Err != nil || string(buf[:r.Value]) != "x" {
				tr.Errorf("read: %q, %v", buf[:r.Value], r.Err)
			}
			future.Await(co, echo)
			return unit{}
		}))
		return err
	}
	res := futuretest.Find(futuretest.Exhaustive(100, 1), body)
	require.Nil(t, res.Failure)
	require.True(t, res.Exhausted)

	f := futuretest.Find(futuretest.Exhaustive(100, 1), body, futuretest.InjectFaults()).Failure
	require.NotNil(t, f)
	require.True(t, errors.Is(f.Err, futuretest.ErrAssertion))
	// The first fault found: the echo's read is reset, it closes, and the
	// client's write meets the closed pipe.
	require.Contains(t, f.Err.Error(), "faults were injected at: aio.Duplex read")
	requireReplays(t, f, body, 10)
}
