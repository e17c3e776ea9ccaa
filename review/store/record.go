package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/prr-dev/prr/review"
)

// A review's record (keyRecord in its bucket) is everything the review is
// but its template snapshot:
//
//	byte      recordFormat
//	8 bytes   the revision of its last change, big-endian (what Revision
//	          reads, without decoding the rest)
//	32 bytes  the sha256 of its snapshot: its key in the templates bucket
//	rest      the JSON of review.Review with an empty template, compressed
//
// JSON of the domain type, so that a field the domain adds is stored as it
// is; compressed, because notes, evidence links and the repeated field
// names of 80 answers shrink to a fraction (see docs/store.md).
const (
	recordFormat = 1
	recordHead   = 1 + 8 + sha256.Size
)

// templateKey is a snapshot's sha256, its key in the templates bucket.
type templateKey [sha256.Size]byte

// encodeRecord encodes r (whose template is ignored) at revision rev,
// referring to the snapshot key.
func encodeRecord(r *review.Review, rev uint64, key templateKey) ([]byte, error) {
	c := *r
	c.Template = review.Template{}
	js, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("encode review %s: %w", r.ID, err)
	}
	z := compress(js, recordLevel)
	b := make([]byte, 0, recordHead+len(z))
	b = append(b, recordFormat)
	b = binary.BigEndian.AppendUint64(b, rev)
	b = append(b, key[:]...)
	return append(b, z...), nil
}

// recordInfo reads a record's revision and snapshot key without decoding
// the rest.
func recordInfo(data []byte, id string) (rev uint64, key templateKey, err error) {
	switch {
	case data == nil:
		return 0, key, damaged(id, "its record is missing")
	case len(data) < recordHead || data[0] != recordFormat:
		return 0, key, damaged(id, "its record is not one this prr wrote")
	}
	copy(key[:], data[9:recordHead])
	return binary.BigEndian.Uint64(data[1:9]), key, nil
}

// decodeRecord decodes a record into a review with an empty template
// snapshot and a non-nil Answers map. It copies what it keeps: nothing
// refers to bbolt's memory afterwards.
func decodeRecord(data []byte, id string) (*review.Review, templateKey, error) {
	_, key, err := recordInfo(data, id)
	if err != nil {
		return nil, key, err
	}
	js, err := inflate(data[recordHead:])
	if err != nil {
		return nil, key, damaged(id, "its record: %v", err)
	}
	var r review.Review
	if err := json.Unmarshal(js, &r); err != nil {
		return nil, key, damaged(id, "its record does not decode (%v)", err)
	}
	if r.ID != id {
		return nil, key, damaged(id, "its record names the id %q", shorten(r.ID))
	}
	r.Template = review.Template{}
	if r.Answers == nil {
		r.Answers = map[string]review.Answer{}
	}
	return &r, key, nil
}
