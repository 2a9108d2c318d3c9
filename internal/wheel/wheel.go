package wheel

import "math/bits"

const (
	// slotBits is log2(Slots).
	slotBits = 6
	// Slots is the number of slots per level.
	Slots = 1 << slotBits
	// Levels is the number of levels.
	Levels = 6
	// Span is the number of milliseconds the levels cover: a level-l slot
	// covers 64^l ms, so the top level spans 64^6 = 2^36 ms, about 2.2 years.
	Span = uint64(1) << (slotBits * Levels)
	// MaxDeadline is the largest deadline a wheel stores (about 146 million
	// years in milliseconds); larger deadlines are clamped to it, which keeps
	// every block computation far from uint64 overflow.
	MaxDeadline = uint64(1) << 62

	slotMask    = Slots - 1
	overflowIdx = Levels * Slots  // index of the overflow list in Wheel.lists
	pendingIdx  = overflowIdx + 1 // index of the list Advance drains the overflow through
)

// Wheel is a hierarchical timing wheel with millisecond resolution. See the
// package documentation for its layout and costs.
//
// Invariant (what makes NextExpiration a bitmap lookup): at every level l,
// each linked entry sits in a slot strictly after the slot that holds the
// current time at that level, within the current level-(l+1) block; an
// entry whose deadline lies in a later top-level block sits in the overflow
// list. Hence the lowest non-empty level's lowest occupied slot holds the
// earliest deadline, and every level-0 slot holds entries of one deadline.
//
// The zero value is an empty wheel whose current time is 0.
type Wheel[T any] struct {
	now uint64 // current time (ms); only moves forward
	n   int    // number of linked entries
	// occupied has bit s of word l set iff list l*Slots+s is non-empty.
	occupied [Levels]uint64
	// lists holds the head of every slot's list, level by level, then the
	// overflow list, then the pending list (empty outside Advance).
	lists [pendingIdx + 1]*Entry[T]
	// minWhen caches NextDeadline while minValid: Insert lowers it, a
	// Remove of an entry with that deadline or a firing invalidates it.
	minWhen  uint64
	minValid bool
}

// New returns an empty wheel whose current time is now (ms).
func New[T any](now uint64) *Wheel[T] {
	w := &Wheel[T]{}
	w.now = min(now, MaxDeadline)
	return w
}

// Now returns the wheel's current time: the largest time passed to
// [Wheel.Advance] (or [New]), in milliseconds.
func (w *Wheel[T]) Now() uint64 { return w.now }

// Len returns the number of entries in the wheel.
func (w *Wheel[T]) Len() int { return w.n }

// Insert links e with deadline when (ms, clamped to [MaxDeadline]) and
// reports true, or, if when is not after the wheel's current time, leaves e
// out and reports false: such an entry is already due and the caller fires
// it itself. O(1); allocates nothing. It panics if e is already linked.
func (w *Wheel[T]) Insert(e *Entry[T], when uint64) bool {
	if e.pos != 0 {
		panic("wheel.Insert: entry already in a wheel")
	}
	when = min(when, MaxDeadline)
	e.when = when
	if when <= w.now {
		return false
	}
	if w.n == 0 {
		w.minWhen, w.minValid = when, true
	} else if w.minValid && when < w.minWhen {
		w.minWhen = when
	}
	w.n++
	w.place(e)
	return true
}

// Remove unlinks e and reports whether it was linked: false for an entry
// that already fired, was removed, or was never inserted. O(1). e must not be
// linked in another wheel.
func (w *Wheel[T]) Remove(e *Entry[T]) bool {
	if e.pos == 0 {
		return false
	}
	w.unlink(e)
	w.n--
	if w.minValid && e.when == w.minWhen {
		w.minValid = false
	}
	return true
}

// Advance moves the wheel's current time to now and calls fire, in
// deadline order (ties in any order), with every entry whose deadline is at
// or before now, each already unlinked. It returns the number fired. A now
// not after the current time changes nothing.
//
// fire may call Insert and Remove on this wheel (a fired entry may be
// re-inserted); entries it inserts with a deadline at or before now are
// refused as usual, so Advance always terminates.
func (w *Wheel[T]) Advance(now uint64, fire func(e *Entry[T])) int {
	now = min(now, MaxDeadline)
	fired := 0
	for {
		t, idx, ok := w.next()
		if !ok || t > now {
			break
		}
		// Move to the slot's start and empty it: an entry due by then fires,
		// the others cascade to a lower level (their deadlines lie within
		// this slot, which is now the current one at its level, so place
		// never puts them back into the list being drained).
		w.now = t
		if idx == overflowIdx {
			// Entries still beyond this block go back to the overflow
			// list, so drain it through the pending list: fire may still
			// Remove any of them, since each stays properly linked.
			for e := w.lists[idx]; e != nil; e = w.lists[idx] {
				w.unlink(e)
				w.push(pendingIdx, e)
			}
			idx = pendingIdx
		}
		for e := w.lists[idx]; e != nil; e = w.lists[idx] {
			w.unlink(e)
			if e.when <= t {
				w.n--
				w.minValid = false
				fired++
				fire(e)
			} else {
				w.place(e)
			}
		}
	}
	if now > w.now {
		w.now = now
	}
	return fired
}

