package httpserver_test

import (
	"fmt"
	"io"
	"net/http"

	"github.com/kettle-rt/kettle/examples/httpd/httpserver"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/tcp"
)

// A server on a single-threaded executor, asked by net/http.
func Example() {
	ex := executor.NewLocal()
	defer ex.Close()
	ln, err := tcp.Listen("127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := httpserver.New(ex, ln)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		for _, path := range []string{"/", "/missing"} {
			resp, err := (&http.Client{Transport: tr}).Get("http://" + srv.Addr().String() + path)
			if err != nil {
				panic(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			fmt.Printf("%s %d %q\n", path, resp.StatusCode, body)
		}
	}()
	stop := future.Map(future.FromChan(done), func(future.Result[struct{}]) future.Unit { return future.Unit{} })
	executor.Run(ex, srv.Serve(stop))
	// Output:
	// / 200 "Hello, Kettle!\n"
	// /missing 404 "404 page not found\n"
}
