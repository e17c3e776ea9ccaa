package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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

func setSchema(v string) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte(v)) }
}

// golden is what the v4 store read back from testdata/v4/prr.db when it
// wrote it (see testdata/v4): the reviews with their history, and the list
// as of fixtureNow.
type golden struct {
	Reviews []struct {
		Review  *review.Review `json:"review"`
		History []review.Event `json:"history"`
	} `json:"reviews"`
	List []review.Summary `json:"list"`
}

// fixtureNow is the day the golden list was taken.
var fixtureNow = time.Date(2026, 2, 12, 9, 0, 0, 0, time.UTC)

func loadGolden(t *testing.T) golden {
	t.Helper()
	var g golden
	if err := json.Unmarshal(readFile(t, "testdata/v4/golden.json"), &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// fixture copies the database the v4 store wrote into a fresh folder,
// turned into the layout of an older schema: v3 kept each record in the
// review's own bucket, v2 also had JSON summaries, v1 no summaries at all.
func fixture(t *testing.T, version int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "prr.db")
	if err := os.WriteFile(path, readFile(t, "testdata/v4/prr.db"), 0o600); err != nil {
		t.Fatal(err)
	}
	switch version {
	case 4:
		return path
	case 5: // the v4 file as the v5 store upgraded it
		s := newStore(path, Options{LockTimeout: time.Second, Actor: "v5", Now: func() time.Time { return fixtureNow }})
		if err := s.open(migrations()[:5]); err != nil {
			t.Fatal(err)
		}
		return path
	}
	rewrite(t, path, func(tx *bolt.Tx) error {
		reviews := tx.Bucket(bucketReviews)
		var ids [][]byte
		_ = reviews.ForEachBucket(func(k []byte) error { ids = append(ids, bytes.Clone(k)); return nil })
		for _, k := range ids {
			rb := reviews.Bucket(k)
			data := bytes.Clone(rb.Bucket(legacySnapshot).Get(legacyRecord))
			if err := rb.DeleteBucket(legacySnapshot); err != nil {
				return err
			}
			if err := rb.Put(legacyRecord, data); err != nil {
				return err
			}
		}
		switch version {
		case 1:
			if err := tx.DeleteBucket(bucketSummaries); err != nil {
				return err
			}
		case 2:
			if err := tx.Bucket(bucketSummaries).Put(ids[0], []byte(`{"id":"a v2 summary, JSON"}`)); err != nil {
				return err
			}
		}
		return setSchema(strconv.Itoa(version))(tx)
	})
	return path
}

// TestMigrateFromEverySchema upgrades the database the v4 store wrote,
// and older layouts made from it, to this schema: every review, its
// history and the list read back as the v4 store read them, Doctor finds
// nothing, and a second open changes nothing.
func TestMigrateFromEverySchema(t *testing.T) {
	want := loadGolden(t)
	// The v4 list had no renewal and no deadlines yet: a signed-off review
	// lists when it was signed off now, and each its next deadline.
	for i, sum := range want.List {
		for _, w := range want.Reviews {
			if w.Review.ID == sum.ID {
				rec := review.Summarize(w.Review, nil, fixtureNow)
				want.List[i].SignedAt, want.List[i].NextDeadline = rec.SignedAt, rec.NextDeadline
			}
		}
	}
	for version := 1; version < len(migrations()); version++ {
		t.Run(fmt.Sprintf("v%d", version), func(t *testing.T) {
			path := fixture(t, version)
			old := readFile(t, path)
			// A read-only open cannot upgrade, and says so without touching the file.
			if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), fmt.Sprintf("schema v%d", version)) {
				t.Errorf("read-only open of a v%d database: %v, want ErrReadOnly naming it", version, err)
			}
			assertUnchanged(t, path, old)

			s, err := Open(path, Options{Now: func() time.Time { return fixtureNow }})
			if err != nil {
				t.Fatalf("Open of a v%d database: %v", version, err)
			}
			for _, w := range want.Reviews {
				got, hist, err := s.GetWithHistory(w.Review.ID)
				if err != nil {
					t.Fatal(err)
				}
				// v6 chained the history as it stood, and says so.
				if _, err := review.CheckChain(got.ID, hist, got.HistoryHead); err != nil {
					t.Errorf("review %s: the migrated chain does not hold: %v", got.ID, err)
				}
				if c := got.ChainStart; c == nil || c.Event != len(hist)+1 || !c.At.Equal(fixtureNow) {
					t.Errorf("review %s: chain start %+v, want event %d at %v", got.ID, c, len(hist)+1, fixtureNow)
				}
				got.HistoryHead, got.ChainStart = "", nil
				for i := range hist {
					hist[i].Prev = ""
				}
				assertSameJSON(t, "review "+w.Review.ID, got, w.Review)
				assertSameJSON(t, "history of "+w.Review.ID, hist, w.History)
			}
			list, err := s.List()
			if err != nil {
				t.Fatal(err)
			}
			assertSameJSON(t, "list", list, withStanding(want))
			rep := assertDoctorOK(t, s)
			if rep.Schema != len(migrations()) || rep.Reviews != len(want.Reviews) {
				t.Errorf("Doctor: schema v%d with %d reviews, want v%d with %d", rep.Schema, rep.Reviews, len(migrations()), len(want.Reviews))
			}
			// Two reviews share one checklist: it is stored once.
			if n := countKeys(t, path, bucketTemplates); n != 2 {
				t.Errorf("%d template snapshots stored for 3 reviews of 2 checklists", n)
			}
			after := readFile(t, path)
			if _, err := Open(path, Options{}); err != nil {
				t.Fatal(err)
			}
			assertUnchanged(t, path, after)
			// And the migrated database takes changes like any other.
			id := want.Reviews[0].Review.ID
			if _, err := s.UpdateAnswer(id, "alerts", setStatus(review.Fail, "changed after the upgrade")); err != nil {
				t.Fatal(err)
			}
			assertDoctorOK(t, s)
		})
	}
}

