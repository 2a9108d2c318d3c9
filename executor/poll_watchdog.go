package executor

import (
	"bytes"
	"github.com/kettle-rt/kettle/internal/safecall"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"weak"
)

// pollWatch is one poller's window for the blocking detector: the worker
// (or a Local's loop) publishes which task it polls and a generation
// counter, and never reads the clock. Cost: two atomic adds per poll, and
// an atomic store of the task when it differs from the last poll's.
//
// How a poller uses it (the owner only):
//
//	w.begin(t) // just before t's future is polled
//	... poll ...
//	w.end()    // just after Poll returns (or panics: call it in the recover path too)
//
// gen is even between polls and odd during one; each begin and end adds 1.
// cur is stored before gen turns odd, so a watchdog that loads gen (odd),
// then cur, then gen again (unchanged) knows cur is the task of that poll
// (a seqlock read). Multi also reads the parity to route wakes (see
// Multi.schedule).
//
// since is when the poll began on the poller's coarse clock (stored with
// cur, before gen turns odd): a dump shows a task stuck in a poll as
// polling for now − since.
//
// gid is the id of the goroutine that polls (set by the owner when its
// loop starts), for the watchdog's check that a long poll was running.
type pollWatch struct {
	gen   atomic.Uint64
	cur   atomic.Pointer[task]
	since atomic.Int64
	gid   atomic.Uint64
}

func (p *pollWatch) begin(t *task, now int64) {
	// Only the owner stores cur and since, so it may compare with what it
	// stored last: an unchanged value is not stored again (an atomic store
	// is a full barrier, about as dear as the add). since moves only with
	// the coarse clock, every coarseEvery polls; cur stays when a task is
	// polled twice in a row (a yield loop). A reader that sees gen odd
	// still reads the values of this poll.
	if p.cur.Load() != t {
		p.cur.Store(t)
	}
	if p.since.Load() != now {
		p.since.Store(now)
	}
	p.gen.Add(1)
}

// current returns the task being polled and when its poll began, or nil
// between polls (a seqlock read). Any goroutine.
func (p *pollWatch) current() (*task, int64) {
	g := p.gen.Load()
	if g&1 == 0 {
		return nil, 0
	}
	t, since := p.cur.Load(), p.since.Load()
	if p.gen.Load() != g {
		return nil, 0 // the poll ended meanwhile
	}
	return t, since
}

func (p *pollWatch) end() { p.gen.Add(1) }

// polling reports whether a poll is going on now (a snapshot).
func (p *pollWatch) polling() bool { return p.gen.Load()&1 != 0 }

// watchdog is the blocking detector: a self-re-arming timer (time.AfterFunc,
// so no goroutine of its own between samples) that samples the pollWatch of
// every poller period times per threshold and reports, once per task, a
// poll seen running for at least threshold. It timestamps the generations
// itself, so pollers pay no clock read.
//
// Lifecycle: newWatchdog returns nil when detection is off (every method
// is then a no-op); start arms the timer, stop disarms it and waits for a
// sample in progress. A stopped watchdog may be started again (a Local
// keeps one for all its Runs, so a Run costs a timer Reset and Stop, not a
// goroutine and five allocations). For a Local, call start when a Run
// begins and stop when it ends, so that nothing outlives the loop: e.g.
//
//	wd := newWatchdog(&e.cfg, []*pollWatch{&e.p.watch}, e.reported)
//	wd.start()
//	defer wd.stop()
//
// and set the poller's watched flag so that poller.run brackets each
// poll with watch.begin(t) / watch.end().
type watchdog struct {
	threshold time.Duration
	period    time.Duration
	report    func(BlockingReport)
	// rescue, if set, is called with a slot's index at each sample that
	// finds the same poll still running (a Multi wakes a parked worker to
	// steal what waits behind it, and what its worker deferred).
	rescue   func(i int)
	slots    []*pollWatch
	seen     []sample // watchdog-owned, one per slot
	reported reportedSet

	mu      sync.Mutex  // held by a sample; guards stopped, t, seen, reported
	stopped bool        // stop was called: a sample in flight does nothing
	t       *time.Timer // the sampling timer; nil until the first start
}

// sample is what the watchdog remembers of one poller: the odd generation
// it last saw, when it last looked, and how much poll time it has
// credited to that poll so far.
type sample struct {
	gen    uint64
	last   time.Time
	credit time.Duration
}

// watchdogPeriods is how many samples the watchdog takes per threshold.
const watchdogPeriods = 4

func newWatchdog(c *config, slots []*pollWatch, reported reportedSet) *watchdog {
	d := c.threshold
	if d <= 0 {
		return nil
	}
	return &watchdog{
		threshold: d,
		period:    max(d/watchdogPeriods, time.Millisecond),
		report:    c.blockingReporter(),
		reported:  reported,
		slots:     slots,
		seen:      make([]sample, len(slots)),
	}
}

