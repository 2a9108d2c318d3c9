package workloads

import "errors"

// ErrWrongResult is wrapped by the error a workload returns when its own
// check fails: a sum, a count or an echo differs from what the work must
// produce (a lost or duplicated message, a lost wake-up).
var ErrWrongResult = errors.New("workloads: wrong result")

// ErrBadSize is wrapped by the error a workload returns for a size it
// cannot run: n < 1, or a skynet n that is not a power of 10.
var ErrBadSize = errors.New("workloads: bad size")
