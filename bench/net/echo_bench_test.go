package netbench_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// echoConns is how many connections BenchmarkEcho1000 keeps busy.
const echoConns = 1000

// BenchmarkEcho1000 runs 1000 concurrent clients against each server kind;
// one op is one round trip of the message size, MB/s counts the payload
// once. Connection setup is outside the timer.
func BenchmarkEcho1000(b *testing.B) {
	for _, size := range []int{64, 4 << 10} {
		for _, k := range kinds {
			b.Run(fmt.Sprintf("%s/%dB", k.name, size), func(b *testing.B) {
				srv := k.start(b)
				defer srv.stop()
				conns := dialAll(b, srv.addr, echoConns)
				defer closeAll(conns)
				msg := bytes.Repeat([]byte("k"), size)
				load(b, conns, msg, echoConns) // warm up: every connection once
				b.SetBytes(int64(size))
				b.ReportAllocs()
				b.ResetTimer()
				load(b, conns, msg, b.N)
				b.StopTimer()
			})
		}
	}
}

// dialAll opens n client connections to addr.
func dialAll(tb testing.TB, addr string, n int) []net.Conn {
	tb.Helper()
	conns := make([]net.Conn, 0, n)
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			closeAll(conns)
			tb.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Minute))
		conns = append(conns, c)
	}
	return conns
}

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		_ = c.Close()
	}
}

// load makes ops round trips in total, spread over one goroutine per
// connection that takes them from a shared counter.
func load(tb testing.TB, conns []net.Conn, msg []byte, ops int) {
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := make([]byte, len(msg))
			for next.Add(1) <= int64(ops) {
				if _, err := c.Write(msg); err != nil {
					failed.Store(&err)
					return
				}
				if _, err := io.ReadFull(c, got); err != nil {
					failed.Store(&err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		tb.Fatal(*err)
	}
}

// TestServersEcho checks that every compared server echoes correctly under
// the benchmark's load pattern, at a small scale.
func TestServersEcho(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			srv := k.start(t)
			defer srv.stop()
			conns := dialAll(t, srv.addr, 20)
			defer closeAll(conns)
			msg := bytes.Repeat([]byte("0123456789"), 1000)
			load(t, conns, msg, 200)
			for _, c := range conns {
				_, err := c.Write([]byte("last"))
				if err != nil {
					t.Fatal(err)
				}
				got := make([]byte, 4)
				if _, err := io.ReadFull(c, got); err != nil || string(got) != "last" {
					t.Fatalf("echo of %q: %q, %v", "last", got, err)
				}
			}
		})
	}
}
