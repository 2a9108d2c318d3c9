package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// parseXML reads doc to the end with encoding/xml, failing on any error.
func parseXML(t *testing.T, doc []byte) int {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	rects := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return rects
		}
		require.NoError(t, err)
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "rect" {
			rects++
		}
	}
}

// TestEndToEndJSON runs one tiny workload end to end: JSON on stdout, the
// progress on stderr, and a chart that parses as XML.
func TestEndToEndJSON(t *testing.T) {
	chart := filepath.Join(t.TempDir(), "v.svg")
	var out, errOut bytes.Buffer
	err := run([]string{"-only", "spawn_join", "-n", "50", "-runs", "3", "-json", "-chart", chart}, &out, &errOut)
	require.NoError(t, err, errOut.String())

	var rep Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep), out.String())
	require.Len(t, rep.Rows, 1)
	row := rep.Rows[0]
	require.Equal(t, "spawn_join", row.Workload)
	require.Equal(t, 50, row.N)
	require.Len(t, row.Cells, 4)
	for who, c := range row.Cells {
		require.Empty(t, c.Err, who)
		require.Len(t, c.Samples, 3, who)
		require.LessOrEqual(t, c.Min, c.Median, who)
		require.LessOrEqual(t, c.Median, c.Max, who)
	}
	require.Greater(t, row.Ratio, 0.0)
	require.Contains(t, []string{"kettle-local", "kettle-multi"}, row.BestKettle)
	require.Contains(t, []string{"go-p1", "go-pall"}, row.BestGoroutines)
	require.Contains(t, errOut.String(), "[1/1] spawn_join")
	require.Contains(t, errOut.String(), "chart: ")

	doc, err := os.ReadFile(chart)
	require.NoError(t, err)
	require.GreaterOrEqual(t, parseXML(t, doc), 2, "background and one bar")
	require.Contains(t, string(doc), "spawn_join")
}

// TestEndToEndTable: the markdown table has a header, a separator and one
// row per workload, with a ratio naming both sides.
func TestEndToEndTable(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run([]string{"-only", "yield_many, contended_mutex", "-n", "2", "-runs", "1", "-warmup=false", "-chart", ""}, &out, &errOut)
	require.NoError(t, err, errOut.String())
	var rows []string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "| ") {
			rows = append(rows, l)
		}
	}
	require.Len(t, rows, 3, out.String())
	require.Contains(t, rows[0], "Kettle Local")
	require.Contains(t, rows[0], "goroutines P=1")
	require.True(t, strings.HasPrefix(rows[1], "| yield_many | 2 | ms |"), rows[1])
	require.True(t, strings.HasPrefix(rows[2], "| contended_mutex | 2 | ms |"), rows[2])
	require.Regexp(t, `\d+\.\d\d× \((Local|Multi) vs P=(1|all)\) \|$`, rows[1])
	require.NotContains(t, out.String(), "chart:")
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-only", "nope"}, `unknown workload "nope"`},
		{[]string{"-runs", "-1"}, "need at least 1"},
		{[]string{"-n", "-3"}, "positive size"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var out, errOut bytes.Buffer
		err := run(tc.args, &out, &errOut)
		require.ErrorContains(t, err, tc.want, tc.args)
	}
	c, err := parseFlags([]string{"-quick"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, 3, c.runs)
	c, err = parseFlags(nil, io.Discard)
	require.NoError(t, err)
	require.Equal(t, 5, c.runs)
	require.Equal(t, "versus.svg", c.chart)

	var out bytes.Buffer
	require.NoError(t, run([]string{"-list"}, &out, io.Discard))
	require.Contains(t, out.String(), "skynet")
	require.Contains(t, out.String(), "tcp_echo")
}

func TestStats(t *testing.T) {
	m, lo, hi := stats([]float64{5, 1, 3})
	require.Equal(t, [3]float64{3, 1, 5}, [3]float64{m, lo, hi})
	m, lo, hi = stats([]float64{4, 1, 3, 2})
	require.Equal(t, [3]float64{2.5, 1, 4}, [3]float64{m, lo, hi})
	cells := map[string]*Cell{
		"kettle-local": {Median: 4, Samples: []float64{4}},
		"kettle-multi": {Median: 2, Samples: []float64{2}},
		"go-p1":        {Median: 6, Samples: []float64{6}},
		"go-pall":      {Err: "boom"},
	}
	k, g, r := best(cells)
	require.Equal(t, "kettle-multi", k)
	require.Equal(t, "go-p1", g)
	require.Equal(t, 3.0, r)
}
