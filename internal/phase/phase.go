package phase

import "fmt"

// Phase is a future's life cycle, owned by the goroutine that polls and
// drops it.
//
//	Fresh    0  not started: never polled, or polled but not yet holding a
//	            place (it yielded for budget)
//	Waiting  1  holding a place (in line, or granted and not yet observed):
//	            Drop must release it under the resource's lock
//	Done     2  Poll returned Ready
//	Dropped  3  Drop ran
//
// Transitions: Fresh→Waiting, Fresh→Done, Waiting→Done, Fresh→Dropped,
// Waiting→Dropped. Done and Dropped are final, except for a future that a
// handle embeds and hands out again (see [Idle]), or one that is Reset.
//
// The zero value is Fresh (and Idle).
type Phase uint8

// The four phases (see [Phase]).
const (
	Fresh Phase = iota
	Waiting
	Done
	Dropped
)

// Idle and Live are Fresh and Waiting under the names they take for a
// future that a handle embeds and hands out again (a Receiver's Recv or
// Changed future, which saves an allocation per call): Idle, not handed
// out; Live, handed out and pollable. Such a future goes Idle→Live (handed
// out), Live→Done, Live→Dropped, and back to Live when handed out again;
// its Poll guards with [Phase.CheckLive].
const (
	Idle = Fresh
	Live = Waiting
)

// Check panics, naming f's type, if p is Done or Dropped: the guard at the
// top of Poll for a future that may be polled while Fresh or Waiting.
func (p Phase) Check(f any) {
	if p >= Done {
		Panic(f, p)
	}
}

// CheckLive panics, naming f's type, unless p is Live: the guard at the top
// of Poll for a future that a handle hands out (see [Idle]).
func (p Phase) CheckLive(f any) {
	if p != Live {
		Panic(f, p)
	}
}

// Drop begins a Drop. It reports whether the future was Waiting, in which
// case it now is Dropped and the caller must release its place. A Fresh
// future becomes Dropped and holds nothing; a Done or Dropped one is left as
// it is, so dropping twice or after Ready is a no-op.
func (p *Phase) Drop() (release bool) {
	switch *p {
	case Waiting:
		*p = Dropped
		return true
	case Fresh:
		*p = Dropped
	}
	return false
}

// Live reports whether p is Fresh or Waiting: the future may be polled,
// and its Drop has something to do.
func (p Phase) Live() bool { return p < Done }

// CheckStream is the guard at the top of a stream's PollNext: it panics,
// naming s's type, if p is Dropped, and reports whether the stream is
// still live (false: it ended, and PollNext returns the end again).
func (p Phase) CheckStream(s any) bool {
	if p == Dropped {
		Panic(s, p)
	}
	return p < Done
}

// Panic panics with "<type of f> polled after Drop" if p is Dropped, and
// "<type of f> polled after completion" otherwise. Kept out of line so the
// guards that call it stay small enough to inline.
//
//go:noinline
func Panic(f any, p Phase) { Polled(f, p == Dropped) }

// Polled is the one message for a future polled after its end, for the
// futures whose life cycle is not a [Phase] (a flag, a state of their
// own): "<type of f> polled after Drop" if dropped, "<type of f> polled
// after completion" otherwise. Every Kettle future panics through it, so
// a poll of a dropped future never claims that it completed.
//
//go:noinline
func Polled(f any, dropped bool) {
	if dropped {
		panic(fmt.Sprintf("%T polled after Drop", f))
	}
	panic(fmt.Sprintf("%T polled after completion", f))
}
