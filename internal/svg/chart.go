package svg

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Bar is one row of a [BarChart].
type Bar struct {
	// Label names the row, left of the plot.
	Label string
	// Value is the ratio drawn; a value that is not positive and finite
	// (a missing measurement) is drawn as "n/a" without a bar.
	Value float64
	// Text is written beside the bar (on the other side of the baseline),
	// e.g. "2.4× (Multi vs P=1)". Empty means the value, formatted as "2.4×".
	Text string
}

// BarChart is a horizontal bar chart of ratios on a logarithmic axis. Bars
// start at Baseline and grow right (colour Above) for values above it, left
// (colour Below) for values below it. Values beyond the axis range are
// clipped to its edge and marked with an arrow head; their Text still says
// the true value.
//
// The zero value of every field but Bars has a default: Baseline 1, Width
// 900, Above green, Below red, and an automatic symmetric range: the
// smallest of 2×, 5×, 10×, 20×, 50× and 100× (and its inverse) that holds
// every bar, clipping beyond 100×.
type BarChart struct {
	Title    string
	Subtitle string
	// Legend lines, printed under the plot, e.g. "green: Kettle wins".
	Legend []string
	Bars   []Bar
	// Baseline is where bars start, with a vertical line (default 1).
	Baseline float64
	// Min and Max are the axis range; both 0 means automatic.
	Min, Max float64
	// Above and Below are the fill colours of bars above and below the
	// baseline (defaults "#2e7d32" and "#c62828").
	Above, Below string
	// Width is the width of the picture in pixels (default 900).
	Width int
}

// layout constants, in pixels.
const (
	rowHeight   = 30
	barHeight   = 18
	labelMargin = 190
	rightMargin = 30
	topMargin   = 64
	axisHeight  = 28
)

// settings returns the chart's effective baseline, range, colours and width.
func (c *BarChart) settings() (base, lo, hi float64, above, below string, width int, err error) {
	base, lo, hi, above, below, width = c.Baseline, c.Min, c.Max, c.Above, c.Below, c.Width
	if base == 0 {
		base = 1
	}
	if above == "" {
		above = "#2e7d32"
	}
	if below == "" {
		below = "#c62828"
	}
	if width <= labelMargin+rightMargin+100 {
		width = 900
	}
	if lo == 0 && hi == 0 {
		lo, hi = autoRange(c.Bars, base)
	}
	if !(lo > 0 && hi > lo && base >= lo && base <= hi) || math.IsInf(hi, 0) {
		return 0, 0, 0, "", "", 0, fmt.Errorf("%w: min %g, max %g, baseline %g", ErrRange, lo, hi, base)
	}
	return base, lo, hi, above, below, width, nil
}

// autoRange returns the smallest symmetric range around base, among fixed
// steps up to 100×, that holds every valid bar.
func autoRange(bars []Bar, base float64) (lo, hi float64) {
	need := 1.0
	for _, b := range bars {
		if !valid(b.Value) || base <= 0 {
			continue
		}
		r := b.Value / base
		if r < 1 {
			r = 1 / r
		}
		need = max(need, r)
	}
	m := 100.0
	for _, step := range []float64{2, 5, 10, 20, 50, 100} {
		if need <= step {
			m = step
			break
		}
	}
	return base / m, base * m
}

