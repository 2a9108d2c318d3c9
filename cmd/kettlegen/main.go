package main

import (
	"fmt"
	"os"

	"github.com/kettle-rt/kettle/internal/kettlegen"
)

func main() {
	outs, err := kettlegen.Generate(".", os.Args[1:])
	if err == nil {
		err = kettlegen.Write(outs)
	}
	if err != nil {
		if _, ok := err.(kettlegen.ErrorList); ok {
			fmt.Fprintln(os.Stderr, err)
		} else {
			fmt.Fprintln(os.Stderr, "kettlegen:", err)
		}
		os.Exit(1)
	}
}
