// Package phase is the life cycle the sync futures share: where a recipe
// card ([future.Future]) stands between the manager's (executor's) first
// poll and its end, Ready or an explicit Drop.
//
// A [Phase] belongs to whoever polls and drops the future (a task, the
// chef at work), never to the goroutine that releases a lock or sends a
// value, so it is a plain byte, not an atomic word. The packages of
// sync/... (mutex, semaphore, notify, barrier, mpsc, oneshot, broadcast,
// watch) each keep one in their futures; the panic for a poll after the end
// names the concrete future type, as every future in Kettle does.
package phase
