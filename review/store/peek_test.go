package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// manyReviews creates n reviews in one transaction, enough for the reviews
// bucket to span several pages under a branch page.
func manyReviews(t *testing.T, s *Store, n int) []string {
	t.Helper()
	var ids []string
	err := s.update(func(tx *bolt.Tx) error {
		for i := range n {
			r, err := createTx(tx, testTemplate(), testMeta(fmt.Sprintf("service-%d", i)), s.now(), "tester")
			if err != nil {
				return err
			}
			if _, err := updateAnswerTx(tx, nil, r.ID, "owner", setStatus(review.Pass, ""), s.now(), "tester"); err != nil {
				return err
			}
			ids = append(ids, r.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// boltRevision is Revision read through bbolt only.
func boltRevision(t *testing.T, s *Store, id string) uint64 {
	t.Helper()
	var rev uint64
	err := s.view(func(tx *bolt.Tx) error {
		reviews := tx.Bucket(bucketReviews)
		if id == "" {
			rev = reviews.Sequence()
			return nil
		}
		var err error
		rev, err = decodeUint(reviews.Bucket([]byte(id)).Get(keyRev))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

// TestPeekAgreesWithBbolt: the plain reads find what bbolt finds, through
// branch pages too, and do answer (rather than fall back) on a healthy
// database: otherwise Open and Revision would quietly map the file again.
func TestPeekAgreesWithBbolt(t *testing.T) {
	s, path := openTest(t, newClock())
	ids := manyReviews(t, s, 400)
	mustAnswer(t, s, ids[7], "slo", setStatus(review.Fail, "none"))

	var depth int
	_ = s.view(func(tx *bolt.Tx) error {
		depth = tx.Bucket(bucketReviews).Stats().Depth
		return nil
	})
	if depth < 2 {
		t.Fatalf("the reviews bucket is %d level(s) deep; the test needs branch pages", depth)
	}
	for _, id := range append([]string{""}, ids...) {
		got, err := s.peekRevision(id)
		if err != nil {
			t.Fatalf("peekRevision(%q): %v", id, err)
		}
		if want := boltRevision(t, s, id); got != want {
			t.Errorf("revision of %q: peeked %d, bbolt says %d", id, got, want)
		}
	}
	err := peekFile(path, time.Second, func(p *pageReader) error {
		v, err := p.peekSchema()
		if err == nil && v != len(migrations()) {
			t.Errorf("peeked schema v%d, want v%d", v, len(migrations()))
		}
		return err
	})
	if err != nil {
		t.Errorf("peeking the schema: %v", err)
	}

	// List: the plain reads answer, with the rows bbolt's ForEach gives.
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var peeked, viaBbolt []review.Summary
	err = s.peek(func(p *pageReader) error {
		sums, err := p.bucket(p.root(), bucketSummaries)
		if err != nil {
			return err
		}
		peeked, err = listSummaries(func(fn func(k, v []byte) error) error { return p.forEach(sums, fn) }, now)
		return err
	})
	if err != nil {
		t.Fatalf("listing with plain reads: %v", err)
	}
	err = s.view(func(tx *bolt.Tx) error {
		viaBbolt, err = listSummaries(tx.Bucket(bucketSummaries).ForEach, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(peeked) != len(ids) || !reflect.DeepEqual(peeked, viaBbolt) {
		t.Errorf("listing with plain reads gave %d rows, bbolt %d, or they differ", len(peeked), len(viaBbolt))
	}

	// A prefix, a missing review: not for peeking, and Revision still
	// answers them through bbolt.
	for _, id := range []string{ids[0][:4], "zzzzzzzz"} {
		if _, err := s.peekRevision(id); !errors.Is(err, errPeek) {
			t.Errorf("peekRevision(%q): %v, want errPeek", id, err)
		}
	}
	if _, err := s.Revision(ids[0][:6]); err != nil {
		t.Errorf("Revision of a prefix: %v", err)
	}
	if _, err := s.Revision("zzzzzzzz"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Revision of a missing review: %v, want ErrNotFound", err)
	}
}

// TestPeekThroughBranchRoot: with enough top-level buckets the root itself
// becomes a branch page; Open and Revision must still find their way.
func TestPeekThroughBranchRoot(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	rewrite(t, path, func(tx *bolt.Tx) error {
		for i := range 500 {
			if _, err := tx.CreateBucket(fmt.Appendf(nil, "extra-%04d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	err := peekFile(path, time.Second, func(p *pageReader) error {
		root, err := p.page(p.root().root)
		if err == nil && decodePageHeader(root).flags != branchPageFlag {
			t.Error("the root page is not a branch page; the test proves nothing")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", r.ID} {
		got, err := s.peekRevision(id)
		if err != nil {
			t.Fatalf("peekRevision(%q) through a branch root: %v", id, err)
		}
		if want := boltRevision(t, s, id); got != want {
			t.Errorf("revision of %q: peeked %d, bbolt says %d", id, got, want)
		}
	}
}

// TestRevisionSeesSchemaChanges: the peeking Revision refuses a database a
// newer prr has upgraded, as every other operation does.
func TestRevisionSeesSchemaChanges(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	rewrite(t, path, setSchema(fmt.Sprint(len(migrations())+1)))
	for _, id := range []string{"", r.ID} {
		if _, err := s.Revision(id); !errors.Is(err, ErrNewerSchema) {
			t.Errorf("Revision(%q) of an upgraded database: %v, want ErrNewerSchema", id, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Revision(""); !errors.Is(err, errClosed) {
		t.Errorf("Revision on a closed store: %v", err)
	}
}

// FuzzPeek damages the pages of a valid database and reads it with the
// page reader directly, without peekFile's recover: whatever the bytes, it
// must answer or say errPeek, never panic, loop or read past its limits.
func FuzzPeek(f *testing.F) {
	s, err := Open(filepath.Join(f.TempDir(), "seed.db"), Options{})
	if err != nil {
		f.Fatal(err)
	}
	var ids []string
	for i := range 40 {
		r, err := s.Create(testTemplate(), testMeta(fmt.Sprintf("seed-%d", i)))
		if err != nil {
			f.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	base, _ := os.ReadFile(s.Path())
	hdr, err := readHeader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint32(0), []byte{0xff})
	f.Add(uint32(hdr.pageSize+12), []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add(uint32(16), bytes.Repeat([]byte{0x7f}, 64))
	f.Fuzz(func(t *testing.T, off uint32, patch []byte) {
		d := append([]byte(nil), base...)
		at := 2*hdr.pageSize + int(off)%(len(d)-2*hdr.pageSize)
		for i, b := range patch {
			if at+i < len(d) {
				d[at+i] ^= b
			}
		}
		path := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(path, d, 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		h, err := readHeader(file, int64(len(d)))
		if err != nil {
			return
		}
		p := &pageReader{f: file, h: h}
		_, _ = p.peekSchema()
		reviews, err := p.bucket(p.root(), bucketReviews)
		if err != nil {
			return
		}
		for _, id := range ids {
			if rb, err := p.bucket(reviews, []byte(id)); err == nil {
				_, _ = p.value(rb, keyRev)
			}
		}
		if sums, err := p.bucket(p.root(), bucketSummaries); err == nil {
			_ = p.forEach(sums, func(k, v []byte) error { return nil })
		}
	})
}

// TestListRefusesACycleInTheSummaries: a branch page of the summaries
// bucket that points back at itself is reported as damage. bbolt, asked
// instead, would follow the cycle until memory runs out.
func TestListRefusesACycleInTheSummaries(t *testing.T) {
	s, path := openTest(t, newClock())
	for i := range 80 {
		mustCreate(t, s, fmt.Sprintf("service-%02d", i))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var root uint64
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(bucketSummaries).Root()); return nil })
	pageSize := db.Info().PageSize
	_ = db.Close()
	data := readFile(t, path)
	page := data[int(root)*pageSize:]
	if ph := decodePageHeader(page); ph.flags != branchPageFlag || ph.count < 2 {
		t.Fatalf("the summaries' root page %d is not a branch of two or more (flags %#x, count %d): make more reviews", root, ph.flags, ph.count)
	}
	// The second element's child: the root itself.
	binary.LittleEndian.PutUint64(page[pageHeaderSize+16+8:], root)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.List(); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("List of a database whose summaries loop: %v, want ErrCorrupt", err)
	}
	if _, _, err := ro.ListNewest(10); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("ListNewest of a database whose summaries loop: %v, want ErrCorrupt", err)
	}
}
