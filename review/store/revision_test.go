package store

import (
	"os"
	"testing"
	"time"
)

// TestRevisionAsksTheFileSystemFirst: a poll of a file untouched for a
// while opens no transaction, and a change by another process (another
// Store on the same file) is seen at the next poll, whether or not the file
// had settled.
func TestRevisionAsksTheFileSystemFirst(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments-api")
	other, err := Open(path, Options{Actor: "other", LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	s.inRead = func() { reads++ }
	settle := func() {
		old := time.Now().Add(-time.Minute)
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
	}
	poll := func() uint64 {
		t.Helper()
		rev, err := s.Revision(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		return rev
	}

	settle()
	first := poll()
	if reads != 1 {
		t.Fatalf("the first poll read %d times, want 1", reads)
	}
	if poll() != first || poll() != first || reads != 1 {
		t.Fatalf("polls of a settled, unchanged file read the database (%d reads)", reads)
	}

	// A change just now: the file has not settled, so every poll reads.
	if _, err := other.UpdateAnswer(r.ID, "owner", setStatus("pass", "")); err != nil {
		t.Fatal(err)
	}
	second := poll()
	if second == first {
		t.Fatalf("a change by another process was not seen: revision still %d", second)
	}
	before := reads
	poll()
	if reads == before {
		t.Fatal("a poll trusted the time of a file changed a moment ago")
	}

	// A change seen only after the file settled again: the time differs
	// from the one remembered, so the poll reads.
	if _, err := other.UpdateAnswer(r.ID, "owner", setStatus("fail", "")); err != nil {
		t.Fatal(err)
	}
	settle()
	if poll() == second {
		t.Fatal("a change made before the file settled was not seen")
	}
}
