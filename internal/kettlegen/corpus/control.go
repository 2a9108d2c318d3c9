package corpus

import (
	"fmt"
	"iter"
	"sort"

	"github.com/kettle-rt/kettle/future"
)

// IfElse awaits in both branches and in the condition.
//
//kettle:async
func IfElse(co *future.Co, log *Log) string {
	x := 0
	if v := future.Await(co, V(log, "c", 3)); v > 2 {
		x = future.Await(co, V(log, "then", v*10))
	} else if v == 1 {
		x = -1
	} else {
		x = future.Await(co, V(log, "else", 7))
	}
	return fmt.Sprint("x=", x)
}

// ElseIfChain awaits in an else-if chain.
//
//kettle:async
func ElseIfChain(co *future.Co, log *Log) int {
	total := 0
	for i := 0; i < 4; i++ {
		if i == 0 {
			total += 1
		} else if i == 1 {
			total += future.Await(co, V(log, "one", 10))
		} else if future.Await(co, V(log, "test", i == 2)) {
			total += 100
		} else {
			total += 1000
		}
	}
	return total
}

// ForClassic is a three-clause loop with an await in the body.
//
//kettle:async
func ForClassic(co *future.Co, log *Log) int {
	s := 0
	for i := 0; i < 5; i++ {
		s += future.Await(co, V(log, fmt.Sprint("i", i), i))
	}
	return s
}

// ForCond awaits in the condition and the post statement.
//
//kettle:async
func ForCond(co *future.Co, log *Log) int {
	n := 0
	for i := 0; i < future.Await(co, V(log, "limit", 3)); i += future.Await(co, V(log, "step", 1)) {
		n++
	}
	return n
}

// ForInfinite breaks out of an infinite loop.
//
//kettle:async
func ForInfinite(co *future.Co, log *Log) int {
	i := 0
	for {
		i++
		if future.Await(co, V(log, "stop?", i >= 3)) {
			break
		}
	}
	return i
}

// ForContinue skips with continue.
//
//kettle:async
func ForContinue(co *future.Co, log *Log) []int {
	var out []int
	for i := 0; i < 6; i++ {
		if i%2 == 0 {
			continue
		}
		out = append(out, future.Await(co, V(log, "odd", i)))
	}
	return out
}

// RangeInt ranges over an integer.
//
//kettle:async
func RangeInt(co *future.Co, log *Log) int {
	s := 0
	for i := range 4 {
		s += future.Await(co, V(log, "r", i*i))
	}
	for range 2 {
		s += future.Await(co, V(log, "blank", 1))
	}
	return s
}

// RangeSlice ranges over a slice that the body appends to.
//
//kettle:async
func RangeSlice(co *future.Co, log *Log) []string {
	xs := []string{"a", "b", "c"}
	var out []string
	for i, x := range xs {
		xs = append(xs, "z")
		out = append(out, future.Await(co, V(log, x, fmt.Sprint(i, x))))
	}
	return append(out, fmt.Sprint(len(xs)))
}

// RangeArray ranges over an array copy and a pointer to an array.
//
//kettle:async
func RangeArray(co *future.Co, log *Log) int {
	arr := [3]int{1, 2, 3}
	s := 0
	for _, v := range arr {
		arr[2] = 100
		s += future.Await(co, V(log, "a", v))
	}
	p := &arr
	for i := range p {
		s += future.Await(co, V(log, "p", p[i]))
	}
	return s
}

// RangeString ranges over runes, including invalid UTF-8.
//
//kettle:async
func RangeString(co *future.Co, log *Log) string {
	out := ""
	for i, r := range "hé\xffx" {
		out += future.Await(co, V(log, "rune", fmt.Sprintf("%d:%q ", i, r)))
	}
	return out
}

// RangeMap ranges over a map (sorted afterwards: map order is random).
//
//kettle:async
func RangeMap(co *future.Co, log *Log) []string {
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	var out []string
	for k, v := range m {
		out = append(out, future.Await(co, future.Value(fmt.Sprint(k, v))))
	}
	sort.Strings(out)
	return out
}

