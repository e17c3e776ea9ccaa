package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// The layout of the file (schema version 4):
//
//	meta/
//	    app        "prr": tells a prr database from any other bbolt file
//	    schema     the schema version, in decimal ("3")
//	reviews/       its bucket sequence is the database revision, bumped on
//	               every change to any review (deletes included)
//	    <id>/
//	        snapshot/ one key, review: JSON review.Review without answers
//	                  and sign-offs, i.e. the template snapshot and the
//	                  metadata; rewritten only when the metadata changes
//	        updated   RFC 3339 time of the last change
//	        rev       8-byte big-endian: the database revision of its last change
//	        answers/  item id -> JSON review.Answer (an answer that holds
//	                  nothing is deleted rather than stored)
//	        signoffs/ 8-byte big-endian sequence -> JSON review.SignOff
//	        history/  8-byte big-endian sequence -> JSON review.Event
//	summaries/
//	    <id>       the summary record, binary (summarycodec.go): the list row
//	               and the verdict from each waiver expiry date on;
//	               rewritten in the same transaction as every change to the
//	               review, so List never decodes a review
//
// The record has a bucket of its own (from v4) because bbolt rewrites a
// bucket's whole leaf whenever anything in it changes, and every change to
// a sub-bucket changes the parent's leaf, which holds the sub-bucket's
// root. With the record beside updated and rev, each answer rewrote the
// snapshot, some 25 pages of a large checklist, instead of a few.
//
// One answer per key is what keeps concurrent edits of different items
// from overwriting each other: a change reads and writes only its own
// item's key, inside the write transaction that serialises it.
//
// Values are JSON of the domain types, which the domain keeps stable (the
// template snapshot is also the export format), except the summaries:
// derived data, read 10,000 at a time, and rebuilt by a migration whenever
// their encoding changes.
var (
	bucketMeta      = []byte("meta")
	bucketReviews   = []byte("reviews")
	bucketSummaries = []byte("summaries")
	bucketAnswers   = []byte("answers")
	bucketSignOffs  = []byte("signoffs")
	bucketHistory   = []byte("history")
	bucketSnapshot  = []byte("snapshot")

	keyApp     = []byte("app")
	keySchema  = []byte("schema")
	keyRecord  = []byte("review")
	keyUpdated = []byte("updated")
	keyRev     = []byte("rev")

	appName = []byte("prr")
)

// seqKey encodes a sequence number so that keys sort in order.
func seqKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}

// decodeUint reads an 8-byte big-endian counter.
func decodeUint(b []byte) (uint64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("counter is %d bytes, not 8", len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// bucketOf returns a top-level bucket, which every migrated database has.
func bucketOf(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	b := tx.Bucket(name)
	if b == nil {
		return nil, newError(ErrCorrupt, "%s: the %q bucket is missing; run prr doctor", ErrCorrupt, name)
	}
	return b, checkTree(b)
}

// damaged reports a review whose stored records do not read back.
func damaged(id, format string, args ...any) error {
	return newError(ErrCorrupt, "%s: review %s: %s; run prr doctor", ErrCorrupt, id, fmt.Sprintf(format, args...))
}

// subBucket returns one of a review's own buckets.
func subBucket(rb *bolt.Bucket, id string, name []byte) (*bolt.Bucket, error) {
	b := rb.Bucket(name)
	if b == nil {
		return nil, damaged(id, "its %s bucket is missing", name)
	}
	return b, checkTree(b)
}

// putJSON stores v as JSON under key.
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put(key, data)
}

// writeRecord stores the review's snapshot and metadata, leaving answers
// and sign-offs to their own buckets.
func writeRecord(rb *bolt.Bucket, r *review.Review) error {
	rec := *r
	rec.Answers, rec.SignOffs = nil, nil
	sb, err := rb.CreateBucketIfNotExists(bucketSnapshot)
	if err != nil {
		return fmt.Errorf("review %s: %w", r.ID, err)
	}
	return putJSON(sb, keyRecord, &rec)
}

// recordBytes returns the stored record of a review, nil if there is none.
// Without a snapshot bucket it is the layout before v4, with the record in
// the review's own bucket: the migrations up to v3 read reviews that way
// (Doctor reports a missing snapshot bucket in a database at v4).
func recordBytes(rb *bolt.Bucket) ([]byte, error) {
	sb := rb.Bucket(bucketSnapshot)
	if sb == nil {
		return rb.Get(keyRecord), nil
	}
	if err := checkTree(sb); err != nil {
		return nil, err
	}
	return sb.Get(keyRecord), nil
}

// loadRecord decodes a review's snapshot and metadata, without answers.
// json.Unmarshal copies what it keeps, so nothing refers to bbolt's memory
// once the transaction ends; so does every other load function here.
func loadRecord(rb *bolt.Bucket, id string) (*review.Review, error) {
	data, err := recordBytes(rb)
	if err != nil {
		return nil, err
	}
	r, err := decodeRecord(data, id)
	if err != nil {
		return nil, err
	}
	r.Answers = map[string]review.Answer{}
	if r.UpdatedAt, err = loadUpdated(rb, id, r.UpdatedAt); err != nil {
		return nil, err
	}
	return r, nil
}

// decodeRecord decodes the bytes of a review's record (keyRecord): its
// snapshot and metadata, with no answers or sign-offs.
func decodeRecord(data []byte, id string) (*review.Review, error) {
	if data == nil {
		return nil, damaged(id, "its record is missing")
	}
	var r review.Review
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, damaged(id, "its record does not decode (%v)", err)
	}
	if r.ID != id {
		return nil, damaged(id, "its record names the id %q", shorten(r.ID))
	}
	r.Answers, r.SignOffs = nil, nil
	return &r, nil
}

