package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store/internal/boltpage"
)

// migration upgrades the database from one schema version to the next,
// inside the transaction that runs every pending migration: a database is
// either wholly at the old version or wholly at the new one, never between.
type migration struct {
	name  string
	apply func(s *Store, t *txn, now time.Time) error
}

// SchemaVersion is the schema this prr reads and writes (see layout.go).
func SchemaVersion() int { return len(migrations()) }

// migrations lists every migration in order: the one at index i upgrades a
// database at schema version i to version i+1, so the current version is
// the length of the list. A new database runs them all, from version 0, so
// that creating and upgrading share one path. Append only: a database may
// be at any version, so each migration must still accept what the ones
// before it leave. v2 to v4 once built and moved what v5 now rebuilds from
// the reviews themselves, so what is left of them is the buckets v5
// expects.
func migrations() []migration {
	return []migration{
		{"create the meta and reviews buckets", migrateV1},
		{"add a summary record per review, so listing decodes no review", migrateV2},
		{"summary records in binary, with the verdict from each waiver expiry on", migrateV3},
		{"each review's record in a bucket of its own (now done by v5)", func(*Store, *txn, time.Time) error { return nil }},
		{"template snapshots stored once, one compressed record per review, binary history", migrateV5},
		{"every history made a hash chain as it stands; summaries with the required items left, the parked ones and the renewal", migrateV6},
	}
}

// migrateV1 lays out the first schema: the marker and the reviews.
func migrateV1(_ *Store, t *txn, _ time.Time) error {
	meta, err := t.tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	if err := meta.Put(keyApp, appName); err != nil {
		return err
	}
	_, err = t.tx.CreateBucketIfNotExists(bucketReviews)
	return err
}

// migrateV2 adds the summaries bucket, which v5 fills.
func migrateV2(_ *Store, t *txn, _ time.Time) error {
	_, err := t.tx.CreateBucketIfNotExists(bucketSummaries)
	return err
}

// migrateV3 empties the summaries bucket: its JSON records from v2 would
// not decode as binary ones; v5 writes them all again.
func migrateV3(_ *Store, t *txn, _ time.Time) error {
	if err := t.tx.DeleteBucket(bucketSummaries); err != nil {
		return err
	}
	_, err := t.tx.CreateBucket(bucketSummaries)
	return err
}

