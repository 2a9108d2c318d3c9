package future_test

import (
	"fmt"
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// readyN is a reusable always-ready future.
type readyN struct{}

func (readyN) Poll(*future.Context) future.Poll[int] { return future.Ready(1) }

// countdown is Pending (waking its task) k times, then Ready; reusable
// through reset.
type countdown struct{ k, left int }

func (c *countdown) Poll(cx *future.Context) future.Poll[int] {
	if c.left > 0 {
		c.left--
		cx.Waker().Wake()
		return future.Pending[int]()
	}
	return future.Ready(1)
}

// BenchmarkJoinAllCutoff compares JoinAll's plain loop and its ready
// queue, building and running to completion: n always-ready futures
// ("ready"), and n futures of which each needs as many polls as its index
// ("staggered": poll k finds one more done). The cutoff smallN = 30 sits
// where the ready queue starts to win.
func BenchmarkJoinAllCutoff(b *testing.B) {
	cx := future.NewContext(waker.Noop())
	for _, n := range []int{3, 10, 30, 100} {
		fs := make([]future.Future[int], n)
		cds := make([]*countdown, n)
		for i := range fs {
			cds[i] = &countdown{k: i % 8}
			fs[i] = cds[i]
		}
		ready := make([]future.Future[int], n)
		for i := range ready {
			ready[i] = readyN{}
		}
		for _, impl := range []struct {
			name string
			mk   func(...future.Future[int]) future.Future[[]int]
		}{{"loop", future.JoinAllLoop[int]}, {"set", future.JoinAllSet[int]}} {
			b.Run(fmt.Sprintf("ready/n=%d/%s", n, impl.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					impl.mk(ready...).Poll(cx)
				}
			})
			b.Run(fmt.Sprintf("staggered/n=%d/%s", n, impl.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					for _, c := range cds {
						c.left = c.k
					}
					j := impl.mk(fs...)
					for !j.Poll(cx).IsReady() {
					}
				}
			})
		}
	}
}
