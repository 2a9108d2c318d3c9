package corpus

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// t2 formats two results like a Tuple2 does.
func t2[A, B any](a A, b B) future.Tuple2[A, B] { return future.Tuple2[A, B]{V1: a, V2: b} }

var corpus = []fn{
	// basics
	pair("Seq", Seq, SeqAsync),
	pair("ExprOrder", ExprOrder, ExprOrderAsync),
	pair("Loop", func(co *future.Co, l *Log) int { return Loop(co, l, 3) }, func(l *Log) *async_Loop { return LoopAsync(l, 3) }),
	pair("Nested", func(co *future.Co, l *Log) future.Tuple2[int, string] { return t2(Nested(co, l)) }, NestedAsync),
	// control flow
	pair("IfElse", IfElse, IfElseAsync),
	pair("ElseIfChain", ElseIfChain, ElseIfChainAsync),
	pair("ForClassic", ForClassic, ForClassicAsync),
	pair("ForCond", ForCond, ForCondAsync),
	pair("ForInfinite", ForInfinite, ForInfiniteAsync),
	pair("ForContinue", ForContinue, ForContinueAsync),
	pair("RangeInt", RangeInt, RangeIntAsync),
	pair("RangeSlice", RangeSlice, RangeSliceAsync),
	pair("RangeArray", RangeArray, RangeArrayAsync),
	pair("RangeString", RangeString, RangeStringAsync),
	pair("RangeMap", RangeMap, RangeMapAsync),
	pair("RangeMapDelete", RangeMapDelete, RangeMapDeleteAsync),
	pair("RangeChan", RangeChan, RangeChanAsync),
	pair("RangeFunc", RangeFunc, RangeFuncAsync),
	pair("RangeFuncNoAwait", RangeFuncNoAwait, RangeFuncNoAwaitAsync),
	pair("Switch", Switch, SwitchAsync),
	pair("SwitchFallthrough", SwitchFallthrough, SwitchFallthroughAsync),
	pair("SwitchBreak", SwitchBreak, SwitchBreakAsync),
	pair("TypeSwitch", TypeSwitch, TypeSwitchAsync),
	pair("TypeSwitchAwaitSubject", TypeSwitchAwaitSubject, TypeSwitchAwaitSubjectAsync),
	pair("Labeled", Labeled, LabeledAsync),
	pair("LabeledNoAwaitInner", LabeledNoAwaitInner, LabeledNoAwaitInnerAsync),
	pair("EarlyReturnNested", func(co *future.Co, l *Log) future.Tuple2[string, int] { return t2(EarlyReturnNested(co, l)) }, EarlyReturnNestedAsync),
	pair("Shadowing", Shadowing, ShadowingAsync),
	pair("BlockScopes", BlockScopes, BlockScopesAsync),
	pair("NoAwait", NoAwait, NoAwaitAsync),
	pair("NoResult", func(co *future.Co, l *Log) future.Unit { NoResult(co, l); return future.Unit{} }, NoResultAsync),
	pair("EmptyReturn", func(co *future.Co, l *Log) future.Unit { EmptyReturn(co, l); return future.Unit{} }, EmptyReturnAsync),
	pair("YieldLoop", YieldLoop, YieldLoopAsync),
	pair("ReadyAwaits", ReadyAwaits, ReadyAwaitsAsync),
	pair("ManyPending", ManyPending, ManyPendingAsync),
	pair("JoinInside", JoinInside, JoinInsideAsync),
	// expressions
	pair("CallArgs", CallArgs, CallArgsAsync),
	pair("ShortCircuit", ShortCircuit, ShortCircuitAsync),
	pair("MapIndexAssign", MapIndexAssign, MapIndexAssignAsync),
	pair("MultiAssign", MultiAssign, MultiAssignAsync),
	pair("CompositeLits", CompositeLits, CompositeLitsAsync),
	pair("Conversions", Conversions, ConversionsAsync),
	pair("IndexSlice", IndexSlice, IndexSliceAsync),
	pair("MethodOnAwaited", MethodOnAwaited, MethodOnAwaitedAsync),
	pair("AwaitFuncValue", AwaitFuncValue, AwaitFuncValueAsync),
	pair("AwaitInSend", AwaitInSend, AwaitInSendAsync),
	pair("AwaitStruct", AwaitStruct, AwaitStructAsync),
	pair("AwaitInterfaceFuture", AwaitInterfaceFuture, AwaitInterfaceFutureAsync),
	pair("ReceiveAwait", ReceiveAwait, ReceiveAwaitAsync),
	// defers and panics
	pair("DeferOrder", DeferOrder, DeferOrderAsync),
	pair("DeferInLoop", DeferInLoop, DeferInLoopAsync),
	pair("DeferArgsAwait", DeferArgsAwait, DeferArgsAwaitAsync),
	pair("DeferClosureArgs", DeferClosureArgs, DeferClosureArgsAsync),
	pair("NamedResultDefer", func(co *future.Co, l *Log) future.Tuple2[int, error] { return t2(NamedResultDefer(co, l)) }, NamedResultDeferAsync),
	pair("PanicAfterDefers", PanicAfterDefers, PanicAfterDefersAsync),
	pair("RecoverPanic", RecoverPanic, RecoverPanicAsync),
	pair("RecoverUnnamed", func(co *future.Co, l *Log) future.Tuple2[int, string] { return t2(RecoverUnnamed(co, l)) }, RecoverUnnamedAsync),
	pair("PanicInDefer", PanicInDefer, PanicInDeferAsync),
	pair("PanicReplaced", PanicReplaced, PanicReplacedAsync),
	pair("RecoverOnDrop", RecoverOnDrop, RecoverOnDropAsync),
	pair("DeferNilFunc", DeferNilFunc, DeferNilFuncAsync),
	pair("DeferMethodValue", DeferMethodValue, DeferMethodValueAsync),
	pair("DeferBuiltin", DeferBuiltin, DeferBuiltinAsync),
	pair("DeferInConditional", DeferInConditional, DeferInConditionalAsync),
	pair("PanicNotRecoveredInNested", PanicNotRecoveredInNested, PanicNotRecoveredInNestedAsync),
	// closures and addresses
	pair("ClosureLoopVars", ClosureLoopVars, ClosureLoopVarsAsync),
	pair("ClosureLoopVarMutated", ClosureLoopVarMutated, ClosureLoopVarMutatedAsync),
	pair("ClosureShared", ClosureShared, ClosureSharedAsync),
	pair("ClosureReturned", ClosureReturned, ClosureReturnedAsync),
	pair("AddressOf", AddressOf, AddressOfAsync),
	pair("PointerMethod", PointerMethod, PointerMethodAsync),
	pair("ClosureInGoroutine", ClosureInGoroutine, ClosureInGoroutineAsync),
	pair("ClosureParamCaptured", ClosureParamCaptured, ClosureParamCapturedAsync),
	pair("ArraySliced", ArraySliced, ArraySlicedAsync),
	// generics and methods
	pair("MaxInt", func(co *future.Co, l *Log) int { return Max(co, l, 4, 9) }, func(l *Log) *async_Max[int] { return MaxAsync(l, 4, 9) }),
	pair("MapAll", func(co *future.Co, l *Log) []string {
		return MapAll(co, l, []int{1, 2, 3}, func(i int) string { return fmt.Sprint(i) })
	}, func(l *Log) *async_MapAll[int, string] {
		return MapAllAsync(l, []int{1, 2, 3}, func(i int) string { return fmt.Sprint(i) })
	}),
	pair("GenericCaller", GenericCaller, GenericCallerAsync),
	pair("StackUser", StackUser, StackUserAsync),
	pair("Methods", Methods, MethodsAsync),
	pair("ValueReceiverCopy", ValueReceiverCopy, ValueReceiverCopyAsync),
	pair("Transfer", func(co *future.Co, l *Log) future.Tuple2[int, error] {
		a, b := &Account{Balance: 5, log: l}, &Account{log: l}
		return t2(transfer(co, "", a, b, 1, 2, 3))
	}, func(l *Log) *async_transfer {
		a, b := &Account{Balance: 5, log: l}, &Account{log: l}
		return transferAsync("", a, b, 1, 2, 3)
	}),
	// nested async calls
	pair("NestedChain", NestedChain, NestedChainAsync),
	pair("NestedReturnTuple", func(co *future.Co, l *Log) future.Tuple2[string, int] { return t2(NestedReturnTuple(co, l)) }, NestedReturnTupleAsync),
	pair("NestedDropDeep", NestedDropDeep, NestedDropDeepAsync),
	pair("NestedNoResult", NestedNoResult, NestedNoResultAsync),
	pair("NestedInDeferArgs", NestedInDeferArgs, NestedInDeferArgsAsync),
	pair("NestedFour", NestedFour, NestedFourAsync),
}

