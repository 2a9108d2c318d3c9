package tcp

// Option configures [Listen].
type Option interface{ apply(*config) }

// config holds the listener settings; defaultConfig sets every default.
type config struct {
	reusePort bool
	backlog   int
}

func defaultConfig() config {
	return config{
		reusePort: false,
		backlog:   4096, // the kernel caps it at net.core.somaxconn
	}
}

type reusePort struct{}

func (reusePort) apply(c *config) { c.reusePort = true }

// ReusePort sets SO_REUSEPORT on the listening socket, so that several
// listeners (in this process or others) can bind the same address and the
// kernel spreads incoming connections among them.
func ReusePort() Option { return reusePort{} }

type backlog int

func (b backlog) apply(c *config) { c.backlog = int(b) }

// Backlog sets the length of the queue of connections not yet accepted
// (default 4096, capped by the kernel). n must be positive: [Listen]
// returns an error otherwise.
func Backlog(n int) Option { return backlog(n) }
