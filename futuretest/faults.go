package futuretest

type faultsOption struct{}

func (faultsOption) apply(c *config) { c.faults = true }

// InjectFaults makes the fallible leaf futures of Kettle fail, as choice
// points of the exploration: at each poll of one of them that would
// otherwise make progress, the strategy chooses whether it fails now, the
// way it fails for real (with its package's error):
//
//	mpsc Send, Reserve          mpsc.ErrClosed, as if the receiver closed
//	semaphore Acquire           semaphore.ErrClosed, as if it were closed
//	timer.Timeout               timer.ErrTimeout: the timer expired first
//	tcp/udp Read, Write, Dial,  an error matching syscall.ECONNRESET
//	Accept, Send, Recv          (ECONNREFUSED for Dial)
//	aio.Duplex reads, writes    an error matching syscall.ECONNRESET
//
// Real sockets are outside the trial (a run that does real I/O is
// [ErrUnsupported]), so under exploration the socket faults matter for
// code whose I/O is injected away; aio.Duplex, the in-memory pipe, is the
// way to explore network-shaped code, faults included.
//
// [Exhaustive] counts each injected fault like a preemption against its
// bound, so runs with fewer faults come first; [Random] and [PCT] inject
// each with probability 1/4. A failing run's schedule string records the
// faults ("v1:faults:…"), and [Replay] injects them again, with or without
// the option. Code that polls these futures outside a trial is not
// affected.
//
// Use it to test retry and error paths: most concurrency bugs in services
// hide in what happens after an operation fails.
func InjectFaults() Option { return faultsOption{} }