// valid reports whether v can be drawn on a log axis.
func valid(v float64) bool { return v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

// WriteTo writes the chart as a standalone SVG document to w. It returns
// ErrNoBars for an empty chart and ErrRange for an unusable range; either
// way nothing is written then.
func (c *BarChart) WriteTo(w io.Writer) (int64, error) {
	if len(c.Bars) == 0 {
		return 0, ErrNoBars
	}
	base, lo, hi, above, below, width, err := c.settings()
	if err != nil {
		return 0, err
	}
	plotW := float64(width - labelMargin - rightMargin)
	x := func(v float64) float64 {
		v = min(max(v, lo), hi)
		return labelMargin + (math.Log(v)-math.Log(lo))/(math.Log(hi)-math.Log(lo))*plotW
	}
	plotTop := topMargin
	plotBottom := plotTop + len(c.Bars)*rowHeight
	height := plotBottom + axisHeight + 16 + 18*len(c.Legend) + 8

	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="13">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	text(&b, 12, 24, "start", `font-size="17" font-weight="bold"`, c.Title)
	text(&b, 12, 44, "start", `fill="#555555"`, c.Subtitle)

	// Grid lines and tick labels.
	for _, t := range ticks(lo, hi) {
		tx := x(t)
		if t == base {
			continue
		}
		fmt.Fprintf(&b, `<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#dddddd"/>`+"\n", f(tx), plotTop-4, f(tx), plotBottom)
		text(&b, tx, float64(plotBottom+16), "middle", `fill="#555555" font-size="11"`, formatTick(t))
	}

	// Bars.
	bx := x(base)
	for i, bar := range c.Bars {
		y := float64(plotTop + i*rowHeight)
		mid := y + rowHeight/2 + 4
		if i%2 == 1 {
			fmt.Fprintf(&b, `<rect x="0" y="%s" width="%d" height="%d" fill="#f6f6f6"/>`+"\n", f(y), width, rowHeight)
		}
		text(&b, labelMargin-10, mid, "end", "", bar.Label)
		label := bar.Text
		if !valid(bar.Value) {
			if label == "" {
				label = "n/a"
			}
			text(&b, bx+6, mid, "start", `fill="#555555"`, label)
			continue
		}
		if label == "" {
			label = formatRatio(bar.Value)
		}
		ex := x(bar.Value)
		fill, x0, w := above, bx, ex-bx
		if bar.Value < base {
			fill, x0, w = below, ex, bx-ex
		}
		by := y + (rowHeight-barHeight)/2
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%d" fill="%s"><title>%s</title></rect>`+"\n", f(x0), f(by), f(max(w, 1)), barHeight, fill, esc(bar.Label+": "+label))
		if bar.Value > hi || bar.Value < lo { // clipped: an arrow head at the edge
			dir := 1.0
			if bar.Value < lo {
				dir = -1
			}
			tip := ex + dir*8
			fmt.Fprintf(&b, `<polygon points="%s,%s %s,%s %s,%s" fill="%s"/>`+"\n", f(ex), f(by), f(tip), f(by+barHeight/2), f(ex), f(by+barHeight), fill)
		}
		if bar.Value >= base {
			text(&b, bx-6, mid, "end", `fill="#333333"`, label)
		} else {
			text(&b, bx+6, mid, "start", `fill="#333333"`, label)
		}
	}

	// The baseline and the axis.
	fmt.Fprintf(&b, `<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#000000" stroke-width="1.5"/>`+"\n", f(bx), plotTop-6, f(bx), plotBottom+2)
	text(&b, bx, float64(plotBottom+16), "middle", `font-size="11" font-weight="bold"`, formatTick(base))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#888888"/>`+"\n", labelMargin, plotBottom, width-rightMargin, plotBottom)
	for i, l := range c.Legend {
		text(&b, 12, float64(plotBottom+axisHeight+16+18*i), "start", `fill="#444444" font-size="12"`, l)
	}
	b.WriteString("</svg>\n")
	return b.WriteTo(w)
}

// ticks returns the 1-2-5 ticks within [lo, hi].
func ticks(lo, hi float64) []float64 {
	var out []float64
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for _, m := range []float64{1, 2, 5} {
			t := m * math.Pow(10, e)
			if t >= lo*(1-1e-9) && t <= hi*(1+1e-9) {
				out = append(out, t)
			}
		}
	}
	return out
}

// formatRatio formats v as "0.50×", "1.37×", "12×", "1e+06×".
func formatRatio(v float64) string {
	switch {
	case v >= 10 && v < 1e6:
		return strconv.FormatFloat(v, 'f', 0, 64) + "×"
	case v >= 0.01 && v < 10:
		return strconv.FormatFloat(v, 'f', 2, 64) + "×"
	default:
		return strconv.FormatFloat(v, 'g', 3, 64) + "×"
	}
}

// formatTick formats an axis tick as "0.5×", "2×", "100×".
func formatTick(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) + "×" }

// text writes one escaped <text> element.
func text(b *bytes.Buffer, x, y float64, anchor, attrs, s string) {
	if s == "" {
		return
	}
	if attrs != "" {
		attrs = " " + attrs
	}
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="%s"%s>%s</text>`+"\n", f(x), f(y), anchor, attrs, esc(s))
}

// esc escapes s for XML character data and attribute values.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // never fails on a bytes.Buffer
	return b.String()
}

// f formats a coordinate with one decimal.
func f(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
