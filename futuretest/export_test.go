package futuretest

// ExhaustiveWithoutSleepSets is Exhaustive with the sleep-set reduction
// off, for the differential test of the reduction.
func ExhaustiveWithoutSleepSets(maxSteps, maxPreemptions int) Strategy {
	s := Exhaustive(maxSteps, maxPreemptions).(exhaustiveStrategy)
	s.noSleep = true
	return s
}

// CountedSteps is what PCT counts of a finished run: its steps but those
// that only awaited other tasks.
func (tr *Trial) CountedSteps() int { return tr.countedSteps() }
