// Package trace writes Chrome trace-event JSON, the format that Perfetto
// (https://ui.perfetto.dev) and chrome://tracing draw as a timeline: a
// JSON array of events, here "X" (complete: a slice with a start and a
// duration) and "M" (metadata: names of processes and threads).
//
// In the kitchen model this is the camera over the pass: package executor
// (the manager) films every poll of every task (chef at work) and hands
// the frames to a [Writer]. Encoding is append-style into the caller's
// byte slice, so a poller buffers events without a lock and hands a whole
// chunk to the shared Writer now and then; see executor's Tracer.
//
// Users must not import it: the public face is executor.Trace,
// executor.NewTracer and executor.OpenTrace.
package trace
