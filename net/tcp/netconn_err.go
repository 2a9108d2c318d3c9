package tcp

import (
	"net"
	"time"
)

// errConn is the view of a stream whose view could not be made: every
// method fails with err.
type errConn struct {
	s   *Stream
	err error
}

func (c errConn) Read([]byte) (int, error)         { return 0, c.err }
func (c errConn) Write([]byte) (int, error)        { return 0, c.err }
func (c errConn) Close() error                     { return c.s.Close() }
func (c errConn) LocalAddr() net.Addr              { return c.s.LocalAddr() }
func (c errConn) RemoteAddr() net.Addr             { return c.s.RemoteAddr() }
func (c errConn) SetDeadline(time.Time) error      { return c.err }
func (c errConn) SetReadDeadline(time.Time) error  { return c.err }
func (c errConn) SetWriteDeadline(time.Time) error { return c.err }

// errListener is the view of a listener whose view could not be made.
type errListener struct {
	l   *Listener
	err error
}

func (v errListener) Accept() (net.Conn, error) { return nil, v.err }
func (v errListener) Close() error              { return v.l.Close() }
func (v errListener) Addr() net.Addr            { return v.l.Addr() }
