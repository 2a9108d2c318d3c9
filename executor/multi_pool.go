package executor

import (
	"sync"
	"time"

	"github.com/kettle-rt/kettle/internal/queue"
)

// blockingPool runs a Multi's SpawnBlocking jobs on a bounded set of
// goroutines (the kitchen's dishwashers: they work off the line, so the
// chefs never wait at the sink). At most max goroutines exist; a job
// submitted while all of them are busy waits in a FIFO queue; a goroutine
// with no job for idle exits, so an unused pool holds no goroutine.
//
// All fields are guarded by mu. Wake-ups of idle goroutines go through
// notify, a channel with room for max tokens: a submit that finds an idle
// goroutine sends one token without blocking; a stale token (its job taken
// by a goroutine that was finishing another) costs one empty turn.
type blockingPool struct {
	mu     sync.Mutex
	jobs   queue.Ring[func()]
	total  int // goroutines alive
	idle   int // goroutines waiting for a token
	max    int
	closed bool
	notify chan struct{}
	quit   chan struct{} // closed by close: idle goroutines exit at once
	wait   time.Duration
}

func newBlockingPool(max int, idle time.Duration) *blockingPool {
	return &blockingPool{
		max:    max,
		wait:   idle,
		notify: make(chan struct{}, max),
		quit:   make(chan struct{}),
	}
}

// submit queues job and makes sure a goroutine will run it. It reports
// false (job not queued) once the pool is closed. Cost: a lock, and a
// goroutine start only when none is idle and the bound allows.
func (p *blockingPool) submit(job func()) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.jobs.PushBack(job)
	switch {
	case p.idle > 0:
		// Claim one idle goroutine: count it out here, under mu, so the
		// next submit does not count it again. notify has room for max
		// tokens and tokens never exceed idle goroutines, so this never
		// blocks.
		p.idle--
		p.notify <- struct{}{}
	case p.total < p.max:
		p.total++
		go p.worker()
	}
	return true
}

// close makes idle goroutines exit and refuses new jobs. Jobs already
// queued still run (their handles must complete); busy goroutines exit
// when the queue is empty. It does not wait.
func (p *blockingPool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.quit)
	}
}

func (p *blockingPool) worker() {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		p.mu.Lock()
		if job, ok := p.jobs.PopFront(); ok {
			p.mu.Unlock()
			job() // runBlocking catches the job's panics
			continue
		}
		if p.closed {
			p.total--
			p.mu.Unlock()
			return
		}
		p.idle++
		p.mu.Unlock()
		if timer == nil {
			timer = time.NewTimer(p.wait)
		} else {
			timer.Reset(p.wait)
		}
		timedOut := false
		select {
		case <-p.notify:
			// Claimed: the submitter already counted us out of idle.
			timer.Stop()
			continue
		case <-p.quit:
			timer.Stop()
		case <-timer.C:
			timedOut = true
		}
		p.mu.Lock()
		select {
		case <-p.notify:
			// A submitter claimed an idle goroutine (and counted it out)
			// while we were leaving: take that claim.
			p.mu.Unlock()
			continue
		default:
		}
		p.idle--
		if timedOut && p.jobs.Len() == 0 {
			p.total--
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
	}
}

// counts returns (goroutines alive, idle), for tests.
func (p *blockingPool) counts() (total, idle int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.total, p.idle
}
