package executor

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
)

func TestTaskPanicIsCaught(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	var drops atomic.Int32
	boom := Spawn(e, &panicker{drops: &drops}, Name("boom"))
	fine := Spawn(e, future.Value(1))
	r, err := Run(e, future.Map(future.Join2[future.Result[int], future.Result[int]](boom, fine),
		func(t future.Tuple2[future.Result[int], future.Result[int]]) future.Tuple2[future.Result[int], future.Result[int]] {
			return t
		}))
	require.NoError(t, err, "the loop goes on")
	var p *PanicError
	require.True(t, errors.As(r.V1.Err, &p))
	require.Equal(t, "kaboom", p.Value)
	require.Contains(t, string(p.Stack), "panicker")
	require.Contains(t, p.Error(), "kaboom")
	require.Equal(t, int32(1), drops.Load(), "a panicked future is dropped")
	require.Equal(t, future.Ok(1), r.V2)
}

type panicker struct{ drops *atomic.Int32 }

func (*panicker) Poll(*future.Context) future.Poll[int] { panic("kaboom") }
func (p *panicker) Drop()                               { p.drops.Add(1) }

func TestMainPanic(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	sentinel := errors.New("sentinel")
	_, err := Run(e, future.Lazy(func() int { panic(sentinel) }))
	var p *PanicError
	require.ErrorAs(t, err, &p)
	require.Same(t, sentinel, p.Value)
	require.ErrorIs(t, err, sentinel, "PanicError unwraps an error value")
}

func TestBlockOn(t *testing.T) {
	require.Equal(t, "tea", BlockOn(future.Value("tea")))
	type custom struct{ n int }
	require.PanicsWithValue(t, custom{3}, func() {
		BlockOn(future.Lazy(func() int { panic(custom{3}) }))
	}, "re-panics the original value")
}

func TestSpawnBlocking(t *testing.T) {
	e := NewLocal()
	defer e.Close()
	h := SpawnBlocking(e, func() int { return 6 * 7 })
	r, err := Run(e, await(h))
	require.NoError(t, err)
	require.Equal(t, future.Ok(42), r)

	hp := SpawnBlocking(e, func() int { panic("blocked") })
	rp, err := Run(e, await(hp))
	require.NoError(t, err)
	var p *PanicError
	require.ErrorAs(t, rp.Err, &p)
	require.Equal(t, "blocked", p.Value)
	hp.Abort() // no-op on a finished job
}
