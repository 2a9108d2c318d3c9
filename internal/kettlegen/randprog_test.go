package kettlegen_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// progGen writes random async functions: structured control flow with
// awaits, defers, panics, recovers, closures over loop variables and
// nested async calls, all of which kettlegen must lower exactly.
type progGen struct {
	r     *rand.Rand
	b     strings.Builder
	depth int
	loops int // enclosing loops (break/continue allowed when > 0)
	fn    int // index of the function being written
	names int
	// switch clauses: fallthrough allowed only as the last statement
}

func (g *progGen) line(format string, args ...any) {
	g.b.WriteString(strings.Repeat("\t", g.depth+1))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

func (g *progGen) name() string {
	g.names++
	return fmt.Sprintf("f%d_%d", g.fn, g.names)
}

// await returns an expression awaiting a random future.
func (g *progGen) await() string {
	switch g.r.IntN(6) {
	case 0:
		return fmt.Sprintf("future.Await(co, future.Value(%d))", g.r.IntN(10))
	case 1:
		if g.fn > 0 {
			return fmt.Sprintf("F%d(co, log, x%%5)", g.r.IntN(g.fn))
		}
	}
	return fmt.Sprintf("future.Await(co, Val(log, %q, %d, x%%7+%d))", g.name(), g.r.IntN(3), g.r.IntN(5))
}

// expr returns an int expression, maybe awaiting.
func (g *progGen) expr() string {
	switch g.r.IntN(5) {
	case 0:
		return fmt.Sprintf("x*%d + %d", g.r.IntN(3)+1, g.r.IntN(7))
	case 1:
		return fmt.Sprintf("note(log, %q, x) + %s", g.name(), g.await())
	case 2:
		return fmt.Sprintf("%s - %s", g.await(), g.await())
	}
	return g.await()
}

// cond returns a bool expression, maybe awaiting.
func (g *progGen) cond() string {
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("x%%%d == %d", g.r.IntN(3)+2, g.r.IntN(2))
	case 1:
		return fmt.Sprintf("x > %d && %s > %d", g.r.IntN(20), g.await(), g.r.IntN(5))
	case 2:
		return fmt.Sprintf("x < %d || %s%%2 == 0", g.r.IntN(10), g.await())
	}
	return fmt.Sprintf("%s > %d", g.await(), g.r.IntN(6))
}

func (g *progGen) block(n int) {
	g.depth++
	for i := 0; i < n; i++ {
		g.stmt()
	}
	g.depth--
}

