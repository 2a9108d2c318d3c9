package executor

import "time"

// coarseEvery is how many polls a poller makes between two reads of the
// real clock for its coarse clock.
const coarseEvery = 64

// loopClock is a poller's coarse clock, for the "time since last poll" of
// task dumps: nanoseconds since epoch, refreshed every coarseEvery polls
// and after each park, never per poll. Owned by the poller.
type loopClock struct {
	epoch time.Time
	now   int64
}

func (c *loopClock) init() { c.epoch = time.Now() }

// tick refreshes now from the real clock and returns it.
func (c *loopClock) tick() int64 {
	c.now = int64(time.Since(c.epoch))
	return c.now
}

// read returns a fresh reading without touching now (for dumps).
func (c *loopClock) read() int64 { return int64(time.Since(c.epoch)) }
