package executor

import (
	"bytes"
	"github.com/kettle-rt/kettle/internal/safecall"
	"runtime"
	"strconv"
	"sync"
	"time"
)

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
//	wd := newWatchdog(&e.cfg, []*pollWatch{&e.p.watch}, e.reported, e.reg)
//	wd.start()
//	defer wd.stop()
//
// and set the poller's watched flag so that poller.run brackets each
// poll with watch.begin(t, now) / watch.end() (a Local ends its windows
// lazily: poller.idle).
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
	reg      *registry // the executor's registry, read when reported is pruned

	mu      sync.Mutex  // held by a sample; guards stopped, t, seen, reported
	stopped bool        // stop was called: a sample in flight does nothing
	t       *time.Timer // the sampling timer; nil until the first start
}

// sample is what the watchdog remembers of one poller: the odd word
// (pollWatch.word: task id and generation) it last saw, when it last
// looked, and how much poll time it has credited to that poll so far.
type sample struct {
	word   uint64
	last   time.Time
	credit time.Duration
}

// watchdogPeriods is how many samples the watchdog takes per threshold.
const watchdogPeriods = 4

func newWatchdog(c *config, slots []*pollWatch, reported reportedSet, reg *registry) *watchdog {
	d := c.threshold
	if d <= 0 {
		return nil
	}
	return &watchdog{
		threshold: d,
		period:    max(d/watchdogPeriods, time.Millisecond),
		report:    c.blockingReporter(),
		reported:  reported,
		reg:       reg,
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
		w := p.word.Load()
		s := &wd.seen[i]
		if w&1 == 0 {
			s.word = 0 // between polls
			continue
		}
		if w != s.word {
			s.word, s.last, s.credit = w, now, 0 // a poll we had not seen yet
			continue
		}
		s.credit += min(now.Sub(s.last), wd.period)
		s.last = now
		if wd.rescue != nil {
			wd.rescue(i)
		}
		ip, ok := p.behind(w)
		if !ok || wd.isReported(ip.id()) {
			continue // the poll ended meanwhile, or was reported already
		}
		gid := p.gid.Load()
		if gid == 0 && !p.wantGid.Load() {
			// Not known yet (a Local learns it only when asked, or at
			// its first timer turn): ask for it. Until the loop
			// answers, between two polls, this check cannot be made.
			p.wantGid.Store(true)
		}
		if descheduled(gid) {
			s.credit = 0 // the poll is not running: it is not blocking either
			continue
		}
		if s.credit < wd.threshold {
			continue
		}
		if wd.first(ip.id()) {
			r := BlockingReport{Task: ip.reportName(), Duration: s.credit, ID: uint64(ip.id())}
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

// reportedSet holds the ids of the tasks a blocking detector reported,
// so that each is reported once. It lives here rather than as a bit in
// the task's state word, which is for scheduling only. One per executor
// (a Local's watchdog serves all its Runs; its samples are ordered by the
// watchdog's mutex, and stop waits for a sample in progress).
//
// Bound: when the set reaches a power of two of at least reportedPrune
// entries, prune drops the ids of tasks that have finished, keeping
// those still listed in the registry or still named by a poller's word.
// So the set holds fewer than twice the larger of reportedPrune and the
// number of reported tasks still alive plus one per poller, and a task
// still alive is never reported twice. Ids are unique within an executor
// until they wrap after 2^32 spawns; a task that reuses a reported id
// then is not reported.
type reportedSet map[uint32]struct{}

// reportedPrune is the smallest size at which the report-once set is
// pruned.
const reportedPrune = 64

// isReported reports whether the task numbered id was reported already.
// Watchdog only.
func (wd *watchdog) isReported(id uint32) bool {
	_, ok := wd.reported[id]
	return ok
}

// first reports whether the task numbered id has not been reported yet,
// and remembers it. Watchdog only.
func (wd *watchdog) first(id uint32) bool {
	if _, ok := wd.reported[id]; ok {
		return false
	}
	if n := len(wd.reported); n >= reportedPrune && n&(n-1) == 0 {
		wd.prune()
	}
	wd.reported[id] = struct{}{}
	return true
}

// prune drops from the report-once set the ids of finished tasks. A task
// the detector reported was in a poll then; while alive it is either
// still the task a poller's word names (in that poll, or between it and
// that poller's next begin), or listed: its first Pending poll listed it
// before that poller's next begin (pollWatch), and a listed task stays
// listed until it finishes. The words are loaded before the registry is
// read, so a task whose id has left its poller's word at the load was
// listed before the read. What neither names has finished (or was
// dropped by Close) and will never be polled again.
func (wd *watchdog) prune() {
	keep := make(map[uint32]struct{}, len(wd.slots))
	for _, p := range wd.slots {
		keep[uint32(p.word.Load()>>32)] = struct{}{}
	}
	if wd.reg != nil {
		for _, t := range wd.reg.tasks() {
			if _, ok := wd.reported[t.id]; ok {
				keep[t.id] = struct{}{}
			}
		}
	}
	for id := range wd.reported {
		if _, ok := keep[id]; !ok {
			delete(wd.reported, id)
		}
	}
}
