package timer

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// t0 is the start of every virtual clock in these tests.
var t0 = time.Date(2025, 1, 2, 12, 0, 0, 0, time.UTC)

// counter is a Wakeable that counts its wakes.
type counter struct{ n atomic.Int32 }

func (c *counter) Wake()          { c.n.Add(1) }
func (c *counter) count() int     { return int(c.n.Load()) }
func (c *counter) w() waker.Waker { return waker.New(c) }

// harness is an executor in miniature: a VirtualClock, a Driver on it, and
// Contexts carrying that driver.
type harness struct {
	t   *testing.T
	vc  *VirtualClock
	drv *Driver
	svc *future.Services
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, vc: NewVirtualClock(t0), svc: &future.Services{}}
	h.drv = NewDriver(h.vc)
	h.drv.Register(h.svc)
	t.Cleanup(h.drv.Close)
	return h
}

// cx returns a Context carrying the harness's driver and w.
func (h *harness) cx(w waker.Waker) *future.Context {
	cx := future.NewContext(w)
	cx.SetServices(h.svc)
	return cx
}

// at returns t0 + d.
func at(d time.Duration) time.Time { return t0.Add(d) }

// advanceTo moves the virtual clock to t0+d.
func (h *harness) advanceTo(d time.Duration) { h.vc.AdvanceTo(at(d)) }

func pollUnit(t *testing.T, f future.Future[future.Unit], cx *future.Context) bool {
	t.Helper()
	return f.Poll(cx).IsReady()
}

func requirePanicsWith(t *testing.T, substr string, fn func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		require.NotNil(t, r, "no panic")
		require.Contains(t, r, substr)
	}()
	fn()
}

// funcWaker is a Wakeable calling f.
type funcWaker struct{ f func() }

func (w *funcWaker) Wake()          { w.f() }
func (w *funcWaker) w() waker.Waker { return waker.New(w) }
