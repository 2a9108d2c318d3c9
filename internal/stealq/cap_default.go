//go:build !kettle_smallring

package stealq

// Capacity is the number of slots of a [Queue]: a power of two.
const Capacity = 256