func init() {
	corpus = append(corpus,
		pair("ElseUseOnly", ElseUseOnly, ElseUseOnlyAsync),
		pair("FallthroughUse", FallthroughUse, FallthroughUseAsync),
		pair("TypeSwitchUse", TypeSwitchUse, TypeSwitchUseAsync),
		pair("LoopHeadUse", LoopHeadUse, LoopHeadUseAsync),
	)
}

func init() {
	corpus = append(corpus, pair("CrossPackage", CrossPackage, CrossPackageAsync))
}

func init() {
	corpus = append(corpus,
		pair("RangeAssign", RangeAssign, RangeAssignAsync),
		pair("SwitchInitAwait", SwitchInitAwait, SwitchInitAwaitAsync),
		pair("RecursiveClosure", RecursiveClosure, RecursiveClosureAsync),
		pair("GenericNested", GenericNested, GenericNestedAsync),
		pair("ReturnAwaits", func(co *future.Co, l *Log) future.Tuple2[int, string] { return t2(ReturnAwaits(co, l)) }, ReturnAwaitsAsync),
		pair("ExplicitInstantiation", ExplicitInstantiation, ExplicitInstantiationAsync),
		pair("StructFieldTarget", StructFieldTarget, StructFieldTargetAsync),
		pair("ConstAndTypeLocal", ConstAndTypeLocal, ConstAndTypeLocalAsync),
		pair("GoroutineAndChannel", GoroutineAndChannel, GoroutineAndChannelAsync),
	)
}

