package executor

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
)

// A JoinHandle[int] fills the 96-byte size class and a record the 32-byte
// one: allocation is most of a spawn's cost, and a parked task pays for
// its record what it saves in the handle (task.go explains the layout).
func TestHandleSize(t *testing.T) {
	require.Equal(t, uintptr(72), unsafe.Sizeof(task{}))
	require.Equal(t, uintptr(96), unsafe.Sizeof(JoinHandle[int]{}))
	require.Equal(t, uintptr(32), unsafe.Sizeof(taskRecord{}))
}

// readyInt is ready at its first poll; a pointer to a shared one costs no
// allocation per spawn.
type readyInt struct{}

func (*readyInt) Poll(*future.Context) future.Poll[int] { return future.Ready(7) }

// A task that finishes at its first poll costs its handle and nothing
// else: no record, no class of its own. One Pending adds the record; a
// name adds a class.
func TestTaskPaysOnlyForWhatItUses(t *testing.T) {
	e := NewLocal(BlockingThreshold(0), StallAfter(0))
	defer e.Close()
	ready := &readyInt{}
	e.RunUntilStalled() // warm the rings
	allocs := testing.AllocsPerRun(200, func() {
		h := Spawn(e, future.Future[int](ready))
		e.RunUntilStalled()
		if !h.IsFinished() {
			panic("not finished")
		}
	})
	require.Equal(t, 1.0, allocs, "a ready task: its handle only")

	h := Spawn(e, future.Future[int](ready))
	e.RunUntilStalled()
	require.Nil(t, h.hdr.rec.Load(), "a task that never was Pending has no record")
	require.Same(t, &e.class, h.hdr.class, "an unnamed task shares its executor's class")

	s := newSignal("s")
	p := Spawn(e, future.Future[struct{}](s.wait()), Name("waiter"))
	e.RunUntilStalled()
	require.NotNil(t, p.hdr.rec.Load(), "a Pending task has its record")
	require.NotSame(t, &e.class, p.hdr.class)
	require.Equal(t, "waiter", p.hdr.class.name)
	d := e.Dump()
	require.Len(t, d, 1)
	require.Equal(t, "waiter", d[0].Name)
	require.Contains(t, d[0].WaitingOn, "signal s")
	s.fire()
	e.RunUntilStalled()
	require.True(t, p.IsFinished())
	require.Empty(t, e.Dump())
}
