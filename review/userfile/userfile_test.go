package userfile

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readSoon calls Read and fails the test if it does not return: a FIFO
// that blocks is the bug these tests look for, and a hung test says less.
func readSoon(t *testing.T, path string, limit int64) ([]byte, error) {
	t.Helper()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := Read(path, limit)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-time.After(30 * time.Second):
		t.Fatalf("Read(%s) blocked", path)
		return nil, nil
	}
}

func TestReadRegularFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "t.yaml")
	if err := os.WriteFile(file, []byte("id: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, link} {
		data, err := readSoon(t, p, 100)
		if err != nil || string(data) != "id: x\n" {
			t.Errorf("Read(%s) = %q, %v", p, data, err)
		}
	}
	if data, err := readSoon(t, file, 6); err != nil || len(data) != 6 {
		t.Errorf("a file of exactly the limit: %q, %v", data, err)
	}
}

func TestReadRefusesWhatIsNotARegularFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or Unix sockets")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tests := []struct{ path, want string }{
		{fifo, "is a named pipe (FIFO), not a regular file"},
		{sock, "is a socket, not a regular file"},
		{dir, "is a folder, not a regular file"},
		{"/dev/null", "is a device, not a regular file"},
	}
	for _, tc := range tests {
		_, err := readSoon(t, tc.path, 1<<20)
		if err == nil || err.Error() != tc.want || !errors.Is(err, ErrNotRegular) {
			t.Errorf("Read(%s) = %v, want %q", tc.path, err, tc.want)
		}
	}
}

func TestReadMissingAndDangling(t *testing.T) {
	dir := t.TempDir()
	dangling := filepath.Join(dir, "gone.yaml")
	if err := os.Symlink(filepath.Join(dir, "nothing"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, "missing.yaml"), dangling} {
		_, err := readSoon(t, p, 10)
		if !errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), p) {
			t.Errorf("Read(%s) = %v, want a not-exist error without the path", p, err)
		}
	}
}

func TestReadTooLargeSaysTheLimit(t *testing.T) {
	file := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 50 MiB file: the size is what counts, not the bytes on disk.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = readSoon(t, file, 4<<20)
	var tl *TooLargeError
	if !errors.As(err, &tl) || err.Error() != "is 50 MiB, more than the limit of 4 MiB" {
		t.Fatalf("err = %v", err)
	}
	if err := (&TooLargeError{Size: 4<<20 + 1, Limit: 4 << 20}); err.Error() != "is larger than the limit of 4 MiB" {
		t.Errorf("just over the limit: %v", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB", 4 << 20: "4 MiB", 4<<20 + 1: "4 MiB", 52_953_088: "50.5 MiB", 3 << 30: "3 GiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
