//go:build linux || darwin || freebsd || netbsd || openbsd

package store

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestGuardRecoversMmapFault reproduces what bbolt does on a truncated file
// — read a memory map past the end of its file, which raises SIGBUS — and
// checks that guard turns it into ErrCorrupt instead of a crash.
func TestGuardRecoversMmapFault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapped")
	if err := os.WriteFile(path, make([]byte, 2*os.Getpagesize()), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := syscall.Mmap(int(f.Fd()), 0, 2*os.Getpagesize(), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(data)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	var got byte
	err = guard(path, "reading it", func() error {
		got = data[os.Getpagesize()+1]
		return nil
	})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("guard returned %v (read %d), want ErrCorrupt", err, got)
	}
}

// TestOpenFIFOIsRefused: a FIFO given as the database must be refused, not
// opened (which would block until someone writes to it).
func TestOpenFIFOIsRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	if _, err := Open(fifo, Options{}); !errors.Is(err, ErrNotDatabase) {
		t.Fatalf("err = %v, want ErrNotDatabase", err)
	}
}
