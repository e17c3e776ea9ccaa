package store

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// rolledBackCopy writes a database whose newest meta page has one bit
// flipped, as a bad disk sector would leave it: bbolt then opens it at the
// commit before, without a word. It returns the path, the review and the
// note of the last answer (the change that is lost) and of the one before.
func rolledBackCopy(t *testing.T) (path, id string) {
	t.Helper()
	s, orig := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "kept"))
	mustAnswer(t, s, r.ID, "slo", setStatus(review.Fail, "the lost change"))
	d := readFile(t, orig)
	hdr := header(t, d)
	d[hdr.Use*hdr.PageSize+pageHeaderSize+20] ^= 0x04 // the root page id of the newest commit
	return writeTemp(t, d), r.ID
}

// TestRolledBackDatabaseRefusesWrites: a file whose newest commit cannot
// be read opens at the commit before; reads work and warn, writes are
// refused with ErrCorrupt and leave the file as it is, until the rollback
// is accepted. Before, the next write made the loss permanent in silence.
func TestRolledBackDatabaseRefusesWrites(t *testing.T) {
	path, id := rolledBackCopy(t)
	damaged := readFile(t, path)
	s, err := Open(path, Options{Actor: "tester", LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("Open of a rolled-back database: %v", err)
	}
	got, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Answers["owner"].Note != "kept" || got.Answers["slo"].Note != "" {
		t.Fatalf("reads should show the commit before the lost one: %+v", got.Answers)
	}
	warnings := s.Warnings()
	if len(warnings) != 1 || !errors.Is(warnings[0], ErrRolledBack) || !strings.Contains(warnings[0].Error(), path) {
		t.Errorf("warnings %v, want one about the rollback", warnings)
	}
	for name, write := range map[string]func() error{
		"answer": func() error { _, err := s.UpdateAnswer(id, "alerts", setStatus(review.Pass, "")); return err },
		"create": func() error { _, err := s.Create(testTemplate(), testMeta("x")); return err },
		"delete": func() error { return s.Delete(id) },
	} {
		err := write()
		if !errors.Is(err, ErrCorrupt) || !errors.Is(err, ErrRolledBack) || !strings.Contains(err.Error(), "nothing was written") {
			t.Errorf("%s on a rolled-back database: %v, want ErrCorrupt and ErrRolledBack", name, err)
		}
	}
	if _, err := Open(path, Options{KeepOpen: true, LockTimeout: time.Second}); !errors.Is(err, ErrRolledBack) {
		t.Errorf("a store that keeps it open for writing: %v, want ErrRolledBack", err)
	}
	rep, err := s.Doctor()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.RolledBack || rep.OK || !strings.Contains(rep.String(), "one change made after that is lost") {
		t.Errorf("Doctor does not tell of the rollback:\n%s", rep)
	}
	assertUnchanged(t, path, damaged)

	if err := AcceptRollback(path, time.Second); err != nil {
		t.Fatal(err)
	}
	after := readFile(t, path)
	hdr := header(t, damaged)
	bad := 1 - hdr.Use
	if !bytes.Equal(after[:bad*hdr.PageSize], damaged[:bad*hdr.PageSize]) ||
		!bytes.Equal(after[(bad+1)*hdr.PageSize:], damaged[(bad+1)*hdr.PageSize:]) {
		t.Error("accepting the rollback changed more than the damaged meta page")
	}
	if _, err := s.UpdateAnswer(id, "alerts", setStatus(review.Pass, "after")); err != nil {
		t.Fatalf("a write after the rollback was accepted: %v", err)
	}
	assertDoctorOK(t, s)
	if err := AcceptRollback(path, time.Second); !errors.Is(err, ErrNotRolledBack) {
		t.Errorf("accepting again: %v, want ErrNotRolledBack", err)
	}
}

// TestDamagedOlderMetaPageLosesNothing: damage to the meta page of the
// commit before is no rollback: writes go on, and nothing warns.
func TestDamagedOlderMetaPageLosesNothing(t *testing.T) {
	s, orig := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "kept"))
	d := readFile(t, orig)
	hdr := header(t, d)
	d[(1-hdr.Use)*hdr.PageSize+pageHeaderSize+20] ^= 0x04
	path := writeTemp(t, d)
	s2, err := Open(path, Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s2.Get(r.ID); got.Answers["owner"].Note != "kept" {
		t.Errorf("the newest commit does not read: %+v", got.Answers)
	}
	if _, err := s2.UpdateAnswer(r.ID, "slo", setStatus(review.Pass, "")); err != nil {
		t.Errorf("write: %v", err)
	}
	if w := s2.Warnings(); len(w) != 0 {
		t.Errorf("warnings %v", w)
	}
	if err := AcceptRollback(path, time.Second); !errors.Is(err, ErrNotRolledBack) {
		t.Errorf("AcceptRollback: %v, want ErrNotRolledBack", err)
	}
}
