//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package reactor

import "time"

// poller is absent here: New and Register return ErrUnsupported.
type poller struct{}

func openPoller() (*poller, error) { return nil, ErrUnsupported }

func (*poller) add(int, Interest, uint32) error           { return ErrUnsupported }
func (*poller) del(int, Interest) error                   { return ErrUnsupported }
func (*poller) wake() error                               { return ErrUnsupported }
func (*poller) wait(*Reactor, time.Duration) (int, error) { return 0, ErrUnsupported }
func (*poller) close() error                              { return nil }

func checkNonblocking(int) error { return ErrUnsupported }

func interestBits(Interest) uint64 { return 0 }
