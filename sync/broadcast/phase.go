package broadcast

import "fmt"

// phase is the life cycle of this package's futures.
//
//	idle     a Receiver's embedded Recv future while not handed out.
//	live     may be polled.
//	done     Poll returned Ready.
//	dropped  Drop ran first.
//
// Transitions: live→done, live→dropped; only the embedded Recv future goes
// back to live, when Receiver.Recv hands it out again.
type phase uint8

const (
	idle phase = iota
	live
	done
	dropped
)

// panicPolled reports a poll of a future that is not live, naming its type.
//
//go:noinline
func panicPolled(f any, p phase) {
	if p == dropped {
		panic(fmt.Sprintf("%T polled after Drop", f))
	}
	panic(fmt.Sprintf("%T polled after completion", f))
}
