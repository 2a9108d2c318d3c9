package future

import (
	"fmt"
	"sync"
)

// Services is the table of an executor's services (timer driver, reactor,
// …) that a Context carries, the way a context.Context carries values. Each
// owning package declares a typed [ServiceKey] and stores and looks up its
// own value; nothing here knows the types. This is how a leaf future finds
// its runtime without a global and without importing the executor.
//
// A Services table is built before the executor's first poll and read-only
// afterwards, so lookups need no lock. The zero value is an empty table.
type Services struct {
	vals []any
}

// ServiceKey identifies one service of type T. Declare keys as package-level
// variables with [NewServiceKey]; lookups cost an index and a type assertion.
type ServiceKey[T any] struct {
	id   int
	name string
}

var (
	keyMu   sync.Mutex
	keyNext int
)

// NewServiceKey returns a new key; name is for error messages.
func NewServiceKey[T any](name string) *ServiceKey[T] {
	keyMu.Lock()
	defer keyMu.Unlock()
	k := &ServiceKey[T]{id: keyNext, name: name}
	keyNext++
	return k
}

// String returns the key's name.
func (k *ServiceKey[T]) String() string { return fmt.Sprintf("service %q", k.name) }

// Set stores v under k in s. Call it only while building s, before any
// Context carrying s is polled.
func (k *ServiceKey[T]) Set(s *Services, v T) {
	for len(s.vals) <= k.id {
		s.vals = append(s.vals, nil)
	}
	s.vals[k.id] = v
}

// Lookup returns the value stored under k in s, if any.
func (k *ServiceKey[T]) Lookup(s *Services) (T, bool) {
	if s != nil && k.id < len(s.vals) {
		if v, ok := s.vals[k.id].(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// From returns the service stored under k on the Context's table, if any.
func (k *ServiceKey[T]) From(cx *Context) (T, bool) { return k.Lookup(cx.services) }

// SetServices installs a service table on cx: executors install theirs;
// a test or an embedder polling by hand lends a hand-made [NewContext] an
// executor's or a timer driver's table (timer.Driver.Register).
func (cx *Context) SetServices(s *Services) { cx.services = s }

// Services returns the Context's service table (nil if none).
func (cx *Context) Services() *Services { return cx.services }
