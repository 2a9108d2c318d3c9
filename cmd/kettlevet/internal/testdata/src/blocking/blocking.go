package blocking

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/timer"
)

func bad(ex executor.Executor, ch chan int, wg *sync.WaitGroup, cond *sync.Cond, conn net.Conn, ln net.Listener, f *os.File) future.Future[int] {
	return future.Async(func(co *future.Co) int {
		time.Sleep(time.Second) // want `blocking: time.Sleep blocks the executor inside async code: use timer.Sleep`
		ch <- 1                 // want `blocking: a channel send blocks the executor inside async code`
		v := <-ch               // want `blocking: a channel receive blocks`
		for range ch {          // want `blocking: a range over a channel blocks`
		}
		select { // want `blocking: a select without default blocks`
		case ch <- 2:
		case <-ch:
		}
		wg.Wait()                   // want `blocking: sync.WaitGroup.Wait blocks the executor inside async code: use sync/barrier or sync/notify`
		cond.Wait()                 // want `blocking: sync.Cond.Wait blocks`
		c, _ := net.Dial("tcp", "") // want `blocking: net.Dial blocks the executor inside async code: use net/tcp or net/udp`
		_ = c
		conn.Read(nil)                   // want `blocking: net.Conn.Read blocks`
		conn.Write(nil)                  // want `blocking: net.Conn.Write blocks`
		ln.Accept()                      // want `blocking: net.Listener.Accept blocks`
		os.ReadFile("x")                 // want `blocking: os.ReadFile blocks the executor inside async code: use aio`
		g, _ := os.Open("x")             // want `blocking: os.Open blocks`
		g.Read(nil)                      // want `blocking: os.File.Read blocks`
		f.Write(nil)                     // want `blocking: os.File.Write blocks`
		http.Get("http://x")             // want `blocking: http.Get blocks the executor inside async code: run it with executor.SpawnBlocking`
		exec.Command("x").Run()          // want `blocking: exec.Cmd.Run blocks`
		executor.BlockOn(timer.Sleep(1)) // want `blocking: executor.BlockOn blocks the executor inside async code: Await the future instead`
		func() {
			time.Sleep(1) // want `blocking: time.Sleep blocks`
		}()
		defer func() {
			<-ch // want `blocking: a channel receive blocks`
		}()
		return v
	})
}

//kettle:async
func fetch(co *future.Co, url string) int {
	http.Get(url) // want `blocking: http.Get blocks the executor inside async code`
	return 0
}

type sleeper struct{ ch chan int }

func (s *sleeper) Poll(cx *future.Context) future.Poll[int] {
	time.Sleep(1) // want `blocking: time.Sleep blocks the executor inside a poll: use timer.Sleep`
	select {
	case v := <-s.ch: // a select with default never blocks
		return future.Ready(v)
	default:
	}
	select {
	case s.ch <- 1:
	default:
	}
	return future.Pending[int]()
}

func pollFn(ch chan int) future.Future[int] {
	return future.PollFn(func(cx *future.Context) future.Poll[int] {
		return future.Ready(<-ch) // want `blocking: a channel receive blocks the executor inside a poll`
	})
}

func good(ex executor.Executor, ch chan int, wg *sync.WaitGroup, mu *sync.Mutex) future.Future[int] {
	time.Sleep(1) // not async code
	<-ch
	return future.Async(func(co *future.Co) int {
		future.Await(co, timer.Sleep(time.Second))
		h := executor.SpawnBlocking(ex, func() []byte {
			time.Sleep(1) // on the blocking pool
			b, _ := os.ReadFile("x")
			wg.Wait()
			return b
		})
		b, _ := future.Await(co, h).Get()
		go func() {
			time.Sleep(1) // a goroutine of its own
			ch <- len(b)
		}()
		cb := func() { time.Sleep(1) } // not called here
		_ = cb
		mu.Lock() // a short critical section is not blocking
		mu.Unlock()
		select {
		case v := <-ch:
			return v
		default:
		}
		d := time.Now().Sub(time.Now()) // time, not sleeping
		_ = d
		os.Getenv("X")
		return 0
	})
}

func notAsync(co *future.Co) {} // async but empty

// helper is not async code: its first parameter is not a Co.
func helper(x int, co *future.Co) {
	time.Sleep(1)
}

//kettle:async
func localChannels(co *future.Co, out chan int) int {
	ch := make(chan int, 3) // only this function reaches ch
	ch <- 1
	ch <- future.Await(co, future.Value(2))
	close(ch)
	s := len(ch)
	for v := range ch {
		s += v
	}
	done := make(chan int)
	go func() { done <- 1 }()
	s += <-done // want `blocking: a channel receive blocks`
	unbuffered := make(chan int)
	unbuffered <- 1 // want `blocking: a channel send blocks`
	zero := make(chan int, 0)
	<-zero // want `blocking: a channel receive blocks`
	passed := make(chan int, 1)
	keep(passed)
	passed <- 1 // want `blocking: a channel send blocks`
	out <- s    // want `blocking: a channel send blocks`
	return s
}

func keep(chan int) {}
