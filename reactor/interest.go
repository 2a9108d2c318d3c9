package reactor

// Interest is the set of readiness directions a [Registration] watches.
type Interest uint8

const (
	// Readable watches for data to read, a connection to accept, end of
	// stream, or an error.
	Readable Interest = 1 << iota
	// Writable watches for room to write, a completed connect, or an error.
	Writable
)

// Has reports whether every direction of o is in i.
func (i Interest) Has(o Interest) bool { return i&o == o }

// String returns "Readable", "Writable", "Readable|Writable" or "0".
func (i Interest) String() string {
	switch i & (Readable | Writable) {
	case Readable:
		return "Readable"
	case Writable:
		return "Writable"
	case Readable | Writable:
		return "Readable|Writable"
	}
	return "0"
}
