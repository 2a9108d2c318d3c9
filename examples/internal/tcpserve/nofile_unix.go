//go:build unix

package tcpserve

import "golang.org/x/sys/unix"

// descriptorLimit returns the process's soft RLIMIT_NOFILE, or 0 if it
// cannot be read or is unlimited.
func descriptorLimit() int {
	var l unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &l); err != nil || l.Cur == unix.RLIM_INFINITY || l.Cur > 1<<30 {
		return 0
	}
	return int(l.Cur)
}
