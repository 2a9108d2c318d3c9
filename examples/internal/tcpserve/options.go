package tcpserve

import (
	"fmt"
	"time"
)

// Limits are what a server and its connections hold hostile or broken
// clients to. A connection future reads the timeouts that apply to it;
// the accept loop enforces MaxConns. Build them with [Option]s; the
// defaults are in [DefaultLimits].
type Limits struct {
	// MaxConns is how many connections may be open at once. When one
	// more arrives, the least recently active connection is closed to
	// make room (see [Server.Serve]).
	MaxConns int
	// HeaderTimeout bounds the time from the start of a request (the
	// connection's acceptance, or the first byte after the previous
	// answer) to the end of its head. A slowloris client trickling a
	// header byte at a time is closed after it.
	HeaderTimeout time.Duration
	// ReadTimeout bounds the time a request's body may take to arrive
	// after its head.
	ReadTimeout time.Duration
	// WriteTimeout bounds how long an answer may wait for the client to
	// read it (a write that cannot progress).
	WriteTimeout time.Duration
	// IdleTimeout bounds how long a connection may wait for the next
	// request (httpd) or the next bytes (echo) with nothing in flight.
	IdleTimeout time.Duration
}

// reservedDescriptors is how many descriptors the default MaxConns leaves
// to everything but connections: the listener, the reactor's and the Go
// runtime's pollers and wake descriptors, standard streams, files, and
// the connections still closing after an eviction (evictSlack).
const reservedDescriptors = 32 + evictSlack

// DefaultLimits returns the limits that apply when no option overrides
// them: 1024 connections, but no more than the process's descriptor limit
// (RLIMIT_NOFILE) leaves room for once 48 are reserved (at least 1); a
// 10 s head, 30 s to read a request body or to write an answer, and 2
// minutes idle.
func DefaultLimits() Limits {
	return Limits{
		MaxConns:      defaultMaxConns(descriptorLimit()),
		HeaderTimeout: 10 * time.Second,
		ReadTimeout:   30 * time.Second,
		WriteTimeout:  30 * time.Second,
		IdleTimeout:   2 * time.Minute,
	}
}

// defaultMaxConns is 1024, lowered to fit a descriptor limit nofile (0:
// unknown).
func defaultMaxConns(nofile int) int {
	if nofile <= 0 {
		return 1024
	}
	return max(1, min(1024, nofile-reservedDescriptors))
}

// Option sets one of the [Limits] of a server. Values are checked by the
// constructor that takes the options ([New], [BuildLimits]), which
// panics naming the option and its value.
type Option interface{ apply(*Limits) }

type limitOption struct {
	name  string
	value int64 // a count or a time.Duration
	set   func(*Limits, int64)
}

func (o limitOption) apply(l *Limits) { o.set(l, o.value) }

// MaxConns sets [Limits.MaxConns]; n must be positive.
func MaxConns(n int) Option {
	return limitOption{"MaxConns", int64(n), func(l *Limits, v int64) { l.MaxConns = int(v) }}
}

// HeaderTimeout sets [Limits.HeaderTimeout]; d must be positive.
func HeaderTimeout(d time.Duration) Option {
	return limitOption{"HeaderTimeout", int64(d), func(l *Limits, v int64) { l.HeaderTimeout = time.Duration(v) }}
}

// ReadTimeout sets [Limits.ReadTimeout]; d must be positive.
func ReadTimeout(d time.Duration) Option {
	return limitOption{"ReadTimeout", int64(d), func(l *Limits, v int64) { l.ReadTimeout = time.Duration(v) }}
}

// WriteTimeout sets [Limits.WriteTimeout]; d must be positive.
func WriteTimeout(d time.Duration) Option {
	return limitOption{"WriteTimeout", int64(d), func(l *Limits, v int64) { l.WriteTimeout = time.Duration(v) }}
}

// IdleTimeout sets [Limits.IdleTimeout]; d must be positive.
func IdleTimeout(d time.Duration) Option {
	return limitOption{"IdleTimeout", int64(d), func(l *Limits, v int64) { l.IdleTimeout = time.Duration(v) }}
}

// BuildLimits applies opts over [DefaultLimits]. A zero or negative value
// panics with a message naming pkg's call, the option and the value, like
// "echoserver.New: IdleTimeout(0s): must be positive". A nil option is
// skipped.
func BuildLimits(call string, opts []Option) Limits {
	l := DefaultLimits()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if lo, ok := o.(limitOption); ok && lo.value <= 0 {
			shown := any(lo.value)
			if lo.name != "MaxConns" {
				shown = time.Duration(lo.value)
			}
			panic(fmt.Sprintf("%s: %s(%v): must be positive", call, lo.name, shown))
		}
		o.apply(&l)
	}
	return l
}
