package reactor

import "github.com/kettle-rt/kettle/future"

// serviceKey finds an executor's reactor on a future.Context.
var serviceKey = future.NewServiceKey[*Reactor]("reactor")

// Provide stores r on the service table s, so that [From] finds it on every
// Context carrying s. Call it while building s, before the first poll.
func (r *Reactor) Provide(s *future.Services) { serviceKey.Set(s, r) }

// From returns the reactor of the executor polling cx, or, when cx carries
// none (a bare future.NewContext, a nil cx), the process-wide fallback
// reactor. The fallback opens its OS queue and starts a driver goroutine on
// its first registration and closes both when its last registration is
// closed, so a program (or test) that closes its sockets leaves no
// goroutine behind. Never panics.
func From(cx *future.Context) *Reactor {
	if cx != nil {
		if r, ok := serviceKey.From(cx); ok && r != nil {
			return r
		}
	}
	return fallback()
}
