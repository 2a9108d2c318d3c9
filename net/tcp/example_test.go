package tcp_test

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
	"github.com/kettle-rt/kettle/waker"
)

// run polls f until it is ready, sleeping on a channel between polls: the
// smallest executor there is. Outside an executor, sockets use Kettle's
// process-wide fallback reactor.
func run[T any](f future.Future[T]) T {
	woken := make(chan struct{}, 1)
	cx := future.NewContext(waker.Func(func() {
		select {
		case woken <- struct{}{}:
		default:
		}
	}))
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			return v
		}
		<-woken
	}
}

// A listener, a client and an echo of one message over loopback.
func Example() {
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()

	client, err := run(tcp.Dial(ln.Addr().String())).Get()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close()
	server, err := run(ln.Accept()).Get()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close()

	run(client.Write([]byte("hello, kitchen")))
	buf := make([]byte, 64)
	n, _ := run(server.Read(buf)).Get()
	run(server.Write(buf[:n])) // echo
	n, _ = run(client.Read(buf)).Get()
	fmt.Printf("%s\n", buf[:n])
	// Output: hello, kitchen
}
