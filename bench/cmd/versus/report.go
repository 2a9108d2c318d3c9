package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kettle-rt/kettle/bench/workloads"
	"github.com/kettle-rt/kettle/internal/svg"
)

// label returns a contender's column title.
func label(who string, procs int) string {
	switch who {
	case workloads.KettleLocal.String():
		return "Kettle Local"
	case workloads.KettleMulti.String():
		return fmt.Sprintf("Kettle Multi(%d)", procs)
	case workloads.GoroutinesOne.String():
		return "goroutines P=1"
	case workloads.GoroutinesAll.String():
		return fmt.Sprintf("goroutines P=%d", procs)
	}
	return who
}

// short returns a contender's name inside a ratio note.
func short(who string) string {
	switch who {
	case workloads.KettleLocal.String():
		return "Local"
	case workloads.KettleMulti.String():
		return "Multi"
	case workloads.GoroutinesOne.String():
		return "P=1"
	case workloads.GoroutinesAll.String():
		return "P=all"
	}
	return who
}

// num formats a measured value with about three significant digits.
func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// ratioText is "1.84× (Local vs P=1)", or "n/a".
func ratioText(row *Row) string {
	if row.Ratio <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f× (%s vs %s)", row.Ratio, short(row.BestKettle), short(row.BestGoroutines))
}

// writeTable writes the report as a markdown table with a header.
func writeTable(w io.Writer, rep *Report) error {
	var b strings.Builder
	mode := "full"
	if rep.Quick {
		mode = "quick"
	}
	fmt.Fprintf(&b, "Kettle versus goroutines, %s run, %s\n\n", mode, rep.Date)
	fmt.Fprintf(&b, "%s %s/%s, %d CPUs (GOMAXPROCS=%d)", rep.GoVersion, rep.OS, rep.Arch, rep.CPUs, rep.GOMAXPROCS)
	if rep.CPUModel != "" {
		fmt.Fprintf(&b, ", %s", rep.CPUModel)
	}
	fmt.Fprintf(&b, "; median of %d runs per cell (min–max), %.0f s in all.\n", rep.Runs, rep.Seconds)
	b.WriteString("Lower is better in every cell; ratio = best goroutines / best Kettle (above 1× Kettle wins).\n\n")
	cs := workloads.Contenders()
	b.WriteString("| workload | n | unit |")
	for _, who := range cs {
		fmt.Fprintf(&b, " %s |", label(who.String(), rep.GOMAXPROCS))
	}
	b.WriteString(" goroutines/Kettle |\n|---|--:|---|")
	for range cs {
		b.WriteString("--:|")
	}
	b.WriteString("---|\n")
	for _, row := range rep.Rows {
		fmt.Fprintf(&b, "| %s | %d | %s |", row.Workload, row.N, row.Unit)
		for _, who := range cs {
			cell := row.Cells[who.String()]
			if cell.Err != "" {
				fmt.Fprintf(&b, " error: %s |", strings.ReplaceAll(cell.Err, "|", "/"))
				continue
			}
			fmt.Fprintf(&b, " %s (%s–%s) |", num(cell.Median), num(cell.Min), num(cell.Max))
		}
		fmt.Fprintf(&b, " %s |\n", ratioText(row))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeJSON writes the report as indented JSON.
func writeJSON(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// chartOf builds the bar chart of the report's ratios.
func chartOf(rep *Report) *svg.BarChart {
	mode := "full run"
	if rep.Quick {
		mode = "quick run"
	}
	c := &svg.BarChart{
		Title: "Kettle versus goroutines: goroutines / Kettle (log scale)",
		Subtitle: fmt.Sprintf("%s, %s, %s, %d CPUs; median of %d runs; best Kettle executor vs best GOMAXPROCS",
			rep.Date, mode, rep.GoVersion, rep.CPUs, rep.Runs),
		Legend: []string{
			"green, right of 1×: Kettle is faster (or smaller, or later timers are less late) than goroutines",
			"red, left of 1×: goroutines win. Each value is a median; the bar label names the best contender of each side.",
		},
	}
	for _, row := range rep.Rows {
		c.Bars = append(c.Bars, svg.Bar{Label: row.Workload, Value: row.Ratio, Text: ratioText(row)})
	}
	return c
}

// writeChart writes the SVG chart to path.
func writeChart(path string, rep *Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := chartOf(rep).WriteTo(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("chart: %w", err)
	}
	return f.Close()
}
