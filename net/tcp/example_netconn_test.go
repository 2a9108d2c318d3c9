package tcp_test

import (
	"bufio"
	"fmt"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// A Kettle stream handed to goroutine code as a net.Conn, read with bufio,
// while the other end is written by a task.
func ExampleStream_NetConn() {
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()
	acc := ln.Accept()
	client := executor.BlockOn(tcp.Dial(ln.Addr().String())).Value
	server := executor.BlockOn[future.Result[*tcp.Stream]](acc).Value
	defer client.Close()
	defer server.Close()

	go executor.BlockOn(client.Write([]byte("hello from a task\n")))
	line, err := bufio.NewReader(server.NetConn()).ReadString('\n')
	fmt.Printf("%q %v\n", line, err)
	// Output: "hello from a task\n" <nil>
}
