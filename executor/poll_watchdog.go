package executor

import (
	"sync"
	"sync/atomic"
	"time"
	"weak"
)

// pollWatch is one poller's window for the blocking detector: the worker
// (or a Local's loop) publishes which task it polls and a generation
// counter, and never reads the clock. Cost: two atomic adds and one atomic
// pointer store per poll.
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
type pollWatch struct {
	gen   atomic.Uint64
	cur   atomic.Pointer[task]
	since atomic.Int64
}

func (p *pollWatch) begin(t *task, now int64) {
	p.cur.Store(t)
	p.since.Store(now)
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

// watchdog is the blocking detector: a goroutine that samples the
// pollWatch of every poller period times per threshold and reports, once
// per task, a poll seen running for at least threshold. It timestamps the
// generations itself, so pollers pay no clock read.
//
// Lifecycle: newWatchdog returns nil when detection is off (every method
// is then a no-op); start launches the goroutine, stop ends it and waits.
// For a Local, call start when a Run begins and stop when it ends, so that
// no goroutine outlives the loop: e.g. in runMain,
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
	slots     []*pollWatch
	seen      []sample // watchdog-owned, one per slot
	reported  reportedSet

	once sync.Once
	quit chan struct{}
	done chan struct{}
}

// sample is what the watchdog remembers of one poller: the odd generation
// it last saw and when it first saw it.
type sample struct {
	gen   uint64
	since time.Time
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
		report:    c.reporter,
		reported:  reported,
		slots:     slots,
		seen:      make([]sample, len(slots)),
		quit:      make(chan struct{}),
		done:      make(chan struct{}),
	}
}

func (wd *watchdog) start() {
	if wd != nil {
		go wd.run()
	}
}

// stop ends the goroutine and waits for it; safe to call twice, and
// before start only if start is never called afterwards.
func (wd *watchdog) stop() {
	if wd == nil {
		return
	}
	wd.once.Do(func() { close(wd.quit) })
	<-wd.done
}

func (wd *watchdog) run() {
	defer close(wd.done)
	tick := time.NewTicker(wd.period)
	defer tick.Stop()
	for {
		select {
		case <-wd.quit:
			return
		case now := <-tick.C:
			wd.scan(now)
		}
	}
}

// scan looks at every poller once.
func (wd *watchdog) scan(now time.Time) {
	for i, p := range wd.slots {
		g := p.gen.Load()
		s := &wd.seen[i]
		if g&1 == 0 {
			s.gen = 0 // between polls
			continue
		}
		if g != s.gen {
			s.gen, s.since = g, now // a poll we had not seen yet
			continue
		}
		// The same poll as at the last sample: it has run at least since
		// s.since, plus up to one period before that.
		if now.Sub(s.since)+wd.period < wd.threshold {
			continue
		}
		t := p.cur.Load()
		if t == nil || p.gen.Load() != g {
			continue // the poll ended meanwhile
		}
		if wd.first(t) {
			wd.report(BlockingReport{Task: reportName(t), Duration: now.Sub(s.since) + wd.period})
		}
	}
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
