//go:build linux

package tcp_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/net/tcp"
)

// netPair returns the NetConn views of a connected pair dialed under
// BlockOn, closed at the end of the test.
func netPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	c, s := blockPair(t)
	return c.NetConn(), s.NetConn()
}

func TestNetConnBufio(t *testing.T) {
	client, server := netPair(t)
	go func() {
		w := bufio.NewWriter(client)
		for _, line := range []string{"one\n", "two\n", "three\n"} {
			_, _ = w.WriteString(line)
		}
		assert.NoError(t, w.Flush())
		assert.NoError(t, client.(interface{ CloseWrite() error }).CloseWrite())
	}()
	sc := bufio.NewScanner(server)
	var got []string
	for sc.Scan() {
		got = append(got, sc.Text())
	}
	require.NoError(t, sc.Err())
	require.Equal(t, []string{"one", "two", "three"}, got)
	n, err := server.Read(make([]byte, 4))
	require.Equal(t, 0, n)
	require.ErrorIs(t, err, io.EOF)
}

func TestNetConnDeadlines(t *testing.T) {
	client, server := netPair(t)
	buf := make([]byte, 4)

	// A deadline in the past fails at once.
	require.NoError(t, server.SetReadDeadline(time.Now().Add(-time.Second)))
	_, err := server.Read(buf)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
	var ne net.Error
	require.True(t, errors.As(err, &ne) && ne.Timeout())
	var oe *net.OpError
	require.ErrorAs(t, err, &oe)
	require.Equal(t, "read", oe.Op)

	// A deadline that passes while Read waits releases it.
	require.NoError(t, server.SetReadDeadline(time.Now().Add(20*time.Millisecond)))
	_, err = server.Read(buf)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)

	// Clearing it lets Read wait for data again; a deadline set from
	// another goroutine while Read waits takes effect.
	require.NoError(t, server.SetReadDeadline(time.Time{}))
	go func() {
		time.Sleep(10 * time.Millisecond)
		_ = server.SetReadDeadline(time.Now())
	}()
	_, err = server.Read(buf)
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)

	require.NoError(t, server.SetReadDeadline(time.Time{}))
	_, err = client.Write([]byte("ping"))
	require.NoError(t, err)
	n, err := io.ReadFull(server, buf)
	require.NoError(t, err)
	require.Equal(t, "ping", string(buf[:n]))

	// Write deadlines: fill the send buffer until the deadline stops it.
	require.NoError(t, client.SetWriteDeadline(time.Now().Add(30*time.Millisecond)))
	big := make([]byte, 1<<20)
	for {
		_, err = client.Write(big)
		if err != nil {
			break
		}
	}
	require.ErrorIs(t, err, os.ErrDeadlineExceeded)
}

func TestNetConnClosed(t *testing.T) {
	client, server := netPair(t)
	done := make(chan error, 1)
	go func() {
		_, err := server.Read(make([]byte, 1))
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	require.NoError(t, server.Close())
	require.ErrorIs(t, <-done, net.ErrClosed)
	_, err := server.Read(make([]byte, 1))
	require.ErrorIs(t, err, net.ErrClosed)
	_, err = server.Write([]byte("x"))
	require.ErrorIs(t, err, net.ErrClosed)
	require.ErrorIs(t, server.SetDeadline(time.Now()), net.ErrClosed)
	require.ErrorIs(t, server.Close(), net.ErrClosed)
	_ = client
}

// selfSigned makes a TLS certificate for 127.0.0.1.
func selfSigned(t testing.TB) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "kettle test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func tlsConfigs(t testing.TB) (server, client *tls.Config) {
	cert := selfSigned(t)
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Config{Certificates: []tls.Certificate{cert}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

func TestNetConnTLS(t *testing.T) {
	client, server := netPair(t)
	scfg, ccfg := tlsConfigs(t)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := tls.Server(server, scfg)
		buf := make([]byte, 5)
		if _, err := io.ReadFull(s, buf); assert.NoError(t, err) {
			_, err = s.Write(append([]byte("echo:"), buf...))
			assert.NoError(t, err)
		}
	}()
	c := tls.Client(client, ccfg)
	require.NoError(t, c.Handshake())
	_, err := c.Write([]byte("hello"))
	require.NoError(t, err)
	buf := make([]byte, 10)
	_, err = io.ReadFull(c, buf)
	require.NoError(t, err)
	require.Equal(t, "echo:hello", string(buf))
	wg.Wait()
}

func TestNetListenerHTTP(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "hello "+r.URL.Path)
		}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln.NetListener()) }()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	for _, path := range []string{"/a", "/b"} {
		resp, err := hc.Get("http://" + ln.Addr().String() + path)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, "hello "+path, string(body))
	}
	require.NoError(t, srv.Close())
	require.ErrorIs(t, <-served, http.ErrServerClosed)
	_, err = ln.NetListener().Accept()
	require.ErrorIs(t, err, net.ErrClosed)
}

// A TLS server over a Kettle listener's NetListener, dialed by Go's TLS
// client over Go's own sockets.
func TestNetListenerTLSHTTP(t *testing.T) {
	ln, err := tcp.Listen("127.0.0.1:0")
	require.NoError(t, err)
	scfg, ccfg := tlsConfigs(t)
	srv := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "secure") }),
		ReadHeaderTimeout: 5 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(tls.NewListener(ln.NetListener(), scfg)) }()
	tr := &http.Transport{TLSClientConfig: ccfg}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Get("https://" + ln.Addr().String() + "/")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, "secure", string(body))
	require.NoError(t, srv.Close())
	<-served
}
