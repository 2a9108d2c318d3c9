//go:build linux

package tcp_test

import (
	"crypto/tls"
	"io"
	"net"
	"testing"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/net/tcp"
)

// connPair returns two connected net.Conns: Kettle NetConn views or plain
// Go sockets.
func connPair(b *testing.B, kettle bool) (client, server net.Conn) {
	b.Helper()
	if kettle {
		ln, err := tcp.Listen("127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		acc := ln.Accept()
		c := executor.BlockOn(tcp.Dial(ln.Addr().String()))
		s := executor.BlockOn(acc)
		if c.Err != nil || s.Err != nil {
			b.Fatal(c.Err, s.Err)
		}
		return c.Value.NetConn(), s.Value.NetConn()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	ch := make(chan net.Conn, 1)
	go func() {
		s, _ := ln.Accept()
		ch <- s
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	return c, <-ch
}

// BenchmarkNetConnThroughput moves 64 KB messages one way over loopback,
// Kettle's NetConn and a plain net.Conn side by side (target: kettle >=
// 70% of std).
func BenchmarkNetConnThroughput(b *testing.B) {
	for _, kind := range []struct {
		name   string
		kettle bool
	}{{"std", false}, {"kettle", true}} {
		b.Run(kind.name, func(b *testing.B) {
			client, server := connPair(b, kind.kettle)
			defer client.Close()
			defer server.Close()
			msg := make([]byte, 64<<10)
			done := make(chan error, 1)
			go func() {
				buf := make([]byte, 64<<10)
				for range b.N {
					if _, err := io.ReadFull(server, buf); err != nil {
						done <- err
						return
					}
				}
				done <- nil
			}()
			b.SetBytes(int64(len(msg)))
			b.ResetTimer()
			for range b.N {
				if _, err := client.Write(msg); err != nil {
					b.Fatal(err)
				}
			}
			if err := <-done; err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkTLSHandshake: one connection and TLS handshake per iteration
// (ECDSA P-256), Kettle's NetListener/NetConn against plain Go sockets
// (target: kettle >= 70% of std handshakes per second).
func BenchmarkTLSHandshake(b *testing.B) {
	scfg, ccfg := tlsConfigs(b)
	for _, kind := range []struct {
		name         string
		kettle, dial bool // kettle: the server's sockets; dial: the client's too
	}{{"std", false, false}, {"kettle-server", true, false}, {"kettle-both", true, true}} {
		b.Run(kind.name, func(b *testing.B) {
			var ln net.Listener
			var addr string
			if kind.kettle {
				kl, err := tcp.Listen("127.0.0.1:0")
				if err != nil {
					b.Fatal(err)
				}
				ln, addr = kl.NetListener(), kl.Addr().String()
			} else {
				sl, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					b.Fatal(err)
				}
				ln, addr = sl, sl.Addr().String()
			}
			defer ln.Close()
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					go func() {
						s := tls.Server(c, scfg)
						_ = s.Handshake()
						_ = s.Close()
					}()
				}
			}()
			b.ResetTimer()
			for range b.N {
				var c net.Conn
				if kind.dial {
					r := executor.BlockOn(tcp.Dial(addr))
					if r.Err != nil {
						b.Fatal(r.Err)
					}
					c = r.Value.NetConn()
				} else {
					var err error
					if c, err = net.Dial("tcp", addr); err != nil {
						b.Fatal(err)
					}
				}
				tc := tls.Client(c, ccfg)
				if err := tc.Handshake(); err != nil {
					b.Fatal(err)
				}
				_ = tc.Close()
			}
		})
	}
}

// BenchmarkNetConnPingPong: one-byte round trips, the latency of a wake
// through the fallback reactor against Go's netpoller.
func BenchmarkNetConnPingPong(b *testing.B) {
	for _, kind := range []struct {
		name   string
		kettle bool
	}{{"std", false}, {"kettle", true}} {
		b.Run(kind.name, func(b *testing.B) {
			client, server := connPair(b, kind.kettle)
			defer client.Close()
			defer server.Close()
			go func() {
				buf := make([]byte, 1)
				for {
					if _, err := server.Read(buf); err != nil {
						return
					}
					if _, err := server.Write(buf); err != nil {
						return
					}
				}
			}()
			buf := make([]byte, 1)
			for range b.N {
				if _, err := client.Write(buf); err != nil {
					b.Fatal(err)
				}
				if _, err := io.ReadFull(client, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
