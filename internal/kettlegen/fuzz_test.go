package kettlegen_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kettle-rt/kettle/internal/kettlegen"
)

// FuzzRandomPrograms generates a random program of async functions,
// compiles it with kettlegen and runs it: the program compares the
// coroutine form and the generated machine of each function over seeded
// executors and DropAtEveryAwait, and fails on any difference. Each input
// costs a build; the seed corpus runs in CI.
func FuzzRandomPrograms(f *testing.F) {
	f.Add(uint64(1))
	f.Fuzz(func(t *testing.T, seed uint64) {
		dir := filepath.Join("testdata", "fuzz", fmt.Sprintf("prog%d_%d", seed, os.Getpid()))
		require.NoError(t, os.MkdirAll(dir, 0o777))
		defer os.RemoveAll(dir)
		src := program(seed, 12)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o666))
		outs, err := kettlegen.Generate(".", []string{"./" + dir})
		require.NoError(t, err, "program:\n%s", src)
		require.NoError(t, kettlegen.Write(outs))
		out, err := exec.Command("go", "run", "./"+dir).CombinedOutput()
		if err != nil {
			gen, _ := os.ReadFile(filepath.Join(dir, kettlegen.GenFile))
			t.Fatalf("seed %d: %v\n%s\nprogram:\n%s\ngenerated:\n%s", seed, err, out, src, gen)
		}
	})
}