func (g *progGen) stmt() {
	if g.depth > 4 {
		g.line("x += %s", g.await())
		return
	}
	switch g.r.IntN(22) {
	case 20:
		g.line("defer rec(log)")
	case 21:
		v := g.name()
		g.line("%s := func() int { return x * 2 }", v)
		g.line("x += %s", g.await())
		g.line("x += %s() %% 100", v)
	case 16:
		lbl := "L" + g.name()
		v := g.name()
		g.line("%s:", lbl)
		g.line("for _, %s := range []int{%d, %d, %d} {", v, g.r.IntN(5), g.r.IntN(5), g.r.IntN(5))
		g.loops++
		g.line("\tfor j := range 2 {")
		g.line("\t\tif j+%s == %d {", v, g.r.IntN(4))
		if g.r.IntN(2) == 0 {
			g.line("\t\t\tcontinue %s", lbl)
		} else {
			g.line("\t\t\tbreak %s", lbl)
		}
		g.line("\t\t}")
		g.line("\t\tx += %s + j", g.await())
		g.line("\t}")
		g.block(1)
		g.loops--
		g.line("}")
	case 17:
		g.line("switch x %% 4 {")
		g.line("case %s %% 4:", g.await())
		g.block(1)
		g.line("case 2, %s:", g.expr())
		g.block(1)
		g.line("}")
	case 18:
		g.line("switch v := any(x).(type) {")
		g.line("case int:")
		g.line("\tif v > %d {", g.r.IntN(30))
		g.line("\t\tx += %s", g.await())
		g.line("\t}")
		g.line("default:")
		g.line("\tlog.Add(\"%%v\", v)")
		g.line("}")
	case 19:
		v := g.name()
		g.line("%s := map[int]int{1: x, 2: x + 1}", v)
		g.line("for k := range %s {", v)
		g.line("\t%s[k] += %s", v, g.await())
		g.line("}")
		g.line("x += %s[1] + %s[2]", v, v)
	case 0, 1, 2:
		g.line("x += %s", g.expr())
	case 3:
		g.line("log.Add(\"x=%%d\", x)")
	case 4:
		g.line("if %s {", g.cond())
		g.block(g.r.IntN(3) + 1)
		if g.r.IntN(2) == 0 {
			g.line("} else {")
			g.block(g.r.IntN(2) + 1)
		}
		g.line("}")
	case 5:
		v := g.name()
		g.line("for %s := 0; %s < %d; %s++ {", v, v, g.r.IntN(3)+1, v)
		g.loops++
		if g.r.IntN(2) == 0 {
			g.line("\tfs = append(fs, func() int { return %s })", v)
		}
		g.block(g.r.IntN(3) + 1)
		g.loops--
		g.line("}")
	case 6:
		v := g.name()
		g.line("for %s := range %d {", v, g.r.IntN(3)+1)
		g.loops++
		g.line("\tx += %s", v)
		g.block(g.r.IntN(2) + 1)
		g.loops--
		g.line("}")
	case 7:
		g.line("switch x %% 3 {")
		g.line("case 0:")
		g.block(1)
		if g.r.IntN(2) == 0 {
			g.line("\tfallthrough")
		}
		g.line("case 1:")
		g.block(1)
		g.line("default:")
		g.block(1)
		g.line("}")
	case 8:
		g.line("defer log.Add(%q, x)", g.name()+" %d")
	case 9:
		g.line("defer func() { log.Add(%q, x) }()", g.name()+" late %d")
	case 10:
		g.line("if x > %d {", 30+g.r.IntN(40))
		g.line("\tpanic(%q)", g.name())
		g.line("}")
	case 11:
		if g.loops > 0 {
			g.line("if %s {", g.cond())
			if g.r.IntN(2) == 0 {
				g.line("\tbreak")
			} else {
				g.line("\tcontinue")
			}
			g.line("}")
			return
		}
		g.line("x -= %d", g.r.IntN(4))
	case 12:
		g.line("if x%%%d == %d {", g.r.IntN(5)+3, g.r.IntN(3))
		g.line("\treturn x + len(fs)")
		g.line("}")
	case 13:
		g.line("defer func() {")
		g.line("\tif r := recover(); r != nil {")
		g.line("\t\tif fmt.Sprint(r) == \"future: async block dropped\" {")
		g.line("\t\t\tpanic(r) // never swallow the drop of an async block")
		g.line("\t\t}")
		g.line("\t\tlog.Add(\"recovered %%v\", r)")
		g.line("\t}")
		g.line("}()")
	case 14:
		v := g.name()
		g.line("%s := %s", v, g.expr())
		g.line("x += %s", g.await())
		g.line("x += %s", v)
	case 15:
		g.line("{")
		g.line("\tx := x + %s", g.await())
		g.line("\tlog.Add(\"inner %%d\", x)")
		g.line("}")
	}
}

// program returns a main package with n random async functions and a
// driver that compares both forms of each.
func program(seed uint64, n int) string {
	g := &progGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	g.b.WriteString(progHeader)
	for i := 0; i < n; i++ {
		g.fn = i
		fmt.Fprintf(&g.b, "\n//kettle:async\nfunc F%d(co *future.Co, log *Log, x int) int {\n\tvar fs []func() int\n", i)
		g.depth = 0
		g.block(g.r.IntN(5) + 3)
		g.b.WriteString("\tfor _, f := range fs {\n\t\tx += f()\n\t}\n\treturn x\n}\n")
	}
	g.b.WriteString("\nvar fns = []fn{\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&g.b, "\tpair(%q, func(co *future.Co, l *Log) int { return F%d(co, l, %d) }, func(l *Log) *async_F%d { return F%dAsync(l, %d) }),\n", fmt.Sprint("F", i), i, i+1, i, i, i+1)
	}
	g.b.WriteString("}\n")
	g.b.WriteString(progDriver)
	return g.b.String()
}

