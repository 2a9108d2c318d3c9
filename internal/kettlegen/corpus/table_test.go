package corpus

import "github.com/kettle-rt/kettle/future"

var corpus = []fn{
	pair("Seq", Seq, SeqAsync),
	pair("ExprOrder", ExprOrder, ExprOrderAsync),
	pair("Loop", func(co *future.Co, l *Log) int { return Loop(co, l, 3) }, func(l *Log) *async_Loop { return LoopAsync(l, 3) }),
	pair("Nested", func(co *future.Co, l *Log) future.Tuple2[int, string] {
		a, b := Nested(co, l)
		return future.Tuple2[int, string]{V1: a, V2: b}
	}, NestedAsync),
}