// RangeMapDelete deletes entries not yet reached.
//
//kettle:async
func RangeMapDelete(co *future.Co, log *Log) int {
	m := map[int]bool{1: true, 2: true, 3: true, 4: true}
	seen := 0
	for k := range m {
		for j := range m {
			if j != k {
				delete(m, j)
			}
		}
		seen++
		future.Await(co, future.Value(k))
	}
	return seen
}

// RangeChan ranges over a closed buffered channel.
//
//kettle:async
func RangeChan(co *future.Co, log *Log) int {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	ch <- 3
	close(ch)
	s := 0
	for v := range ch {
		s += future.Await(co, V(log, "ch", v))
	}
	return s
}

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func pairs(log *Log) iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		defer log.Add("pairs done")
		for i, s := range []string{"x", "y", "z"} {
			if !yield(s, i) {
				return
			}
		}
	}
}

// RangeFunc ranges over function iterators with awaits in the body.
//
//kettle:async
func RangeFunc(co *future.Co, log *Log) int {
	s := 0
	for i := range count(4) {
		s += future.Await(co, V(log, "it", i))
	}
	for k, v := range pairs(log) {
		if k == "z" {
			break
		}
		s += future.Await(co, V(log, k, v*10))
	}
	return s
}

// RangeFuncNoAwait ranges over an iterator without awaiting inside.
//
//kettle:async
func RangeFuncNoAwait(co *future.Co, log *Log) int {
	s := future.Await(co, V(log, "start", 1))
	for i := range count(5) {
		if i == 3 {
			break
		}
		s += i
	}
	return s
}

// Switch awaits in the tag and in clause bodies, with default.
//
//kettle:async
func Switch(co *future.Co, log *Log) string {
	out := ""
	for i := 0; i < 4; i++ {
		switch future.Await(co, V(log, "tag", i)) {
		case 0:
			out += "zero "
		case 1, 2:
			out += future.Await(co, V(log, "body", fmt.Sprint("small", i, " ")))
		default:
			out += "big "
		}
	}
	return out
}

// SwitchFallthrough falls through between clauses that await.
//
//kettle:async
func SwitchFallthrough(co *future.Co, log *Log) []string {
	var out []string
	for i := 0; i < 3; i++ {
		switch {
		case i == 0:
			out = append(out, future.Await(co, V(log, "a", "a")))
			fallthrough
		case i == 1:
			out = append(out, "b")
			fallthrough
		default:
			out = append(out, future.Await(co, V(log, "c", "c")))
		}
	}
	return out
}

// SwitchBreak breaks out of a switch from inside a clause that awaits.
//
//kettle:async
func SwitchBreak(co *future.Co, log *Log) int {
	n := 0
	switch x := 5; {
	case x > 3:
		n = future.Await(co, V(log, "n", 1))
		if n == 1 {
			break
		}
		n = 99
	}
	return n
}

// TypeSwitch awaits in type switch clauses.
//
//kettle:async
func TypeSwitch(co *future.Co, log *Log) string {
	out := ""
	for _, v := range []any{1, "s", 2.5, nil, []int{1}} {
		switch x := v.(type) {
		case int:
			out += fmt.Sprint(future.Await(co, V(log, "int", x+1)))
		case string:
			out += future.Await(co, V(log, "str", x+"!"))
		case nil:
			out += "nil"
		case float64, bool:
			out += fmt.Sprintf("%T", x)
		default:
			out += fmt.Sprint(len(x.([]int)))
		}
		out += ","
	}
	return out
}

// TypeSwitchAwaitSubject awaits the subject of a type switch.
//
//kettle:async
func TypeSwitchAwaitSubject(co *future.Co, log *Log) string {
	switch x := future.Await(co, V[any](log, "subj", 42)).(type) {
	case string:
		return x
	case int:
		return fmt.Sprint(x * 2)
	}
	return "none"
}

