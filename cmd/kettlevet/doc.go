// Command kettlevet reports the async pitfalls of Kettle code before it
// runs: the mistakes that Rust catches with #[must_use] and clippy, and the
// one nobody catches statically.
//
// Install and run it through go vet:
//
//	go install github.com/kettle-rt/kettle/cmd/kettlevet@latest
//	go vet -vettool=$(which kettlevet) ./...
//
// or run it directly on packages, with the flags of a multichecker:
//
//	kettlevet ./...
//	kettlevet -unawaited=false ./...   // all checks but one
//	kettlevet help unawaited           // one check's documentation
//
// The checks, one analyzer each (every diagnostic starts with the name of
// the analyzer that made it):
//
//   - unawaited: a future created and never polled, spawned or dropped.
//   - lockacrossawait: a sync.Mutex or sync.RWMutex held across an await
//     point in async code; use sync/mutex.
//   - blocking: a blocking call (time.Sleep, a channel operation, file or
//     network I/O, WaitGroup.Wait ...) inside async code or a Poll method;
//     use timer.Sleep, SpawnBlocking, aio or tcp.
//   - foreignco: future.Await with a Co that is not the enclosing block's
//     own (an outer block's, or from a goroutine): a runtime panic.
//   - unreleased: a mutex guard or semaphore/mpsc permit not released on
//     every path out of the function that obtained it.
//
// Async code is a function whose first parameter is a *future.Co: the body
// of a future.Async block, a //kettle:async function, or a helper such a
// body calls with its co. Generated files (marked "// Code generated ...
// DO NOT EDIT.") are never checked. Tests break these rules on purpose (a
// sleep to trip the executor's blocking detector, a foreign Co to see the
// panic, a guard held to make others wait), so blocking, foreignco and
// unreleased skip _test.go files; unawaited and lockacrossawait check them
// (unawaited takes "_ = f" and the panic probe func() { f() } there as
// meant). Each analyzer's package documentation ("kettlevet help NAME")
// shows the bad and the good code.
//
// Code that shows a hazard on purpose says so with a directive on the line
// before the report, or at the end of its line, naming the analyzers and
// the reason:
//
//	//kettlevet:ignore blocking the example sleeps in its poll to show the hazard
//
// or, for a whole file (a test corpus that blocks on purpose), anywhere in
// it:
//
//	//kettlevet:file-ignore blocking the corpus waits on goroutines on purpose
//
// The directives are for code that is wrong on purpose; a report on
// correct code is a bug in the analyzer.
//
// Cost: the analyzers themselves take about 0.15 s of CPU over the whole
// Kettle module; a go vet run costs what type-checking every package
// costs (about 8.5 s of CPU uncached, 2 s when go vet's cache holds the
// results).
package main
