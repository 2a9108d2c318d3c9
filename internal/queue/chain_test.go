package queue

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// item is what the Chain tests push: who pushed it, its place in that
// producer's sequence, and the number a numbered push gave it.
type item struct {
	p, i int
	num  uint32
}

func newNodes(n int) []*Node[int] {
	ns := make([]*Node[int], n)
	for i := range ns {
		ns[i] = &Node[int]{Value: i}
	}
	return ns
}

// itemNode is a fresh node holding a fresh item.
func itemNode(p, i int) *Node[*item] { return &Node[*item]{Value: &item{p: p, i: i}} }

// takeChain takes everything c holds, oldest first, unlinking as it walks,
// and checks that the count Take gave matches the chain.
func takeChain[T any](t *testing.T, c *Chain[T]) []T {
	head, tail, n := c.Take()
	if n > 0 {
		require.Nil(t, tail.next, "the newest ends the chain")
	}
	var out []T
	for x := head; x != nil; {
		out = append(out, x.Value)
		next := x.Unlink()
		require.Nil(t, x.next, "unlinked")
		x = next
	}
	require.Len(t, out, n, "Take's count")
	return out
}

func TestChainSequential(t *testing.T) {
	var c Chain[*item]
	require.True(t, c.Empty())
	head, tail, n := c.Take()
	require.Nil(t, head)
	require.Nil(t, tail)
	require.Zero(t, n)

	x, y, z := itemNode(0, 0), itemNode(0, 1), itemNode(0, 2)
	c.Push(x, &x.Value.num)
	c.Push(y, nil)
	c.Push(z, &z.Value.num)
	require.False(t, c.Empty())
	require.Equal(t, uint64(2), c.Count())
	require.Equal(t, []uint32{1, 0, 2}, []uint32{x.Value.num, y.Value.num, z.Value.num}, "only numbered pushes count")

	require.Equal(t, []*item{x.Value, y.Value, z.Value}, takeChain(t, &c), "push order")
	require.True(t, c.Empty())
	require.Equal(t, uint64(3), c.AddCount())
	require.Equal(t, uint64(3), c.Count())
	require.True(t, c.Empty(), "AddCount pushes nothing")

	// Taken nodes may be pushed again; both chains (the word's current
	// bit flipped at each take) keep working.
	c.Push(y, nil)
	c.Push(x, nil)
	require.Equal(t, []*item{y.Value, x.Value}, takeChain(t, &c))
	c.Push(z, nil)
	require.Equal(t, []*item{z.Value}, takeChain(t, &c))
}

// A node whose link a consumer left set (it walked with Next, not
// Unlink) is pushed with its link reset: the chain ends at it.
func TestChainStaleLink(t *testing.T) {
	var c Chain[*item]
	x, y := itemNode(0, 0), itemNode(0, 1)
	c.Push(x, nil)
	c.Push(y, nil)
	head, tail, n := c.Take()
	require.Equal(t, 2, n)
	require.Same(t, y, tail)
	require.Same(t, y, head.Next(), "walked with Next: x still links to y")
	c.Push(x, nil)
	require.Equal(t, []*item{x.Value}, takeChain(t, &c))
}

// TestChainConcurrent: producers push while the consumer takes (the
// shared check: each item once, each producer's in order); half the
// pushes are numbered, and the numbers are 1..n, each given once.
func TestChainConcurrent(t *testing.T) {
	var c Chain[*item]
	seen := make(map[uint32]bool)
	checkProducers(t, func(p, i int) {
		n := itemNode(p, i)
		if i%2 == 0 {
			c.Push(n, &n.Value.num)
		} else {
			c.Push(n, nil)
		}
	}, func(dst [][2]int) [][2]int {
		for _, v := range takeChain(t, &c) {
			if v.i%2 == 0 {
				require.NotZero(t, v.num)
				require.False(t, seen[v.num], "number %d given twice", v.num)
				seen[v.num] = true
			}
			dst = append(dst, [2]int{v.p, v.i})
		}
		return dst
	})
	require.True(t, c.Empty())
	require.Len(t, seen, producers*perProducer/2)
	require.Equal(t, uint64(producers*perProducer/2), c.Count())
}

