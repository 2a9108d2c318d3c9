package mutex

// Waiters returns how many Lock futures wait in m's line.
func Waiters[T any](m *Mutex[T]) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.waiters.Len()
}

// RWState returns rw's read holds, writer flag and line length.
func RWState[T any](rw *RWMutex[T]) (readers int, writer bool, waiting int) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.readers, rw.writer, rw.waiters.Len()
}
