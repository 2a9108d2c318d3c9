package executor

import (
	"bytes"
	"runtime"
	"strconv"
)

// goid returns the calling goroutine's id, parsed from the header line of
// runtime.Stack ("goroutine 18 [running]:"). It costs about a microsecond,
// so it is used only on rare paths (a Multi's Run and Close, to refuse a
// call from one of its own workers, which would wait for itself), never
// per poll or per wake. Returns 0 if the format is not recognized.
//
// Rejected: routing wakes by goroutine identity (tokio uses a thread-local
// to find "the current worker"). Go has no goroutine-local storage, and
// this parse is far too slow for a wake; see Multi.schedule for the rule
// used instead.
func goid() uint64 {
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
