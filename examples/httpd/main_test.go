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
			require.NoError(t, selftest(&out, kind, 16))
			line := out.String()
			require.True(t, strings.HasPrefix(line, "httpd selftest: ok: 16 net/http clients"), line)
			require.Equal(t, 1, strings.Count(line, "\n"), "one line")
		})
	}
}

func TestUnknownExecutor(t *testing.T) {
	err := selftest(&bytes.Buffer{}, "threads", 1)
	require.ErrorContains(t, err, `-executor "threads": want local or multi`)
}

func TestServeRejectsBadAddress(t *testing.T) {
	require.Error(t, serve(&bytes.Buffer{}, config{addr: "no-such-address", executor: "local"}))
}
