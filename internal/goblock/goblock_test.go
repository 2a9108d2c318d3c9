package goblock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestDeadline(t *testing.T) {
	var d Deadline
	require.False(t, d.Expired())
	d.Set(time.Now().Add(-time.Second))
	require.True(t, d.Expired())
	d.Set(time.Time{})
	require.False(t, d.Expired())
	d.Set(time.Now().Add(10 * time.Millisecond))
	<-d.Done()
	require.True(t, d.Expired())
	// A waiter on the old channel is released by a new past deadline.
	d.Set(time.Now().Add(time.Hour))
	ch := d.Done()
	d.Set(time.Now())
	<-ch
	d.Set(time.Time{})
}

func TestParker(t *testing.T) {
	p := NewParker()
	p.Waker().Wake()
	p.Waker().Wake()
	require.True(t, p.Wait(nil))
	c := make(chan struct{})
	close(c)
	require.False(t, p.Wait(c))
}
