package reactor

// WakeWrites returns how many times the wake-up fd was written.
func (r *Reactor) WakeWrites() uint64 { return r.wakeWrites.Load() }

// FallbackLive returns the number of live registrations of the fallback
// reactor and whether its driver is running.
func FallbackLive() (int, bool) {
	l := fallback().lazy
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.live, fallback().poller.Load() != nil
}
