package svg_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/kettle-rt/kettle/internal/svg"
)

// A chart of two ratios: one bar right of 1× (green), one left (red).
func ExampleBarChart() {
	c := &svg.BarChart{
		Title: "goroutines / Kettle",
		Bars: []svg.Bar{
			{Label: "spawn_join", Value: 1.6},
			{Label: "parked_memory_async", Value: 0.5},
		},
	}
	var b strings.Builder
	if _, err := c.WriteTo(&b); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	doc := b.String()
	fmt.Println(strings.HasPrefix(doc, "<?xml"), strings.Contains(doc, "1.60×"), strings.Contains(doc, "0.50×"))
	// Output: true true true
}