const progHeader = `// Code generated by a kettlegen fuzz test: a random program.

package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/futuretest"
)

type Log struct{ Entries []string }

func (l *Log) Add(format string, args ...any) { l.Entries = append(l.Entries, fmt.Sprintf(format, args...)) }

func note(log *Log, s string, v int) int { log.Add("note %s %d", s, v); return v }

// rec is a deferred named function that recovers (never the drop signal).
func rec(log *Log) {
	if r := recover(); r != nil {
		if fmt.Sprint(r) == "future: async block dropped" {
			panic(r)
		}
		log.Add("rec %v", r)
	}
}

func Val[T any](log *Log, name string, n int, v T) future.Future[T] {
	return &val[T]{log: log, name: name, n: n, v: v}
}

type val[T any] struct {
	log  *Log
	name string
	n    int
	v    T
	done bool
}

func (f *val[T]) Poll(cx *future.Context) future.Poll[T] {
	if f.n > 0 {
		f.n--
		cx.Waker().Wake()
		return future.Pending[T]()
	}
	f.done = true
	f.log.Add("ready %s", f.name)
	return future.Ready(f.v)
}

func (f *val[T]) Drop() {
	if !f.done {
		f.done = true
		f.log.Add("drop %s", f.name)
	}
}
`

const progDriver = `
type fn struct {
	name    string
	co, gen func(log *Log) future.Future[string]
}

func pair[T any, M future.Future[T]](name string, co func(*future.Co, *Log) T, gen func(*Log) M) fn {
	return fn{
		name: name,
		co: func(log *Log) future.Future[string] {
			return &show[T]{f: future.Async(func(c *future.Co) T { return co(c, log) })}
		},
		gen: func(log *Log) future.Future[string] { return &show[T]{f: gen(log)} },
	}
}

type show[T any] struct{ f future.Future[T] }

func (s *show[T]) Poll(cx *future.Context) future.Poll[string] {
	if v, ok := s.f.Poll(cx).Get(); ok {
		return future.Ready(fmt.Sprintf("%v", v))
	}
	return future.Pending[string]()
}

func (s *show[T]) Drop() { future.Drop(s.f) }

func runSeed(mk func(*Log) future.Future[string], seed uint64) string {
	log := &Log{}
	ex := executor.NewLocal(executor.Seed(seed))
	defer ex.Close()
	v, err := executor.Run(ex, future.Join2(mk(log), mk(log)))
	desc := "<nil>"
	var pe *executor.PanicError
	if errors.As(err, &pe) {
		desc = fmt.Sprintf("panic(%v)", pe.Value)
	} else if err != nil {
		desc = err.Error()
	}
	return fmt.Sprintf("result=%v err=%s log=%q", v, desc, log.Entries)
}

type recorder struct{ msgs []string }

func (r *recorder) Helper()                           {}
func (r *recorder) Errorf(format string, args ...any) { r.msgs = append(r.msgs, fmt.Sprintf(format, args...)) }
func (r *recorder) FailNow()                          { panic("FailNow") }
func (r *recorder) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (r *recorder) Logf(string, ...any)               {}

func dropAtEvery(mk func(*Log) future.Future[string]) string {
	var out []string
	var log *Log
	rec := &recorder{}
	futuretest.DropAtEveryAwait(rec, func() future.Future[string] {
		log = &Log{}
		return mk(log)
	}, func(k int) { out = append(out, fmt.Sprintf("k=%d %q", k, log.Entries)) })
	return fmt.Sprint(append(out, rec.msgs...))
}

func main() {
	bad := 0
	for _, f := range fns {
		for seed := uint64(0); seed < 8; seed++ {
			if a, b := runSeed(f.co, seed), runSeed(f.gen, seed); a != b {
				fmt.Printf("%s seed %d:\n  coroutine: %s\n  generated: %s\n", f.name, seed, a, b)
				bad++
			}
		}
		if a, b := dropAtEvery(f.co), dropAtEvery(f.gen); a != b {
			fmt.Printf("%s DropAtEveryAwait:\n  coroutine: %s\n  generated: %s\n", f.name, a, b)
			bad++
		}
	}
	if bad > 0 {
		os.Exit(1)
	}
	fmt.Println("ok", len(fns))
}
`
