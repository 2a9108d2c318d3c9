package goid

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestGetDistinguishesGoroutines(t *testing.T) {
	me := Get()
	require.NotZero(t, me)
	require.Equal(t, me, Get(), "stable on one goroutine")
	other := make(chan uint64)
	go func() { other <- Get() }()
	require.NotEqual(t, me, <-other)
}
