package faults_test

import (
	"errors"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/faults"
	"github.com/kettle-rt/kettle/internal/taskcx"
	"github.com/kettle-rt/kettle/waker"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// injector fails every site it is asked about, and remembers them.
type injector struct{ sites []string }

func (i *injector) Choose(int) int { return 0 }
func (i *injector) InjectFault(site string) bool {
	i.sites = append(i.sites, site)
	return true
}

// chooser is a Chooser that injects nothing (a seeded executor's).
type chooser struct{}

func (chooser) Choose(int) int { return 0 }

func TestInject(t *testing.T) {
	cx := future.NewContext(waker.Noop())
	require.False(t, faults.Inject(cx, "x"), "no chooser")
	taskcx.Of(cx).Chooser = chooser{}
	require.False(t, faults.Inject(cx, "x"), "a chooser that is no Injector")
	in := &injector{}
	taskcx.Of(cx).Chooser = in
	require.True(t, faults.Inject(cx, "mpsc.Send"))
	require.Equal(t, []string{"mpsc.Send"}, in.sites)
}

func TestNetError(t *testing.T) {
	require.True(t, errors.Is(faults.NetError("read"), syscall.ECONNRESET))
	require.True(t, errors.Is(faults.NetError("connect"), syscall.ECONNREFUSED))
	require.Contains(t, faults.NetError("write").Error(), "write")
}
