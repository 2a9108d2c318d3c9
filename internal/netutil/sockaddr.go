//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package netutil

import (
	"net"
	"strconv"

	"golang.org/x/sys/unix"
)

// FamilyOf returns the socket family for ip: AF_INET for an IPv4 address
// (including the IPv4-mapped form), AF_INET6 otherwise. A nil ip (a
// wildcard listen address like ":80") returns AF_INET6, which listens on
// both families when IPV6_V6ONLY is off.
func FamilyOf(ip net.IP) int {
	if ip != nil && ip.To4() != nil {
		return unix.AF_INET
	}
	return unix.AF_INET6
}

// Sockaddr converts an IP, port and zone to a sockaddr of family. An IPv4
// address on an AF_INET6 socket becomes its IPv4-mapped form; a nil ip is
// the wildcard address.
func Sockaddr(family int, ip net.IP, port int, zone string) (unix.Sockaddr, error) {
	switch family {
	case unix.AF_INET:
		sa := &unix.SockaddrInet4{Port: port}
		if ip != nil {
			ip4 := ip.To4()
			if ip4 == nil {
				return nil, &net.AddrError{Err: "non-IPv4 address", Addr: ip.String()}
			}
			copy(sa.Addr[:], ip4)
		}
		return sa, nil
	case unix.AF_INET6:
		sa := &unix.SockaddrInet6{Port: port, ZoneId: zoneID(zone)}
		if ip != nil {
			ip16 := ip.To16()
			if ip16 == nil {
				return nil, &net.AddrError{Err: "non-IP address", Addr: ip.String()}
			}
			if ip.Equal(net.IPv4zero) { // 0.0.0.0 on a dual-stack socket: the IPv6 wildcard
				ip16 = net.IPv6zero
			}
			copy(sa.Addr[:], ip16)
		}
		return sa, nil
	}
	return nil, unix.EAFNOSUPPORT
}

func zoneID(zone string) uint32 {
	if zone == "" {
		return 0
	}
	if ifi, err := net.InterfaceByName(zone); err == nil {
		return uint32(ifi.Index)
	}
	n, _ := strconv.ParseUint(zone, 10, 32)
	return uint32(n)
}

func zoneName(id uint32) string {
	if id == 0 {
		return ""
	}
	if ifi, err := net.InterfaceByIndex(int(id)); err == nil {
		return ifi.Name
	}
	return strconv.FormatUint(uint64(id), 10)
}

// IPPort extracts the address of an AF_INET or AF_INET6 sockaddr (nil ip
// for other kinds). IPv4-mapped IPv6 addresses come back as 16-byte IPs
// that print in dotted form, as in Go's net package.
func IPPort(sa unix.Sockaddr) (ip net.IP, port int, zone string) {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return net.IPv4(sa.Addr[0], sa.Addr[1], sa.Addr[2], sa.Addr[3]), sa.Port, ""
	case *unix.SockaddrInet6:
		ip := make(net.IP, net.IPv6len)
		copy(ip, sa.Addr[:])
		return ip, sa.Port, zoneName(sa.ZoneId)
	}
	return nil, 0, ""
}

// TCPAddr converts a sockaddr to a *net.TCPAddr (nil for other kinds).
func TCPAddr(sa unix.Sockaddr) *net.TCPAddr {
	ip, port, zone := IPPort(sa)
	if ip == nil {
		return nil
	}
	return &net.TCPAddr{IP: ip, Port: port, Zone: zone}
}

// UDPAddr converts a sockaddr to a *net.UDPAddr (nil for other kinds).
func UDPAddr(sa unix.Sockaddr) *net.UDPAddr {
	ip, port, zone := IPPort(sa)
	if ip == nil {
		return nil
	}
	return &net.UDPAddr{IP: ip, Port: port, Zone: zone}
}