func init() {
	corpus = append(corpus,
		pair("Tricky", func(co *future.Co, l *Log) future.Tuple2[int, error] { return t2(Tricky(co, l, 3, -1, 0, 5)) },
			func(l *Log) *async_Tricky { return TrickyAsync(l, 3, -1, 0, 5) }),
		pair("TrickyPanic", func(co *future.Co, l *Log) future.Tuple2[int, error] { return t2(Tricky(co, l, 3, 500)) },
			func(l *Log) *async_Tricky { return TrickyAsync(l, 3, 500) }),
		pair("GoAwaitArgs", GoAwaitArgs, GoAwaitArgsAsync),
		pair("ErrorsFlow", func(co *future.Co, l *Log) future.Tuple2[string, error] { return t2(ErrorsFlow(co, l)) }, ErrorsFlowAsync),
		pair("DeepBreak", DeepBreak, DeepBreakAsync),
	)
}

func init() { corpus = append(corpus, pair("CaseAwait", CaseAwait, CaseAwaitAsync)) }

func init() {
	corpus = append(corpus,
		pair("DeferLitAwaitArg", DeferLitAwaitArg, DeferLitAwaitArgAsync),
		pair("NilFuture", NilFuture, NilFutureAsync),
	)
}

func init() {
	corpus = append(corpus, pair("RangeFuncNoValues", RangeFuncNoValues, RangeFuncNoValuesAsync))
}

func init() {
	corpus = append(corpus, pair("NamedRecover", func(co *future.Co, l *Log) future.Tuple2[int, error] { return t2(NamedRecover(co, l)) }, NamedRecoverAsync))
}

func init() {
	corpus = append(corpus, pair("NamedRecoverTwice", func(co *future.Co, l *Log) future.Tuple2[int, error] { return t2(NamedRecoverTwice(co, l)) }, NamedRecoverTwiceAsync))
}
