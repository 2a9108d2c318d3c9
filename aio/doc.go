// Package aio holds Kettle's poll-level I/O interfaces and the helpers
// built on them: the utensils that recipe cards (futures) use to move
// bytes.
//
// [Reader] and [Writer] are the async forms of io.Reader and io.Writer (the
// AsyncRead and AsyncWrite of Rust's futures-io): PollRead and PollWrite
// either make progress now or store the task's waker (the pager) and
// return Pending. tcp.Stream implements both; the futures here work on any
// implementation:
//
//   - [ReadExact] fills a buffer (NOT cancel-safe: see its doc),
//   - [WriteAll] writes a whole buffer (NOT cancel-safe),
//   - [Copy] pumps a Reader into a Writer (NOT cancel-safe),
//   - [BufReader] buffers a Reader; its [BufReader.ReadUntil] and
//     [BufReader.ReadLine] are cancel-safe because the partial line stays
//     in the buffer, not in the future,
//   - [BufWriter] buffers a Writer; [BufWriter.Flush] is cancel-safe,
//   - [ReadToEnd] reads a Reader to its end (NOT cancel-safe),
//   - [Duplex] is an in-memory bidirectional pipe, both ends a Reader and a
//     Writer (tokio::io::duplex): protocol tests without sockets.
//
// Bridges to Go's io world, both ways:
//
//   - [NewIOReader] and [NewIOWriter] give goroutine code a blocking
//     io.Reader / io.Writer over a Reader / Writer (bufio, encoding/json,
//     io.Copy over a socket);
//   - [FromIOReader] and [FromIOWriter] give tasks a Reader / Writer over a
//     blocking io.Reader / io.Writer, each call running on the blocking
//     pool;
//   - [ReadFile], [WriteFile], [Open], [Create] and [File] are tokio::fs:
//     file system calls on the blocking pool, never on a worker.
//
// The blocking pool is the one of the executor polling the future (the
// pool of executor.SpawnBlocking, found through the future.Context's
// services, so aio never imports executor, and the executor counts the job
// as in flight); outside an executor each job gets a goroutine of its own.
//
// "Cancel-safe" means: dropping the future before it is ready loses no
// data, so it may be raced in a select and retried.
//
// Neighbours: package tcp (a Reader and Writer over sockets), package
// future (Poll, Result, Context), package reactor (what wakes readers and
// writers of sockets).
package aio