// withStanding is the golden list with what v6 added to each row, which
// the v4 store did not know: the required items left and the standing,
// from the review as Assess sees it on the day of the list.
func withStanding(g golden) []review.Summary {
	out := slices.Clone(g.List)
	for i := range out {
		for _, w := range g.Reviews {
			if w.Review.ID == out[i].ID {
				as := review.Assess(w.Review, fixtureNow)
				out[i].RequiredLeft, out[i].Parked, out[i].Standing = as.Standing.Left, as.Standing.Parked, as.Standing.Kind
			}
		}
	}
	return out
}

// assertSameJSON compares two values by their JSON encoding, which is what
// the store keeps and what an export writes.
func assertSameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if !bytes.Equal(g, w) {
		t.Errorf("%s differs:\n got %s\nwant %s", what, g, w)
	}
}

// countKeys counts the keys of a top-level bucket of a closed database.
func countKeys(t *testing.T, path string, bucket []byte) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	_ = db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucket).Stats().KeyN
		return nil
	})
	return n
}

// TestMigrationsRunInOrderInOneTransaction exercises the mechanism with a
// synthetic list: a database at this schema meets a prr that knows two
// more versions.
func TestMigrationsRunInOrderInOneTransaction(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	next := len(migrations()) + 1
	var ran []string
	list := append(migrations(),
		migration{"add a bucket", func(_ *Store, t *txn, _ time.Time) error {
			ran = append(ran, "first")
			_, err := t.tx.CreateBucket([]byte("new"))
			return err
		}},
		migration{"needs the first", func(_ *Store, t *txn, _ time.Time) error {
			ran = append(ran, "second")
			if t.tx.Bucket([]byte("new")) == nil {
				return errors.New("the first did not run first")
			}
			return nil
		}},
	)
	up := newStore(path, s.opts)
	if err := up.open(list); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ran, []string{"first", "second"}) {
		t.Errorf("ran %v, want first then second", ran)
	}
	if _, err := up.Get(r.ID); err != nil {
		t.Errorf("the review did not survive the migration: %v", err)
	}
	// This prr does not know the two synthetic versions: the database is
	// now from a newer prr.
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Open of the v%d database: %v, want ErrNewerSchema", next, err)
	}

	// A failing migration leaves the database as it was.
	s2, path2 := openTest(t, newClock())
	mustCreate(t, s2, "payments")
	before := readFile(t, path2)
	failing := append(migrations(),
		migration{"writes", func(_ *Store, t *txn, _ time.Time) error {
			_, err := t.tx.CreateBucket([]byte("half-done"))
			return err
		}},
		migration{"fails", func(*Store, *txn, time.Time) error { return errors.New("boom") }},
	)
	err := newStore(path2, s2.opts).open(failing)
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

