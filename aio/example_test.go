package aio_test

import (
	"fmt"
	"strings"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// stringReader is an aio.Reader over a string that is always ready.
type stringReader struct{ s string }

func (r *stringReader) PollRead(_ *future.Context, p []byte) future.Poll[future.Result[int]] {
	n := copy(p, r.s)
	r.s = r.s[n:]
	return future.Ready(future.Ok(n))
}

// builderWriter is an aio.Writer into a strings.Builder.
type builderWriter struct{ strings.Builder }

func (w *builderWriter) PollWrite(_ *future.Context, p []byte) future.Poll[future.Result[int]] {
	n, err := w.Write(p)
	return future.Ready(future.Result[int]{Value: n, Err: err})
}

// poll drives a future whose leaves are always ready.
func poll[T any](f future.Future[T]) T {
	cx := future.NewContext(waker.Noop())
	for {
		if v, ok := f.Poll(cx).Get(); ok {
			return v
		}
	}
}

func ExampleBufReader_ReadLine() {
	br := aio.NewBufReader(&stringReader{"eggs\r\nbacon\ntoast"}, 64)
	for {
		line, err := poll(br.ReadLine()).Get()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%q\n", line)
	}
	// Output:
	// "eggs"
	// "bacon"
	// "toast"
	// EOF
}

func ExampleReadExact() {
	header := make([]byte, 4)
	err := poll(aio.ReadExact(&stringReader{"KTL1 body"}, header))
	fmt.Println(string(header), err)
	err = poll(aio.ReadExact(&stringReader{"KT"}, header))
	fmt.Println(err)
	// Output:
	// KTL1 <nil>
	// unexpected EOF
}

func ExampleCopy() {
	var dst builderWriter
	bw := aio.NewBufWriter(&dst, 16)
	n, err := poll(aio.Copy(bw, &stringReader{"the whole order, copied and flushed"})).Get()
	fmt.Println(n, err, dst.String())
	// Output: 35 <nil> the whole order, copied and flushed
}
