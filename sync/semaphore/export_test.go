package semaphore

// Waiters returns the number of Acquire futures in s's line.
func Waiters(s *Semaphore) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waiters.Len()
}

// Collected returns the permits assigned to f so far (its partial grant).
func Collected(f *AcquireFuture) int {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	return f.w.Value.got
}
