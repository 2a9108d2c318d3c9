//go:build linux

package tcp_test

import (
	"bytes"
	"testing"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/internal/exectest"
	"github.com/kettle-rt/kettle/net/tcp"
)

// FuzzTransfer: whatever bytes a client writes, the server reads exactly
// them, then end of stream. The writer and the reader are two tasks of one
// executor.
func FuzzTransfer(f *testing.F) {
	f.Add([]byte("hello"))
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0, 255}, 70000))
	// One executor for every input: the shared listener stays registered
	// with the reactor of the executor that first accepted on it.
	ex := exectest.New(f)
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	defer ln.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		client, server := pairOn(t, ex, ln)
		wrote := executor.Spawn(ex, aio.WriteAll(client, data))
		got := make([]byte, len(data))
		if err := exectest.RunOn(t, ex, aio.ReadExact(server, got)); err != nil && len(data) > 0 {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Fatal("data differs")
		}
		if err := must(t, exectest.RunOn(t, ex, wrote)); err != nil {
			t.Fatal(err)
		}
		if err := client.CloseWrite(); err != nil {
			t.Fatal(err)
		}
		if n := must(t, exectest.RunOn(t, ex, server.Read(make([]byte, 1)))); n != 0 {
			t.Fatal("extra bytes")
		}
	})
}

func pairOn(t *testing.T, ex *executor.Local, ln *tcp.Listener) (client, server *tcp.Stream) {
	t.Helper()
	client = must(t, exectest.RunOn(t, ex, tcp.Dial(ln.Addr().String())))
	server = must(t, exectest.RunOn(t, ex, ln.Accept()))
	t.Cleanup(func() {
		_ = client.Close()
		_ = server.Close()
	})
	return client, server
}
