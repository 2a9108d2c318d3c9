package udp_test

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/net/udp"
	"github.com/kettle-rt/kettle/waker"
)

// run polls f until ready, sleeping between polls (outside an executor the
// socket uses Kettle's process-wide fallback reactor).
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

func Example() {
	a, _ := udp.Bind("127.0.0.1:0")
	defer a.Close()
	b, _ := udp.Bind("127.0.0.1:0")
	defer b.Close()

	run(a.WriteTo([]byte("order up"), b.LocalAddr()))
	buf := make([]byte, 32)
	p, err := run(b.ReadFrom(buf)).Get()
	fmt.Println(string(buf[:p.N]), err, p.Addr.String() == a.LocalAddr().String())
	// Output: order up <nil> true
}
