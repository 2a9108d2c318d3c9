package future

// DefaultBudget is the number of budget units an executor grants each task
// poll (tokio grants 128 too).
const DefaultBudget = 128

// Budget returns the units left in this poll's cooperative budget, or -1
// if unlimited. A leaf that must not take a value it could not hand on
// checks for 0 before taking, then calls [Context.ConsumeBudget].
func (cx *Context) Budget() int { return int(cx.t.Budget) }

// ConsumeBudget spends one unit of the task's cooperative budget. Leaf
// futures that can make progress (a channel with a value, an expired timer,
// a ready socket) call it first; when it returns false the budget is spent,
// cx.Waker() has already been woken, and the leaf returns Pending at once so
// that one busy task cannot starve the others. Doing so loses nothing: the
// leaf made no progress and will be polled again.
func (cx *Context) ConsumeBudget() bool {
	switch {
	case cx.t.Budget < 0:
		return true
	case cx.t.Budget == 0:
		cx.waker.Wake()
		return false
	default:
		cx.t.Budget--
		return true
	}
}
