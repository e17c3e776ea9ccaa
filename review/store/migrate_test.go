package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// rewrite edits a closed database file with bbolt directly, as an older or
// newer prr would have left it.
func rewrite(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// toV3Layout moves every review's record back into the review's own
// bucket, where schemas before v4 kept it.
func toV3Layout(tx *bolt.Tx) error {
	reviews := tx.Bucket(bucketReviews)
	var ids [][]byte
	_ = reviews.ForEachBucket(func(k []byte) error { ids = append(ids, k); return nil })
	for _, k := range ids {
		rb := reviews.Bucket(k)
		data := bytes.Clone(rb.Bucket(bucketSnapshot).Get(keyRecord))
		if err := rb.DeleteBucket(bucketSnapshot); err != nil {
			return err
		}
		if err := rb.Put(keyRecord, data); err != nil {
			return err
		}
	}
	return nil
}

func setSchema(v string) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte(v)) }
}

// TestMigrateV1ToV2 builds a schema v1 database by hand (the layout before
// summary records: no summaries bucket) and checks that Open upgrades it
// and that List then shows what the reviews say.
func TestMigrateV1ToV2(t *testing.T) {
	clock := newClock()
	s, path := openTest(t, clock)
	a := mustCreate(t, s, "payments")
	b := mustCreate(t, s, "checkout")
	mustAnswer(t, s, a.ID, "owner", setStatus(review.Pass, ""))
	mustAnswer(t, s, b.ID, "slo", setStatus(review.Fail, "none"))
	want, _ := s.List()

	rewrite(t, path, func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketSummaries); err != nil {
			return err
		}
		if err := toV3Layout(tx); err != nil {
			return err
		}
		return setSchema("1")(tx)
	})
	v1 := readFile(t, path)

	// A read-only open cannot upgrade, and says so without touching the file.
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "schema v1") {
		t.Errorf("read-only open of a v1 database: %v, want ErrReadOnly naming v1", err)
	}
	assertUnchanged(t, path, v1)

	up, err := Open(path, Options{Now: clock.Now})
	if err != nil {
		t.Fatalf("Open of a v1 database: %v", err)
	}
	got, err := up.List()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("List after the migration:\n got %+v\nwant %+v", got, want)
	}
	rep := assertDoctorOK(t, up)
	if rep.Schema != len(migrations()) || rep.Reviews != 2 {
		t.Errorf("Doctor: schema v%d with %d reviews, want v%d with 2", rep.Schema, rep.Reviews, len(migrations()))
	}
	// Migrated once: opening again changes nothing.
	after := readFile(t, path)
	if _, err := Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	assertUnchanged(t, path, after)
}

// TestMigrationsRunInOrderInOneTransaction exercises the mechanism with a
// synthetic list: a v2 database meets a prr that knows v3 and v4.
func TestMigrationsRunInOrderInOneTransaction(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	var ran []string
	list := append(migrations(),
		migration{"v3: add a bucket", func(tx *bolt.Tx, _ time.Time) error {
			ran = append(ran, "v3")
			_, err := tx.CreateBucket([]byte("v3"))
			return err
		}},
		migration{"v4: needs v3", func(tx *bolt.Tx, _ time.Time) error {
			ran = append(ran, "v4")
			if tx.Bucket([]byte("v3")) == nil {
				return errors.New("v3 did not run first")
			}
			return nil
		}},
	)
	up := &Store{path: path, opts: s.opts}
	if err := up.open(list); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ran, []string{"v3", "v4"}) {
		t.Errorf("ran %v, want v3 then v4", ran)
	}
	if _, err := up.Get(r.ID); err != nil {
		t.Errorf("the review did not survive the migration: %v", err)
	}
	// This prr does not know the two synthetic versions: the database is
	// now from a newer prr.
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Open of the v4 database: %v, want ErrNewerSchema", err)
	}

	// A failing migration leaves the database as it was.
	s2, path2 := openTest(t, newClock())
	mustCreate(t, s2, "payments")
	before := readFile(t, path2)
	failing := append(migrations(),
		migration{"v3: writes", func(tx *bolt.Tx, _ time.Time) error {
			_, err := tx.CreateBucket([]byte("half-done"))
			return err
		}},
		migration{"v4: fails", func(*bolt.Tx, time.Time) error { return errors.New("boom") }},
	)
	err := (&Store{path: path2, opts: s2.opts}).open(failing)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("schema v%d", len(failing))) || !strings.Contains(err.Error(), "boom") {
		t.Errorf("failing migration: %v", err)
	}
	assertUnchanged(t, path2, before)
}

func TestNewerSchemaIsRefusedUnchanged(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	newer := strconv.Itoa(len(migrations()) + 1)
	rewrite(t, path, setSchema(newer))
	assertRefused(t, path, ErrNewerSchema, "schema v"+newer)

	// A store opened before a newer prr upgraded the file (a TUI left
	// open) must not write the old format into it either.
	before := readFile(t, path)
	if _, err := s.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, "")); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("write after an upgrade by a newer prr: %v, want ErrNewerSchema", err)
	}
	if _, err := s.List(); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("read after an upgrade by a newer prr: %v, want ErrNewerSchema", err)
	}
	assertUnchanged(t, path, before)
}

