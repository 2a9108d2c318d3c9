package executor

import (
	"slices"
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/waker"
)

// orderScript is the program the tasks of FuzzLocalOrder share: each poll,
// whichever task it polls, reads its next steps from it, so the executor
// and the model (localOrderModel), polling in the same order, do the same
// things; the first poll in a different order makes them diverge.
//
// Each byte is a step:
//
//	b%8 == 0, 1  wake task b>>3 (modulo the tasks so far), if it is idle
//	b%8 == 2     wake the polled task itself (it is requeued after the poll)
//	b%8 == 3, 4  spawn a new task
//	b%8 == 5     end the poll Ready
//	b%8 == 6, 7  end the poll Pending
//
// A poll ends when the script runs out (Pending, so that tasks are left
// idle), and after at most maxSteps steps (Pending).
type orderScript struct {
	ops []byte
	i   int
}

const (
	orderMaxSteps = 4
	orderMaxTasks = 64
)

// step returns the next step, or false when the script is done.
func (s *orderScript) step() (byte, bool) {
	if s.i >= len(s.ops) {
		return 0, false
	}
	b := s.ops[s.i]
	s.i++
	return b, true
}

// localOrderModel is the order the Local's doc promises, written plainly:
// a ready ring; wakes and spawns wait in two lists until the loop looks at
// them, which it does when the ring is empty and right after it requeues
// a task that woke itself; then the woken go first, in wake order, and the
// spawned after them, in spawn order. A wake of a task that is queued
// (or finished) does nothing; a wake of the running task makes it run
// again after its poll.
type localOrderModel struct {
	ring, woken, spawned []int
	state                []byte // 'q' queued, 'i' idle, 'r' running, 'd' done
	log                  []int
}

func (m *localOrderModel) spawn() {
	if len(m.state) >= orderMaxTasks {
		return
	}
	m.state = append(m.state, 'q')
	m.spawned = append(m.spawned, len(m.state)-1)
}

func (m *localOrderModel) drain() {
	m.ring = append(m.ring, m.woken...)
	m.ring = append(m.ring, m.spawned...)
	m.woken, m.spawned = m.woken[:0], m.spawned[:0]
}

// run polls until nothing is ready, as RunUntilStalled does.
func (m *localOrderModel) run(s *orderScript) {
	for {
		if len(m.ring) == 0 {
			m.drain()
		}
		if len(m.ring) == 0 {
			return
		}
		t := m.ring[0]
		m.ring = m.ring[1:]
		m.log = append(m.log, t)
		m.state[t] = 'r'
		self, ready := false, false
	steps:
		for range orderMaxSteps {
			b, ok := s.step()
			if !ok {
				break
			}
			switch b % 8 {
			case 0, 1:
				x := int(b>>3) % len(m.state)
				switch m.state[x] {
				case 'i':
					m.state[x] = 'q'
					m.woken = append(m.woken, x)
				case 'r':
					self = true
				}
			case 2:
				self = true
			case 3, 4:
				m.spawn()
			case 5:
				ready = true
				break steps
			case 6, 7:
				break steps
			}
		}
		switch {
		case ready:
			m.state[t] = 'd'
		case self:
			m.ring = append(m.ring, t)
			m.state[t] = 'q'
			m.drain()
		default:
			m.state[t] = 'i'
		}
	}
}

// orderTask is one task of the real run: it logs its polls and follows
// the script, waking others through the wakers they left at their last
// poll.
type orderTask struct {
	id    int
	world *orderWorld
}

type orderWorld struct {
	e       *Local
	script  *orderScript
	wakers  []waker.Waker // by task; the zero Waker until its first poll
	handles []*JoinHandle[int]
	log     []int
}

func (w *orderWorld) spawn() {
	if len(w.wakers) >= orderMaxTasks {
		return
	}
	w.wakers = append(w.wakers, waker.Waker{})
	w.handles = append(w.handles, Spawn(w.e, future.Future[int](&orderTask{id: len(w.wakers) - 1, world: w})))
}

func (o *orderTask) Poll(cx *future.Context) future.Poll[int] {
	w := o.world
	w.log = append(w.log, o.id)
	w.wakers[o.id] = cx.Waker()
	for range orderMaxSteps {
		b, ok := w.script.step()
		if !ok {
			break
		}
		switch b % 8 {
		case 0, 1:
			// A task never polled yet is queued: its wake would do
			// nothing, and it has no waker to call.
			if x := w.wakers[int(b>>3)%len(w.wakers)]; x != (waker.Waker{}) {
				x.Wake()
			}
		case 2:
			cx.Waker().Wake()
		case 3, 4:
			w.spawn()
		case 5:
			return future.Ready(o.id)
		case 6, 7:
			return future.Pending[int]()
		}
	}
	return future.Pending[int]()
}

// FuzzLocalOrder runs scripted tasks on a Local (RunUntilStalled) and on
// the model of the order its doc promises, and requires the same polls in
// the same order: the inject queues (woken stack reversed, spawn batch
// swapped whole or moved through the spare ring), the lazy drain and the
// requeue must together give exactly the documented order, and lose or
// repeat no task.
func FuzzLocalOrder(f *testing.F) {
	f.Add(byte(1), []byte{3, 3, 6, 0, 6, 5, 5})
	f.Add(byte(2), []byte{6, 6, 8, 0, 6, 5, 5}) // two wakes in one drain, in wake order
	f.Add(byte(3), []byte{2, 6, 8, 2, 6, 3, 3, 3, 6, 16, 2, 6, 5, 5, 5, 5, 5})
	f.Add(byte(2), []byte{3, 1, 2, 4, 6, 9, 2, 7, 5, 0, 2, 5, 3, 3, 3, 3, 6, 5, 5, 5, 5, 5, 5})
	f.Add(byte(8), slices.Repeat([]byte{3, 0, 2, 6, 9, 17, 5}, 40))
	f.Fuzz(func(t *testing.T, initial byte, ops []byte) {
		n := int(initial)%8 + 1
		m := &localOrderModel{}
		for range n {
			m.spawn()
		}
		m.run(&orderScript{ops: ops})

		e := NewLocal()
		defer func() { _ = e.Close() }()
		w := &orderWorld{e: e, script: &orderScript{ops: ops}}
		for range n {
			w.spawn()
		}
		e.RunUntilStalled()

		if !slices.Equal(w.log, m.log) {
			t.Fatalf("polls %v, the model polls %v (first difference at poll %d)", w.log, m.log, firstDiff(w.log, m.log))
		}
		if got, want := len(w.wakers), len(m.state); got != want {
			t.Fatalf("%d tasks spawned, the model %d", got, want)
		}
		for i, h := range w.handles {
			if done := m.state[i] == 'd'; h.IsFinished() != done {
				t.Fatalf("task %d finished: %v, the model: %v", i, h.IsFinished(), done)
			}
		}
	})
}

// firstDiff is the index of the first element where a and b differ.
func firstDiff(a, b []int) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}
