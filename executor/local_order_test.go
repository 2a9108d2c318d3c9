package executor

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// orderProbe records its name at every poll; it is Pending until woken
// once (keeping its waker in w), or Ready at once when ready is set.
type orderProbe struct {
	name  string
	log   *[]string
	ready bool
	w     *waker.Waker
}

func (p *orderProbe) Poll(cx *future.Context) future.Poll[int] {
	*p.log = append(*p.log, p.name)
	if p.ready || p.w == nil {
		return future.Ready(0)
	}
	if *p.w == (waker.Waker{}) {
		*p.w = cx.Waker()
		return future.Pending[int]()
	}
	return future.Ready(0)
}

// TestLocalDrainWokenBeforeSpawned: what one poll wakes and spawns runs
// after it, the woken tasks first (each inject queue in its own order),
// as the Local's doc says.
func TestLocalDrainWokenBeforeSpawned(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	var log []string
	var wy, wz waker.Waker
	Spawn(e, future.Future[int](&orderProbe{name: "y", log: &log, w: &wy}))
	Spawn(e, future.Future[int](&orderProbe{name: "z", log: &log, w: &wz}))
	e.RunUntilStalled()
	require.Equal(t, []string{"y", "z"}, log)

	log = nil
	Spawn(e, future.Lazy(func() int {
		log = append(log, "a")
		Spawn(e, future.Future[int](&orderProbe{name: "x1", log: &log, ready: true}))
		wz.Wake()
		Spawn(e, future.Future[int](&orderProbe{name: "x2", log: &log, ready: true}))
		wy.Wake()
		return 0
	}))
	e.RunUntilStalled()
	require.Equal(t, []string{"a", "z", "y", "x1", "x2"}, log)
}
