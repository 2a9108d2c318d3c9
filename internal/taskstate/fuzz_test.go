package taskstate

import (
	"testing"
)

// taskModel is what an executor knows of one task, kept beside the word
// by FuzzState: how many queue entries it has, whether a poller or a
// claimer owns its future, and what the word's guarantees imply.
type taskModel struct {
	queued    int  // queue entries (the rule: at most one)
	owned     bool // a poller or a claimer owns the future
	claimed   bool // the owner is a claimer: it will Complete, never EndPoll
	fresh     bool // spawned Fresh and not yet started: its queue entry owns it
	complete  bool
	cancelled bool // an abort was requested
	woken     bool // a wake or an abort arrived while owned
	joinWaker bool // the awaiter handed the slot to the finisher
}

// FuzzState drives one task's word through a sequence of transitions,
// made in the roles an executor gives them (a wake from anywhere, a pop
// by the queue's one consumer, the end of a poll by its owner, an abort,
// a claim between polls, the awaiter's slot), and checks each outcome
// against a model: a task is queued at most once and owned by at most
// one goroutine; a wake or an abort that arrives while it is owned
// queues it again when the owner gives it up; nothing changes once it is
// complete; Complete returns the bits the model expects.
func FuzzState(f *testing.F) {
	f.Add(true, []byte{1, 0, 2, 3, 1, 2, 4})
	f.Add(false, []byte{0, 1, 2, 0, 3, 5, 1, 2, 6, 7, 1, 4})
	f.Add(true, []byte{5, 6, 1, 2, 3, 0, 1, 2, 4})
	f.Add(true, []byte{7, 1, 2, 4})
	f.Add(false, []byte{0, 6, 1, 7, 4, 0, 5})
	f.Add(true, []byte{0, 1, 19, 1, 3})
	f.Fuzz(func(t *testing.T, fresh bool, ops []byte) {
		var s State
		var m taskModel
		if fresh {
			s.InitFresh()
			m = taskModel{queued: 1, fresh: true}
		} else {
			s.Init(true)
			m = taskModel{queued: 1}
		}
		for i, op := range ops {
			at := func(what string, args ...any) {
				t.Helper()
				t.Fatalf("op %d (%d), state %s: "+what, append([]any{i, op % 8, s.String()}, args...)...)
			}
			switch op % 8 {
			case 0: // Wake, from anywhere
				out := s.Wake()
				want := WakeDone
				if !m.complete && m.wake() {
					want = WakeEnqueue
				}
				if out != want {
					at("Wake = %d, want %d", out, want)
				}
			case 1, 2: // the consumer pops the entry and starts a poll
				if m.queued == 0 {
					continue
				}
				m.queued--
				out, ok := s.TryStartPoll()
				if m.complete || (m.owned && !m.fresh) {
					if ok {
						at("TryStartPoll started a task that is complete or owned")
					}
					continue
				}
				if !ok {
					at("TryStartPoll refused a queued task")
				}
				if (out == StartCancelled) != m.cancelled {
					at("TryStartPoll = %d, cancelled %v", out, m.cancelled)
				}
				if m.owned {
					at("two owners")
				}
				m.owned = true
				if !m.fresh {
					m.woken = false // a wake from now on is a new one
				}
			case 3: // the owner's poll returns Pending (or it drops an aborted task)
				if !m.owned || m.claimed {
					continue
				}
				if m.cancelled && op%16 < 8 {
					m.finish(t, &s, at) // an aborted task is dropped, not polled
					continue
				}
				if m.fresh && op%32 >= 16 {
					// A Multi lists the task before EndPoll, where Close
					// may find it: from then on nobody else may claim it.
					s.ClearFresh()
					m.fresh = false
					if s.Claim() {
						at("Claim took a task in its first poll after ClearFresh")
					}
				}
				out := s.EndPoll()
				requeue := m.woken || m.cancelled
				if (out == EndRequeue) != requeue {
					at("EndPoll = %d, want requeue %v", out, requeue)
				}
				m.owned, m.fresh, m.woken = false, false, false
				if requeue {
					m.queued++
				}
			case 4: // the owner's poll returns Ready, or a claimer drops the task
				if !m.owned {
					continue
				}
				m.finish(t, &s, at)
			case 5: // Abort, from anywhere
				out := s.Cancel()
				want := CancelDone
				if !m.complete && !m.cancelled {
					m.cancelled = true
					if m.wake() {
						want = CancelEnqueue
					}
				}
				if out != want {
					at("Cancel = %d, want %d", out, want)
				}
			case 6: // the awaiter hands over or takes back the slot
				var complete bool
				if m.joinWaker {
					complete = s.UnsetJoinWaker()
				} else {
					complete = s.SetJoinWaker()
				}
				if complete != m.complete {
					at("join-waker slot: complete %v, want %v", complete, m.complete)
				}
				if !complete {
					m.joinWaker = !m.joinWaker
				}
			case 7: // a claim, between polls (by the queue's owner if Fresh)
				if m.fresh && m.owned {
					continue // mid-poll: only the poller could claim a Fresh task
				}
				ok := s.Claim()
				want := !m.complete && !m.owned
				if ok != want {
					at("Claim = %v, want %v", ok, want)
				}
				if ok {
					m.owned, m.claimed, m.fresh = true, true, false
				}
			}
			if m.queued > 1 {
				at("queued %d times", m.queued)
			}
		}
	})
}

// wake is what a wake or a first abort does to a task that is not
// complete: one that is owned, or Fresh in its queue, is marked to run
// again after its poll; an idle one is queued, and wake reports true (the
// caller must push it).
func (m *taskModel) wake() (enqueue bool) {
	switch {
	case m.owned || m.fresh:
		m.woken = true
	case m.queued == 0:
		m.queued++
		return true
	}
	return false
}

// finish completes the owned task and checks what Complete returns.
func (m *taskModel) finish(t *testing.T, s *State, at func(string, ...any)) {
	t.Helper()
	prev := s.Complete()
	if (prev&JoinWaker != 0) != m.joinWaker {
		at("Complete returned %s, join waker %v", bits(prev), m.joinWaker)
	}
	if (prev&Cancelled != 0) != m.cancelled {
		at("Complete returned %s, cancelled %v", bits(prev), m.cancelled)
	}
	m.owned, m.claimed, m.fresh, m.complete = false, false, false, true
	if !s.IsComplete() {
		at("not complete after Complete")
	}
}
