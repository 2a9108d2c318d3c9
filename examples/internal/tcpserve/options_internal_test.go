package tcpserve

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDefaultMaxConnsFitsDescriptorLimit(t *testing.T) {
	require.Equal(t, 1024, defaultMaxConns(0))
	require.Equal(t, 1024, defaultMaxConns(1<<20))
	require.Equal(t, 256-reservedDescriptors, defaultMaxConns(256))
	require.Equal(t, 1, defaultMaxConns(10))
}
