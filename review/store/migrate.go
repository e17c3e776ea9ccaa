package store

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/prr-dev/prr/review"
	bolt "go.etcd.io/bbolt"
)

// migration upgrades the database from one schema version to the next,
// inside the transaction that runs every pending migration: a database is
// either wholly at the old version or wholly at the new one, never between.
type migration struct {
	name  string
	apply func(tx *bolt.Tx, now time.Time) error
}

// SchemaVersion is the schema this prr reads and writes (see layout.go).
func SchemaVersion() int { return len(migrations()) }

// migrations lists every migration in order: the one at index i upgrades a
// database at schema version i to version i+1, so the current version is
// the length of the list. A new database runs them all, from version 0, so
// that creating and upgrading share one path. Append only; never edit a
// migration that has shipped.
func migrations() []migration {
	return []migration{
		{"create the meta and reviews buckets", migrateV1},
		{"add a summary record per review, so listing decodes no review", migrateV2},
		{"summary records in binary, with the verdict from each waiver expiry on", migrateV3},
		{"each review's record in a bucket of its own, so an answer does not rewrite it", migrateV4},
	}
}

// migrateV1 lays out the first schema: the marker and the reviews.
func migrateV1(tx *bolt.Tx, _ time.Time) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	if err := meta.Put(keyApp, appName); err != nil {
		return err
	}
	_, err = tx.CreateBucketIfNotExists(bucketReviews)
	return err
}

// migrateV2 adds the summaries bucket and fills it from every review.
func migrateV2(tx *bolt.Tx, now time.Time) error {
	if _, err := tx.CreateBucketIfNotExists(bucketSummaries); err != nil {
		return err
	}
	return rebuildSummaries(tx, now)
}

// migrateV3 rewrites every summary record in the binary encoding that
// carries the verdict timeline (summarycodec.go), so that List never needs
// a review. The bucket is emptied first: a JSON record left behind (one of
// a review that no longer exists) would not decode.
func migrateV3(tx *bolt.Tx, now time.Time) error {
	if err := tx.DeleteBucket(bucketSummaries); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bucketSummaries); err != nil {
		return err
	}
	return rebuildSummaries(tx, now)
}

// migrateV4 moves each review's record (its template snapshot and
// metadata) from the review's bucket into a snapshot bucket of its own
// (see the layout in layout.go). bbolt copies what it still refers to in
// the old file before it remaps, so the stored bytes move as they are.
func migrateV4(tx *bolt.Tx, _ time.Time) error {
	reviews, err := bucketOf(tx, bucketReviews)
	if err != nil {
		return err
	}
	// The ids first: a bucket must not change under its own ForEach.
	var ids [][]byte
	if err := reviews.ForEachBucket(func(k []byte) error {
		ids = append(ids, bytes.Clone(k))
		return nil
	}); err != nil {
		return err
	}
	for _, k := range ids {
		rb := reviews.Bucket(k)
		data := rb.Get(keyRecord)
		if data == nil {
			return damaged(string(k), "its record is missing")
		}
		sb, err := rb.CreateBucket(bucketSnapshot)
		if err != nil {
			return fmt.Errorf("review %s: %w", k, err)
		}
		if err := sb.Put(keyRecord, data); err != nil {
			return err
		}
		if err := rb.Delete(keyRecord); err != nil {
			return err
		}
	}
	return nil
}

// rebuildSummaries rewrites the summary of every review from the review
// itself, in the encoding of this prr. Summaries are derived data: a later
// migration calls this again whenever their fields, their encoding or the
// domain's scoring change (v3 did, for the binary record with its verdict
// timeline). An earlier migration that calls it writes the current
// encoding too, which the later ones then rewrite identically.
func rebuildSummaries(tx *bolt.Tx, now time.Time) error {
	reviews, err := bucketOf(tx, bucketReviews)
	if err != nil {
		return err
	}
	return reviews.ForEachBucket(func(k []byte) error {
		r, err := loadReview(reviews.Bucket(k), string(k))
		if err != nil {
			return err
		}
		return putSummary(tx, review.Summarize(r, nil, now))
	})
}

// schemaInfo is what the meta bucket says about a database.
type schemaInfo struct {
	isPrr   bool // it carries prr's marker
	version int
}

// readSchema reads the marker and the schema version.
func readSchema(tx *bolt.Tx) (schemaInfo, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil || string(meta.Get(keyApp)) != string(appName) {
		return schemaInfo{}, nil
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return schemaInfo{isPrr: true}, nil
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 0 {
		return schemaInfo{isPrr: true}, fmt.Errorf("the schema version %q is not a number", shorten(string(raw)))
	}
	return schemaInfo{isPrr: true, version: v}, nil
}

// migrate runs the pending migrations of list and records the new version.
// A database from a newer prr is refused before anything is written.
func migrate(tx *bolt.Tx, list []migration, now time.Time, path string) error {
	info, err := readSchema(tx)
	if err != nil {
		return err
	}
	if info.version > len(list) {
		return newerSchemaError(path, info.version, len(list))
	}
	for v := info.version; v < len(list); v++ {
		if err := list[v].apply(tx, now); err != nil {
			return fmt.Errorf("upgrade the database to schema v%d (%s): %w", v+1, list[v].name, err)
		}
	}
	meta, err := bucketOf(tx, bucketMeta)
	if err != nil {
		return err
	}
	return meta.Put(keySchema, []byte(strconv.Itoa(len(list))))
}

func newerSchemaError(path string, found, known int) error {
	return fileError(ErrNewerSchema, path,
		fmt.Sprintf("it is at schema v%d, and this prr knows up to v%d", found, known),
		"upgrade prr to open it")
}
