package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/kettle-rt/kettle/bench/workloads"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "versus:", err)
		}
		os.Exit(1)
	}
}

// config is the parsed command line.
type config struct {
	quick   bool
	only    []string
	runs    int
	n       int
	warmup  bool
	json    bool
	chart   string
	list    bool
	isatty  bool // stderr is a terminal: redraw one progress line
	procs   int  // what "all" means for GOMAXPROCS
	started time.Time
}

// parseFlags parses args into a config.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("versus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	var only string
	fs.BoolVar(&c.quick, "quick", false, "smaller sizes and 3 runs per cell")
	fs.StringVar(&only, "only", "", "comma-separated workloads to run (default: all)")
	fs.IntVar(&c.runs, "runs", 0, "runs per cell (default 5, 3 with -quick)")
	fs.IntVar(&c.n, "n", 0, "override every selected workload's size (smoke tests)")
	fs.BoolVar(&c.warmup, "warmup", true, "one unrecorded warm-up run per cell")
	fs.BoolVar(&c.json, "json", false, "print JSON instead of the markdown table")
	fs.StringVar(&c.chart, "chart", "versus.svg", `write the SVG chart to this file ("" for none)`)
	fs.BoolVar(&c.list, "list", false, "list the workloads and exit")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.runs == 0 {
		c.runs = 5
		if c.quick {
			c.runs = 3
		}
	}
	if c.runs < 1 {
		return nil, fmt.Errorf("-runs %d: need at least 1", c.runs)
	}
	if c.n < 0 {
		return nil, fmt.Errorf("-n %d: need a positive size", c.n)
	}
	if only != "" {
		for _, name := range strings.Split(only, ",") {
			name = strings.TrimSpace(name)
			if _, ok := workloads.Lookup(name); !ok {
				return nil, fmt.Errorf("-only: unknown workload %q (try -list)", name)
			}
			c.only = append(c.only, name)
		}
	}
	c.procs = runtime.GOMAXPROCS(0)
	return c, nil
}

// selected returns the workloads to run, in table order.
func (c *config) selected() []workloads.Workload {
	all := workloads.All()
	if len(c.only) == 0 {
		return all
	}
	var out []workloads.Workload
	for _, w := range all {
		for _, name := range c.only {
			if w.Name == name {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// size returns the n to run w with.
func (c *config) size(w workloads.Workload) int {
	switch {
	case c.n > 0:
		return c.n
	case c.quick:
		return w.Sizes.Quick
	}
	return w.Sizes.Full
}

// run is the whole command, with its streams passed in for tests.
func run(args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if c.list {
		for _, w := range workloads.All() {
			fmt.Fprintf(stdout, "%-20s %s (n = %s: full %d, quick %d; unit %s)\n", w.Name, w.Doc, w.SizeDoc, w.Sizes.Full, w.Sizes.Quick, w.Unit)
		}
		return nil
	}
	if f, ok := stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			c.isatty = true
		}
	}
	c.started = time.Now()
	rep := measureAll(c, stderr)
	if c.json {
		err = writeJSON(stdout, rep)
	} else {
		err = writeTable(stdout, rep)
	}
	if err != nil {
		return err
	}
	if c.chart != "" {
		if err := writeChart(c.chart, rep); err != nil {
			return err
		}
		path, _ := filepath.Abs(c.chart)
		out := stdout
		if c.json {
			out = stderr // keep stdout pure JSON
		}
		fmt.Fprintf(out, "\nchart: %s\n", path)
	}
	if n := rep.failed(); n > 0 {
		return fmt.Errorf("%d cell(s) failed; see the table", n)
	}
	return nil
}
