package future

// DefaultBudget is the number of budget units an executor grants each task
// poll (tokio grants 128 too).
const DefaultBudget = 128

// SetBudget sets the cooperative budget for the poll about to run: n units,
// or unlimited if n < 0. Executors call it before each task poll.
func (cx *Context) SetBudget(n int) {
	if n < 0 {
		cx.budget = -1
		return
	}
	cx.budget = int32(n)
}

// Budget returns the units left in this poll's budget, or -1 if unlimited.
func (cx *Context) Budget() int { return int(cx.budget) }

// ConsumeBudget spends one unit of the task's cooperative budget. Leaf
// futures that can make progress (a channel with a value, an expired timer,
// a ready socket) call it first; when it returns false the budget is spent,
// cx.Waker() has already been woken, and the leaf returns Pending at once so
// that one busy task cannot starve the others. Doing so loses nothing: the
// leaf made no progress and will be polled again.
func (cx *Context) ConsumeBudget() bool {
	switch {
	case cx.budget < 0:
		return true
	case cx.budget == 0:
		cx.waker.Wake()
		return false
	default:
		cx.budget--
		return true
	}
}
