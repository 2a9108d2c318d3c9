package httpserver

import (
	"strconv"
	"sync/atomic"
	"time"
)

// Body is what GET / answers.
const Body = "Hello, Kettle!\n"

// AppendResponse appends the answer to the complete head h to dst and
// returns it: 200 with [Body] for GET / (headers only for HEAD /), 404
// otherwise. The answer says "Connection: close" when h.Close, and
// "Connection: keep-alive" to an HTTP/1.0 client that asked for it.
// Allocation-free once dst has room (the Date line is cached per second).
func AppendResponse(dst []byte, h *Head) []byte {
	switch {
	case h.Root && (h.Method == MethodGET || h.Method == MethodHEAD):
		return appendAnswer(dst, "200 OK", Body, h.Method == MethodHEAD, connHeader(h))
	default:
		return appendAnswer(dst, "404 Not Found", "404 page not found\n", h.Method == MethodHEAD, connHeader(h))
	}
}

// AppendError appends the answer to a malformed request (status from
// [Head.Line]: 400, 414, 431, 501 or 505; or 408 when a head took too long); the connection is to be closed
// after it, and the answer says so.
func AppendError(dst []byte, status int) []byte {
	text := statusText(status)
	return appendAnswer(dst, text, text[4:]+"\n", false, "Connection: close\r\n")
}

func statusText(status int) string {
	switch status {
	case 408:
		return "408 Request Timeout"
	case 414:
		return "414 URI Too Long"
	case 431:
		return "431 Request Header Fields Too Large"
	case 501:
		return "501 Not Implemented"
	case 505:
		return "505 HTTP Version Not Supported"
	}
	return "400 Bad Request"
}

func connHeader(h *Head) string {
	switch {
	case h.Close:
		return "Connection: close\r\n"
	case h.KeepAlive10():
		return "Connection: keep-alive\r\n"
	}
	return ""
}

func appendAnswer(dst []byte, status, body string, headOnly bool, conn string) []byte {
	dst = append(dst, "HTTP/1.1 "...)
	dst = append(dst, status...)
	dst = append(dst, "\r\nServer: kettle\r\nDate: "...)
	dst = append(dst, httpDate()...)
	dst = append(dst, "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(body)), 10)
	dst = append(dst, "\r\n"...)
	dst = append(dst, conn...)
	dst = append(dst, "\r\n"...)
	if !headOnly {
		dst = append(dst, body...)
	}
	return dst
}

// dateStamp is the Date header value for one second of Unix time.
type dateStamp struct {
	sec int64
	b   []byte
}

// date caches the current dateStamp. A writer that sees a new second
// builds a fresh stamp and stores it; racing writers store equal stamps,
// and the atomic store publishes the bytes to every later Load.
var date atomic.Pointer[dateStamp]

// httpDate returns the current time in the HTTP date format, rebuilt at
// most once per second (one allocation then; none otherwise).
func httpDate() []byte {
	now := time.Now()
	sec := now.Unix()
	if d := date.Load(); d != nil && d.sec == sec {
		return d.b
	}
	d := &dateStamp{sec: sec, b: now.UTC().AppendFormat(make([]byte, 0, 29), "Mon, 02 Jan 2006 15:04:05 GMT")}
	date.Store(d)
	return d.b
}
