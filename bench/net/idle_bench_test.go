package netbench_test

import (
	"fmt"
	"net"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// idleConns is how many idle connections BenchmarkIdleConn1000 opens.
const idleConns = 1000

// BenchmarkIdleConn1000 reports what one idle connection costs each
// server, in bytes of Go heap plus goroutine stacks (B/conn). Each op
// opens 1000 raw-socket clients (plain file descriptors, invisible to Go's
// memory statistics) to a fresh server, makes one 1-byte round trip on
// each so that the server has read from every connection and gone idle,
// measures, then closes them and the server.
func BenchmarkIdleConn1000(b *testing.B) {
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			var sum float64
			for range b.N {
				// A fresh server per op, so that connections closed by
				// the previous op cannot linger in the baseline.
				srv := k.start(b)
				before := liveBytes()
				fds := openIdle(b, sockaddr(b, srv.addr), idleConns)
				after := liveBytes()
				closeFDs(fds)
				srv.stop()
				sum += float64(after-before) / idleConns
			}
			b.ReportMetric(sum/float64(b.N), "B/conn")
			b.ReportMetric(0, "ns/op") // the time is not the point
		})
	}
}

// liveBytes is the heap in use plus goroutine stacks, after two
// collections (the second empties sync.Pool's victim cache).
func liveBytes() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc + ms.StackInuse
}

// sockaddr converts "127.0.0.1:port".
func sockaddr(tb testing.TB, addr string) *unix.SockaddrInet4 {
	tb.Helper()
	ta, err := net.ResolveTCPAddr("tcp4", addr)
	if err != nil {
		tb.Fatal(err)
	}
	sa := &unix.SockaddrInet4{Port: ta.Port}
	copy(sa.Addr[:], ta.IP.To4())
	return sa
}

// openIdle connects n blocking raw sockets and makes one 1-byte round trip
// on each.
func openIdle(tb testing.TB, sa *unix.SockaddrInet4, n int) []int {
	tb.Helper()
	fds := make([]int, 0, n)
	fail := func(err error) {
		closeFDs(fds)
		tb.Fatal(err)
	}
	for range n {
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
		if err != nil {
			fail(err)
		}
		fds = append(fds, fd)
		if err := unix.Connect(fd, sa); err != nil {
			fail(err)
		}
	}
	var b [1]byte
	for _, fd := range fds {
		if _, err := unix.Write(fd, []byte{'i'}); err != nil {
			fail(err)
		}
	}
	for _, fd := range fds {
		if n, err := unix.Read(fd, b[:]); n != 1 || err != nil {
			fail(fmt.Errorf("idle round trip: read %d, %v", n, err))
		}
	}
	return fds
}

func closeFDs(fds []int) {
	for _, fd := range fds {
		_ = unix.Close(fd)
	}
}
