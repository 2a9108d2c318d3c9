package mpsc_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/polltest"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

// TestStressGoroutinesFeedTask: plain goroutines send through a small
// bounded channel with Send futures (each on its own BlockOn), and a task
// on a Local executor receives; every value arrives once, and each
// producer's values arrive in order.
func TestStressGoroutinesFeedTask(t *testing.T) {
	const producers, per = 4, 300
	tx, rx := mpsc.New[[2]int](2)
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		h := tx.Clone()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer h.Close()
			for i := 0; i < per; i++ {
				v := [2]int{p, i}
				if i%3 == 0 {
					err := h.TrySend(v)
					if !errors.Is(err, mpsc.ErrFull) {
						assert.NoError(t, err)
						continue
					}
					// A full channel: fall back to waiting.
				}
				assert.NoError(t, executor.BlockOn[error](h.Send(v)))
			}
		}()
	}
	tx.Close()

	ex := executor.NewLocal()
	defer ex.Close()
	next, err := executor.Run(ex, future.Async(func(co *future.Co) []int {
		next := make([]int, producers)
		for {
			v, err := future.Await(co, rx.Recv()).Get()
			if err != nil {
				assert.ErrorIs(t, err, mpsc.ErrClosed)
				return next
			}
			assert.Equal(t, next[v[0]], v[1], "per-producer order")
			next[v[0]] = v[1] + 1
		}
	}))
	require.NoError(t, err)
	wg.Wait()
	for _, n := range next {
		require.Equal(t, per, n)
	}
}

// TestStressDroppingSenders: goroutines race Sends against drops and a
// receiver closing halfway; each value is received or handed back.
func TestStressDroppingSenders(t *testing.T) {
	const producers, per = 4, 200
	tx, rx := mpsc.New[int](1)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		kept []int
	)
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := polltest.NewDriver()
			for i := 0; i < per; i++ {
				v := p*per + i
				f := tx.Send(v)
				if err, ok := polltest.Poll(d, f); ok {
					if err != nil {
						mu.Lock()
						u, unsent := f.Unsent()
						assert.True(t, unsent)
						kept = append(kept, u)
						mu.Unlock()
					}
					continue
				}
				f.Drop()
				if u, unsent := f.Unsent(); unsent {
					mu.Lock()
					kept = append(kept, u)
					mu.Unlock()
				}
			}
		}()
	}
	closed := make(chan struct{})
	go func() {
		wg.Wait()
		tx.Close()
		close(closed)
	}()
	var got []int
	for len(got) < producers*per/4 {
		r := polltest.BlockOn(rx.Recv())
		if r.Err != nil {
			require.ErrorIs(t, r.Err, mpsc.ErrClosed)
			break
		}
		got = append(got, r.Value)
	}
	rx.Close()
	<-closed
	for {
		v, err := rx.TryRecv()
		if err != nil {
			require.ErrorIs(t, err, mpsc.ErrClosed)
			break
		}
		got = append(got, v)
	}
	seen := make(map[int]bool)
	for _, v := range append(got, kept...) {
		require.False(t, seen[v], "value %d twice", v)
		seen[v] = true
	}
	require.Len(t, seen, producers*per)
}
