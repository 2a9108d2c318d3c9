// Package goid reads the calling goroutine's id, the one way Kettle does
// so. It costs about a microsecond (a runtime.Stack of the calling frame
// and a parse), so it is for rare paths only: package executor calls it
// when a Multi's Run or Close is called while a worker is mid-poll (to
// refuse a call from its own worker), package futuretest when a
// controlled task is woken (to tell the loop's wakes from foreign ones).
// Never per poll or per wake on an executor's hot path.
//
// Rejected: routing wakes by goroutine identity (tokio finds "the current
// worker" in a thread-local). Go has no goroutine-local storage and this
// parse is far too slow for a wake; see executor's Multi.schedule for the
// rule used instead.
package goid

import (
	"bytes"
	"runtime"
	"strconv"
)

// Get returns the calling goroutine's id, parsed from the header line of
// runtime.Stack ("goroutine 18 [running]:"), or 0 if the format is not
// recognized.
func Get() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b, ok := bytes.CutPrefix(b, []byte("goroutine "))
	if !ok {
		return 0
	}
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0
	}
	return id
}
