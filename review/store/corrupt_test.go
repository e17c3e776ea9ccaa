package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store/internal/boltpage"
)

// The page layout the tests damage (boltpage has the same).
const (
	pageHeaderSize = 16
	metaSumLen     = 56
	metaLen        = metaSumLen + 8
)

// header reads a database file's header.
func header(t testing.TB, data []byte) *boltpage.Header {
	t.Helper()
	h, err := boltpage.ReadHeader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// populatedDB returns the bytes of a database holding a few answered
// reviews, built once per test.
func populatedDB(t *testing.T) []byte {
	t.Helper()
	s, path := openTest(t, newClock())
	for i := range 3 {
		r := mustCreate(t, s, "svc-"+string(rune('a'+i)))
		mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, strings.Repeat("note ", 200)))
		mustAnswer(t, s, r.ID, "slo", setStatus(review.Partial, "latency only"))
	}
	return readFile(t, path)
}

// assertRefused opens the file both ways and checks that the open fails
// with the wanted kind of error, as one line naming the file, and that the
// file is byte-for-byte unchanged.
func assertRefused(t *testing.T, path string, kind error, mention string) {
	t.Helper()
	before := readFile(t, path)
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro, LockTimeout: time.Second})
		switch {
		case err == nil:
			t.Fatalf("Open(ReadOnly=%v) accepted the file", ro)
		case !errors.Is(err, kind):
			t.Errorf("Open(ReadOnly=%v): %v; want %v", ro, err, kind)
		case !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not changed"):
			t.Errorf("error %q does not name the file and say it was not changed", err)
		case strings.Contains(err.Error(), "\n"):
			t.Errorf("error is more than one line: %q", err)
		case mention != "" && !strings.Contains(err.Error(), mention):
			t.Errorf("error %q does not mention %q", err, mention)
		}
		assertUnchanged(t, path, before)
	}
}

func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "prr.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestForeignFilesAreRefusedUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	sqlite := append([]byte("SQLite format 3\x00"), make([]byte, 4080)...)
	for _, tc := range []struct {
		name    string
		data    []byte
		mention string
	}{
		{"zero-length", nil, "empty (0 bytes)"},
		{"png", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), random(5000)...), "PNG image"},
		{"text", []byte("service: payments\nowner: kari\n"), "text file"},
		{"long text", []byte(strings.Repeat("ÆØÅ production readiness ", 400)), "text file"},
		{"sqlite", sqlite, "SQLite database"},
		{"random 16 KiB", random(16384), "no bbolt database header"},
		{"one byte", []byte{0}, "too short"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertRefused(t, writeTemp(t, tc.data), ErrNotDatabase, tc.mention)
		})
	}
}

func TestOtherBboltDatabasesAreRefusedUnchanged(t *testing.T) {
	for _, name := range []string{"empty", "with a bucket"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if name != "empty" {
				err = db.Update(func(tx *bolt.Tx) error {
					b, err := tx.CreateBucket([]byte("meta"))
					if err != nil {
						return err
					}
					return b.Put([]byte("app"), []byte("not-prr"))
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			assertRefused(t, path, ErrNotDatabase, "not one of prr's")
		})
	}
}

func TestTruncatedFilesAreRefusedUnchanged(t *testing.T) {
	good := populatedDB(t)
	hdr := header(t, good)
	ps, need := hdr.PageSize, int(hdr.Current().HWM)*hdr.PageSize
	cuts := []int{1, 15, 80, 100, 1023, 1024, 4095, ps, 2 * ps, 3*ps + 7, 4 * ps, need - ps, need - 1, len(good) - 1}
	for _, cut := range cuts {
		if cut <= 0 || cut >= len(good) {
			continue
		}
		kind := ErrCorrupt
		if cut < pageHeaderSize+4 {
			kind = ErrNotDatabase // too short to carry the bbolt marker
		}
		t.Run(fmt.Sprintf("%d bytes", cut), func(t *testing.T) {
			assertRefused(t, writeTemp(t, good[:cut]), kind, "")
		})
	}
}

// setMeta rewrites a field of both meta pages and fixes their checksums,
// as a crafted (or very unlucky) file would: the header check must not
// rely on checksums alone.
func setMeta(data []byte, pageSize int, offset int, value uint64) {
	for _, page := range []int{0, pageSize} {
		m := data[page+pageHeaderSize : page+pageHeaderSize+metaLen]
		if offset == 8 { // pageSize is a uint32
			binary.LittleEndian.PutUint32(m[offset:], uint32(value))
		} else {
			binary.LittleEndian.PutUint64(m[offset:], value)
		}
		h := fnv.New64a()
		h.Write(m[:metaSumLen])
		binary.LittleEndian.PutUint64(m[metaSumLen:], h.Sum64())
	}
}

func TestDamagedHeadersAreRefusedUnchanged(t *testing.T) {
	good := populatedDB(t)
	hdr := header(t, good)
	ps, m := hdr.PageSize, hdr.Current()
	damage := func(f func(d []byte)) []byte {
		d := append([]byte(nil), good...)
		f(d)
		return d
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		mention string
	}{
		{"both meta checksums", damage(func(d []byte) { d[pageHeaderSize+20] ^= 0xff; d[ps+pageHeaderSize+20] ^= 0xff }), "both meta pages"},
		{"root page garbage", damage(func(d []byte) { copy(d[int(m.Root)*ps:], strings.Repeat("garbage!", ps/8)) }), "root page"},
		{"root page zeroed", damage(func(d []byte) { clear(d[int(m.Root)*ps : int(m.Root+1)*ps]) }), "root page"},
		{"freelist page garbage", damage(func(d []byte) { copy(d[int(m.Freelist)*ps:], strings.Repeat("\xff", ps)) }), "freelist"},
		{"wild root pointer", damage(func(d []byte) { setMeta(d, ps, 16, 1<<40) }), "root page"},
		{"root pointer at a meta page", damage(func(d []byte) { setMeta(d, ps, 16, 1) }), "root page"},
		{"high-water mark past the end", damage(func(d []byte) { setMeta(d, ps, 40, m.HWM+1000) }), "truncated"},
		{"wild freelist pointer", damage(func(d []byte) { setMeta(d, ps, 32, 1<<50) }), "freelist"},
		{"impossible page size", damage(func(d []byte) { setMeta(d, ps, 8, 3000) }), ""},
		{"bbolt version 1", damage(func(d []byte) { setMeta(d, ps, 4, 1) }), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertRefused(t, writeTemp(t, tc.data), ErrCorrupt, tc.mention)
		})
	}
}

