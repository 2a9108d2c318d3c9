package wheel

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// checker drives a Wheel and a plain model (deadline per linked entry) side
// by side and compares them after every operation.
type checker struct {
	t       testing.TB
	w       *Wheel[int]
	entries []Entry[int]
	model   map[int]uint64 // entry index -> deadline, for linked entries
	now     uint64
}

func newChecker(t testing.TB, n int, start uint64) *checker {
	c := &checker{t: t, w: New[int](start), entries: make([]Entry[int], n), model: map[int]uint64{}, now: start}
	for i := range c.entries {
		c.entries[i].Value = i
	}
	return c
}

func (c *checker) insert(i int, when uint64) {
	when = min(when, MaxDeadline)
	if c.entries[i].Linked() {
		c.remove(i)
	}
	ok := c.w.Insert(&c.entries[i], when)
	require.Equal(c.t, when > c.now, ok, "Insert(%d, %d) at now=%d", i, when, c.now)
	if ok {
		c.model[i] = when
	}
	c.check()
}

func (c *checker) remove(i int) {
	_, linked := c.model[i]
	require.Equal(c.t, linked, c.w.Remove(&c.entries[i]), "Remove(%d)", i)
	delete(c.model, i)
	c.check()
}

func (c *checker) advance(to uint64) []int {
	to = min(to, MaxDeadline)
	var fired []int
	var last uint64
	c.w.Advance(to, func(e *Entry[int]) {
		require.False(c.t, e.Linked(), "fired entry still linked")
		want, ok := c.model[e.Value]
		require.True(c.t, ok, "entry %d fired but was not armed (cancelled or fired twice)", e.Value)
		require.Equal(c.t, want, e.When())
		require.LessOrEqual(c.t, e.When(), to, "entry %d fired early", e.Value)
		require.GreaterOrEqual(c.t, e.When(), last, "entry %d fired out of order", e.Value)
		last = e.When()
		delete(c.model, e.Value)
		fired = append(fired, e.Value)
	})
	if to > c.now {
		c.now = to
	}
	for i, when := range c.model {
		require.Greater(c.t, when, c.now, "entry %d (deadline %d) not fired by %d", i, when, c.now)
	}
	require.Equal(c.t, c.now, c.w.Now())
	c.check()
	return fired
}

func (c *checker) check() {
	c.t.Helper()
	require.Equal(c.t, len(c.model), c.w.Len())
	for i := range c.entries {
		_, linked := c.model[i]
		require.Equal(c.t, linked, c.entries[i].Linked(), "entry %d", i)
	}
	whens := make([]uint64, 0, len(c.model))
	for _, w := range c.model {
		whens = append(whens, w)
	}
	d, ok := c.w.NextDeadline()
	x, okx := c.w.NextExpiration()
	require.Equal(c.t, len(whens) > 0, ok)
	require.Equal(c.t, ok, okx)
	if ok {
		m := slices.Min(whens)
		require.Equal(c.t, m, d, "NextDeadline")
		require.LessOrEqual(c.t, x, m, "NextExpiration after the earliest deadline")
		require.Greater(c.t, x, c.now, "NextExpiration not after now")
	}
}

// run interprets data as a program of wheel operations.
func (c *checker) run(data []byte) {
	for len(data) >= 3 {
		op, a, b := data[0], data[1], data[2]
		data = data[3:]
		// A magnitude in 64^0 .. 64^7 ms, so every level and the overflow
		// list get exercised.
		delta := (uint64(b) + 1) << (uint(a>>5) * slotBits)
		switch op % 4 {
		case 0, 1:
			c.insert(int(a)%len(c.entries), c.now+delta-1)
		case 2:
			c.remove(int(a) % len(c.entries))
		case 3:
			if b%8 == 0 {
				// Advance to the earliest deadline exactly, as an executor
				// with a virtual clock does.
				if d, ok := c.w.NextDeadline(); ok {
					fired := c.advance(d)
					require.NotEmpty(c.t, fired, "advance to NextDeadline fired nothing")
					continue
				}
			}
			c.advance(c.now + delta/2)
		}
	}
	// Drain: everything armed fires eventually, once.
	for c.w.Len() > 0 {
		d, _ := c.w.NextDeadline()
		c.advance(d)
	}
	require.Empty(c.t, c.model)
}

func FuzzWheel(f *testing.F) {
	f.Add(uint64(0), []byte{0, 1, 5, 0, 2, 5, 3, 0, 9, 2, 1, 0})
	f.Add(uint64(63), []byte{0, 0, 0, 0, 1, 1, 3, 0, 0, 3, 0, 0})
	f.Add(uint64(Span-2), []byte{0, 0, 3, 0, 1 | 6<<5, 3, 3, 7 << 5, 255, 3, 7 << 5, 255})
	f.Add(uint64(12345), []byte{0, 7<<5 | 1, 200, 0, 6<<5 | 2, 7, 1, 5<<5 | 3, 9, 3, 6 << 5, 16, 2, 2, 0, 3, 7 << 5, 64})
	f.Add(MaxDeadline-10, []byte{0, 7 << 5, 255, 3, 7 << 5, 255})
	f.Fuzz(func(t *testing.T, start uint64, data []byte) {
		c := newChecker(t, 16, start%MaxDeadline)
		c.run(data)
	})
}

func TestWheelRandomPrograms(t *testing.T) {
	// A deterministic sweep of pseudo-random programs (xorshift), broader
	// than the fuzz seed corpus.
	x := uint64(88172645463325252)
	rnd := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	for i := range 200 {
		data := make([]byte, 3*200)
		for j := range data {
			data[j] = byte(rnd())
		}
		start := rnd() % (4 * Span)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			newChecker(t, 24, start).run(data)
		})
	}
}
