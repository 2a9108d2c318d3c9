package kettlegen_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/internal/kettlegen"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errMarker = regexp.MustCompile(`// ERROR (.*)$`)

// TestErrors runs kettlegen on the packages of testdata/errors (in one
// run: each error is reported with its position, and nothing is written):
// each marks the line of its one expected error with // ERROR <regexp>.
func TestErrors(t *testing.T) {
	dirs, err := filepath.Glob("testdata/errors/*")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	var patterns []string
	for _, dir := range dirs {
		patterns = append(patterns, "./"+dir)
	}
	outs, err := kettlegen.Generate(".", patterns)
	require.Error(t, err)
	require.Nil(t, outs, "nothing may be written on error")
	list, ok := err.(kettlegen.ErrorList)
	require.True(t, ok, "want an ErrorList, got %T: %v", err, err)
	for _, e := range list {
		require.Regexp(t, `^.+:\d+:\d+: kettlegen: `, e.Error())
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			file := filepath.Join(dir, "x.go")
			line, want := expectedError(t, file)
			found := false
			for _, e := range list {
				if e.Pos.Line == line && strings.HasSuffix(e.Pos.Filename, filepath.Join(dir, "x.go")) && regexp.MustCompile(want).MatchString(e.Msg) {
					found = true
				}
			}
			require.True(t, found, "want an error at line %d matching %q, got:\n%v", line, want, err)
			_, statErr := os.Stat(filepath.Join(dir, kettlegen.GenFile))
			require.True(t, os.IsNotExist(statErr))
		})
	}
}

func expectedError(t *testing.T, file string) (int, string) {
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if m := errMarker.FindStringSubmatch(sc.Text()); m != nil {
			return n, strings.TrimSpace(m[1])
		}
	}
	t.Fatalf("%s: no // ERROR marker", file)
	return 0, ""
}

// TestDeterministic generates the corpus twice and compares with the
// committed file: regeneration is a no-op.
func TestDeterministic(t *testing.T) {
	outs, err := kettlegen.Generate(".", []string{"./corpus"})
	require.NoError(t, err)
	require.Len(t, outs, 1)
	again, err := kettlegen.Generate(".", []string{"./corpus"})
	require.NoError(t, err)
	require.Equal(t, string(outs[0].Content), string(again[0].Content))
	committed, err := os.ReadFile(outs[0].Path)
	require.NoError(t, err)
	require.Equal(t, string(committed), string(outs[0].Content), "corpus/kettle_gen.go is stale: run go generate ./internal/kettlegen/corpus")
}
