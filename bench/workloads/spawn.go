package workloads

import (
	"fmt"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

var spawnJoin = Workload{
	Name:       "spawn_join",
	Doc:        "spawn n trivial tasks from a task, then join every handle in order",
	Unit:       "ms",
	SizeDoc:    "tasks",
	Sizes:      Sizes{Full: 100_000, Quick: 20_000, Tiny: 200},
	Kettle:     SpawnJoinKettle,
	Goroutines: SpawnJoinGoroutines,
}

// trivial is ready at its first poll: the smallest task there is.
type trivial struct{ v int }

func (t *trivial) Poll(*future.Context) future.Poll[int] { return future.Ready(t.v) }

// spawnJoinMain spawns n trivial tasks at its first poll, then awaits each
// handle in order and sums the results.
type spawnJoinMain struct {
	ex      executor.Executor
	n       int
	hs      []*executor.JoinHandle[int]
	j, sum  int
	spawned bool
}

func (m *spawnJoinMain) Poll(cx *future.Context) future.Poll[int] {
	if !m.spawned {
		m.spawned = true
		m.hs = make([]*executor.JoinHandle[int], m.n)
		for i := range m.hs {
			m.hs[i] = executor.Spawn(m.ex, future.Future[int](&trivial{v: 1}))
		}
	}
	for ; m.j < len(m.hs); m.j++ {
		r, ok := m.hs[m.j].Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		m.sum += r.Value
		m.hs[m.j] = nil
	}
	return future.Ready(m.sum)
}

// SpawnJoinKettle spawns n trivial tasks from inside a task on ex and joins
// them all; it returns the wall time in ms.
func SpawnJoinKettle(ex executor.Executor, n int) (float64, error) {
	start := time.Now()
	sum, err := executor.Run(ex, future.Future[int](&spawnJoinMain{ex: ex, n: n}))
	d := ms(start)
	if err == nil && sum != n {
		err = fmt.Errorf("%w: spawn_join: sum %d, want %d", ErrWrongResult, sum, n)
	}
	return d, err
}

// SpawnJoinGoroutines starts n goroutines that each store a result and
// joins them with a sync.WaitGroup; it returns the wall time in ms.
func SpawnJoinGoroutines(n int) (float64, error) {
	start := time.Now()
	results := make([]int, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := range n {
		go func() {
			results[i] = 1
			wg.Done()
		}()
	}
	wg.Wait()
	sum := 0
	for _, v := range results {
		sum += v
	}
	d := ms(start)
	if sum != n {
		return d, fmt.Errorf("%w: spawn_join: sum %d, want %d", ErrWrongResult, sum, n)
	}
	return d, nil
}

var chainedSpawn = Workload{
	Name:       "chained_spawn",
	Doc:        "each task spawns the next, 1000 deep; n chains one after another",
	Unit:       "ms",
	SizeDoc:    "chains of depth 1000",
	Sizes:      Sizes{Full: 100, Quick: 50, Tiny: 2},
	Kettle:     ChainedSpawnKettle,
	Goroutines: ChainedSpawnGoroutines,
}

// chainDepth is the length of one chain of chained_spawn.
const chainDepth = 1000

// chainLink spawns the next link and finishes; the last link counts the
// latch down.
type chainLink struct {
	ex    executor.Executor
	depth int
	done  *latch
}

func (c *chainLink) Poll(*future.Context) future.Poll[int] {
	if c.depth == 0 {
		c.done.done()
		return future.Ready(0)
	}
	spawnDetached(c.ex, future.Future[int](&chainLink{ex: c.ex, depth: c.depth - 1, done: c.done}))
	return future.Ready(0)
}

// chainsMain runs n chains one after another.
type chainsMain struct {
	ex   executor.Executor
	left int
	cur  *latch
}

func (m *chainsMain) Poll(cx *future.Context) future.Poll[int] {
	for {
		if m.cur != nil {
			if !m.cur.Poll(cx).IsReady() {
				return future.Pending[int]()
			}
			m.cur = nil
		}
		if m.left == 0 {
			return future.Ready(0)
		}
		m.left--
		m.cur = newLatch(1)
		spawnDetached(m.ex, future.Future[int](&chainLink{ex: m.ex, depth: chainDepth, done: m.cur}))
	}
}

// ChainedSpawnKettle runs n chains of 1000 tasks, each spawning the next;
// it returns the wall time in ms.
func ChainedSpawnKettle(ex executor.Executor, n int) (float64, error) {
	start := time.Now()
	_, err := executor.Run(ex, future.Future[int](&chainsMain{ex: ex, left: n}))
	return ms(start), err
}

// ChainedSpawnGoroutines runs n chains of 1000 goroutines, each starting
// the next; it returns the wall time in ms.
func ChainedSpawnGoroutines(n int) (float64, error) {
	start := time.Now()
	var link func(depth int, done chan<- struct{})
	link = func(depth int, done chan<- struct{}) {
		if depth == 0 {
			done <- struct{}{}
			return
		}
		go link(depth-1, done)
	}
	done := make(chan struct{})
	for range n {
		go link(chainDepth, done)
		<-done
	}
	return ms(start), nil
}

var skynet = Workload{
	Name:       "skynet",
	Doc:        "a 10-ary tree of tasks with n leaves, each node sums its children",
	Unit:       "ms",
	SizeDoc:    "leaf tasks (a power of 10)",
	Sizes:      Sizes{Full: 1_000_000, Quick: 100_000, Tiny: 1000},
	Kettle:     SkynetKettle,
	Goroutines: SkynetGoroutines,
}

// skynetNode is one node of the tree: a leaf returns its number, an inner
// node spawns 10 children and awaits their handles in order.
type skynetNode struct {
	ex        executor.Executor
	num, size int
	hs        []*executor.JoinHandle[int]
	j, sum    int
}

func (s *skynetNode) Poll(cx *future.Context) future.Poll[int] {
	if s.size == 1 {
		return future.Ready(s.num)
	}
	if s.hs == nil {
		s.hs = make([]*executor.JoinHandle[int], 10)
		sub := s.size / 10
		for i := range s.hs {
			s.hs[i] = executor.Spawn(s.ex, future.Future[int](&skynetNode{ex: s.ex, num: s.num + i*sub, size: sub}))
		}
	}
	for ; s.j < len(s.hs); s.j++ {
		r, ok := s.hs[s.j].Poll(cx).Get()
		if !ok {
			return future.Pending[int]()
		}
		s.sum += r.Value
	}
	return future.Ready(s.sum)
}

// skynetWant is the sum of 0..n-1.
func skynetWant(n int) int { return n * (n - 1) / 2 }

// checkPow10 reports whether n is a power of 10.
func checkPow10(n int) error {
	for m := n; m > 1; m /= 10 {
		if m%10 != 0 {
			return fmt.Errorf("%w: skynet: n = %d is not a power of 10", ErrBadSize, n)
		}
	}
	if n < 1 {
		return fmt.Errorf("%w: skynet: n = %d < 1", ErrBadSize, n)
	}
	return nil
}

// SkynetKettle runs the skynet tree with n leaves as Kettle tasks; it
// returns the wall time in ms.
func SkynetKettle(ex executor.Executor, n int) (float64, error) {
	if err := checkPow10(n); err != nil {
		return 0, err
	}
	start := time.Now()
	v, err := executor.Run(ex, future.Future[int](&skynetNode{ex: ex, size: n}))
	d := ms(start)
	if err == nil && v != skynetWant(n) {
		err = fmt.Errorf("%w: skynet: sum %d, want %d", ErrWrongResult, v, skynetWant(n))
	}
	return d, err
}

// SkynetGoroutines runs the skynet tree with goroutines and channels; it
// returns the wall time in ms.
func SkynetGoroutines(n int) (float64, error) {
	if err := checkPow10(n); err != nil {
		return 0, err
	}
	var node func(num, size int, out chan<- int)
	node = func(num, size int, out chan<- int) {
		if size == 1 {
			out <- num
			return
		}
		c := make(chan int, 10)
		sub := size / 10
		for i := range 10 {
			go node(num+i*sub, sub, c)
		}
		sum := 0
		for range 10 {
			sum += <-c
		}
		out <- sum
	}
	start := time.Now()
	c := make(chan int, 1)
	node(0, n, c)
	v := <-c
	d := ms(start)
	if v != skynetWant(n) {
		return d, fmt.Errorf("%w: skynet: sum %d, want %d", ErrWrongResult, v, skynetWant(n))
	}
	return d, nil
}
