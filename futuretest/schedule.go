package futuretest

import (
	"fmt"
	"strconv"
	"strings"
)

// A schedule string names one run of a body, so that [Replay] can run it
// again. Two forms, both versioned:
//
//	v1:seed=12345      a run of [Random]: the seed of its generator
//	v1:2.0.1.1.0       any run: the choice made at each choice point, in
//	                   order (an index into the ready tasks sorted by
//	                   spawn order, or a join/select branch index); "v1:"
//	                   alone is a run that made no choice
//
// Only choice points with two or more options are written: with one option
// there is nothing to choose. A run made with [InjectFaults] writes
// "faults:" after "v1:" ("v1:faults:2.0.1", "v1:faults:seed=N"), so that
// [Replay] injects faults again without being told.
const schedPrefix = "v1:"

// faultsTag marks a schedule whose run had InjectFaults on.
const faultsTag = "faults:"

// withFaults adds the faults tag to a schedule string.
func withFaults(s string) string { return schedPrefix + faultsTag + s[len(schedPrefix):] }

// encodeChoices writes the choice-list form.
func encodeChoices(cs []int) string {
	var b strings.Builder
	b.WriteString(schedPrefix)
	for i, c := range cs {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(c))
	}
	return b.String()
}

// encodeSeed writes the seed form.
func encodeSeed(seed uint64) string {
	return schedPrefix + "seed=" + strconv.FormatUint(seed, 10)
}

// parsed is a decoded schedule string: a seed or a choice list.
type parsed struct {
	faults  bool // the run had InjectFaults on
	seeded  bool
	seed    uint64
	choices []int
}

// parseSchedule decodes s, or returns an error matching ErrBadSchedule.
func parseSchedule(s string) (parsed, error) {
	rest, ok := strings.CutPrefix(s, schedPrefix)
	if !ok {
		return parsed{}, fmt.Errorf("%w: %q does not start with %q", ErrBadSchedule, s, schedPrefix)
	}
	rest, faults := strings.CutPrefix(rest, faultsTag)
	p, err := parseBody(s, rest)
	p.faults = faults
	return p, err
}

// parseBody decodes what follows the prefix (and tag) of s.
func parseBody(s, rest string) (parsed, error) {
	if v, ok := strings.CutPrefix(rest, "seed="); ok {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return parsed{}, fmt.Errorf("%w: bad seed in %q", ErrBadSchedule, s)
		}
		return parsed{seeded: true, seed: seed}, nil
	}
	if rest == "" {
		return parsed{}, nil
	}
	parts := strings.Split(rest, ".")
	cs := make([]int, len(parts))
	for i, p := range parts {
		c, err := strconv.Atoi(p)
		if err != nil || c < 0 || strconv.Itoa(c) != p {
			return parsed{}, fmt.Errorf("%w: bad choice %q at step %d of %q", ErrBadSchedule, p, i+1, s)
		}
		cs[i] = c
	}
	return parsed{choices: cs}, nil
}
