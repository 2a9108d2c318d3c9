// Package wheel is the hierarchical timing wheel behind package timer: the
// kitchen's egg-timer rack, where every sleeping recipe card (a
// [future.Future] waiting on time) hangs its ticket until the bell rings.
//
// A [Wheel] keys [Entry] values by a deadline in whole milliseconds. It has
// [Levels] levels of [Slots] slots each; a slot of level l covers 64^l ms, so
// the six levels together span 2^36 ms (about 2.2 years) ahead of the
// wheel's current time. Entries further out than the top level's current
// 2^36 ms block wait in an overflow list at the top of the wheel and are
// re-cascaded when the wheel reaches that block, so they still fire, and
// never early.
//
// Costs: [Wheel.Insert] and [Wheel.Remove] are O(1) (an intrusive doubly
// linked list per slot and one 64-bit occupancy bitmap per level); an
// [Entry] is embedded in its owner (the timer's future), so inserting and
// cancelling a reused entry allocates nothing. [Wheel.Advance] costs one
// step per non-empty slot it passes plus one move per entry it cascades (an
// entry cascades at most once per level, plus once per 2^36 ms block while
// it overflows). [Wheel.NextExpiration] is O(levels);
// [Wheel.NextDeadline] adds a scan of the one slot that holds the earliest
// deadline, cached until the next change that could invalidate it.
//
// A Wheel is not safe for concurrent use: its owner (package timer's Driver)
// holds a mutex around it. Users of Kettle never see this package; see
// package timer (github.com/kettle-rt/kettle/timer) for the public API.
//
// [future.Future]: https://pkg.go.dev/github.com/kettle-rt/kettle/future#Future
package wheel
