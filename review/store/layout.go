package store

import (
	"encoding/binary"
	"fmt"
)

// The layout of the file (schema version 6):
//
//	meta/
//	    app        "prr": tells a prr database from any other bbolt file
//	    schema     the schema version, in decimal ("6")
//	templates/
//	    <sha256>   a template snapshot, stored once however many reviews use
//	               it: the 32-byte sha256 of its canonical JSON
//	               (review.TemplateHash) -> that JSON, compressed (codec.go)
//	templaterefs/
//	    <sha256>   8-byte big-endian count of the reviews that use it; the
//	               snapshot goes when the count reaches zero
//	reviews/       its bucket sequence is the database revision, bumped by
//	               every change to any review (deletes included)
//	    <id>/
//	        record   the review without its snapshot (record.go): 8-byte
//	                 big-endian revision of its last change, the sha256 of
//	                 its snapshot, and the JSON of review.Review (template
//	                 left empty), compressed; rewritten by every change
//	        history/ 8-byte big-endian sequence -> one audit event, binary
//	                 (historycodec.go), with the hash of the one before
//	                 it (a hash chain, review/chain.go, whose head the
//	                 record holds); append-only
//	summaries/
//	    <id>       the list row, binary (summarycodec.go), with the verdict
//	               from each waiver expiry date on and when the review was
//	               signed off with its valid_for (its renewal date follows
//	               from them on any day); rewritten in the same
//	               transaction as every change to the review, so List never
//	               decodes a review
//
// One key holds everything a review is but its snapshot, so a field the
// domain adds to review.Review is stored with no change here, and a change
// to a review rewrites that key, its summary and a history page: a few
// pages whatever the size of the database. Every write is one transaction
// that reads the record, changes it and writes it back, so two processes
// answering different items of one review both keep their answers.
//
// The snapshot is most of a review's bytes (a large checklist is some
// 100 KB of JSON) and the same for every review started from one version of
// a checklist: stored once, it is read from the file and decoded once per
// process (templates.go).
//
// Each review has a bucket of its own, holding only its record and its
// history, because bbolt rewrites a whole leaf when anything in it changes:
// in a shared bucket, a leaf holds at least two records, and every answer
// would rewrite a neighbour's.
var (
	bucketMeta         = []byte("meta")
	bucketTemplates    = []byte("templates")
	bucketTemplateRefs = []byte("templaterefs")
	bucketReviews      = []byte("reviews")
	bucketSummaries    = []byte("summaries")
	bucketHistory      = []byte("history")

	keyApp    = []byte("app")
	keySchema = []byte("schema")
	keyRecord = []byte("record")

	appName = []byte("prr")
)

// historyFill is how full bbolt packs a history bucket's pages when it
// splits them. Events are only ever appended, at the end of the bucket, so
// the pages left behind are never written again: packed full, they waste
// nothing (bbolt's default of a half leaves every page half empty).
const historyFill = 1.0

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
