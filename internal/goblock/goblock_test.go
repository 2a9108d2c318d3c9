package goblock

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestParker(t *testing.T) {
	p := NewParker()
	p.Waker().Wake()
	p.Waker().Wake()
	require.True(t, p.Wait(nil))
	c := make(chan struct{})
	close(c)
	require.False(t, p.Wait(c))
}
