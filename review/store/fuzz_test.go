package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// FuzzOpen feeds arbitrary bytes to Open as a database file. Whatever the
// bytes, Open (and, if it succeeds, reading and doctoring the database)
// must not panic or crash, and must not modify the file, except for the
// one legitimate write: upgrading a valid prr database of an older schema.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	empty := filepath.Join(dir, "empty.db")
	s, err := Open(empty, Options{})
	if err != nil {
		f.Fatal(err)
	}
	fresh, _ := os.ReadFile(empty)
	r, err := s.Create(testTemplate(), testMeta("seed"))
	if err != nil {
		f.Fatal(err)
	}
	if _, err := s.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, "seed")); err != nil {
		f.Fatal(err)
	}
	populated, _ := os.ReadFile(empty)
	f.Add(fresh)
	f.Add(populated)
	f.Add(populated[:len(populated)/2])
	f.Add([]byte{})
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("SQLite format 3\x00"))
	f.Add([]byte("just some text\n"))
	damaged := append([]byte(nil), populated...)
	damaged[4096+40] ^= 0xff
	f.Add(damaged)

	f.Fuzz(func(t *testing.T, data []byte) {
		checkArbitraryFile(t, data)
	})
}

// FuzzDamagedPages damages the pages of a valid database past its meta
// pages (which the header check guards with checksums, so FuzzOpen rarely
// gets beyond them): the patch is XORed in at the given offset. This is
// where bbolt itself meets damaged bytes, behind guard and, for Doctor,
// the structural walk.
func FuzzDamagedPages(f *testing.F) {
	dir := f.TempDir()
	s, err := Open(filepath.Join(dir, "seed.db"), Options{})
	if err != nil {
		f.Fatal(err)
	}
	for i := range 3 {
		r, err := s.Create(testTemplate(), testMeta(fmt.Sprintf("seed-%d", i)))
		if err != nil {
			f.Fatal(err)
		}
		if _, err := s.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, strings.Repeat("seed ", 100))); err != nil {
			f.Fatal(err)
		}
	}
	base, _ := os.ReadFile(s.Path())
	hdr := header(f, base)
	start := 2 * hdr.PageSize
	f.Add(uint32(0), []byte{0xff})
	f.Add(uint32(hdr.PageSize+10), []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add(uint32(2*hdr.PageSize+16), bytes.Repeat([]byte{0x7f}, 64))
	f.Fuzz(func(t *testing.T, off uint32, patch []byte) {
		d := append([]byte(nil), base...)
		at := start + int(off)%(len(d)-start)
		for i, b := range patch {
			if at+i < len(d) {
				d[at+i] ^= b
			}
		}
		checkArbitraryFile(t, d)
	})
}

// checkArbitraryFile opens data as a database file read-only and then
// read-write, reads everything it can, and checks that nothing panicked
// and nothing was written (but for a legitimate schema upgrade).
func checkArbitraryFile(t *testing.T, data []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fuzz.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true, LockTimeout: time.Second})
	assertUnchanged(t, path, data)
	if err == nil {
		_, _ = ro.Revision("")
		if list, err := ro.List(); err == nil {
			for _, sum := range list {
				_, _ = ro.Get(sum.ID)
				_, _ = ro.History(sum.ID)
				_, _ = ro.Revision(sum.ID)
				_, _ = ro.Resolve(sum.ID[:2])
			}
		}
		if _, err := ro.Doctor(); err != nil && !errors.Is(err, ErrLocked) {
			t.Errorf("Doctor: %v", err)
		}
		assertUnchanged(t, path, data)
	}
	rw, rwErr := Open(path, Options{LockTimeout: time.Second})
	switch {
	case errors.Is(err, ErrReadOnly):
		// A valid older database: the read-write open may upgrade it.
	case err == nil && rwErr != nil:
		t.Errorf("opens read-only but not read-write: %v", rwErr)
	case err != nil && rwErr == nil:
		t.Errorf("refused read-only (%v) but opened read-write", err)
	default:
		assertUnchanged(t, path, data)
	}
	if rwErr == nil {
		// Writes read what they change first: damage on their way must be
		// refused too, and the file then left as it was.
		before, _ := os.ReadFile(path)
		if list, err := rw.List(); err == nil {
			for _, sum := range list {
				_, err := rw.UpdateAnswer(sum.ID, "owner", setStatus(review.Fail, "fuzz"))
				if err != nil {
					assertUnchanged(t, path, before)
				}
				before, _ = os.ReadFile(path)
			}
		}
	}
}
