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

func TestLocksReportWhileInstalled(t *testing.T) {
	var m footprint.Mutex
	var rw footprint.RWMutex
	m.Lock() // nobody listening: just a lock
	m.Unlock()

	r := &rec{}
	footprint.Install(r)
	m.Lock()
	m.Unlock()
	rw.RLock()
	rw.RUnlock()
	rw.Lock()
	rw.Unlock()
	footprint.Touch(r)
	footprint.Read(r)
	footprint.Install(nil)
	m.Lock()
	m.Unlock()

	require.Equal(t, []any{&m, "read", &rw, r, "read"}, r.got)
}

func TestLockAllocatesNothing(t *testing.T) {
	var m footprint.Mutex
	r := &rec{got: make([]any, 0, 1000)}
	footprint.Install(r)
	defer footprint.Install(nil)
	require.Zero(t, testing.AllocsPerRun(100, func() { m.Lock(); m.Unlock() }))
}
