package svg

import "errors"

// ErrRange is returned (wrapped, with the offending values) by
// [BarChart.WriteTo] when the axis range or the baseline is unusable: Min
// or Max not positive, Min >= Max, or the baseline outside [Min, Max].
var ErrRange = errors.New("svg: bad axis range")

// ErrNoBars is returned by [BarChart.WriteTo] for a chart without bars.
var ErrNoBars = errors.New("svg: no bars")
