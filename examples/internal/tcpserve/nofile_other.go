//go:build !unix

package tcpserve

// descriptorLimit returns 0: no descriptor limit is known on this
// platform.
func descriptorLimit() int { return 0 }
