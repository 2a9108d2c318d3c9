package notify

// Waiters returns the number of Notified futures in n's line.
func Waiters(n *Notify) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.waiters.Len()
}

// HasPermit reports whether a NotifyOne permit is stored.
func HasPermit(n *Notify) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.permit
}
