package waker_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type counter struct{ n atomic.Int64 }

func (c *counter) Wake() { c.n.Add(1) }

// uncomparable is a Wakeable whose dynamic type cannot be compared with ==.
type uncomparable struct{ s []int }

func (uncomparable) Wake() {}

func TestZeroAndNoopWakeNothing(t *testing.T) {
	var zero waker.Waker
	zero.Wake()
	waker.Noop().Wake()
	require.True(t, zero.IsNoop())
	require.True(t, waker.New(nil).IsNoop())
	require.True(t, waker.Func(nil).IsNoop())
	require.True(t, zero.WillWake(waker.Noop()))
}

func TestNewAndFuncWake(t *testing.T) {
	c := &counter{}
	w := waker.New(c)
	w.Wake()
	w2 := w // copies wake the same target
	w2.Wake()
	require.Equal(t, int64(2), c.n.Load())

	calls := 0
	f := waker.Func(func() { calls++ })
	f.Wake()
	require.Equal(t, 1, calls)
}

func TestWillWake(t *testing.T) {
	a, b := &counter{}, &counter{}
	require.True(t, waker.New(a).WillWake(waker.New(a)))
	require.False(t, waker.New(a).WillWake(waker.New(b)))
	require.False(t, waker.New(a).WillWake(waker.Noop()))

	f := waker.Func(func() {})
	g := waker.Func(func() {})
	require.True(t, f.WillWake(f))
	require.False(t, f.WillWake(g), "two Func calls are two targets")

	u := waker.New(uncomparable{s: []int{1}})
	require.NotPanics(t, func() { require.False(t, u.WillWake(u)) })
}

func TestAtomicRegisterWakeTake(t *testing.T) {
	var a waker.Atomic
	a.Wake() // nothing registered: no-op
	require.True(t, a.Take().IsNoop())

	c := &counter{}
	a.Register(waker.New(c))
	a.Wake()
	a.Wake() // at most once per registration
	require.Equal(t, int64(1), c.n.Load())

	a.Register(waker.New(c))
	w := a.Take()
	require.True(t, w.WillWake(waker.New(c)))
	a.Wake()
	require.Equal(t, int64(1), c.n.Load(), "Take removed the waker")

	d := &counter{}
	a.Register(waker.New(c))
	a.Register(waker.New(d)) // replaces without waking c
	a.Wake()
	require.Equal(t, int64(1), c.n.Load())
	require.Equal(t, int64(1), d.n.Load())
}

// TestAtomicNoLostWakeStress checks the leaf-future pattern under -race:
// a consumer registers, then checks a flag; producers set the flag, then
// wake. Every produced item must be followed by a wake the consumer sees.
func TestAtomicNoLostWakeStress(t *testing.T) {
	const producers, perProducer = 4, 2000
	var (
		a       waker.Atomic
		pending atomic.Int64 // items produced but not consumed
		woken   = make(chan struct{}, 1)
		wg      sync.WaitGroup
	)
	wk := waker.Func(func() {
		select {
		case woken <- struct{}{}:
		default:
		}
	})
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perProducer; i++ {
				pending.Add(1)
				a.Wake()
			}
		}()
	}
	consumed := int64(0)
	for consumed < producers*perProducer {
		a.Register(wk)
		if n := pending.Swap(0); n > 0 {
			consumed += n
			continue
		}
		<-woken // a lost wake would hang here (the test's timeout catches it)
	}
	wg.Wait()
	assert.Equal(t, int64(producers*perProducer), consumed)
}

// TestAtomicConcurrentRegisterAndWake races Register against Wake and Take
// from many goroutines: the race detector checks the slot's guarding.
func TestAtomicConcurrentRegisterAndWake(t *testing.T) {
	var a waker.Atomic
	c := &counter{}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if i%2 == 0 {
					a.Wake()
				} else {
					a.Take()
				}
			}
		}(i)
	}
	for i := 0; i < 20000; i++ {
		a.Register(waker.New(c))
	}
	close(stop)
	wg.Wait()
	a.Register(waker.New(c))
	before := c.n.Load()
	a.Wake()
	require.Equal(t, before+1, c.n.Load(), "the last registration is woken once the racers stop")
}

func BenchmarkAtomicRegisterWake(b *testing.B) {
	var a waker.Atomic
	w := waker.New(&counter{})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		a.Register(w)
		a.Wake()
	}
}
