//go:build linux

package netutil

import (
	"net"
	"testing"

	"golang.org/x/sys/unix"
)

// FuzzSockaddrRoundTrip: an IP and port survive the trip to a sockaddr of
// its family (or of AF_INET6, as a mapped address) and back.
func FuzzSockaddrRoundTrip(f *testing.F) {
	f.Add([]byte{127, 0, 0, 1}, uint16(80), false)
	f.Add([]byte{127, 0, 0, 1}, uint16(8080), true)
	f.Add([]byte(net.IPv6loopback), uint16(443), true)
	f.Add([]byte{}, uint16(0), true)
	f.Fuzz(func(t *testing.T, raw []byte, port uint16, six bool) {
		if len(raw) != 4 && len(raw) != 16 && len(raw) != 0 {
			t.Skip()
		}
		ip := net.IP(raw)
		if len(raw) == 0 {
			ip = nil
		}
		family := FamilyOf(ip)
		if six {
			family = unix.AF_INET6
		}
		sa, err := Sockaddr(family, ip, int(port), "")
		if err != nil {
			if family == unix.AF_INET && ip.To4() == nil {
				return // an IPv6 address on an IPv4 socket
			}
			t.Fatalf("Sockaddr(%d, %v): %v", family, ip, err)
		}
		a := TCPAddr(sa)
		if a.Port != int(port) {
			t.Fatalf("port %d != %d", a.Port, port)
		}
		want := ip
		if want == nil || (six && want.Equal(net.IPv4zero)) {
			want = net.IPv6zero
			if family == unix.AF_INET {
				want = net.IPv4zero
			}
		}
		if !a.IP.Equal(want) {
			t.Fatalf("ip %v != %v", a.IP, want)
		}
	})
}

func TestFamilyOf(t *testing.T) {
	if FamilyOf(net.IPv4(1, 2, 3, 4)) != unix.AF_INET || FamilyOf(net.IPv6loopback) != unix.AF_INET6 || FamilyOf(nil) != unix.AF_INET6 {
		t.Fatal("FamilyOf")
	}
}
