package executor

import (
	_ "unsafe" // for go:linkname
)

// procPin and procUnpin are the runtime's own (runtime/proc.go marks both
// with a push go:linkname, "do not remove or change the type signature",
// go.dev/issue/67401; sync.Pool uses them the same way). procPin returns
// the id of the P (Go's processor) the calling goroutine runs on and keeps
// it there until procUnpin.
//
//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()

// currentP returns the id of the P the caller is running on. The answer
// may be stale as soon as it is returned (the goroutine may move): use it
// only as a hint.
func currentP() int {
	p := procPin()
	procUnpin()
	return p
}
