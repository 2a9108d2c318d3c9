package mpsc

import "errors"

var (
	// ErrClosed is the error of a send when the receiver has closed or the
	// Sender handle used was closed (the value is handed back, never
	// taken), of a Reserve in the same cases, and of a receive once every
	// sender has closed (or the receiver closed) and the buffer is drained.
	ErrClosed = errors.New("mpsc: closed")

	// ErrFull is returned by [Sender.TrySend] when a bounded channel has no
	// free slot (or senders are already waiting for one); the value was not
	// taken.
	ErrFull = errors.New("mpsc: full")

	// ErrEmpty is returned by [Receiver.TryRecv] when no value is buffered
	// and the channel is still open.
	ErrEmpty = errors.New("mpsc: empty")
)
