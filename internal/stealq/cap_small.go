//go:build kettle_smallring

package stealq

// Capacity is the number of slots of a [Queue], shrunk under the
// kettle_smallring build tag so that tests overflow and steal with a handful
// of tasks. A power of two.
const Capacity = 4
