package watch

import "errors"

// ErrClosed is returned by [Sender.Send] when every receiver is closed or
// the sender was closed (the value was not stored), and by a
// [Receiver.Changed] future once the sender closed and the receiver has
// seen the latest value, or after the receiver itself closed.
var ErrClosed = errors.New("watch: closed")
