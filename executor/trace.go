package executor

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/kettle-rt/kettle/internal/safecall"
	"github.com/kettle-rt/kettle/internal/trace"
	"github.com/kettle-rt/kettle/timer"
)

// Tracer writes a timeline of every poll in the Chrome trace-event JSON
// format, which https://ui.perfetto.dev and chrome://tracing draw: one
// process per executor ("Local #1", "Multi #2"), one thread per worker
// ("worker 0"; a Local's is "loop"), one slice per poll named after the
// task, with the task id, the poll number, its result and what the task
// waits on after a Pending poll as arguments.
//
// A *Tracer is itself an [Option]: pass it to several executors (in turn
// or at once) to draw them all in one file; each gets its own process id.
// Executors buffer events per worker and hand them over when a buffer
// fills, when the worker parks, at the end of each Run and at Close;
// [Tracer.Close] ends the JSON array and closes the file, so close the
// Tracer after the executors (events handed over later are lost).
//
// Timestamps are microseconds since the Tracer was made, on the real
// clock. An executor on a [timer.VirtualClock] writes virtual time instead
// (microseconds since the executor was built), so a trace of a test that
// sleeps five minutes shows five minutes; a poll takes no virtual time, so
// each one is drawn 1 µs long, and polls at the same virtual instant are
// laid end to end.
//
// Cost: with tracing off, one nil check per poll. With tracing on, two
// clock reads and about 150 bytes of buffer per poll, plus the String of
// what a pending task waits on.
type Tracer struct {
	w      *trace.Writer
	origin time.Time
	pids   atomic.Int32
}

// NewTracer returns a Tracer writing to w. The caller closes it with
// [Tracer.Close] (which does not close w). Panics naming the call if w is
// nil.
func NewTracer(w io.Writer) *Tracer {
	if w == nil {
		panic("executor.NewTracer: nil writer")
	}
	return &Tracer{w: trace.NewWriter(w, nil), origin: time.Now()}
}

// OpenTrace creates (or truncates) the file at path and returns a Tracer
// writing to it: a file that cannot be created is an error here, not a
// failure mid-run. [Tracer.Close] finishes and closes the file.
func OpenTrace(path string) (*Tracer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("executor.OpenTrace: %w", err)
	}
	return &Tracer{w: trace.NewWriter(f, f), origin: time.Now()}, nil
}

// Close ends the JSON array, flushes it and closes the file opened by
// [OpenTrace]. It returns the first write error met since the Tracer was
// made. Closing twice returns nil.
func (t *Tracer) Close() error { return t.w.Close() }

// apply makes *Tracer an Option: the executor writes to t, and leaves
// closing t to the caller.
func (t *Tracer) apply(c *config) {
	if t == nil {
		panic("executor: nil *Tracer option")
	}
	c.tracer, c.ownTracer = t, false
}

type traceOption struct{ w io.Writer }

func (o traceOption) apply(c *config) {
	c.tracer, c.ownTracer = NewTracer(o.w), true
}

// Trace writes a timeline of every poll of the executor to w (see
// [Tracer] for the format), finished and flushed by the executor's Close
// (which does not close w). To draw several executors in one trace, or to
// trace to a file, use [NewTracer] or [OpenTrace] and pass the *Tracer as
// an option. Panics naming the constructor if w is nil.
func Trace(w io.Writer) Option {
	if w == nil {
		panic("executor.Trace: nil writer")
	}
	return traceOption{w}
}

// tracePoller buffers the trace events of one poller (a Local's loop or a
// Multi worker). Owned by the poller's goroutine; shares the Tracer.
type tracePoller struct {
	t        *Tracer
	pid, tid int
	vc       *timer.VirtualClock // virtual timestamps when non-nil
	origin   time.Time           // what ts 0 is: the Tracer's origin, or the virtual start
	last     int64               // virtual only: end of the last slice drawn
	buf      []byte
	ev       trace.Slice
}

// traceFlushAt is the buffer size past which a poller hands its events over.
const traceFlushAt = 32 << 10

// newTracePoller registers a process named kind+" #pid" with one thread
// per name, and returns a poller for each thread.
func newTracePoller(t *Tracer, vc *timer.VirtualClock, kind string, threads []string) []*tracePoller {
	pid := int(t.pids.Add(1))
	meta := trace.AppendProcessName(nil, pid, kind+" #"+strconv.Itoa(pid))
	ps := make([]*tracePoller, len(threads))
	for i, name := range threads {
		meta = trace.AppendThreadName(meta, pid, i, name)
		p := &tracePoller{t: t, pid: pid, tid: i, vc: vc, origin: t.origin}
		if vc != nil {
			p.origin = vc.Now()
		}
		ps[i] = p
	}
	_ = t.w.Write(meta) // a write error is sticky: Close reports it
	return ps
}

// now returns the current trace time in nanoseconds.
func (p *tracePoller) now() int64 {
	if p.vc != nil {
		return int64(p.vc.Now().Sub(p.origin))
	}
	return int64(time.Since(p.origin))
}

// poll records one poll of t that began at start (from now).
func (p *tracePoller) poll(t *task, start int64, ready bool, waits fmt.Stringer) {
	var dur int64
	if p.vc != nil {
		start = max(start, p.last)
		dur = int64(time.Microsecond)
		p.last = start + dur
	} else {
		dur = p.now() - start
	}
	ev := &p.ev
	*ev = trace.Slice{Name: t.taskName(), PID: p.pid, TID: p.tid, TsNs: start, DurNs: dur,
		Task: uint64(t.id), Poll: uint64(t.pollsSeen()) + 1, Ready: ready}
	if ev.Name == "" {
		ev.Name = t.label()
	}
	if !ready && waits != nil {
		ev.WaitsOn = describeWait(waits)
	}
	p.buf = trace.AppendSlice(p.buf, ev)
	if len(p.buf) >= traceFlushAt {
		p.flush()
	}
}

// flush hands the buffered events to the Tracer. The Tracer's io.Writer
// is user code: a panic in it is reported (internal/safecall) and the
// events are lost, never the worker.
func (p *tracePoller) flush() {
	if len(p.buf) > 0 {
		safecall.Call(nil, traceSite, p.write)
		p.buf = p.buf[:0]
	}
}

// traceSite is what a panic report says the executor was doing.
const traceSite = "executor: writing the trace (the Tracer's io.Writer)"

func (p *tracePoller) write() { _ = p.t.w.Write(p.buf) }
