//go:build linux

package tcp_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/internal/netutil/testloop"
	"github.com/kettle-rt/kettle/net/tcp"
)

// FuzzTransfer: whatever bytes a client writes, the server reads exactly
// them, then end of stream.
func FuzzTransfer(f *testing.F) {
	f.Add([]byte("hello"))
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0, 255}, 70000))
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	defer ln.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		client, server := pairOn(t, ln)
		done := make(chan error, 1)
		go func() {
			err, timeout := testloop.BlockOn(aio.WriteAll(client, data), 10*time.Second)
			if timeout != nil {
				err = timeout
			}
			if err == nil {
				err = client.CloseWrite()
			}
			done <- err
		}()
		got := make([]byte, len(data))
		if err := block(t, aio.ReadExact(server, got)); err != nil && len(data) > 0 {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Fatal("data differs")
		}
		if n := must(t, block(t, server.Read(make([]byte, 1)))); n != 0 {
			t.Fatal("extra bytes")
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

func pairOn(t *testing.T, ln *tcp.Listener) (client, server *tcp.Stream) {
	t.Helper()
	client = must(t, block(t, tcp.Dial(ln.Addr().String())))
	server = must(t, block(t, ln.Accept()))
	t.Cleanup(func() {
		_ = client.Close()
		_ = server.Close()
	})
	return client, server
}
