package stealq

import "testing"

// BenchmarkPushPop: the owner's round trip, one task in and out (what a
// worker pays per task queued on its ring).
func BenchmarkPushPop(b *testing.B) {
	var q Queue[int]
	spill := make([]*int, 0, Capacity/2+1)
	v := new(int)
	for b.Loop() {
		q.Push(v, spill)
		q.Pop()
	}
}

// BenchmarkStealHalf: a thief takes half of a full ring, then the owner
// refills it.
func BenchmarkStealHalf(b *testing.B) {
	var q, dst Queue[int]
	spill := make([]*int, 0, Capacity/2+1)
	v := new(int)
	for b.Loop() {
		for q.Len() < Capacity {
			q.Push(v, spill)
		}
		q.StealInto(&dst)
		dst.Drain(func(*int) {})
	}
}
