package semaphore

import "errors"

// ErrClosed is the error of an Acquire polled after [Semaphore.Close], and
// of every Acquire that was waiting in line when Close ran. Match it with
// errors.Is.
var ErrClosed = errors.New("semaphore: closed")
