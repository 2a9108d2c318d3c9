package oneshot

import "errors"

// ErrClosed is returned by [Sender.Send] when the receiver has closed (the
// value was not stored: the caller still owns it) or when the Sender was
// already spent by an earlier Send or Close, and it is the Err of a
// [Receiver.Recv] result when the sender closed without sending, when the
// receiver closed before a value arrived, or when the value was already
// received.
var ErrClosed = errors.New("oneshot: closed")

// ErrEmpty is returned by [Receiver.TryRecv] while no value has been sent
// and the channel is still open.
var ErrEmpty = errors.New("oneshot: empty")

// errSentTwice is what a second Send returns; it matches [ErrClosed] with
// errors.Is and says which misuse happened.
var errSentTwice = &spentError{}

type spentError struct{}

func (*spentError) Error() string        { return "oneshot: Send called twice: oneshot: closed" }
func (*spentError) Is(target error) bool { return target == ErrClosed }
