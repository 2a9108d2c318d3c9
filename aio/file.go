package aio

import (
	"io/fs"
	"os"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/internal/goblock"
)

// ReadFile returns a future of the whole content of the named file, read
// by os.ReadFile on the blocking pool of the executor that polls it (never
// on a worker). Errors are os.ReadFile's: a missing file matches
// fs.ErrNotExist. Cancel-safe (a dropped read discards the data).
func ReadFile(name string) *BlockingFuture[future.Result[[]byte]] {
	return blocking("aio.ReadFile "+name, func() future.Result[[]byte] {
		b, err := os.ReadFile(name)
		return future.Result[[]byte]{Value: b, Err: err}
	}, nil)
}

// WriteFile returns a future that writes data to the named file with
// os.WriteFile (created with perm before umask, truncated if it exists) on
// the blocking pool. Not cancel-safe: a dropped write still happens.
func WriteFile(name string, data []byte, perm fs.FileMode) *BlockingFuture[error] {
	return blocking("aio.WriteFile "+name, func() error { return os.WriteFile(name, data, perm) }, nil)
}

// Open returns a future of the named file opened for reading (os.Open) on
// the blocking pool. A file opened after the future was dropped is closed.
func Open(name string) *BlockingFuture[future.Result[*File]] {
	return openWith("aio.Open "+name, func() (*os.File, error) { return os.Open(name) })
}

// Create returns a future of the named file created or truncated for
// reading and writing (os.Create, mode 0666 before umask) on the blocking
// pool. A file created after the future was dropped is closed.
func Create(name string) *BlockingFuture[future.Result[*File]] {
	return openWith("aio.Create "+name, func() (*os.File, error) { return os.Create(name) })
}

func openWith(what string, open func() (*os.File, error)) *BlockingFuture[future.Result[*File]] {
	return blocking(what, func() future.Result[*File] {
		f, err := open()
		if err != nil {
			return future.Err[*File](err)
		}
		return future.Ok(NewFile(f))
	}, func(r future.Result[*File]) {
		if r.Err == nil {
			_ = r.Value.f.Close()
		}
	})
}

// File is an open file whose reads and writes run on the blocking pool of
// the executor that polls them (tokio::fs::File): it is a [Reader], a
// [Writer] and a [Flusher]. Reads go through a 32 KiB buffer of its own,
// so PollRead is cancel-safe; writes are write-behind (see
// [FromIOWriter]): PollWrite is Ready once the bytes are accepted, and
// PollFlush (or Close) reports whether they reached the file. One task at
// a time may use a File, for reading or for writing: the file offset is
// shared.
type File struct {
	f *os.File
	r asyncReader
	w asyncWriter
}

// NewFile wraps an *os.File already open.
func NewFile(f *os.File) *File {
	if f == nil {
		panic("aio.NewFile: nil *os.File")
	}
	return &File{f: f, r: asyncReader{r: f}, w: asyncWriter{w: f}}
}

// PollRead implements [Reader]; cancel-safe.
func (f *File) PollRead(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	return f.r.PollRead(cx, p)
}

// PollWrite implements [Writer]: Ready once p's prefix is accepted.
func (f *File) PollWrite(cx *future.Context, p []byte) future.Poll[future.Result[int]] {
	return f.w.PollWrite(cx, p)
}

// PollFlush implements [Flusher]: Ready once every accepted byte was
// written, with the first write error.
func (f *File) PollFlush(cx *future.Context) future.Poll[error] { return f.w.PollFlush(cx) }

// Name returns the file's name, as os.File.Name does.
func (f *File) Name() string { return f.f.Name() }

// Close waits for a write in flight (a short blocking wait), then closes
// the file. It returns that write's error, if any, else os.File.Close's.
// Do not call it while a task polls the File.
func (f *File) Close() error {
	if f.w.op != nil || f.r.op != nil {
		p := goblock.NewParker()
		for !f.w.pollInflight(p.Context()) {
			p.Wait(nil)
		}
		for f.r.op != nil {
			if _, ok := f.r.op.Poll(p.Context()).Get(); ok {
				f.r.op = nil
				break
			}
			p.Wait(nil)
		}
	}
	err := f.f.Close()
	if f.w.err != nil {
		return f.w.err
	}
	return err
}