// migrateV5 rewrites every review in the layout of layout.go: its template
// snapshot moves to the templates bucket (stored once per distinct
// snapshot), the rest into one compressed record, its history into binary
// events; its summary is derived afresh. The database revision and each
// review's revision, update time and history are kept as they were.
func migrateV5(s *Store, t *txn, now time.Time) error {
	for _, name := range [][]byte{bucketTemplates, bucketTemplateRefs} {
		if _, err := t.tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	if err := migrateV3(s, t, now); err != nil { // summaries of reviews since deleted go too
		return err
	}
	reviews, err := t.topBucket(bucketReviews)
	if err != nil {
		return err
	}
	// The ids first: a bucket must not change under its own cursor.
	var ids [][]byte
	err = t.each(reviews, nil, func(k, v []byte) (bool, error) {
		if v != nil {
			return false, damaged(shorten(string(k)), "a stray value where a review bucket belongs")
		}
		ids = append(ids, bytes.Clone(k))
		return true, nil
	})
	if err != nil {
		return err
	}
	for _, k := range ids {
		id := string(k)
		rb, err := t.bucket(reviews, k)
		if err != nil {
			return err
		}
		r, hist, rev, err := loadLegacyReview(t, rb, id)
		if err != nil {
			return err
		}
		if err := t.deleteBucket(reviews, k); err != nil {
			return err
		}
		rb, err = t.createBucket(reviews, k)
		if err != nil {
			return err
		}
		if _, err := s.writeReview(t, rb, r, nil, hist, rev, now); err != nil {
			return err
		}
	}
	return nil
}

// migrateV6 chains every review's history (chainHistories), then writes
// every summary again in the format that counts the required items left
// and the parked ones and keeps the review's renewal (summarycodec.go).
func migrateV6(s *Store, t *txn, now time.Time) error {
	if err := chainHistories(t, now); err != nil {
		return err
	}
	return rewriteSummaries(s, t, now)
}

// reviewKeys lists the keys of the reviews bucket, each a review's bucket.
func reviewKeys(t *txn, reviews *bkt) ([][]byte, error) {
	var ids [][]byte
	err := t.each(reviews, nil, func(k, v []byte) (bool, error) {
		if v != nil {
			return false, damaged(shorten(string(k)), "a stray value where a review bucket belongs")
		}
		ids = append(ids, bytes.Clone(k))
		return true, nil
	})
	return ids, err
}

// chainHistories chains every review's history as it stands
// (review/chain.go): the record gets the chain's head (the events stay as
// they are: their links are not stored, see historycodec.go), and
// ChainStart says that the events so far were chained by this upgrade, at
// now, rather than as they were recorded. Revisions and update times stay
// as they were: nothing about the review changed.
func chainHistories(t *txn, now time.Time) error {
	reviews, err := t.topBucket(bucketReviews)
	if err != nil {
		return err
	}
	ids, err := reviewKeys(t, reviews)
	if err != nil {
		return err
	}
	for _, k := range ids {
		id := string(k)
		rb, err := t.bucket(reviews, k)
		if err != nil {
			return err
		}
		data, err := t.get(rb, keyRecord)
		if err != nil {
			return err
		}
		rev, key, err := recordInfo(data, id)
		if err != nil {
			return err
		}
		r, _, err := decodeRecord(data, id)
		if err != nil {
			return err
		}
		hist, err := loadHistory(t, rb, id)
		if err != nil {
			return err
		}
		if r.HistoryHead != "" {
			continue // chained already
		}
		review.AppendHistory(r, hist)
		r.ChainStart = &review.ChainStart{Event: len(hist) + 1, At: now.UTC()}
		if err := writeRecord(t, rb, r, rev, key); err != nil {
			return err
		}
	}
	return nil
}

// rewriteSummaries derives every summary again from its review.
func rewriteSummaries(s *Store, t *txn, now time.Time) error {
	reviews, err := t.topBucket(bucketReviews)
	if err != nil {
		return err
	}
	ids, err := reviewKeys(t, reviews)
	if err != nil {
		return err
	}
	for _, k := range ids {
		st, err := s.load(t, string(k))
		if err != nil {
			return err
		}
		if err := putSummary(t, review.Summarize(st.review, st.snap.hasher(), now)); err != nil {
			return err
		}
	}
	return nil
}

// writeReview stores a whole review in its new, empty bucket rb, as of
// revision rev: its snapshot (counted, stored if new), its record, its
// history and its summary. js is the snapshot's canonical JSON, if the
// caller has it already. It returns the snapshot.
func (s *Store) writeReview(t *txn, rb *bkt, r *review.Review, js []byte, hist []review.Event, rev uint64, now time.Time) (*snapshot, error) {
	if js == nil {
		js = review.NewHasher(&r.Template).TemplateJSON()
	}
	snap, err := s.addSnapshot(t, js)
	if err != nil {
		return nil, err
	}
	c := *r
	c.Template = *snap.template // as every later read will see it
	if err := writeRecord(t, rb, &c, rev, snap.key); err != nil {
		return nil, err
	}
	hb, err := t.createBucket(rb, bucketHistory)
	if err != nil {
		return nil, err
	}
	if err := appendEvents(t, hb, hist); err != nil {
		return nil, err
	}
	return snap, putSummary(t, review.Summarize(&c, snap.hasher(), now))
}

// migrate upgrades the database in one write transaction, then compacts
// it if the upgrade left much of it free. It checks the marker and
// version again under the exclusive lock: another prr may have upgraded it
// in the meantime. A migration reads every review through bbolt, so the
// whole file is checked first (as prr doctor does), and the transaction
// itself runs unchecked.
func (s *Store) migrate(list []migration) error {
	h, err := openHandle(s.path, true, s.opts.LockTimeout)
	if err != nil {
		return err
	}
	defer h.close()
	if problems := boltpage.Walk(h.file, h.hdr); len(problems) > 0 {
		return corruptError(s.path, "it must be upgraded, but it is damaged: %s", problems[0])
	}
	err = h.update(func(tx *bolt.Tx) error {
		t := newTxn(tx, s.path, false)
		info, err := readSchema(t)
		if err != nil {
			return err
		}
		if !info.isPrr {
			return fileError(ErrNotDatabase, s.path, "it is a bbolt database, but not one of prr's")
		}
		return s.runMigrations(t, list, info.version)
	})
	if err != nil {
		return contextError(err, "%s", s.path)
	}
	compactAfterMigration(h, s.opts.LockTimeout)
	return nil
}

// runMigrations runs the migrations of list from version from on and
// records the new version. A database from a newer prr is refused before
// anything is written.
func (s *Store) runMigrations(t *txn, list []migration, from int) error {
	if from > len(list) {
		return newerSchemaError(s.path, from, len(list))
	}
	now := s.now()
	for v := from; v < len(list); v++ {
		if err := list[v].apply(s, t, now); err != nil {
			return fmt.Errorf("upgrade the database to schema v%d (%s): %w", v+1, list[v].name, err)
		}
	}
	meta, err := t.topBucket(bucketMeta)
	if err != nil {
		return err
	}
	return t.put(meta, keySchema, []byte(strconv.Itoa(len(list))))
}

// create makes a new database at s.path without ever letting a half-made
// one appear there: it is built and synced under a temporary name in the
// same folder, then hard-linked into place, which fails if the path exists.
// So two processes starting at once cannot clobber each other, and a crash
// leaves at most a stray temporary file, never an empty or foreign-looking
// database. It reports false if another process created the file first.
func (s *Store) create(list []migration) (created bool, err error) {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("create the database folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(s.path)+".new-*") // mode 0600
	if err != nil {
		return false, fmt.Errorf("create the database: %w", err)
	}
	name := tmp.Name()
	defer os.Remove(name)
	if err := tmp.Close(); err != nil {
		return false, fmt.Errorf("create the database: %w", err)
	}
	err = guard(name, "creating it", func() error {
		db, err := bolt.Open(name, 0o600, &bolt.Options{Timeout: s.opts.LockTimeout})
		if err != nil {
			return err
		}
		err = db.Update(func(tx *bolt.Tx) error { return s.runMigrations(newTxn(tx, name, false), list, 0) })
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("create the database %s: %w", s.path, err)
	}
	if err := os.Link(name, s.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		// No hard links on this file system: rename, which is atomic too
		// but would replace a file created since the check just above.
		if _, statErr := os.Lstat(s.path); !errors.Is(statErr, fs.ErrNotExist) {
			return false, nil
		}
		if err := os.Rename(name, s.path); err != nil {
			return false, fmt.Errorf("create the database %s: %w", s.path, err)
		}
	}
	if err := syncDir(dir); err != nil {
		return true, fmt.Errorf("create the database %s: sync its folder: %w", s.path, err)
	}
	return true, nil
}