// Labeled breaks and continues outer loops from inner ones.
//
//kettle:async
func Labeled(co *future.Co, log *Log) []string {
	var out []string
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			out = append(out, future.Await(co, V(log, "ij", fmt.Sprint(i, j))))
		}
	}
	return out
}

// LabeledNoAwaitInner continues an awaiting outer loop from an inner loop
// that does not await.
//
//kettle:async
func LabeledNoAwaitInner(co *future.Co, log *Log) int {
	s := 0
loop:
	for i := 0; i < 4; i++ {
		for j := 0; j < 10; j++ {
			if j > i {
				continue loop
			}
			if i == 3 {
				break loop
			}
			s += j
		}
		s += future.Await(co, V(log, "never", 1000))
	}
	return s
}

// EarlyReturnNested returns from inside nested loops.
//
//kettle:async
func EarlyReturnNested(co *future.Co, log *Log) (string, int) {
	defer log.Add("deferred")
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			v := future.Await(co, V(log, "v", i*3+j))
			if v == 4 {
				return "found", v
			}
		}
	}
	return "none", -1
}

// Shadowing declares shadowed variables across awaits.
//
//kettle:async
func Shadowing(co *future.Co, log *Log) string {
	x := 1
	out := ""
	{
		x := future.Await(co, V(log, "inner", x+10))
		out += fmt.Sprint(x, " ")
		if x := x * 2; x > 0 {
			out += fmt.Sprint(future.Await(co, V(log, "deep", x)), " ")
		}
		out += fmt.Sprint(x, " ")
	}
	x, y := future.Await(co, V(log, "redecl", 5)), 6
	return out + fmt.Sprint(x, y)
}

// BlockScopes uses blocks and a goto-free state across them.
//
//kettle:async
func BlockScopes(co *future.Co, log *Log) int {
	a := 0
	{
		b := future.Await(co, V(log, "b", 2))
		{
			c := future.Await(co, V(log, "c", 3))
			a = b * c
		}
	}
	return a
}

// NoAwait has no suspension point at all.
//
//kettle:async
func NoAwait(co *future.Co, log *Log) int {
	log.Add("sync")
	return 42
}

// NoResult returns nothing.
//
//kettle:async
func NoResult(co *future.Co, log *Log) {
	log.Add("before")
	future.Await(co, V(log, "mid", 0))
	log.Add("after")
}

// EmptyReturn returns early from a function with no results.
//
//kettle:async
func EmptyReturn(co *future.Co, log *Log) {
	for i := 0; ; i++ {
		if future.Await(co, V(log, "i", i)) == 2 {
			return
		}
		log.Add("loop %d", i)
	}
}

// YieldLoop awaits YieldNow in a loop.
//
//kettle:async
func YieldLoop(co *future.Co, log *Log) int {
	n := 0
	for n < 5 {
		future.Await(co, future.YieldNow())
		n++
		log.Add("tick %d", n)
	}
	return n
}

// ReadyAwaits awaits futures that are ready at once.
//
//kettle:async
func ReadyAwaits(co *future.Co, log *Log) int {
	s := 0
	for i := 0; i < 10; i++ {
		s += future.Await(co, future.Value(i))
	}
	return s
}

// ManyPending awaits a future pending several times.
//
//kettle:async
func ManyPending(co *future.Co, log *Log) string {
	return future.Await(co, Val(log, "slow", 5, "done"))
}

// JoinInside awaits a Join2 of two futures.
//
//kettle:async
func JoinInside(co *future.Co, log *Log) int {
	t := future.Await(co, future.Join2(V(log, "l", 1), Val(log, "r", 2, 2)))
	return t.V1 + t.V2
}

func times(n int) func(func() bool) {
	return func(yield func() bool) {
		for range n {
			if !yield() {
				return
			}
		}
	}
}

// RangeFuncNoValues ranges over a func() iterator with awaits in the body.
//
//kettle:async
func RangeFuncNoValues(co *future.Co, log *Log) int {
	n := 0
	for range times(3) {
		n += future.Await(co, V(log, "t", 1))
	}
	return n
}
