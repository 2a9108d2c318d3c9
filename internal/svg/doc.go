// Package svg writes the one chart Kettle's benchmarks need: horizontal
// bars of a ratio on a logarithmic axis around a baseline, as a standalone
// SVG document. It has no dependencies beyond the standard library, so the
// library module stays free of plotting packages.
//
// In the kitchen model this is the whiteboard by the pass where the
// manager (package executor) pins the week's scores: how the kitchen's
// chefs (tasks) fared against the neighbouring restaurant's (goroutines).
// Its one user is the versus runner,
// [github.com/kettle-rt/kettle/bench/cmd/versus], which draws the ratio
// goroutines/Kettle of every workload of
// [github.com/kettle-rt/kettle/bench/workloads]: a bar to the right of 1×
// (green) where Kettle wins, to the left (red) where it loses.
//
// The output is well-formed XML (every text is escaped) and deterministic:
// the same chart writes the same bytes.
package svg
