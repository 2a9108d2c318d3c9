package future

// Poll is the outcome of one [Future.Poll]: Ready with a value, or Pending.
// The zero value is Pending.
type Poll[T any] struct {
	value T
	ready bool
}

// Ready returns a ready Poll holding v.
func Ready[T any](v T) Poll[T] { return Poll[T]{value: v, ready: true} }

// Pending returns a pending Poll.
func Pending[T any]() Poll[T] { return Poll[T]{} }

// IsReady reports whether p holds a value.
func (p Poll[T]) IsReady() bool { return p.ready }

// IsPending reports whether p holds no value yet.
func (p Poll[T]) IsPending() bool { return !p.ready }

// Get returns the value and true if p is ready, or the zero value and false.
func (p Poll[T]) Get() (T, bool) { return p.value, p.ready }
