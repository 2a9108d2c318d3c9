package aio

import (
	"errors"
	"io"
)

// ErrBufferFull is returned by [BufReader.ReadUntil] and
// [BufReader.ReadLine] when the buffer fills up without the delimiter; the
// Result's Value then holds the whole buffer, which is consumed.
var ErrBufferFull = errors.New("aio: buffer full")

// errShortWrite is io.ErrShortWrite: a Writer accepted nothing and
// reported no error.
var errShortWrite = io.ErrShortWrite
