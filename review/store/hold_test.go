//go:build !windows && !plan9 && !solaris && !aix && !android

package store

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// held reports whether s keeps a session open.
func held(s *Store) bool {
	s.hold.mu.Lock()
	defer s.hold.mu.Unlock()
	return s.hold.held != nil
}

// otherStore opens a second Store on path, as a second prr process would
// (its own file descriptors, so flock treats it as another process).
func otherStore(t *testing.T, path string, opts Options) *Store {
	t.Helper()
	if opts.Actor == "" {
		opts.Actor = "other"
	}
	o, err := Open(path, opts)
	if err != nil {
		t.Fatalf("open a second store: %v", err)
	}
	t.Cleanup(func() { _ = o.Close() })
	return o
}

// TestWritesReuseTheHeldSession: a write leaves the file open, the next
// write reuses it, and the session is closed once idle.
func TestWritesReuseTheHeldSession(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	if !held(s) {
		t.Fatal("no session is held after a write")
	}
	s.hold.mu.Lock()
	first := s.hold.held
	s.hold.mu.Unlock()
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, ""))
	s.hold.mu.Lock()
	second := s.hold.held
	s.hold.mu.Unlock()
	if first != second {
		t.Error("the second write opened the file again instead of reusing the held session")
	}
	deadline := time.Now().Add(10 * holdMax)
	for held(s) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if held(s) {
		t.Fatalf("the session is still held %s after the last write", 10*holdMax)
	}
}

// TestHeldSessionLetsOthersRead: while a session is held, another store
// reads at once (a lock wait of a millisecond is enough), and its writes
// wait for the hold to end rather than fail.
func TestHeldSessionLetsOthersRead(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "first"))
	if !held(s) {
		t.Fatal("no session is held after a write")
	}
	reader := otherStore(t, path, Options{ReadOnly: true, LockTimeout: time.Millisecond})
	got, err := reader.Get(r.ID)
	if err != nil {
		t.Fatalf("read next to a held session: %v", err)
	}
	if got.Answers["owner"].Note != "first" {
		t.Errorf("the reader saw %+v, want the held store's answer", got.Answers["owner"])
	}
	if _, err := reader.List(); err != nil {
		t.Fatalf("list next to a held session: %v", err)
	}
	writer := otherStore(t, path, Options{LockTimeout: 5 * holdMax})
	if _, err := writer.UpdateAnswer(r.ID, "slo", setStatus(review.Fail, "second")); err != nil {
		t.Fatalf("a second writer next to a held session: %v", err)
	}
	// Back to the first store: it must see the other's write, not
	// overwrite the file from its old view.
	mustAnswer(t, s, r.ID, "alerts", setStatus(review.Partial, "third"))
	got, err = reader.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for item, note := range map[string]string{"owner": "first", "slo": "second", "alerts": "third"} {
		if got.Answers[item].Note != note {
			t.Errorf("%s = %q, want %q", item, got.Answers[item].Note, note)
		}
	}
	assertDoctorOK(t, s)
}

// TestHeldSessionNoticesAWriteThatSlippedIn: flock does not convert a
// shared lock to an exclusive one atomically, so another writer may commit
// in between. Dropping the held session's lock by hand lets one in for
// sure; the next write must notice, open the file afresh and lose nothing.
func TestHeldSessionNoticesAWriteThatSlippedIn(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "mine"))
	s.hold.mu.Lock()
	sess := s.hold.held
	s.hold.mu.Unlock()
	if sess == nil {
		t.Fatal("no session is held after a write")
	}
	if err := syscall.Flock(int(sess.file.Fd()), syscall.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	other := otherStore(t, path, Options{LockTimeout: time.Millisecond})
	for i, item := range []string{"slo", "alerts"} {
		if _, err := other.UpdateAnswer(r.ID, item, setStatus(review.Fail, "theirs")); err != nil {
			t.Fatalf("write %d of the other store: %v", i, err)
		}
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "mine again"))
	s.hold.mu.Lock()
	now := s.hold.held
	s.hold.mu.Unlock()
	if now == sess {
		t.Error("the store kept writing through the session the other writer went around")
	}
	got, err := s.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for item, note := range map[string]string{"owner": "mine again", "slo": "theirs", "alerts": "theirs"} {
		if got.Answers[item].Note != note {
			t.Errorf("%s = %q, want %q", item, got.Answers[item].Note, note)
		}
	}
	assertDoctorOK(t, s)
}

// TestHeldSessionFollowsAReplacedFile: a database restored by renaming a
// copy over it is a new file; the held session of the old one must not
// swallow the next write.
func TestHeldSessionFollowsAReplacedFile(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "before"))
	cp := filepath.Join(filepath.Dir(path), "copy.db")
	if err := os.WriteFile(cp, readFile(t, path), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(cp, path); err != nil {
		t.Fatal(err)
	}
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "after"))
	fresh := otherStore(t, path, Options{ReadOnly: true})
	got, err := fresh.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if note := got.Answers["owner"].Note; note != "after" {
		t.Errorf("the file at the path has note %q, want the write made after the rename", note)
	}
}

// TestCloseReleasesTheHeldSession: after Close another writer gets the
// lock at once.
func TestCloseReleasesTheHeldSession(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if held(s) {
		t.Fatal("Close left a session held")
	}
	other := otherStore(t, path, Options{LockTimeout: time.Millisecond})
	if _, err := other.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, "")); err != nil {
		t.Fatalf("a write right after Close: %v", err)
	}
}

// TestAFailedWriteIsNotHeld: a write that fails closes its session.
func TestAFailedWriteIsNotHeld(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	_, err := s.UpdateAnswer(r.ID, "no-such-item", setStatus(review.Pass, ""))
	if !errors.Is(err, ErrUnknownItem) {
		t.Fatalf("answer to an unknown item: %v, want ErrUnknownItem", err)
	}
	if held(s) {
		t.Error("a session is held after a failed write")
	}
}
