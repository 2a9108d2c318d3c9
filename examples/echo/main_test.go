package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSelftest(t *testing.T) {
	for _, kind := range []string{"multi", "local"} {
		t.Run(kind, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, selftest(&out, kind, 64))
			line := out.String()
			require.True(t, strings.HasPrefix(line, "echo selftest: ok: 64 clients x 8 messages"), line)
			require.Contains(t, line, "64 connections accepted")
			require.Equal(t, 1, strings.Count(line, "\n"), "one line")
		})
	}
}

func TestUnknownExecutor(t *testing.T) {
	err := selftest(&bytes.Buffer{}, "threads", 1)
	require.ErrorContains(t, err, `-executor "threads": want local or multi`)
}

func TestServeRejectsBadAddress(t *testing.T) {
	err := serve(&bytes.Buffer{}, config{addr: "no-such-address", executor: "local"})
	require.Error(t, err)
}
