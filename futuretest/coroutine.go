package futuretest

import (
	"bytes"
	"runtime"
)

// isCoroutine reports whether the current goroutine is an iter.Pull
// coroutine: the body of an async block, which runs only while whoever
// resumed it waits, so its wakes are as ordered as the resumer's. Read from
// the "created by iter.Pull" line of the goroutine's own stack trace (a few
// microseconds; results are cached by goroutine id, and ids are never
// reused).
func isCoroutine() bool {
	buf := make([]byte, 64<<10)
	b := buf[:runtime.Stack(buf, false)]
	return bytes.Contains(b, []byte("\ncreated by iter.Pull"))
}
