package future

// Unit is the empty value, for futures that complete without a result.
type Unit = struct{}

// Result pairs a value with an error, for futures that can fail.
type Result[T any] struct {
	Value T
	Err   error
}

// Get returns the value and the error.
func (r Result[T]) Get() (T, error) { return r.Value, r.Err }

// Ok returns a Result holding v and no error.
func Ok[T any](v T) Result[T] { return Result[T]{Value: v} }

// Err returns a Result holding err.
func Err[T any](err error) Result[T] { return Result[T]{Err: err} }

// Tuple2 is the output of [Join2].
type Tuple2[A, B any] struct {
	V1 A
	V2 B
}

// Tuple3 is the output of [Join3].
type Tuple3[A, B, C any] struct {
	V1 A
	V2 B
	V3 C
}

// Either holds the value of exactly one of two sides: the output of
// [Select2].
type Either[A, B any] struct {
	left    A
	right   B
	isRight bool
}

// Left returns the left value and true if the left side won.
func (e Either[A, B]) Left() (A, bool) { return e.left, !e.isRight }

// Right returns the right value and true if the right side won.
func (e Either[A, B]) Right() (B, bool) { return e.right, e.isRight }

// IsLeft reports whether the left side won.
func (e Either[A, B]) IsLeft() bool { return !e.isRight }

// NewLeft returns an Either holding the left value v.
func NewLeft[A, B any](v A) Either[A, B] { return Either[A, B]{left: v} }

// NewRight returns an Either holding the right value v.
func NewRight[A, B any](v B) Either[A, B] { return Either[A, B]{right: v, isRight: true} }
