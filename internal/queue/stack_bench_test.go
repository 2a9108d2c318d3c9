package queue

import (
	"strconv"
	"testing"
)

// BenchmarkPushDrain compares the inject queues as an executor's loop
// uses them: one op is a push of a node and the drain that takes it
// (batch=1: a task woken once per turn, as in a ping-pong; batch=64: a
// burst of spawns); Chain numbers each push, as Local's spawns do. Single
// goroutine: the cost of the atomic operations themselves, uncontended.
func BenchmarkPushDrain(b *testing.B) {
	for _, batch := range []int{1, 64} {
		ns := newNodes(batch)
		b.Run("Stack/batch="+strconv.Itoa(batch), func(b *testing.B) {
			var s Stack[int]
			sum := 0
			for b.Loop() {
				for _, n := range ns {
					s.Push(n)
				}
				for n := s.Take(); n != nil; n = n.Next() {
					sum += n.Value
				}
			}
			_ = sum
		})
		b.Run("Chain/batch="+strconv.Itoa(batch), func(b *testing.B) {
			var c Chain[int]
			sum := 0
			var id uint32
			for b.Loop() {
				for _, n := range ns {
					c.Push(n, &id)
				}
				x, _, _ := c.Take()
				for ; x != nil; x = x.Unlink() {
					sum += x.Value
				}
			}
			_ = sum
		})
	}
}
