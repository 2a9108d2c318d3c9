package queue

import "testing"

// BenchmarkMPSCPushPopFresh: push a batch of fresh nodes (never queued,
// as a spawn's task), then pop them all: the inbox's per-task cost.
func BenchmarkMPSCPushPopFresh(b *testing.B) {
	var q MPSC[int]
	q.Init()
	const batch = 64
	nodes := make([]Node[int], batch*1024)
	k := 0
	for b.Loop() {
		if k+batch > len(nodes) {
			nodes = make([]Node[int], batch*1024)
			k = 0
		}
		for i := range batch {
			q.Push(&nodes[k+i])
		}
		k += batch
		for range batch {
			q.Pop()
		}
	}
}
