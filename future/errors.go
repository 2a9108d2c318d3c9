package future

import "errors"

// ErrChanClosed is the error of a [FromChan] future whose Go channel was
// closed before it delivered a value.
var ErrChanClosed = errors.New("future: channel closed")
