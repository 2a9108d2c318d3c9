// Package future is a stub of Kettle's future package for kettlevet's tests.
package future

type Context struct{}

type Poll[T any] struct {
	v     T
	ready bool
}

func Ready[T any](v T) Poll[T]   { return Poll[T]{v, true} }
func Pending[T any]() Poll[T]    { return Poll[T]{} }
func (p Poll[T]) Get() (T, bool) { return p.v, p.ready }
func (p Poll[T]) IsReady() bool  { return p.ready }

type Future[T any] interface{ Poll(cx *Context) Poll[T] }

type Dropper interface{ Drop() }

func Drop(f any) {}

type Unit = struct{}

type Result[T any] struct {
	Value T
	Err   error
}

func (r Result[T]) Get() (T, error) { return r.Value, r.Err }

type Co struct{}

func Async[T any](body func(co *Co) T) Future[T]                { return nil }
func Await[T any](co *Co, f Future[T]) T                        { var z T; return z }
func Value[T any](v T) Future[T]                                { return nil }
func PollFn[T any](f func(cx *Context) Poll[T]) Future[T]       { return nil }
func Lazy[T any](f func() T) Future[T]                          { return nil }
func YieldNow() Future[Unit]                                    { return nil }
func Join2[A, B any](a Future[A], b Future[B]) Future[struct{}] { return nil }
