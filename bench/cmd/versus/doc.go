// Command versus runs Kettle and goroutines side by side on the same
// workloads and prints a table of the results, with a bar chart of the
// ratios. In the kitchen model it is the tasting: the same dishes cooked by
// Kettle's chefs (tasks run by the manager, package executor) and by the
// restaurant next door (goroutines), timed with the same watch.
//
// Usage:
//
//	go run ./bench/cmd/versus [-quick] [-only name[,name]] [-runs n] [-json] [-chart file.svg]
//
// Every workload of [github.com/kettle-rt/kettle/bench/workloads] is one
// row; its cells are Kettle Local, Kettle Multi (one worker per
// GOMAXPROCS), goroutines at GOMAXPROCS=1 and goroutines at GOMAXPROCS=all
// (runtime.GOMAXPROCS is set for each goroutine cell and restored). Each
// cell is the median of several runs (5, or 3 with -quick), after one
// unrecorded warm-up run; the runs of a row alternate between the
// contenders (A B C D, B C D A, …) so that drift in the machine's load hits
// all of them. The table shows each median with its min–max, and the ratio
// of the best goroutine median to the best Kettle median, naming both: a
// ratio above 1× means Kettle did better (every value is lower-is-better:
// wall time, bytes per parked task, or how late the last timer fired).
//
// Flags:
//
//	-quick        smaller sizes and 3 runs per cell (about a minute or two)
//	-only a,b     run only the named workloads
//	-runs n       runs per cell (default 5, or 3 with -quick)
//	-n size       override every selected workload's size (smoke tests)
//	-warmup=false skip the warm-up run
//	-json         print the results as JSON on stdout instead of the table
//	-chart file   write the SVG chart there (default versus.svg; "" for none)
//	-list         list the workloads and exit
//
// Progress goes to stderr; the table (markdown) or the JSON to stdout.
// The chart is drawn by package internal/svg: one horizontal bar per
// workload on a log scale, green where Kettle wins, red where it loses.
package main
