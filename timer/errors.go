package timer

import "errors"

// ErrTimeout is the Err of a [Timeout] whose deadline elapsed before its
// future was ready. Match it with errors.Is.
var ErrTimeout = errors.New("timer: deadline elapsed")
