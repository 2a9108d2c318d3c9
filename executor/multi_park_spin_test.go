package executor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// spinForToken takes a token that is there, gives up after driverSpin
// when none comes, and stops spinning when the Multi stops.
func TestSpinForToken(t *testing.T) {
	m := newTestMulti(t, Workers(1))
	w := &worker{m: m, unpark: make(chan struct{}, 1)}
	w.unpark <- struct{}{}
	require.True(t, w.spinForToken(), "a token already sent")
	start := time.Now()
	require.False(t, w.spinForToken(), "no token")
	require.GreaterOrEqual(t, time.Since(start), driverSpin, "it spun for driverSpin")
	go func() { w.unpark <- struct{}{} }()
	for !w.spinForToken() { // the sender may come after one spin
	}
	require.Empty(t, w.unpark, "the token was taken")
}
