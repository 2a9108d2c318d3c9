package echoserver_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzEcho sends arbitrary bytes in arbitrary write sizes and checks that
// exactly the same bytes come back.
func FuzzEcho(f *testing.F) {
	f.Add([]byte("hello"), uint16(1))
	f.Add(bytes.Repeat([]byte{0xff}, 10000), uint16(4096))
	f.Add([]byte{}, uint16(0))
	f.Add([]byte("\x00\r\n\x00"), uint16(3))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16) {
		r := start(t, "local")
		c := dial(t, r)
		step := int(chunk)%8192 + 1
		go func() {
			for i := 0; i < len(data); i += step {
				if _, err := c.Write(data[i:min(i+step, len(data))]); err != nil {
					return
				}
			}
		}()
		got := make([]byte, len(data))
		_, err := io.ReadFull(c, got)
		require.NoError(t, err)
		require.Equal(t, data, got)
	})
}
