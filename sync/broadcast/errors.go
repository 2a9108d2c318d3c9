package broadcast

import (
	"errors"
	"strconv"
)

var (
	// ErrClosed is returned by [Sender.Send] when no receiver is open (or
	// this handle was closed; the value was not stored), and is the error
	// of a receive once every sender has closed and the receiver has read
	// everything retained, or once the receiver itself was closed.
	ErrClosed = errors.New("broadcast: closed")

	// ErrEmpty is returned by [Receiver.TryRecv] when the receiver has read
	// every value sent so far and the channel is open.
	ErrEmpty = errors.New("broadcast: empty")
)

// LaggedError is the error of a receive when the receiver fell behind by
// more than the channel's capacity: Missed values were overwritten before
// it read them. It is reported once; the next receive returns the oldest
// value still retained. Match it with errors.As.
type LaggedError struct {
	Missed uint64
}

// Error returns "broadcast: lagged by N".
func (e *LaggedError) Error() string {
	return "broadcast: lagged by " + strconv.FormatUint(e.Missed, 10)
}
