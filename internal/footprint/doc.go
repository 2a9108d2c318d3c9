// Package footprint tells a schedule explorer (package futuretest) which
// shared resources each step of an explored run touches, so that it can
// skip reorderings of steps that touch nothing in common (partial-order
// reduction). Kettle's primitives guard their state with the [Mutex] and
// [RWMutex] of this package instead of the sync ones: each Lock first
// reports the lock's address as the resource, then locks. Primitives with
// no lock (oneshot) call [Touch] themselves.
//
// The report goes to the one [Recorder] installed process-wide while an
// explored run is under way (futuretest runs them one at a time); with
// none installed it costs an atomic load. A report from a goroutine that
// is not the run's (another test using Kettle meanwhile) only adds a
// dependency: the explorer then explores more, never less.
package footprint
