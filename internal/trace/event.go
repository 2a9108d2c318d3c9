package trace

import (
	"strconv"
	"unicode/utf8"
)

// Slice is one "X" (complete) event: a poll drawn as a slice of a
// thread's timeline.
type Slice struct {
	Name     string // the task's name
	PID, TID int    // process (executor) and thread (worker) ids
	TsNs     int64  // start, in nanoseconds since the trace's origin
	DurNs    int64  // duration in nanoseconds
	Task     uint64 // the task's id
	Poll     uint64 // 1 for the task's first poll, 2 for its second, …
	Ready    bool   // the poll returned Ready (or panicked)
	WaitsOn  string // what the task waits on after a Pending poll ("" if unknown)
}

// AppendSlice appends s, encoded as ",\n{…}", to b. ts and dur are written
// in microseconds with nanosecond precision, as the format wants.
func AppendSlice(b []byte, s *Slice) []byte {
	b = append(b, ",\n{\"name\":"...)
	b = AppendString(b, s.Name)
	b = append(b, `,"cat":"poll","ph":"X","pid":`...)
	b = strconv.AppendInt(b, int64(s.PID), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(s.TID), 10)
	b = append(b, `,"ts":`...)
	b = appendMicros(b, s.TsNs)
	b = append(b, `,"dur":`...)
	b = appendMicros(b, s.DurNs)
	b = append(b, `,"args":{"task":`...)
	b = strconv.AppendUint(b, s.Task, 10)
	b = append(b, `,"poll":`...)
	b = strconv.AppendUint(b, s.Poll, 10)
	if s.Ready {
		b = append(b, `,"result":"ready"`...)
	} else {
		b = append(b, `,"result":"pending"`...)
	}
	if s.WaitsOn != "" {
		b = append(b, `,"waits_on":`...)
		b = AppendString(b, s.WaitsOn)
	}
	return append(b, "}}"...)
}

// AppendProcessName appends the metadata event naming process pid.
func AppendProcessName(b []byte, pid int, name string) []byte {
	b = append(b, ",\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":"...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, `,"args":{"name":`...)
	b = AppendString(b, name)
	return append(b, "}}"...)
}

// AppendThreadName appends the metadata event naming thread tid of pid.
func AppendThreadName(b []byte, pid, tid int, name string) []byte {
	b = append(b, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":"...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(tid), 10)
	b = append(b, `,"args":{"name":`...)
	b = AppendString(b, name)
	return append(b, "}}"...)
}

// appendMicros writes ns as microseconds with three decimals.
func appendMicros(b []byte, ns int64) []byte {
	if ns < 0 {
		b = append(b, '-')
		ns = -ns
	}
	b = strconv.AppendInt(b, ns/1000, 10)
	frac := ns % 1000
	if frac == 0 {
		return b
	}
	b = append(b, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	return b
}

// AppendString appends s as a JSON string literal: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD.
func AppendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
