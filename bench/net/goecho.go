package netbench

import (
	"errors"
	"net"
	"sync"
)

// GoBufSize is the read buffer of each [GoEcho] connection goroutine, the
// same size as the buffer a Kettle echo connection borrows while bytes are
// in flight (echoserver.BufSize).
const GoBufSize = 4 << 10

// GoEcho is the baseline: the idiomatic goroutine-per-connection echo
// server over Go's net package. Each connection's goroutine owns a
// [GoBufSize] buffer for its whole life, since it blocks in Read with it.
type GoEcho struct {
	ln    net.Listener
	mu    sync.Mutex
	conns map[net.Conn]struct{} // open connections, closed by Close; under mu
	wg    sync.WaitGroup        // the accept loop and connection goroutines
}

// NewGoEcho starts serving ln on a goroutine of its own.
func NewGoEcho(ln net.Listener) *GoEcho {
	s := &GoEcho{ln: ln, conns: make(map[net.Conn]struct{})}
	s.wg.Add(1)
	go s.accept()
	return s
}

// Addr is the listener's address.
func (s *GoEcho) Addr() net.Addr { return s.ln.Addr() }

func (s *GoEcho) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		s.mu.Lock()
		if s.conns == nil { // closed meanwhile
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.handle(c)
	}
}

// handle is the connection goroutine: read, write back, until EOF or error.
func (s *GoEcho) handle(c net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	buf := make([]byte, GoBufSize)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if _, werr := c.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Close stops accepting, closes every open connection and waits for all
// the server's goroutines to return.
func (s *GoEcho) Close() error {
	err := s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.conns = nil
	s.mu.Unlock()
	s.wg.Wait()
	return err
}
