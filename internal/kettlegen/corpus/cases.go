package corpus

import "github.com/kettle-rt/kettle/future"

// CaseAwait awaits in case expressions: each is evaluated only when the
// cases before it did not match.
//
//kettle:async
func CaseAwait(co *future.Co, log *Log) []string {
	var out []string
	for i := 0; i < 4; i++ {
		switch i {
		case future.Await(co, V(log, "c0", 0)):
			out = append(out, "zero")
		case note(log, "c1", 1), future.Await(co, V(log, "c2", 2)):
			out = append(out, "one or two")
			fallthrough
		case 99:
			out = append(out, "after")
		default:
			out = append(out, "other")
		}
	}
	switch {
	case future.Await(co, V(log, "t1", false)):
		out = append(out, "t1")
	case len(out) > 2 && future.Await(co, V(log, "t2", true)):
		out = append(out, "t2")
	}
	return out
}