// TestBrokenSchemaMarker: a schema version that is not a number is damage
// (ErrCorrupt, exit 4 in the CLI), and the file is left alone.
func TestBrokenSchemaMarker(t *testing.T) {
	s, path := openTest(t, newClock())
	mustCreate(t, s, "payments")
	rewrite(t, path, setSchema("two"))
	assertRefused(t, path, ErrCorrupt, "not a number")
	if _, err := s.List(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("read through a store opened before: %v, want ErrCorrupt", err)
	}
}

// writeLegacy writes reviews the way schema v4 kept them (legacy.go), with
// bbolt directly: a database an older prr left.
func writeLegacy(t *testing.T, path string, reviews []*review.Review) {
	t.Helper()
	rewrite(t, path, func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		if err := meta.Put(keyApp, appName); err != nil {
			return err
		}
		if err := meta.Put(keySchema, []byte("4")); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketSummaries); err != nil {
			return err
		}
		all, err := tx.CreateBucket(bucketReviews)
		if err != nil {
			return err
		}
		for _, r := range reviews {
			rb, err := all.CreateBucket([]byte(r.ID))
			if err != nil {
				return err
			}
			sb, err := rb.CreateBucket(legacySnapshot)
			if err != nil {
				return err
			}
			rec := *r
			rec.Answers = nil
			data, _ := json.Marshal(&rec)
			if err := sb.Put(legacyRecord, data); err != nil {
				return err
			}
			ab, _ := rb.CreateBucket(legacyAnswers)
			for item, a := range r.Answers {
				v, _ := json.Marshal(a)
				if err := ab.Put([]byte(item), v); err != nil {
					return err
				}
			}
			for _, name := range [][]byte{legacySignOffs, bucketHistory} {
				if _, err := rb.CreateBucket(name); err != nil {
					return err
				}
			}
			if err := rb.Put(legacyRev, seqKey(1)); err != nil {
				return err
			}
		}
		_, err = all.NextSequence()
		return err
	})
}

// TestMigrationCompactsABloatedFile: v5 stores each distinct snapshot once
// instead of once per review, which leaves most of an old file free; the
// database is then compacted, so later commits do not write a long free
// list, and nothing is lost on the way.
func TestMigrationCompactsABloatedFile(t *testing.T) {
	tmpl := manyItemTemplate(40)
	for i := range tmpl.Sections[0].Items {
		tmpl.Sections[0].Items[i].Guidance = strings.Repeat("Evidence that this holds, with a link. ", 12)
	}
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	var rs []*review.Review
	for i := range 60 {
		r, err := review.NewReview(fmt.Sprintf("rev%05d", i), tmpl, testMeta(fmt.Sprintf("service-%d", i)), at, "tester")
		if err != nil {
			t.Fatal(err)
		}
		r.Answers["item-3"] = review.Answer{Status: review.Fail, Note: "kept"}
		rs = append(rs, r)
	}
	path := filepath.Join(t.TempDir(), "prr.db")
	writeLegacy(t, path, rs)
	before := int64(len(readFile(t, path)))
	up, err := Open(path, Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatalf("Open of a v4 database: %v", err)
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
	if after := int64(len(readFile(t, path))); after*4 > before {
		t.Errorf("the file went from %d to %d bytes: more than a quarter of it is left", before, after)
	}
	if got, err := up.Get(rs[0].ID); err != nil || got.Answers["item-3"].Note != "kept" || !reflect.DeepEqual(got.Template, tmpl) {
		t.Errorf("Get after the migration: %v, %+v", err, got)
	}
	rep := assertDoctorOK(t, up)
	if rep.Reviews != len(rs) {
		t.Errorf("Doctor counts %d reviews, want %d", rep.Reviews, len(rs))
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*compact*")); len(matches) > 0 {
		t.Errorf("left behind: %v", matches)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the compacted file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
}

// TestAFileReplacedWhileWaitingIsOpenedAgain: a handle that locked a file
// the path no longer names (renamed over while it waited) opens the path
// again, and writes land in the file at the path.
func TestAFileReplacedWhileWaitingIsOpenedAgain(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
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
	h := &handle{path: path, write: true}
	if err := h.check(old, time.Second); !errors.Is(err, errReplaced) {
		t.Fatalf("check of the replaced file: %v, want errReplaced", err)
	}
	if _, err := s.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, "new file")); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(r.ID); got.Answers["owner"].Note != "new file" {
		t.Error("the write did not land in the file at the path")
	}
}