func (wd *watchdog) start() {
	if wd == nil {
		return
	}
	wd.mu.Lock()
	defer wd.mu.Unlock()
	wd.stopped = false
	clear(wd.seen)
	if wd.t == nil {
		wd.t = time.AfterFunc(wd.period, wd.tick)
	} else {
		wd.t.Reset(wd.period)
	}
}

// stop disarms the timer; a sample already running finishes first (stop
// waits for it on mu), and one about to run finds stopped and does
// nothing. Safe to call twice.
func (wd *watchdog) stop() {
	if wd == nil {
		return
	}
	wd.mu.Lock()
	defer wd.mu.Unlock()
	wd.stopped = true
	if wd.t != nil {
		wd.t.Stop()
	}
}

// tick is one sample, on the timer's goroutine; it re-arms the timer.
func (wd *watchdog) tick() {
	wd.mu.Lock()
	defer wd.mu.Unlock()
	if wd.stopped {
		return
	}
	wd.scan(time.Now())
	wd.t.Reset(wd.period)
}

// scan looks at every poller once.
//
// What counts as poll time: from the first sample that sees a poll to the
// last one, each interval between two samples credits at most one period.
// So a report is a lower bound of the poll's duration (never more than
// the poll lasted: a poll shorter than the threshold is never reported),
// and time the watchdog itself was descheduled (a late tick: the machine
// is oversubscribed) is not counted. At every sample that finds the same
// poll still running (so only for polls longer than a period), the
// poller's goroutine is looked up (runtime.Stack): if it is runnable but
// not running — descheduled by Go's scheduler in the middle of a poll, as
// when busy goroutines outnumber the Ps — the credit is dropped: that is
// time the poll did not run, not time it blocked.
func (wd *watchdog) scan(now time.Time) {
	for i, p := range wd.slots {
		g := p.gen.Load()
		s := &wd.seen[i]
		if g&1 == 0 {
			s.gen = 0 // between polls
			continue
		}
		if g != s.gen {
			s.gen, s.last, s.credit = g, now, 0 // a poll we had not seen yet
			continue
		}
		s.credit += min(now.Sub(s.last), wd.period)
		s.last = now
		if wd.rescue != nil {
			wd.rescue(i)
		}
		t := p.cur.Load()
		if t == nil || p.gen.Load() != g || wd.isReported(t) {
			continue // the poll ended meanwhile, or was reported already
		}
		if descheduled(p.gid.Load()) {
			s.credit = 0 // the poll is not running: it is not blocking either
			continue
		}
		if s.credit < wd.threshold {
			continue
		}
		if wd.first(t) {
			r := BlockingReport{Task: reportName(t), Duration: s.credit, ID: uint64(t.id)}
			// The reporter is user code: a panic in it is reported, and
			// the detector goes on.
			safecall.Call(nil, "executor: calling the BlockingReporter", func() { wd.report(r) })
		}
	}
}

// descheduled reports whether goroutine gid is runnable but not running
// (waiting for a P), from a dump of all goroutines' headers. Costs a
// stop-the-world and a scan of up to 256 KiB: only for a poll about to be
// reported. False when gid is 0 or its header is not in the dump.
func descheduled(gid uint64) bool {
	if gid == 0 {
		return false
	}
	buf := make([]byte, 256<<10)
	buf = buf[:runtime.Stack(buf, true)]
	hdr := []byte("goroutine " + strconv.FormatUint(gid, 10) + " [")
	i := bytes.Index(buf, hdr)
	if i < 0 {
		return false
	}
	return bytes.HasPrefix(buf[i+len(hdr):], []byte("runnable"))
}

// reportName is the task's name, or `task #N` when unnamed.
func reportName(t *task) string {
	if n := t.taskName(); n != "" {
		return n
	}
	return t.label()
}

// reportedSet holds the tasks a blocking detector already reported,
// weakly: a finished task is not kept alive by it. It lives here rather
// than as a bit in the task's state word, which is for scheduling only.
// One per executor (a Local's watchdogs, one per Run, take turns on it:
// stop waits for the goroutine, which orders it before the next start).
type reportedSet map[weak.Pointer[task]]struct{}

// isReported reports whether t was reported already. Watchdog only.
func (wd *watchdog) isReported(t *task) bool {
	_, ok := wd.reported[weak.Make(t)]
	return ok
}

// first reports whether t has not been reported yet, and remembers it.
// Entries of collected tasks are swept when the set grows.
func (wd *watchdog) first(t *task) bool {
	k := weak.Make(t)
	if _, ok := wd.reported[k]; ok {
		return false
	}
	if len(wd.reported) >= 64 && len(wd.reported)&(len(wd.reported)-1) == 0 {
		for p := range wd.reported {
			if p.Value() == nil {
				delete(wd.reported, p)
			}
		}
	}
	wd.reported[k] = struct{}{}
	return true
}