func TestBrokenSchemaMarker(t *testing.T) {
	s, path := openTest(t, newClock())
	mustCreate(t, s, "payments")
	rewrite(t, path, setSchema("two"))
	before := readFile(t, path)
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("Open with a broken schema version: %v", err)
	}
	assertUnchanged(t, path, before)
}

// TestMigrateV3ToV4 moves the records of a v3 database (in each review's
// own bucket) into snapshot buckets; every review reads back as before,
// and an answer then leaves the snapshot's pages alone.
func TestMigrateV3ToV4(t *testing.T) {
	clock := newClock()
	s, path := openTest(t, clock)
	a := mustCreate(t, s, "payments")
	b := mustCreate(t, s, "checkout")
	mustAnswer(t, s, a.ID, "owner", setStatus(review.Pass, "ok"))
	if _, err := s.SignOff(b.ID, "Kari", "owner", review.Approve, ""); err != nil {
		t.Fatal(err)
	}
	wantA, _ := s.Get(a.ID)
	wantB, _ := s.Get(b.ID)
	wantList, _ := s.List()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rewrite(t, path, func(tx *bolt.Tx) error {
		if err := toV3Layout(tx); err != nil {
			return err
		}
		return setSchema("3")(tx)
	})
	up, err := Open(path, Options{Now: clock.Now, Actor: "tester"})
	if err != nil {
		t.Fatalf("Open of a v3 database: %v", err)
	}
	for _, want := range []*review.Review{wantA, wantB} {
		got, err := up.Get(want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("review %s after the migration:\n got %+v\nwant %+v", want.ID, got, want)
		}
	}
	if got, _ := up.List(); !reflect.DeepEqual(got, wantList) {
		t.Errorf("List after the migration:\n got %+v\nwant %+v", got, wantList)
	}
	assertDoctorOK(t, up)
	mustAnswer(t, up, a.ID, "slo", setStatus(review.Fail, "later"))
	if got, _ := up.Get(a.ID); got.Answers["slo"].Note != "later" || got.Answers["owner"].Note != "ok" {
		t.Errorf("answers after a write on the migrated database: %+v", got.Answers)
	}
}

// TestMigrationCompactsABloatedFile: moving the records of many reviews
// frees their old pages; the database is then compacted, so later commits
// do not write a long freelist, and nothing is lost on the way.
func TestMigrationCompactsABloatedFile(t *testing.T) {
	clock := newClock()
	s, path := openTest(t, clock)
	tmpl := manyItemTemplate(40)
	for i := range tmpl.Sections[0].Items {
		tmpl.Sections[0].Items[i].Guidance = strings.Repeat("Evidence that this holds, with a link. ", 12)
	}
	var ids []string
	for i := range 60 {
		r, err := s.Create(tmpl, testMeta(fmt.Sprintf("service-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	mustAnswer(t, s, ids[0], "item-3", setStatus(review.Fail, "kept"))
	wantList, _ := s.List()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rewrite(t, path, func(tx *bolt.Tx) error {
		if err := toV3Layout(tx); err != nil {
			return err
		}
		return setSchema("3")(tx)
	})
	up, err := Open(path, Options{Now: clock.Now})
	if err != nil {
		t.Fatalf("Open of a v3 database: %v", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	free := db.Stats().FreePageN
	_ = db.Close()
	if free >= compactMinFree {
		t.Errorf("%d free pages after the migration: the file was not compacted", free)
	}
	if got, _ := up.List(); !reflect.DeepEqual(got, wantList) {
		t.Errorf("List after the migration:\n got %+v\nwant %+v", got, wantList)
	}
	if got, err := up.Get(ids[0]); err != nil || got.Answers["item-3"].Note != "kept" {
		t.Errorf("Get after the migration: %v, %+v", err, got)
	}
	rep := assertDoctorOK(t, up)
	if rep.Reviews != len(ids) {
		t.Errorf("Doctor counts %d reviews, want %d", rep.Reviews, len(ids))
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*compact*")); len(matches) > 0 {
		t.Errorf("left behind: %v", matches)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the compacted file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
}

// TestAFileReplacedWhileWaitingIsOpenedAgain: a session that locked a file
// the path no longer names (renamed over while it waited) opens the path
// again, and writes land in the file at the path.
func TestAFileReplacedWhileWaitingIsOpenedAgain(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	old, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	cp := path + ".copy"
	if err := os.WriteFile(cp, readFile(t, path), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(cp, path); err != nil {
		t.Fatal(err)
	}
	sess := &session{path: path}
	if err := sess.check(old, true, time.Second); !errors.Is(err, errReplaced) {
		t.Fatalf("check of the replaced file: %v, want errReplaced", err)
	}
	s2, err := Open(path, Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, "new file")); err != nil {
		t.Fatal(err)
	}
}
