package aio_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kettle-rt/kettle/aio"
	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
)

// Files on the executor's blocking pool: write, then read back.
func ExampleReadFile() {
	dir, _ := os.MkdirTemp("", "kettle")
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "menu.txt")
	text := executor.BlockOn(future.Async(func(co *future.Co) string {
		if err := future.Await(co, aio.WriteFile(name, []byte("eggs, bacon"), 0o600)); err != nil {
			return err.Error()
		}
		r := future.Await(co, aio.ReadFile(name))
		if r.Err != nil {
			return r.Err.Error()
		}
		return string(r.Value)
	}))
	fmt.Println(text)
	// Output: eggs, bacon
}

// Goroutine code reads a Kettle Reader through a blocking io.Reader.
func ExampleNewIOReader() {
	r := aio.NewIOReader(aio.FromIOReader(strings.NewReader("one\ntwo\n")))
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fmt.Println(sc.Text())
	}
	// Output:
	// one
	// two
}
