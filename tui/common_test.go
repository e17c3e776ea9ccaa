package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"
)

// TestCauseFirst: a write error keeps its cause when the status bar cuts
// the line ("✗ record not written: … open …/.betaling-api-pr…" said
// nothing about why).
func TestCauseFirst(t *testing.T) {
	pe := &fs.PathError{Op: "open", Path: "/home/kari/wiki/.betaling-api-prr.md.tmp-1", Err: syscall.EACCES}
	err := fmt.Errorf("write /home/kari/wiki/betaling-api-prr.md: %w", pe)
	want := "permission denied (write /home/kari/wiki/betaling-api-prr.md: open /home/kari/wiki/.betaling-api-prr.md.tmp-1)"
	if got := causeFirst(err); got != want {
		t.Errorf("causeFirst = %q, want %q", got, want)
	}
	if got := causeFirst(errors.New("type a file name")); got != "type a file name" {
		t.Errorf("an error without a cause changed: %q", got)
	}
	// A message that does not end with its cause's text is left alone.
	odd := fmt.Errorf("%w: is a named pipe (FIFO), not a regular file", errors.New("write x"))
	if got := causeFirst(odd); got != odd.Error() {
		t.Errorf("causeFirst(%q) = %q", odd, got)
	}
}
