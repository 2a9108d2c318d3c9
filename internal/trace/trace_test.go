package trace

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type event struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	PID  int            `json:"pid"`
	TID  int            `json:"tid"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur"`
	Args map[string]any `json:"args"`
}

func TestWriterRoundTrip(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, nil)
	var b []byte
	b = AppendProcessName(b, 1, `Local "x"`)
	b = AppendThreadName(b, 1, 0, "worker 0")
	require.NoError(t, w.Write(b))
	b = AppendSlice(b[:0], &Slice{Name: "fry\tbacon\x01", PID: 1, TID: 0, TsNs: 1500, DurNs: 2_000_123, Task: 3, Poll: 2, WaitsOn: "mutex.Lock of \"pan\""})
	b = AppendSlice(b, &Slice{Name: "eggs", PID: 1, TID: 1, TsNs: 7000, DurNs: 1000, Task: 4, Poll: 1, Ready: true})
	require.NoError(t, w.Write(b))
	require.NoError(t, w.Close())
	require.NoError(t, w.Close(), "second Close is a no-op")
	require.ErrorIs(t, w.Write(b), ErrClosed)

	var evs []event
	require.NoError(t, json.Unmarshal(out.Bytes(), &evs), out.String())
	require.Len(t, evs, 4)
	require.Equal(t, "process_name", evs[0].Name)
	require.Equal(t, `Local "x"`, evs[0].Args["name"])
	require.Equal(t, "worker 0", evs[1].Args["name"])
	s := evs[2]
	require.Equal(t, "fry\tbacon\x01", s.Name)
	require.Equal(t, "X", s.Ph)
	require.InDelta(t, 1.5, s.Ts, 1e-9)
	require.InDelta(t, 2000.123, s.Dur, 1e-9)
	require.EqualValues(t, 3, s.Args["task"])
	require.EqualValues(t, 2, s.Args["poll"])
	require.Equal(t, "pending", s.Args["result"])
	require.Equal(t, `mutex.Lock of "pan"`, s.Args["waits_on"])
	require.Equal(t, "ready", evs[3].Args["result"])
	require.NotContains(t, evs[3].Args, "waits_on")
}

func TestEmptyTraceIsEmptyArray(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, nil)
	require.NoError(t, w.Write(nil))
	require.NoError(t, w.Close())
	var evs []event
	require.NoError(t, json.Unmarshal(out.Bytes(), &evs))
	require.Empty(t, evs)
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

type countCloser struct{ n int }

func (c *countCloser) Close() error { c.n++; return nil }

func TestWriterErrorIsSticky(t *testing.T) {
	c := &countCloser{}
	w := NewWriter(failWriter{}, c)
	big := AppendSlice(nil, &Slice{Name: string(make([]byte, 70<<10))})
	require.Error(t, w.Write(big))
	require.EqualError(t, w.Flush(), "disk full")
	require.EqualError(t, w.Close(), "disk full")
	require.Equal(t, 1, c.n, "the closer is closed even after an error")
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uo\te`, "tab\tnl\n\x00\x1f\x7f", "héllo 世界", "\xff\xfe bad"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := AppendString(nil, s)
		var got string
		require.NoError(t, json.Unmarshal(b, &got), "%q", b)
		if utf8.ValidString(s) {
			require.Equal(t, s, got)
		}
	})
}

func TestAppendMicros(t *testing.T) {
	for _, c := range []struct {
		ns   int64
		want string
	}{{0, "0"}, {999, "0.999"}, {1000, "1"}, {1001, "1.001"}, {-1500, "-1.500"}, {123456789, "123456.789"}} {
		require.Equal(t, c.want, string(appendMicros(nil, c.ns)))
	}
}
