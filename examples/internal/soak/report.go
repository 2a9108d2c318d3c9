package soak

import (
	"fmt"
	"slices"
	"time"
)

// Report is what a [Run] measured.
type Report struct {
	Requests int             // well-behaved requests answered correctly
	Failed   int             // well-behaved requests never answered correctly
	Retried  int             // reconnects made for a request whose connection was closed under it
	Errors   []error         // the first few failures
	Hostile  int64           // connections opened by hostile clients
	Latency  []time.Duration // of every answered request, sorted
}

// Percentile returns the latency below which a fraction p (0 < p <= 1) of
// answered requests fall; 0 if none was answered.
func (r *Report) Percentile(p float64) time.Duration {
	if len(r.Latency) == 0 {
		return 0
	}
	i := int(float64(len(r.Latency))*p+0.999999) - 1
	return r.Latency[min(max(i, 0), len(r.Latency)-1)]
}

// String summarizes the report on one line.
func (r *Report) String() string {
	var last time.Duration
	if n := len(r.Latency); n > 0 {
		last = r.Latency[n-1]
	}
	return fmt.Sprintf("%d requests served, %d failed, %d reconnects; latency p50 %v p99 %v max %v; %d hostile connections",
		r.Requests, r.Failed, r.Retried, r.Percentile(0.5), r.Percentile(0.99), last, r.Hostile)
}

// merge adds o to r; the result's latencies are sorted by finish.
func (r *Report) merge(o *Report) {
	r.Requests += o.Requests
	r.Failed += o.Failed
	r.Retried += o.Retried
	r.Hostile += o.Hostile
	for _, e := range o.Errors {
		if len(r.Errors) < 5 {
			r.Errors = append(r.Errors, e)
		}
	}
	r.Latency = append(r.Latency, o.Latency...)
}

func (r *Report) finish() { slices.Sort(r.Latency) }
