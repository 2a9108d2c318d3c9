package wheel

// Entry is one timer in a [Wheel]: an intrusive list node that the owner
// embeds in its own struct (the timer's future), with Value pointing back at
// the owner so that a fired entry can be traced to what it must wake.
//
// The zero value is an entry in no wheel. An Entry may be in at most one
// wheel at a time and must not be copied while it is in one. Every field
// except Value belongs to the wheel while the entry is linked.
type Entry[T any] struct {
	next, prev *Entry[T]
	when       uint64
	// pos is where the entry is linked: 0 when in no wheel, otherwise the
	// index of its list in Wheel.lists plus one (a slot, the overflow list
	// or, during Advance, the pending list).
	pos int32

	// Value is the owner's payload, never touched by the wheel.
	Value T
}

// Linked reports whether e is in a wheel (inserted and neither fired nor
// removed since).
func (e *Entry[T]) Linked() bool { return e.pos != 0 }

// When returns the deadline e was last inserted with (after clamping to
// [MaxDeadline]), in the wheel's milliseconds.
func (e *Entry[T]) When() uint64 { return e.when }
