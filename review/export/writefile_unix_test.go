//go:build unix

package export

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// specialFiles makes, in dir, what a record must never replace, with the
// error that says so: a FIFO, a socket, links to a device and to a FIFO,
// and (as root on Linux) a device node of its own, /dev/null's twin.
func specialFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	fifo := filepath.Join(dir, "fifo.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	toNull := filepath.Join(dir, "null.md")
	if err := os.Symlink("/dev/null", toNull); err != nil {
		t.Fatal(err)
	}
	toFIFO := filepath.Join(dir, "to-fifo.md")
	if err := os.Symlink("fifo.md", toFIFO); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{
		fifo:   "is a named pipe (FIFO), not a regular file",
		sock:   "is a socket, not a regular file",
		toNull: "is a device, not a regular file",
		toFIFO: "is a named pipe (FIFO), not a regular file",
	}
	if runtime.GOOS == "linux" && os.Getuid() == 0 {
		null := filepath.Join(dir, "devnull.md")
		if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
			out[null] = "is a device, not a regular file"
		}
	}
	return out
}
