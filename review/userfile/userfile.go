// Package userfile reads the files a user names: templates, JSON records,
// record layouts, the config file.
//
// A name can point at anything. A FIFO blocks open(2) until someone writes
// to it (and a read until they stop), /dev/zero never ends, /dev/tty waits
// for a key, a socket cannot be opened at all, and a 50 MB "template" is a
// mistake. Read opens regular files only, never blocks on whatever else the
// name turns out to be, and reads no more than the caller's limit.
package userfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is the cause when a name points at a folder, a FIFO, a
// device or a socket.
var ErrNotRegular = errors.New("not a regular file")

// TooLargeError says that a file is over the limit, naming both.
type TooLargeError struct {
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	size, limit := Size(e.Size), Size(e.Limit)
	if size == limit { // 4 MiB and a few bytes
		return "is larger than the limit of " + limit
	}
	return fmt.Sprintf("is %s, more than the limit of %s", size, limit)
}

// Read returns the contents of the regular file at path (a symbolic link
// to one is followed), at most limit bytes.
//
// The file is checked with stat(2) before it is opened, so a FIFO or a
// device is never opened; it is then opened without blocking and checked
// again on the open file, so a FIFO swapped in between cannot block either.
// Errors do not repeat the path, so callers can say what the file was for:
// "layout my.tmpl: is a named pipe (FIFO), not a regular file".
func Read(path string, limit int64) ([]byte, error) {
	f, st, err := open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file can grow while we read it: read one byte past the limit to
	// notice, and no more.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, cause(err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: max(st.Size(), int64(len(data))), Limit: limit}
	}
	return data, nil
}

// Open opens the regular file at path for a reader that streams it (JSON
// Lines), with Read's checks and no size limit.
func Open(path string) (*os.File, error) {
	f, _, err := open(path, -1)
	return f, err
}

// open is Read's checks; a negative limit means none.
func open(path string, limit int64) (*os.File, fs.FileInfo, error) {
	before, err := os.Stat(path)
	if err != nil {
		return nil, nil, cause(err)
	}
	if err := checkRegular(before, limit); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, nil, cause(err)
	}
	st, err := f.Stat()
	if err == nil {
		err = checkRegular(st, limit)
	}
	if err != nil {
		f.Close()
		return nil, nil, cause(err)
	}
	return f, st, nil
}

// checkRegular refuses anything but a regular file of at most limit bytes.
func checkRegular(st fs.FileInfo, limit int64) error {
	if err := Regular(st); err != nil {
		return err
	}
	if limit >= 0 && st.Size() > limit {
		return &TooLargeError{Size: st.Size(), Limit: limit}
	}
	return nil
}

// Regular returns nil for a regular file, and for anything else an error
// saying what it is, wrapping ErrNotRegular.
func Regular(st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("is %s, %w", what, ErrNotRegular)
}

// cause drops the *fs.PathError around an error, whose message would
// repeat the path and the system call.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Size writes a number of bytes for people: "300 bytes", "4 MiB", "50.5 MiB".
func Size(n int64) string {
	const k = 1024
	switch {
	case n < k:
		return fmt.Sprintf("%d bytes", n)
	case n < k*k:
		return trimZero(float64(n)/k) + " KiB"
	case n < k*k*k:
		return trimZero(float64(n)/(k*k)) + " MiB"
	}
	return trimZero(float64(n)/(k*k*k)) + " GiB"
}

func trimZero(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}
