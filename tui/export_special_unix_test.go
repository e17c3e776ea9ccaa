//go:build unix

package tui

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The record screen writes through export.WriteFileAtomic, as prr export
// -o does: a FIFO or a link to a device is refused, even when the user
// says to overwrite it, and stays what it was.
func TestExportWritesOnlyRegularFiles(t *testing.T) {
	st, r := signedStore(t)
	h := newHarness(t, st, 100, 30, withOpen(r.ID))
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	null := filepath.Join(dir, "null.md")
	if err := os.Symlink("/dev/null", null); err != nil {
		t.Fatal(err)
	}
	h.press("x")
	h.wantInView("Record · ")
	for path, why := range map[string]string{fifo: "is a named pipe (FIFO), not a regular file", null: "is a device, not a regular file"} {
		h.press("tab", "ctrl+u")
		h.typeText(path)
		h.press("enter")
		if strings.Contains(h.view(), "Overwrite it?") {
			h.press("y")
		}
		h.wantStatus("record not written: write " + path + ": " + why)
		if st, err := os.Lstat(path); err != nil || st.Mode().IsRegular() {
			t.Fatalf("%s was replaced by a regular file", path)
		}
	}
}