// loadUpdated reads the time of the review's last change, which is kept
// apart from the record so that answering does not rewrite the record; if
// none is stored, the record's own time (def) stands.
func loadUpdated(rb *bolt.Bucket, id string, def time.Time) (time.Time, error) {
	t := rb.Get(keyUpdated)
	if t == nil {
		return def, nil
	}
	var at time.Time
	if err := at.UnmarshalText(t); err != nil {
		return def, damaged(id, "its update time does not decode (%v)", err)
	}
	return at, nil
}

// loadReview decodes a whole review: record, answers and sign-offs.
func loadReview(rb *bolt.Bucket, id string) (*review.Review, error) {
	r, err := loadRecord(rb, id)
	if err != nil {
		return nil, err
	}
	ab, err := subBucket(rb, id, bucketAnswers)
	if err != nil {
		return nil, err
	}
	err = forEachInFile(ab, id, func(k, v []byte) error {
		a, err := decodeAnswer(v, id, k)
		r.Answers[string(k)] = a
		return err
	})
	if err != nil {
		return nil, err
	}
	if r.SignOffs, err = loadSignOffs(rb, id); err != nil {
		return nil, err
	}
	return r, nil
}

// decodeAnswer decodes one stored answer (the value under its item id).
func decodeAnswer(v []byte, id string, itemID []byte) (review.Answer, error) {
	var a review.Answer
	if err := json.Unmarshal(v, &a); err != nil {
		return a, damaged(id, "its answer to %q does not decode (%v)", shorten(string(itemID)), err)
	}
	return a, nil
}

// loadSignOffs decodes a review's sign-offs in the order they were given.
func loadSignOffs(rb *bolt.Bucket, id string) ([]review.SignOff, error) {
	sb, err := subBucket(rb, id, bucketSignOffs)
	if err != nil {
		return nil, err
	}
	var out []review.SignOff
	err = forEachInFile(sb, id, func(_, v []byte) error {
		var so review.SignOff
		if err := json.Unmarshal(v, &so); err != nil {
			return damaged(id, "a sign-off does not decode (%v)", err)
		}
		out = append(out, so)
		return nil
	})
	return out, err
}

// loadHistory decodes a review's audit events in order.
func loadHistory(rb *bolt.Bucket, id string) ([]review.Event, error) {
	hb, err := subBucket(rb, id, bucketHistory)
	if err != nil {
		return nil, err
	}
	var evs []review.Event
	err = forEachInFile(hb, id, func(_, v []byte) error {
		var ev review.Event
		if err := json.Unmarshal(v, &ev); err != nil {
			return damaged(id, "a history event does not decode (%v)", err)
		}
		evs = append(evs, ev)
		return nil
	})
	return evs, err
}

// appendSeq appends v as JSON under the bucket's next sequence number.
func appendSeq(b *bolt.Bucket, v any) error {
	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, seqKey(n), v)
}

// newReviewBucket creates the bucket of a new review with its empty
// sub-buckets.
func newReviewBucket(reviews *bolt.Bucket, id string) (*bolt.Bucket, error) {
	rb, err := reviews.CreateBucket([]byte(id))
	if err != nil {
		return nil, fmt.Errorf("create review %s: %w", id, err)
	}
	for _, name := range [][]byte{bucketSnapshot, bucketAnswers, bucketSignOffs, bucketHistory} {
		if _, err := rb.CreateBucket(name); err != nil {
			return nil, fmt.Errorf("create review %s: %w", id, err)
		}
	}
	return rb, nil
}

// changed finishes every change to a review, in its transaction: it appends
// the audit events, stamps the update time, bumps the revision and rewrites
// the summary from r, which must be the review as it now stands. h, if not
// nil, is a Hasher of r's template snapshot (see reviewCache.load).
func changed(tx *bolt.Tx, rb *bolt.Bucket, r *review.Review, h *review.Hasher, events []review.Event, now time.Time) error {
	hb, err := subBucket(rb, r.ID, bucketHistory)
	if err != nil {
		return err
	}
	for _, ev := range events {
		if err := appendSeq(hb, ev); err != nil {
			return fmt.Errorf("review %s: append history: %w", r.ID, err)
		}
	}
	r.UpdatedAt = now.UTC()
	stamp, err := r.UpdatedAt.MarshalText()
	if err != nil {
		return err
	}
	if err := rb.Put(keyUpdated, stamp); err != nil {
		return err
	}
	rev, err := bumpRevision(tx)
	if err != nil {
		return err
	}
	if err := rb.Put(keyRev, seqKey(rev)); err != nil {
		return err
	}
	return putSummary(tx, review.Summarize(r, h, now))
}

// bumpRevision advances the database revision and returns it.
func bumpRevision(tx *bolt.Tx) (uint64, error) {
	reviews, err := bucketOf(tx, bucketReviews)
	if err != nil {
		return 0, err
	}
	return reviews.NextSequence()
}

// putSummary stores a review's summary record.
func putSummary(tx *bolt.Tx, rec review.SummaryRecord) error {
	sb, err := bucketOf(tx, bucketSummaries)
	if err != nil {
		return err
	}
	return sb.Put([]byte(rec.ID), encodeSummary(rec))
}
