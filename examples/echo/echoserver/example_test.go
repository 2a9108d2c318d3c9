package echoserver_test

import (
	"fmt"
	"io"
	"net"

	"github.com/kettle-rt/kettle/examples/echo/echoserver"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// A server on a single-threaded executor, talked to by a plain Go client.
func Example() {
	ex := executor.NewLocal()
	defer ex.Close()
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := echoserver.New(ex, ln)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := net.Dial("tcp", srv.Addr().String())
		if err != nil {
			panic(err)
		}
		defer c.Close()
		c.Write([]byte("hello, kettle"))
		buf := make([]byte, 13)
		io.ReadFull(c, buf)
		fmt.Printf("%s\n", buf)
	}()
	stop := future.Map(future.FromChan(done), func(future.Result[struct{}]) future.Unit { return future.Unit{} })
	executor.Run(ex, srv.Serve(stop))
	fmt.Println("accepted:", srv.Accepted())
	// Output:
	// hello, kettle
	// accepted: 1
}
