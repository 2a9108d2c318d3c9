package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/kettle-rt/kettle/bench/workloads"
)

// Cell is one contender's results on one workload.
type Cell struct {
	Median  float64   `json:"median"`
	Min     float64   `json:"min"`
	Max     float64   `json:"max"`
	Samples []float64 `json:"samples"`
	Err     string    `json:"error,omitempty"`
}

// Row is one workload's results.
type Row struct {
	Workload string           `json:"workload"`
	Doc      string           `json:"doc"`
	Unit     string           `json:"unit"`
	N        int              `json:"n"`
	SizeDoc  string           `json:"n_counts"`
	Cells    map[string]*Cell `json:"cells"`
	// Ratio is the best goroutine median over the best Kettle median: above
	// 1 Kettle did better. 0 when a side has no result.
	Ratio          float64 `json:"ratio"`
	BestKettle     string  `json:"best_kettle"`
	BestGoroutines string  `json:"best_goroutines"`
}

// Report is the whole run.
type Report struct {
	Date       string  `json:"date"`
	GoVersion  string  `json:"go_version"`
	OS         string  `json:"os"`
	Arch       string  `json:"arch"`
	CPUs       int     `json:"cpus"`
	GOMAXPROCS int     `json:"gomaxprocs"`
	CPUModel   string  `json:"cpu_model,omitempty"`
	Quick      bool    `json:"quick"`
	Runs       int     `json:"runs_per_cell"`
	Seconds    float64 `json:"seconds"`
	Rows       []*Row  `json:"rows"`
}

// failed counts the cells that ended in an error.
func (r *Report) failed() int {
	n := 0
	for _, row := range r.Rows {
		for _, c := range row.Cells {
			if c.Err != "" {
				n++
			}
		}
	}
	return n
}

// progress writes the progress line on stderr: redrawn in place on a
// terminal, one line per finished row otherwise.
type progress struct {
	w      io.Writer
	isatty bool
}

func (p progress) step(format string, args ...any) {
	if p.isatty {
		fmt.Fprintf(p.w, "\r\033[Kversus: "+format, args...)
	}
}

func (p progress) done(format string, args ...any) {
	if p.isatty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "versus: "+format+"\n", args...)
}

// measureAll runs every selected row.
func measureAll(c *config, stderr io.Writer) *Report {
	rep := &Report{
		Date:       c.started.Format("2006-01-02 15:04 MST"),
		GoVersion:  runtime.Version(),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		CPUs:       runtime.NumCPU(),
		GOMAXPROCS: c.procs,
		CPUModel:   cpuModel(),
		Quick:      c.quick,
		Runs:       c.runs,
	}
	p := progress{w: stderr, isatty: c.isatty}
	ws := c.selected()
	for i, w := range ws {
		row := measureRow(c, w, func(run int, who workloads.Contender) {
			p.step("[%d/%d] %s (n=%d): run %d/%d, %s", i+1, len(ws), w.Name, c.size(w), run, c.runs, who)
		})
		rep.Rows = append(rep.Rows, row)
		p.done("[%d/%d] %-20s %s", i+1, len(ws), w.Name, summary(row))
	}
	rep.Seconds = time.Since(c.started).Seconds()
	return rep
}

// measureRow runs one workload: an optional warm-up of each contender,
// then c.runs rounds, each round starting one contender later than the
// previous, so that the order rotates (A B C D, B C D A, …). A contender
// that fails is not run again.
func measureRow(c *config, w workloads.Workload, step func(run int, who workloads.Contender)) *Row {
	n := c.size(w)
	cs := workloads.Contenders()
	row := &Row{Workload: w.Name, Doc: w.Doc, Unit: w.Unit, N: n, SizeDoc: w.SizeDoc, Cells: map[string]*Cell{}}
	for _, who := range cs {
		row.Cells[who.String()] = &Cell{}
	}
	one := func(who workloads.Contender) (float64, error) {
		runtime.GC()
		return workloads.Measure(w, who, n, c.procs)
	}
	if c.warmup {
		for _, who := range cs {
			step(0, who)
			if _, err := one(who); err != nil {
				row.Cells[who.String()].Err = err.Error()
			}
		}
	}
	for r := range c.runs {
		for k := range cs {
			who := cs[(r+k)%len(cs)]
			cell := row.Cells[who.String()]
			if cell.Err != "" {
				continue
			}
			step(r+1, who)
			v, err := one(who)
			if err != nil {
				cell.Err = err.Error()
				continue
			}
			cell.Samples = append(cell.Samples, v)
		}
	}
	for _, cell := range row.Cells {
		if cell.Err == "" && len(cell.Samples) > 0 {
			cell.Median, cell.Min, cell.Max = stats(cell.Samples)
		}
	}
	row.BestKettle, row.BestGoroutines, row.Ratio = best(row.Cells)
	return row
}

// stats returns the median, min and max of xs (len(xs) > 0); an even
// count's median is the mean of the middle two.
func stats(xs []float64) (median, lo, hi float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	median = s[m]
	if len(s)%2 == 0 {
		median = (s[m-1] + s[m]) / 2
	}
	return median, s[0], s[len(s)-1]
}

// best returns the Kettle and goroutine contenders with the lowest median
// and the ratio goroutines/Kettle of those medians (0 if either side has no
// result, or the Kettle median is 0).
func best(cells map[string]*Cell) (kettle, gor string, ratio float64) {
	var kv, gv float64
	for _, who := range workloads.Contenders() {
		cell := cells[who.String()]
		if cell.Err != "" || len(cell.Samples) == 0 {
			continue
		}
		if who.IsKettle() {
			if kettle == "" || cell.Median < kv {
				kettle, kv = who.String(), cell.Median
			}
		} else if gor == "" || cell.Median < gv {
			gor, gv = who.String(), cell.Median
		}
	}
	if kettle != "" && gor != "" && kv > 0 {
		ratio = gv / kv
	}
	return kettle, gor, ratio
}

// summary is the one-line progress summary of a finished row.
func summary(row *Row) string {
	var parts []string
	for _, who := range workloads.Contenders() {
		cell := row.Cells[who.String()]
		if cell.Err != "" {
			parts = append(parts, who.String()+" ERROR")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s", who, num(cell.Median)))
	}
	return fmt.Sprintf("%s %s; ratio %s", strings.Join(parts, ", "), row.Unit, ratioText(row))
}

// cpuModel returns the CPU's model name from /proc/cpuinfo, or "".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