// TestOneDamagedMetaPageIsSurvivable: bbolt keeps two meta pages so that a
// crash while writing one leaves the other. Such a file must open (it is
// the previous commit), and Doctor must point the damage out.
func TestOneDamagedMetaPageIsSurvivable(t *testing.T) {
	good := populatedDB(t)
	hdr := header(t, good)
	older := 1 - hdr.Use
	d := append([]byte(nil), good...)
	d[older*hdr.PageSize+pageHeaderSize+50] ^= 0x01 // inside the older meta page: nothing is lost
	path := writeTemp(t, d)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open with one damaged meta page: %v", err)
	}
	list, err := s.List()
	if err != nil || len(list) != 3 {
		t.Fatalf("List = %d reviews, %v; want 3", len(list), err)
	}
	rep, err := s.Doctor()
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || !strings.Contains(rep.String(), "meta page") {
		t.Errorf("Doctor did not report the damaged meta page:\n%s", rep)
	}
	assertUnchanged(t, path, d)
}

// TestDamagedDataPagesNeverCrash overwrites each page of a database in
// turn with garbage, then opens, lists, reads and doctors it: whatever
// happens must be an error or a finding, never a crash, and nothing may be
// written.
func TestDamagedDataPagesNeverCrash(t *testing.T) {
	good := populatedDB(t)
	hdr := header(t, good)
	ps := hdr.PageSize
	rng := rand.New(rand.NewPCG(3, 4))
	// Pages on the freelist hold nothing: damage there is harmless.
	ids, err := boltpage.FreePages(bytes.NewReader(good), hdr)
	if err != nil {
		t.Fatal(err)
	}
	free := map[uint64]bool{}
	for _, id := range ids {
		free[id] = true
	}
	found, inUse := 0, 0
	for page := 2; page < int(hdr.Current().HWM); page++ {
		for _, fill := range []string{"random", "zero", "shifted"} {
			d := append([]byte(nil), good...)
			p := d[page*ps : (page+1)*ps]
			switch fill {
			case "random":
				for i := range p {
					p[i] = byte(rng.Uint32())
				}
			case "zero":
				clear(p)
			case "shifted": // keep a plausible header, scramble the elements
				for i := pageHeaderSize; i < len(p); i++ {
					p[i] = byte(rng.Uint32() % 7)
				}
			}
			if !free[uint64(page)] {
				inUse++
			}
			path := writeTemp(t, d)
			s, err := Open(path, Options{LockTimeout: time.Second})
			if err != nil {
				if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotDatabase) {
					t.Errorf("page %d %s: Open: %v", page, fill, err)
				}
				found++
				assertUnchanged(t, path, d)
				continue
			}
			list, listErr := s.List()
			for _, sum := range list {
				_, _ = s.Get(sum.ID)
				_, _ = s.History(sum.ID)
			}
			rep, err := s.Doctor()
			if err != nil {
				t.Errorf("page %d %s: Doctor: %v", page, fill, err)
			}
			switch {
			case !rep.OK || listErr != nil:
				found++
			case !free[uint64(page)]:
				t.Errorf("page %d (in use) overwritten with %s data: neither Open, List nor Doctor noticed", page, fill)
			}
			assertUnchanged(t, path, d)
		}
	}
	if found < inUse {
		t.Errorf("%d damaged copies noticed, fewer than the %d with a page in use damaged", found, inUse)
	}
	t.Logf("%d of %d damaged copies refused or reported; %d had a page in use damaged", found, 3*(int(hdr.Current().HWM)-2), inUse)
}
