package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// binDir holds the kettlevet binary that the end-to-end tests share.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kettlevet-test")
	if err != nil {
		panic(err)
	}
	binDir = dir
	goleak.VerifyTestMain(m, goleak.Cleanup(func(int) { os.RemoveAll(dir) }))
}

var (
	buildOnce sync.Once
	buildOut  []byte
	buildErr  error
)

// build compiles kettlevet once per test run and returns its path.
func build(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	bin := filepath.Join(binDir, "kettlevet")
	buildOnce.Do(func() {
		buildOut, buildErr = exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	})
	require.NoError(t, buildErr, "go build: %s", buildOut)
	return bin
}

// run runs a command and returns its combined output and exit code.
func run(t *testing.T, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return out.String(), code
}

// crash matches the output of a Go panic.
var crash = regexp.MustCompile(`(?m)^panic: |goroutine \d+ \[`)

// want is one diagnostic per analyzer in testdata/pitfalls, by line.
var want = map[string]int{
	"unawaited":       20,
	"blocking":        21,
	"lockacrossawait": 23,
	"foreignco":       26,
	"unreleased":      28,
}

func checkPitfalls(t *testing.T, out string) {
	t.Helper()
	require.NotRegexp(t, crash, out)
	for name, line := range want {
		re := regexp.MustCompile(`pitfalls\.go:` + strconv.Itoa(line) + `:\d+: ` + name + `: `)
		require.Regexp(t, re, out, "analyzer %s", name)
	}
	require.Equal(t, len(want), strings.Count(out, ": unawaited: ")+strings.Count(out, ": blocking: ")+
		strings.Count(out, ": lockacrossawait: ")+strings.Count(out, ": foreignco: ")+strings.Count(out, ": unreleased: "),
		"exactly one diagnostic per analyzer:\n%s", out)
}

func TestVetTool(t *testing.T) {
	bin := build(t)
	out, code := run(t, "go", "vet", "-vettool="+bin, "./testdata/pitfalls")
	require.Equal(t, 1, code, out)
	checkPitfalls(t, out)

	out, code = run(t, "go", "vet", "-vettool="+bin, "./testdata/clean")
	require.Equal(t, 0, code, out)
	require.Empty(t, out)

	// One analyzer off, as vet passes the flag through.
	out, code = run(t, "go", "vet", "-vettool="+bin, "-unawaited=false", "./testdata/pitfalls")
	require.Equal(t, 1, code, out)
	require.NotContains(t, out, "unawaited:")
	require.Contains(t, out, "blocking:")
}

func TestDirect(t *testing.T) {
	bin := build(t)
	out, code := run(t, bin, "./testdata/pitfalls")
	require.NotEqual(t, 0, code, out)
	checkPitfalls(t, out)

	out, code = run(t, bin, "./testdata/clean")
	require.Equal(t, 0, code, out)
	require.Empty(t, out)
}

func TestBroken(t *testing.T) {
	bin := build(t)
	out, code := run(t, "go", "vet", "-vettool="+bin, "./testdata/broken")
	require.NotEqual(t, 0, code, out)
	require.Contains(t, out, "undefined")
	require.NotRegexp(t, crash, out)

	out, code = run(t, bin, "./testdata/broken")
	require.NotEqual(t, 0, code, out)
	require.Contains(t, out, "undefined")
	require.NotRegexp(t, crash, out)
}

func TestVetProtocol(t *testing.T) {
	require.True(t, vetProtocol([]string{"-V=full"}))
	require.True(t, vetProtocol([]string{"-flags"}))
	require.True(t, vetProtocol([]string{"-unawaited=false", "/tmp/x/vet.cfg"}))
	require.False(t, vetProtocol([]string{"./..."}))
	require.False(t, vetProtocol(nil))
}

func TestAnalyzerNames(t *testing.T) {
	var names []string
	for _, a := range analyzers {
		names = append(names, a.Name)
	}
	require.Equal(t, []string{"unawaited", "lockacrossawait", "blocking", "foreignco", "unreleased"}, names)
}
