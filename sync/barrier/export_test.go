package barrier

// State returns b's arrivals in the current generation, its line length and
// its completed generations.
func State(b *Barrier) (arrived, waiting int, generation uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.arrived, b.waiters.Len(), b.generation
}
