// Package blocking defines the blocking analyzer: a call that blocks the
// goroutine, made inside async code.
//
// An executor polls many tasks on few goroutines. A poll that blocks —
// sleeps, waits on a channel or a WaitGroup, reads a file or a socket the
// Go way — blocks every task queued behind it on that worker (the hidden
// danger of tokio's "blocking the runtime"; Kettle's executor only reports
// it after the fact, when a poll ran too long). The analyzer reports, in
// async code (a function whose first parameter is a *future.Co: an Async
// body, a //kettle:async function) and in poll functions (first parameter
// a *future.Context, result a future.Poll[T]: Poll methods, PollFn
// closures, PollRead):
//
//   - time.Sleep: use timer.Sleep;
//   - channel sends, receives, range over a channel, and select without a
//     default case: use sync/mpsc, sync/oneshot, future.Select;
//   - sync.WaitGroup.Wait and sync.Cond.Wait: use sync/barrier, sync/notify;
//   - net.Dial*, net lookups, Read/Write/Accept on net connections and
//     listeners: use net/tcp, net/udp;
//   - os file I/O (os.ReadFile, os.Open, (*os.File).Read ...): use aio;
//   - net/http clients and servers, os/exec commands: use
//     executor.SpawnBlocking;
//   - executor.BlockOn and executor.Run: a nested loop; Await instead.
//
// Bad:
//
//	future.Async(func(co *future.Co) []byte {
//		time.Sleep(time.Second)
//		data, _ := os.ReadFile("config.json")
//		return data
//	})
//
// Good:
//
//	future.Async(func(co *future.Co) []byte {
//		future.Await(co, timer.Sleep(time.Second))
//		data, _ := future.Await(co, aio.ReadFile("config.json")).Get()
//		return data
//	})
//
// Not reported: code in function literals that do not run in the poll:
// the function given to executor.SpawnBlocking, a goroutine (go func()
// {...}()), a callback stored or passed on (only a literal called on the
// spot, or deferred, runs in the poll and is checked). A select with a
// default case, and the channel operations in its cases, never block.
// Neither does an operation on a buffered channel that only the function
// itself can reach (made there, never passed on or captured): no other
// goroutine can be waited for. The
// check does not follow calls into other functions. Generated files are
// skipped; _test.go files are not checked (tests block inside polls on
// purpose, to exercise the executor's blocking detector).
package blocking
