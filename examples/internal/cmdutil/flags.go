package cmdutil

import (
	"flag"
	"fmt"

	"github.com/kettle-rt/kettle/examples/internal/tcpserve"
)

// Limit names one of the server limits a command exposes as a flag.
type Limit uint8

// The limits a command may expose, each as the flag named in its comment
// with the default of tcpserve.DefaultLimits.
const (
	LimitMaxConns      Limit = iota // -max-conns
	LimitHeaderTimeout              // -header-timeout
	LimitReadTimeout                // -read-timeout
	LimitWriteTimeout               // -write-timeout
	LimitIdleTimeout                // -idle-timeout
)

// Flags is what the command line of a TCP example sets.
type Flags struct {
	Addr     string // -addr: the address to listen on
	Executor string // -executor: local or multi, see [NewExecutor]
	Selftest int    // -selftest: if > 0, how many self-test clients to run

	// Limits holds the -max-conns and -*-timeout values; only those of
	// the limits the command exposes are used by [Flags.Options].
	Limits tcpserve.Limits
	limits []Limit
}

// Options returns the server options set by the command's limit flags.
func (f *Flags) Options() []tcpserve.Option {
	opts := make([]tcpserve.Option, 0, len(f.limits))
	for _, l := range f.limits {
		switch l {
		case LimitMaxConns:
			opts = append(opts, tcpserve.MaxConns(f.Limits.MaxConns))
		case LimitHeaderTimeout:
			opts = append(opts, tcpserve.HeaderTimeout(f.Limits.HeaderTimeout))
		case LimitReadTimeout:
			opts = append(opts, tcpserve.ReadTimeout(f.Limits.ReadTimeout))
		case LimitWriteTimeout:
			opts = append(opts, tcpserve.WriteTimeout(f.Limits.WriteTimeout))
		case LimitIdleTimeout:
			opts = append(opts, tcpserve.IdleTimeout(f.Limits.IdleTimeout))
		}
	}
	return opts
}

// ParseFlags defines -addr, -executor and -selftest on the default flag
// set, with addr and executor as defaults and clients describing the
// self-test's clients in the usage text ("clients", "net/http clients"),
// plus a flag for each of limits; then it parses the command line. A zero
// or negative limit is an error naming the flag. Call it once, from main.
func ParseFlags(addr, executor, clients string, limits ...Limit) (Flags, error) {
	return Parse(flag.CommandLine, nil, addr, executor, clients, limits...)
}

// Parse is [ParseFlags] on fs with the arguments args (nil: os.Args[1:]
// when fs is flag.CommandLine).
func Parse(fs *flag.FlagSet, args []string, addr, executor, clients string, limits ...Limit) (Flags, error) {
	f := Flags{Limits: tcpserve.DefaultLimits(), limits: limits}
	fs.StringVar(&f.Addr, "addr", addr, "address to listen on")
	fs.StringVar(&f.Executor, "executor", executor, "executor: local (one goroutine) or multi (work-stealing)")
	fs.IntVar(&f.Selftest, "selftest", 0, "if > 0: serve on 127.0.0.1:0, run this many "+clients+" against the server, report and exit")
	l := &f.Limits
	for _, lim := range limits {
		switch lim {
		case LimitMaxConns:
			fs.IntVar(&l.MaxConns, "max-conns", l.MaxConns, "connections open at once; one more closes the least recently active")
		case LimitHeaderTimeout:
			fs.DurationVar(&l.HeaderTimeout, "header-timeout", l.HeaderTimeout, "time a request head may take (from the connection's start or the request's first byte)")
		case LimitReadTimeout:
			fs.DurationVar(&l.ReadTimeout, "read-timeout", l.ReadTimeout, "time a request body may take after its head")
		case LimitWriteTimeout:
			fs.DurationVar(&l.WriteTimeout, "write-timeout", l.WriteTimeout, "time an answer may wait for the client to read it")
		case LimitIdleTimeout:
			fs.DurationVar(&l.IdleTimeout, "idle-timeout", l.IdleTimeout, "time a connection may wait with nothing in flight")
		}
	}
	if args == nil && fs == flag.CommandLine {
		flag.Parse()
	} else if err := fs.Parse(args); err != nil {
		return f, err
	}
	return f, f.check()
}

// check rejects zero and negative limits, naming the flag.
func (f *Flags) check() error {
	for _, lim := range f.limits {
		var name string
		var bad bool
		var shown any
		switch lim {
		case LimitMaxConns:
			name, bad, shown = "max-conns", f.Limits.MaxConns <= 0, f.Limits.MaxConns
		case LimitHeaderTimeout:
			name, bad, shown = "header-timeout", f.Limits.HeaderTimeout <= 0, f.Limits.HeaderTimeout
		case LimitReadTimeout:
			name, bad, shown = "read-timeout", f.Limits.ReadTimeout <= 0, f.Limits.ReadTimeout
		case LimitWriteTimeout:
			name, bad, shown = "write-timeout", f.Limits.WriteTimeout <= 0, f.Limits.WriteTimeout
		case LimitIdleTimeout:
			name, bad, shown = "idle-timeout", f.Limits.IdleTimeout <= 0, f.Limits.IdleTimeout
		}
		if bad {
			return fmt.Errorf("-%s %v: must be positive", name, shown)
		}
	}
	return nil
}
