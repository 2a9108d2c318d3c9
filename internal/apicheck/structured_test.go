package apicheck_test

import (
	"errors"
	"testing"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
)

// The "Structured concurrency and select loops" section, as DESIGN writes
// it.
func TestStructuredConcurrencyShapes(t *testing.T) {
	var u *stream.Unordered[int] = stream.NewUnordered[int]()
	u.Push(future.Value(1))
	var _ int = u.Len()
	var _ stream.Stream[int] = u
	u.Drop()

	var o *stream.Ordered[int] = stream.NewOrdered[int]()
	o.PushBack(future.Value(1))
	o.PushFront(future.Value(0))
	var _ int = o.Len()
	var _ stream.Stream[int] = o
	o.Drop()

	ex := executor.NewLocal()
	defer ex.Close()
	var js *executor.JoinSet[int] = executor.NewJoinSet[int](ex)
	js.Spawn(future.Value(1), executor.Name("one"))
	var _ future.Future[future.Result[int]] = js.JoinNext()
	var _ future.Result[int]
	r, ok := js.TryJoinNext()
	_, _ = r, ok
	var _ int = js.Len()
	js.AbortAll()
	var _ future.Future[future.Unit] = js.Shutdown()
	js.Drop()
	var _ error = executor.ErrEmpty
	_ = errors.Is(nil, executor.ErrEmpty)

	var _ future.Future[int] = future.Borrow[int](future.Value(1))
	var c future.Case = future.On[int](future.Value(1), func(int) {})
	var _ future.Future[int] = future.Select(c)
	ok1 := future.Value(future.Ok(1))
	var _ future.Future[future.Result[string]] = future.AndThen[int, string](ok1, func(int) future.Future[future.Result[string]] { return nil })
	var _ future.Future[future.Result[string]] = future.MapOk[int, string](ok1, func(int) string { return "" })
	var _ future.Future[future.Result[int]] = future.MapErr[int](ok1, func(e error) error { return e })
	var _ future.Future[future.Result[int]] = future.Flatten[int](future.Value(future.Ok(future.Ok(1))))
	var _ future.Future[future.Result[int]] = future.SelectOk[int](ok1)

	s := stream.FromSlice([]int{1})
	var _ future.Future[string] = stream.Fold[int, string](s, "", func(string, int) string { return "" })
	var _ stream.Stream[bool] = stream.Scan[int, int, bool](s, 0, func(*int, int) (bool, bool) { return true, true })
	var _ stream.Stream[[]int] = stream.Chunks[int](s, 2)
	var _ stream.Stream[int] = stream.TakeUntil[int, int](s, future.Never[int]())
	var _ stream.Stream[string] = stream.FlatMap[int, string](s, func(int) stream.Stream[string] { return nil })
	var _ stream.Stream[int] = stream.Unfold[int, int](0, func(int) (int, int, bool) { return 0, 0, false })
	var _ stream.Stream[future.Tuple2[int, string]] = stream.Zip[int, string](s, stream.FromSlice([]string{"a"}))

	var a, b *aio.DuplexStream = aio.Duplex(64)
	var _ aio.Reader = a
	var _ aio.Writer = b
	var _ error = a.Close()
	var _ future.Future[future.Result[[]byte]] = aio.ReadToEnd(b)
}
