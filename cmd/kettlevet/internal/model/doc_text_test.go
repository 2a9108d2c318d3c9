package model

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDocText(t *testing.T) {
	src := "// Package x defines the x analyzer: a thing\n// that is bad.\n//\n// Bad:\n//\n//\tcode()\npackage x\n"
	require.Equal(t, "A thing that is bad.\n\nBad:\n\n\tcode()", DocText(src))
	require.Equal(t, "Just one line.", DocText("// Just one line.\npackage x"))
	require.Equal(t, "", DocText("package x"))
}