// FuzzChain checks single-goroutine sequences of Push (numbered or not,
// of fresh nodes or of nodes taken before), AddCount, Take (walking with
// Unlink or, leaving stale links, with Next) and TakeN against a slice
// model and a counter.
//
//	op%7 == 0, 2  push a fresh node, numbered when op%7 == 0
//	op%7 == 1     AddCount
//	op%7 == 3     Take, walking with Unlink
//	op%7 == 4     Take, walking with Next (links left stale)
//	op%7 == 5     push again node op/7 of those taken, if it is not queued
//	op%7 == 6     TakeN(op/7%5 - 1), walking with Unlink
func FuzzChain(f *testing.F) {
	f.Add([]byte{0, 0, 1, 3, 1, 2, 2, 3})
	f.Add([]byte{2, 2, 2, 4, 5, 11, 17, 3, 0, 1, 0, 3, 3})
	f.Add([]byte{1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3})
	f.Add([]byte{0, 2, 0, 2, 0, 13, 2, 6, 20, 27, 34, 3, 12, 19, 6})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var c Chain[*item]
		var model []*Node[*item]
		var taken []*Node[*item] // out of the queue, may be pushed again
		queued := make(map[*Node[*item]]bool)
		var count uint64
		push := func(n *Node[*item]) {
			c.Push(n, nil)
			queued[n] = true
			model = append(model, n)
		}
		for k, op := range ops {
			switch op % 7 {
			case 0, 2:
				n := itemNode(0, k)
				if op%7 == 0 {
					c.Push(n, &n.Value.num)
					count++
					require.Equal(t, uint32(count), n.Value.num)
					queued[n] = true
					model = append(model, n)
				} else {
					push(n)
				}
			case 1:
				count++
				require.Equal(t, count, c.AddCount())
			case 3, 4:
				head, tail, n := c.Take()
				require.Equal(t, len(model), n)
				if n > 0 {
					require.Same(t, model[n-1], tail)
				}
				x := head
				for j := range n {
					require.Same(t, model[j], x)
					queued[x] = false
					taken = append(taken, x)
					if op%7 == 3 {
						x = x.Unlink()
					} else {
						x = x.Next()
					}
				}
				require.Nil(t, x, "the chain ends after its count")
				model = model[:0]
			case 6:
				want := min(max(int(op/7%5)-1, 1), len(model))
				x, n := c.TakeN(int(op/7%5) - 1)
				require.Equal(t, want, n)
				for j := range n {
					require.Same(t, model[j], x)
					queued[x] = false
					taken = append(taken, x)
					x = x.Unlink()
				}
				require.Nil(t, x, "the chain taken ends after its count")
				model = model[n:]
			case 5:
				if len(taken) > 0 {
					if n := taken[int(op/7)%len(taken)]; !queued[n] {
						push(n)
					}
				}
			}
			require.Equal(t, len(model) == 0, c.Empty())
			require.Equal(t, count, c.Count())
		}
	})
}

// TestChainTakeNConcurrent: producers push while the consumer takes small
// batches (the shared check: each item once, each producer's in order).
func TestChainTakeNConcurrent(t *testing.T) {
	var c Chain[*item]
	k := 0
	checkProducers(t, func(p, i int) {
		c.Push(itemNode(p, i), nil)
	}, func(dst [][2]int) [][2]int {
		k = k%7 + 1
		x, n := c.TakeN(k)
		require.LessOrEqual(t, n, k)
		for ; x != nil; n-- {
			dst = append(dst, [2]int{x.Value.p, x.Value.i})
			x = x.Unlink()
		}
		require.Zero(t, n, "TakeN's count")
		return dst
	})
	require.True(t, c.Empty())
}

// TestChainTakeNBesideTake: producers push while two goroutines take
// small batches with TakeN and a third takes everything with Take (the
// one Take consumer), all at once, as a Multi worker, a thief and Close
// take from one inbox. Every item must be taken exactly once, and each
// consumer must see each producer's items in push order.
func TestChainTakeNBesideTake(t *testing.T) {
	const producers, per = 4, 20000
	var c Chain[*item]
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				c.Push(itemNode(p, i), nil)
			}
		}()
	}
	var taken atomic.Int64
	got := make([][]*item, 3)
	var cw sync.WaitGroup
	for k := range 3 {
		cw.Add(1)
		go func() {
			defer cw.Done()
			for taken.Load() < producers*per {
				var x *Node[*item]
				if k == 2 {
					x, _, _ = c.Take()
				} else {
					x, _ = c.TakeN(k*3 + 1)
				}
				if x == nil {
					runtime.Gosched()
				}
				for x != nil {
					got[k] = append(got[k], x.Value)
					taken.Add(1)
					x = x.Unlink()
				}
			}
		}()
	}
	wg.Wait()
	cw.Wait()
	seen := make(map[[2]int]bool, producers*per)
	for k, l := range got {
		last := make([]int, producers)
		for i := range last {
			last[i] = -1
		}
		for _, v := range l {
			require.False(t, seen[[2]int{v.p, v.i}], "item %d/%d taken twice", v.p, v.i)
			seen[[2]int{v.p, v.i}] = true
			require.Greater(t, v.i, last[v.p], "consumer %d: producer %d out of order", k, v.p)
			last[v.p] = v.i
		}
	}
	require.Len(t, seen, producers*per)
	require.True(t, c.Empty())
}

// Numbering gives each chain its own series; without it a chain numbers
// 1, 2, 3...; with both kinds of push mixed, only numbered pushes count.
func TestChainNumbering(t *testing.T) {
	var plain Chain[*item]
	var a, b Chain[*item]
	a.Numbering(1, 3)
	b.Numbering(2, 3)
	var got [3][]uint32
	for i := range 4 {
		for k, c := range []*Chain[*item]{&plain, &a, &b} {
			n := itemNode(k, i)
			c.Push(n, &n.Value.num)
			got[k] = append(got[k], n.Value.num)
			c.Push(itemNode(k, -1), nil) // not numbered
		}
	}
	require.Equal(t, []uint32{1, 2, 3, 4}, got[0])
	require.Equal(t, []uint32{1, 4, 7, 10}, got[1])
	require.Equal(t, []uint32{2, 5, 8, 11}, got[2])
	require.Equal(t, uint64(4), a.Count(), "Count counts pushes, not numbers")
	require.Panics(t, func() { a.Numbering(0, 3) })
	require.Panics(t, func() { a.Numbering(1, 0) })
}
