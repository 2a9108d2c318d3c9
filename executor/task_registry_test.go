package executor

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// checkRegistry asserts that r lists exactly want, in id order, and that
// every listed task's slot locates it.
func checkRegistry(t *testing.T, r *registry, want map[uint32]*task) {
	t.Helper()
	got := r.snapshot()
	ids := make([]uint32, 0, len(got))
	for _, tk := range got {
		ids = append(ids, tk.id)
		require.Same(t, want[tk.id], tk)
		s, i := int(tk.listed)-1, int(tk.rec.Load().slot)-1
		require.GreaterOrEqual(t, s, 0, "task %d is listed", tk.id)
		require.Less(t, s, len(r.shards))
		require.Same(t, tk, r.shards[s].list[i], "slot of task %d", tk.id)
	}
	require.True(t, slices.IsSorted(ids))
	require.Len(t, ids, len(want))
	require.Equal(t, len(want) == 0, r.empty())
}

// The registry keeps one list per poller's shard: tasks listed in any
// shard and unlisted in any order are all found, once, by a snapshot, and
// each one's slot says where it is.
func TestRegistryShards(t *testing.T) {
	for _, n := range []int{1, 2, 3, 16, 40} {
		r := newRegistry(n)
		require.Len(t, r.shards, min(n, maxShards))
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		want := map[uint32]*task{}
		var listed []*task
		next := uint32(1)
		for step := 0; step < 2000; step++ {
			if len(listed) == 0 || rng.IntN(3) > 0 {
				tk := namedTask(next, "")
				next++
				r.add(tk, r.shardOf(rng.IntN(n)))
				want[tk.id] = tk
				listed = append(listed, tk)
			} else {
				k := rng.IntN(len(listed))
				tk := listed[k]
				listed = slices.Delete(listed, k, k+1)
				r.remove(tk)
				require.Zero(t, tk.listed)
				require.Zero(t, tk.rec.Load().slot)
				delete(want, tk.id)
				r.remove(tk) // a second remove is a no-op
			}
			if step%97 == 0 {
				checkRegistry(t, r, want)
			}
		}
		checkRegistry(t, r, want)
		for _, tk := range listed {
			r.remove(tk)
		}
		checkRegistry(t, r, map[uint32]*task{})
	}
}

// A task remembers its shard in the byte that says it is listed, and its
// slot is 1 + its index in that shard; unlisting swaps the shard's last
// task into the hole and fixes its slot.
func TestRegistrySlots(t *testing.T) {
	r := newRegistry(2)
	a, b, c := namedTask(1, ""), namedTask(2, ""), namedTask(3, "")
	r.add(a, 1)
	r.add(b, 1)
	r.add(c, 0)
	require.Equal(t, []uint8{2, 2, 1}, []uint8{a.listed, b.listed, c.listed})
	require.Equal(t, []int32{1, 2, 1}, []int32{a.rec.Load().slot, b.rec.Load().slot, c.rec.Load().slot})
	r.remove(a)
	require.Zero(t, a.listed)
	require.Equal(t, int32(1), b.rec.Load().slot, "b moved into a's place")
	require.Equal(t, int32(1), c.rec.Load().slot, "the other shard is untouched")
	require.Equal(t, uintptr(64), unsafe.Sizeof(regShard{}), "a shard fills one cache line")
	require.Len(t, newRegistry(0).shards, 1)
	require.Len(t, newRegistry(1000).shards, maxShards)
}
