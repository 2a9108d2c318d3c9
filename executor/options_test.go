package executor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/exechook"
	"github.com/kettle-rt/kettle/timer"
)

// Bad input: every invalid option, and every option of the other kind, is
// rejected when the executor is built, with a message naming the
// constructor and the option.
func TestOptionsRejectedWhenBuilt(t *testing.T) {
	vc := timer.NewVirtualClock(time.Unix(0, 0))
	picker := exechook.PickerOption(firstPicker{}).(Option)
	cases := []struct {
		name  string
		build func()
		msg   string
	}{
		{"Workers(0)", func() { NewMulti(Workers(0)) }, "executor.NewMulti: Workers(0): need at least 1 worker"},
		{"Workers(-3)", func() { NewMulti(Workers(-3)) }, "executor.NewMulti: Workers(-3): need at least 1 worker"},
		{"Workers on a Local", func() { NewLocal(Workers(2)) },
			"executor.NewLocal: Workers(2): only a Multi has workers; a Local polls on the goroutine that calls Run"},
		{"Workers(0) on a Local", func() { NewLocal(Workers(0)) }, "executor.NewLocal: Workers(0): need at least 1 worker"},
		{"Seed on a Multi", func() { NewMulti(Seed(7)) },
			"executor.NewMulti: Seed(7): a Multi cannot replay an interleaving (its workers run in parallel); use a Local"},
		{"MaxPolls on a Multi", func() { NewMulti(MaxPolls(10)) },
			"executor.NewMulti: MaxPolls(10): a Multi's Run does not count polls; use a Local"},
		{"virtual Clock on a Multi", func() { NewMulti(Clock(vc)) }, "executor.NewMulti: Clock(" + vc.String() + "): a Multi runs on the real clock only; use a Local for virtual time"},
		{"picker on a Multi", func() { NewMulti(picker) }, "executor.NewMulti: a schedule picker: schedule exploration needs a Local"},
		{"negative MaxPolls", func() { NewLocal(MaxPolls(-1)) }, "executor.NewLocal: MaxPolls(-1): negative; 0 means no bound"},
		{"negative BlockingThreshold", func() { NewLocal(BlockingThreshold(-time.Second)) },
			"executor.NewLocal: BlockingThreshold(-1s): negative; use 0 to turn detection off"},
		{"negative BlockingThreshold on a Multi", func() { NewMulti(BlockingThreshold(-time.Millisecond)) },
			"executor.NewMulti: BlockingThreshold(-1ms): negative; use 0 to turn detection off"},
		{"Seed and a picker", func() { NewLocal(Seed(1), picker) }, "executor.NewLocal: Seed(1) and a schedule picker both set; use one"},
		{"nil picker", func() { NewLocal(exechook.PickerOption(nil).(Option)) }, "executor.NewLocal: nil schedule picker"},
		{"nil option", func() { NewLocal(nil) }, "executor.NewLocal: nil option"},
		{"nil option on a Multi", func() { NewMulti(nil) }, "executor.NewMulti: nil option"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { require.PanicsWithValue(t, c.msg, c.build) })
	}
}

// Options that both kinds accept, and the real clock on a Multi, build.
func TestOptionsAccepted(t *testing.T) {
	m := NewMulti(Workers(1), Clock(timer.RealClock()), Clock(nil), DeadlockGrace(-1), BlockingThreshold(0), BlockingReporter(nil))
	require.NoError(t, m.Close())
	e := NewLocal(Seed(3), MaxPolls(0), DeadlockGrace(0), BlockingThreshold(time.Second))
	require.NoError(t, e.Close())
	c := defaultConfig()
	require.Equal(t, time.Second, c.grace)
	require.Equal(t, 100*time.Millisecond, c.threshold)
	require.Positive(t, c.workers)
}

// firstPicker always polls the front of the run queue.
type firstPicker struct{}

func (firstPicker) Pick(exechook.Ready) int { return 0 }

// lastPicker polls the most recently queued task, recording every choice
// it is offered.
type lastPicker struct{ seen [][]string }

func (p *lastPicker) Pick(r exechook.Ready) int {
	names := make([]string, r.Len())
	for i := range names {
		names[i] = r.Name(i)
		if i > 0 && r.ID(i) == r.ID(i-1) {
			panic("duplicate id")
		}
	}
	p.seen = append(p.seen, names)
	return r.Len() - 1
}

// The schedule hook sees and picks every task on the Local, spawned with
// Spawn or by Run, before every poll.
func TestPickerChoosesEveryTask(t *testing.T) {
	p := &lastPicker{}
	e := NewLocal(exechook.PickerOption(p).(Option))
	defer e.Close()
	var order []int
	rec := func(id int) { order = append(order, id) }
	a := Spawn(e, future.Future[int](&yielder{id: 1, rec: rec}), Name("a"))
	b := Spawn(e, future.Future[int](&yielder{id: 2, rec: rec}), Name("b"))
	_, err := Run(e, future.Join2[future.Result[int], future.Result[int]](a, b))
	require.NoError(t, err)
	// The picker takes the last of what it is offered: main (queued after
	// a and b); then a (taking a task out moves the front into its place);
	// main, woken by a; b; main, woken by b.
	require.Equal(t, []int{1, 2}, order, "%v", p.seen)
	require.Equal(t, [][]string{{"a", "b", "main"}, {"b", "a"}, {"b", "main"}, {"b"}, {"main"}}, p.seen)
}
