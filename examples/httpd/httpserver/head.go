package httpserver

import "bytes"

// MaxHeadBytes bounds a request head (request line and headers): a longer
// head is answered 431.
const MaxHeadBytes = 16 << 10

// Method is the request method as far as this server cares.
type Method uint8

const (
	MethodOther Method = iota // any other token: answered 404
	MethodGET
	MethodHEAD
)

// Head accumulates one request head, fed line by line with [Head.Line].
// The zero value is ready for a request line; [Head.Reset] makes it ready
// for the next one. It keeps no reference to the lines it is fed.
type Head struct {
	// Method, Root (the target's path is "/"), Minor (HTTP/1.Minor), set
	// by the request line.
	Method Method
	Root   bool
	Minor  int
	// ContentLength is the body length to skip after the head (0 if none).
	ContentLength int64
	// Close reports that the connection must close after the answer.
	Close bool

	inHeaders  bool // the request line has been seen
	keepAlive  bool // "Connection: keep-alive" seen (matters for HTTP/1.0)
	host       bool // a Host header was seen
	haveLength bool // a Content-Length header was seen
	chunked    bool // a Transfer-Encoding header was seen
	size       int  // bytes of head so far
}

// Reset readies h for the next request.
func (h *Head) Reset() { *h = Head{} }

// Started reports whether a byte of the request has been fed (empty lines
// before a request line do not count).
func (h *Head) Started() bool { return h.inHeaders }

// Line feeds one line, terminator included ("...\r\n" or "...\n"). It
// returns done once the empty line that ends the head has been fed, or a
// non-zero HTTP status when the head is malformed: the caller answers with
// [AppendError] and closes. Allocation-free.
func (h *Head) Line(line []byte) (done bool, status int) {
	h.size += len(line)
	if h.size > MaxHeadBytes {
		return false, 431
	}
	line = trimEOL(line)
	if !h.inHeaders {
		if len(line) == 0 {
			h.size = 0 // RFC 9112 §2.2: skip empty lines before a request
			return false, 0
		}
		h.inHeaders = true
		return false, h.requestLine(line)
	}
	if len(line) == 0 {
		return h.end()
	}
	return false, h.header(line)
}

// trimEOL removes "\n" and a "\r" before it.
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

// requestLine parses "METHOD SP target SP HTTP/1.x".
func (h *Head) requestLine(line []byte) int {
	sp1 := bytes.IndexByte(line, ' ')
	if sp1 <= 0 {
		return 400
	}
	method, rest := line[:sp1], line[sp1+1:]
	sp2 := bytes.IndexByte(rest, ' ')
	if sp2 <= 0 {
		return 400
	}
	target, version := rest[:sp2], rest[sp2+1:]
	if !isToken(method) {
		return 400
	}
	switch string(method) { // no allocation: the compiler compares in place
	case "GET":
		h.Method = MethodGET
	case "HEAD":
		h.Method = MethodHEAD
	}
	root, ok := rootPath(target)
	if !ok {
		return 400
	}
	h.Root = root
	if len(version) != 8 || string(version[:5]) != "HTTP/" || version[6] != '.' ||
		!isDigit(version[5]) || !isDigit(version[7]) {
		return 400
	}
	if version[5] != '1' {
		return 505
	}
	h.Minor = int(version[7] - '0')
	return 0
}

// rootPath reports whether target's path is "/", and whether target is a
// well-formed origin-form, absolute-form or asterisk-form target.
func rootPath(t []byte) (root, ok bool) {
	for _, c := range t {
		if c <= ' ' || c == 0x7f {
			return false, false
		}
	}
	switch {
	case len(t) == 0:
		return false, false
	case string(t) == "*":
		return false, true
	case t[0] == '/':
	case hasPrefixFold(t, "http://") || hasPrefixFold(t, "https://"):
		t = t[bytes.Index(t, []byte("//"))+2:]
		i := bytes.IndexAny(t, "/?#")
		if i < 0 {
			return true, true // "http://host" has the empty path, i.e. "/"
		}
		if t[i] != '/' {
			return true, true
		}
		t = t[i:]
	default:
		return false, false
	}
	if i := bytes.IndexAny(t, "?#"); i >= 0 {
		t = t[:i]
	}
	return string(t) == "/", true
}

// header parses "Name: value" and records what matters. RFC 9112 framing
// violations are 400: a line starting with whitespace (obs-fold, §5.2, or
// whitespace after the request line, §2.2), whitespace before the colon
// (§5.1), a CR, NUL or other control byte in the value (a bare CR, §2.2;
// RFC 9110 §5.5), Content-Length values that disagree or Content-Length
// together with Transfer-Encoding (§6.3, a request-smuggling vector).
func (h *Head) header(line []byte) int {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 || !isToken(line[:colon]) {
		return 400 // no name, whitespace before the colon, obs-fold, garbage
	}
	name, value := line[:colon], trimOWS(line[colon+1:])
	if !isFieldValue(value) {
		return 400
	}
	switch {
	case bytes.EqualFold(name, []byte("Host")):
		if h.host {
			return 400 // RFC 9112 §3.2: more than one Host
		}
		h.host = true
	case bytes.EqualFold(name, []byte("Connection")):
		h.connection(value)
	case bytes.EqualFold(name, []byte("Content-Length")):
		n, ok := parseLength(value)
		if !ok || (h.haveLength && n != h.ContentLength) || h.chunked {
			return 400
		}
		h.ContentLength, h.haveLength = n, true
	case bytes.EqualFold(name, []byte("Transfer-Encoding")):
		if h.haveLength {
			return 400
		}
		h.chunked = true // answered 501 at the end of the head, unless a Content-Length follows
	}
	return 0
}

// isFieldValue reports whether v holds only field-value bytes (RFC 9110
// §5.5): visible ASCII, obs-text (0x80 and up), space and tab; no CR, LF,
// NUL or other control byte.
func isFieldValue(v []byte) bool {
	for _, c := range v {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// connection reads the comma-separated options of a Connection header.
func (h *Head) connection(v []byte) {
	for len(v) > 0 {
		var opt []byte
		if i := bytes.IndexByte(v, ','); i >= 0 {
			opt, v = v[:i], v[i+1:]
		} else {
			opt, v = v, nil
		}
		opt = trimOWS(opt)
		switch {
		case bytes.EqualFold(opt, []byte("close")):
			h.Close = true
		case bytes.EqualFold(opt, []byte("keep-alive")):
			h.keepAlive = true
		}
	}
}

// end completes the head: decides keep-alive and checks Host.
func (h *Head) end() (bool, int) {
	if h.Minor >= 1 && !h.host {
		return false, 400 // RFC 9112 §3.2: Host is required in HTTP/1.1
	}
	if h.chunked {
		return false, 501 // no transfer coding is implemented
	}
	if h.Minor == 0 && !h.keepAlive {
		h.Close = true
	}
	return true, 0
}

// KeepAlive10 reports an HTTP/1.0 request that asked to keep the
// connection, which the answer must confirm with "Connection: keep-alive".
func (h *Head) KeepAlive10() bool { return h.Minor == 0 && h.keepAlive && !h.Close }

// parseLength parses a Content-Length value: 1 to 18 decimal digits.
func parseLength(v []byte) (int64, bool) {
	if len(v) == 0 || len(v) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range v {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isToken reports whether b is a non-empty RFC 9110 token.
func isToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c >= 0x80 || !tchar[c] {
			return false
		}
	}
	return true
}

// tchar marks the token characters: ALPHA, DIGIT and !#$%&'*+-.^_`|~.
var tchar = func() (t [128]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}