// NextExpiration returns the start of the earliest non-empty slot: a lower
// bound of the earliest deadline, at which Advance next has work to do
// (fire or cascade). ok is false when the wheel is empty. O(levels), plus a
// scan of the overflow list when nothing else is armed.
func (w *Wheel[T]) NextExpiration() (t uint64, ok bool) {
	t, _, ok = w.next()
	return t, ok
}

// NextDeadline returns the earliest deadline in the wheel, exactly; ok is
// false when the wheel is empty. It costs NextExpiration plus, when the
// earliest slot is above level 0, a scan of that slot; the answer is cached
// until an Advance fires or a Remove takes out an entry with that deadline.
func (w *Wheel[T]) NextDeadline() (when uint64, ok bool) {
	if w.n == 0 {
		return 0, false
	}
	if w.minValid {
		return w.minWhen, true
	}
	t, idx, _ := w.next()
	if idx >= Slots {
		// Above level 0 a slot holds a range of deadlines: scan it. It
		// holds the earliest one (see the Wheel invariant).
		t = MaxDeadline
		for e := w.lists[idx]; e != nil; e = e.next {
			t = min(t, e.when)
		}
	}
	w.minWhen, w.minValid = t, true
	return t, true
}

// Clear unlinks every entry, calling fn (if not nil) with each, in no
// particular order. The current time is kept.
func (w *Wheel[T]) Clear(fn func(e *Entry[T])) {
	for idx := range w.lists {
		for e := w.lists[idx]; e != nil; e = w.lists[idx] {
			w.unlink(e)
			w.n--
			if fn != nil {
				fn(e)
			}
		}
	}
	w.minValid = false
}

// next finds the earliest non-empty slot: its start time and list index.
func (w *Wheel[T]) next() (t uint64, idx int, ok bool) {
	for lvl := range Levels {
		occ := w.occupied[lvl]
		if occ == 0 {
			continue
		}
		// By the invariant every occupied slot lies after the current one
		// in the current block, so the lowest set bit is the earliest.
		slot := bits.TrailingZeros64(occ)
		shift := uint(lvl * slotBits)
		block := uint64(1)<<(shift+slotBits) - 1
		return (w.now &^ block) + uint64(slot)<<shift, lvl*Slots + slot, true
	}
	if e := w.lists[overflowIdx]; e != nil {
		// Overflowed entries lie in later top-level blocks: look at them
		// again when the block of the earliest one begins. Scanning is
		// fine here: only deadlines over 2^36 ms away overflow, and only
		// an otherwise empty wheel gets here.
		when := e.when
		for ; e != nil; e = e.next {
			when = min(when, e.when)
		}
		return when &^ (Span - 1), overflowIdx, true
	}
	return 0, 0, false
}

// place links e (whose deadline is after w.now) into the list the
// invariant assigns it.
func (w *Wheel[T]) place(e *Entry[T]) {
	// The level is given by the highest bit where now and when differ:
	// above it they share a block, within it when's slot is later.
	lvl := (bits.Len64((w.now^e.when)|slotMask) - 1) / slotBits
	if lvl >= Levels {
		w.push(overflowIdx, e)
		return
	}
	slot := int(e.when>>(uint(lvl)*slotBits)) & slotMask
	w.push(lvl*Slots+slot, e)
}

func (w *Wheel[T]) push(idx int, e *Entry[T]) {
	head := w.lists[idx]
	e.prev = nil
	e.next = head
	if head != nil {
		head.prev = e
	}
	w.lists[idx] = e
	e.pos = int32(idx) + 1
	if idx < overflowIdx {
		w.occupied[idx/Slots] |= 1 << uint(idx%Slots)
	}
}

func (w *Wheel[T]) unlink(e *Entry[T]) {
	idx := int(e.pos) - 1
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		w.lists[idx] = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	}
	e.next, e.prev, e.pos = nil, nil, 0
	if idx < overflowIdx && w.lists[idx] == nil {
		w.occupied[idx/Slots] &^= 1 << uint(idx%Slots)
	}
}
