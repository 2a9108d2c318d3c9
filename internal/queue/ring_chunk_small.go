//go:build kettle_smallring

package queue

// chunkShift is log2 of a [Ring] chunk's length, shrunk under the
// kettle_smallring build tag to 4 elements, so that tests cross chunks and
// grow the directory with a handful of tasks.
const chunkShift = 2
