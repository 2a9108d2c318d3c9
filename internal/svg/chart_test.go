package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wellFormed parses doc with encoding/xml to the end and returns the
// elements seen, by name.
func wellFormed(t *testing.T, doc []byte) map[string]int {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	seen := map[string]int{}
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "SVG not well-formed:\n%s", doc)
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				require.Equal(t, "svg", e.Name.Local)
				require.Equal(t, "http://www.w3.org/2000/svg", e.Name.Space)
			}
			depth++
			seen[e.Name.Local]++
		case xml.EndElement:
			depth--
		}
	}
	require.Equal(t, 0, depth)
	return seen
}

func write(t *testing.T, c *BarChart) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := c.WriteTo(&b)
	require.NoError(t, err)
	require.Equal(t, int64(b.Len()), n)
	return b.Bytes()
}

func TestChartWellFormed(t *testing.T) {
	c := &BarChart{
		Title:    `Kettle <vs> goroutines & "friends"`,
		Subtitle: "ratio goroutines/Kettle",
		Legend:   []string{"green: Kettle wins", "red: Kettle loses"},
		Bars: []Bar{
			{Label: "spawn_join", Value: 1.8, Text: "1.80× (Local vs P=1)"},
			{Label: "parked_memory_async", Value: 0.4},
			{Label: "huge", Value: 1e6},
			{Label: "tiny", Value: 1e-6},
			{Label: "missing", Value: math.NaN()},
			{Label: "zero", Value: 0},
			{Label: "<odd & label>", Value: 1},
		},
	}
	doc := write(t, c)
	seen := wellFormed(t, doc)
	// 5 drawable bars (one per valid value) plus background and stripes.
	assert.Equal(t, 2, seen["polygon"], "two clipped bars get arrow heads")
	assert.GreaterOrEqual(t, seen["rect"], 6)
	s := string(doc)
	assert.Contains(t, s, "&lt;odd &amp; label&gt;")
	assert.Contains(t, s, "1.80× (Local vs P=1)")
	assert.Contains(t, s, "0.40×")
	assert.Contains(t, s, "n/a")
	assert.Contains(t, s, `fill="#2e7d32"`)
	assert.Contains(t, s, `fill="#c62828"`)
	assert.Equal(t, doc, write(t, c), "deterministic")
}

func TestBarDirection(t *testing.T) {
	doc := string(write(t, &BarChart{Bars: []Bar{{Label: "a", Value: 2}}, Above: "#00ff00", Below: "#ff0000"}))
	assert.Contains(t, doc, `fill="#00ff00"`)
	assert.NotContains(t, doc, `fill="#ff0000"`)
	doc = string(write(t, &BarChart{Bars: []Bar{{Label: "a", Value: 0.5}}, Above: "#00ff00", Below: "#ff0000"}))
	assert.Contains(t, doc, `fill="#ff0000"`)
	assert.NotContains(t, doc, `fill="#00ff00"`)
}

func TestAutoRange(t *testing.T) {
	for _, tc := range []struct {
		vals   []float64
		lo, hi float64
	}{
		{[]float64{1.5}, 0.5, 2},
		{[]float64{0.3, 1.2}, 0.2, 5},
		{[]float64{9}, 0.1, 10},
		{[]float64{1e9}, 0.01, 100},
		{nil, 0.5, 2},
		{[]float64{math.Inf(1), -1}, 0.5, 2},
	} {
		var bars []Bar
		for _, v := range tc.vals {
			bars = append(bars, Bar{Value: v})
		}
		lo, hi := autoRange(bars, 1)
		assert.InDelta(t, tc.lo, lo, 1e-12, "%v", tc.vals)
		assert.InDelta(t, tc.hi, hi, 1e-12, "%v", tc.vals)
	}
}

func TestTicks(t *testing.T) {
	assert.Equal(t, []float64{0.1, 0.2, 0.5, 1, 2, 5, 10}, ticks(0.1, 10))
	assert.Equal(t, []float64{0.5, 1, 2}, ticks(0.5, 2))
}

func TestErrors(t *testing.T) {
	var b bytes.Buffer
	_, err := (&BarChart{}).WriteTo(&b)
	require.ErrorIs(t, err, ErrNoBars)
	for _, c := range []*BarChart{
		{Bars: []Bar{{Value: 1}}, Min: 2, Max: 1},
		{Bars: []Bar{{Value: 1}}, Min: -1, Max: 1},
		{Bars: []Bar{{Value: 1}}, Min: 2, Max: 4},
		{Bars: []Bar{{Value: 1}}, Min: 0.5, Max: math.Inf(1)},
	} {
		_, err := c.WriteTo(&b)
		require.ErrorIs(t, err, ErrRange)
		require.True(t, strings.HasPrefix(err.Error(), "svg: bad axis range"))
	}
	require.Zero(t, b.Len(), "nothing written on error")
}

// FuzzChart: any labels and values give a well-formed document or a
// range error, never a panic.
func FuzzChart(f *testing.F) {
	f.Add("spawn_join", 1.5, "x<&>\"'", 0.001, 0.0, 0.0)
	f.Add("", math.Inf(1), "\x00\xff", math.NaN(), 0.1, 10.0)
	f.Add("a", 1.0, "b", 1.0, 1.0, 1.0)
	f.Fuzz(func(t *testing.T, l1 string, v1 float64, l2 string, v2, lo, hi float64) {
		c := &BarChart{Title: l1 + l2, Bars: []Bar{{Label: l1, Value: v1}, {Label: l2, Value: v2, Text: l1}}, Min: lo, Max: hi}
		var b bytes.Buffer
		if _, err := c.WriteTo(&b); err != nil {
			require.ErrorIs(t, err, ErrRange)
			return
		}
		wellFormedFuzz(t, b.Bytes())
	})
}

// wellFormedFuzz is wellFormed that tolerates invalid UTF-8 in labels
// (xml.EscapeText replaces it) but still requires a parse to the end.
func wellFormedFuzz(t *testing.T, doc []byte) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		require.NoError(t, err, "SVG not well-formed:\n%s", doc)
	}
}
