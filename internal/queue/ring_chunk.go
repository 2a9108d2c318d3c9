//go:build !kettle_smallring

package queue

// chunkShift is log2 of a [Ring] chunk's length: 128 elements, 1 KB of
// pointers.
const chunkShift = 7
