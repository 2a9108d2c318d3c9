package corpus

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// ElseUseOnly uses a local only in an else branch, before that branch's
// await: the local crosses a block boundary without an await between.
//
//kettle:async
func ElseUseOnly(co *future.Co, log *Log) int {
	x := 5
	if len(log.Entries) > 100 {
		future.Await(co, V(log, "then", 0))
	} else {
		x++
		future.Await(co, V(log, "else", x))
	}
	return 1
}

// FallthroughUse uses a local in switch clauses that become blocks.
//
//kettle:async
func FallthroughUse(co *future.Co, log *Log) string {
	tag := "t"
	out := ""
	switch len(log.Entries) {
	case 0:
		out += tag
		fallthrough
	case 1:
		out += future.Await(co, V(log, "c1", "!"))
	default:
		out += tag + tag
	}
	return out
}

// TypeSwitchUse uses a local in a type switch clause before its await.
//
//kettle:async
func TypeSwitchUse(co *future.Co, log *Log) string {
	prefix := "p"
	var v any = 3
	switch x := v.(type) {
	case int:
		log.Add("%s%d", prefix, x)
		return future.Await(co, V(log, "int", fmt.Sprint(prefix, x)))
	case string:
		return x
	}
	return ""
}

// LoopHeadUse uses a local declared before a loop only in the loop
// condition.
//
//kettle:async
func LoopHeadUse(co *future.Co, log *Log) int {
	limit := 3
	n := 0
	for n < limit {
		n += future.Await(co, V(log, "n", 1))
	}
	return n
}
