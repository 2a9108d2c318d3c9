package model

// Import paths of the Kettle packages the analyzers recognize.
const (
	Root          = "github.com/kettle-rt/kettle"
	FuturePath    = Root + "/future"
	ExecutorPath  = Root + "/executor"
	MutexPath     = Root + "/sync/mutex"
	SemaphorePath = Root + "/sync/semaphore"
	MpscPath      = Root + "/sync/mpsc"
)
