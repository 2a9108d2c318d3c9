package footprint_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/internal/footprint"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type rec struct {
	mu  sync.Mutex
	got []any
}

func (r *rec) Touch(res any) { r.mu.Lock(); r.got = append(r.got, res); r.mu.Unlock() }
func (r *rec) Read(res any)  { r.mu.Lock(); r.got = append(r.got, "read"); r.mu.Unlock() }

// readLocker locks rw for reading through footprint.RWMutex's RLock
// (sync.RWMutex.RLocker would bypass it).
type readLocker struct{ rw *footprint.RWMutex }

func (l readLocker) Lock()   { l.rw.RLock() }
func (l readLocker) Unlock() { l.rw.RUnlock() }

func TestLocksReportWhileInstalled(t *testing.T) {
	var m footprint.Mutex
	var rw footprint.RWMutex
	n := 0
	bump := func(l sync.Locker) { l.Lock(); n++; l.Unlock() }
	bump(&m) // nobody listening: just a lock

	r := &rec{}
	footprint.Install(r)
	bump(&m)
	bump(readLocker{&rw})
	bump(&rw)
	footprint.Touch(r)
	footprint.Read(r)
	footprint.Install(nil)
	bump(&m)
	require.Equal(t, 5, n)

	require.Equal(t, []any{&m, "read", &rw, r, "read"}, r.got)
}

func TestLockAllocatesNothing(t *testing.T) {
	var m footprint.Mutex
	r := &rec{got: make([]any, 0, 1000)}
	footprint.Install(r)
	defer footprint.Install(nil)
	n := 0
	require.Zero(t, testing.AllocsPerRun(100, func() { m.Lock(); n++; m.Unlock() }))
	require.Positive(t, n)
}
