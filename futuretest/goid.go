package futuretest

import (
	"bytes"
	"runtime"
	"strconv"
)

// goid returns the current goroutine's id, parsed from the header of
// runtime.Stack ("goroutine 42 [running]:"). It costs about a microsecond;
// the explorer calls it once per wake of a controlled task, to tell wakes
// from the executor's loop from wakes that come from elsewhere (which
// exploration cannot order). Not for hot paths.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b, _ = bytes.CutPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}

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
