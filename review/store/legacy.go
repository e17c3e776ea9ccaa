package store

import (
	"encoding/json"
	"time"

	"github.com/prr-dev/prr/review"
)

// Schemas v1 to v4 kept each review in a bucket of its own:
//
//	<id>/
//	    review    JSON review.Review without answers and sign-offs: the
//	              template snapshot and the metadata (v4: in snapshot/)
//	    snapshot/ (v4) the review key above, alone
//	    updated   RFC 3339 time of the last change
//	    rev       8-byte big-endian: the database revision of its last change
//	    answers/  item id -> JSON review.Answer
//	    signoffs/ 8-byte big-endian sequence -> JSON review.SignOff
//	    history/  8-byte big-endian sequence -> JSON review.Event
//
// Only the v5 migration reads them, from a file checked whole beforehand.
var (
	legacyRecord   = []byte("review")
	legacySnapshot = []byte("snapshot")
	legacyUpdated  = []byte("updated")
	legacyRev      = []byte("rev")
	legacyAnswers  = []byte("answers")
	legacySignOffs = []byte("signoffs")
)

// loadLegacyReview reads a review stored by schemas v1 to v4: the review,
// its history and its revision.
func loadLegacyReview(t *txn, rb *bkt, id string) (*review.Review, []review.Event, uint64, error) {
	recordIn := rb
	if sb, err := t.bucket(rb, legacySnapshot); err != nil {
		return nil, nil, 0, err
	} else if sb != nil {
		recordIn = sb
	}
	data, err := t.get(recordIn, legacyRecord)
	if err != nil {
		return nil, nil, 0, err
	}
	if data == nil {
		return nil, nil, 0, damaged(id, "its record is missing")
	}
	var r review.Review
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, nil, 0, damaged(id, "its record does not decode (%v)", err)
	}
	if r.ID != id {
		return nil, nil, 0, damaged(id, "its record names the id %q", shorten(r.ID))
	}
	r.Answers, r.SignOffs = map[string]review.Answer{}, nil
	if raw, err := t.get(rb, legacyUpdated); err != nil {
		return nil, nil, 0, err
	} else if raw != nil {
		var at time.Time
		if err := at.UnmarshalText(raw); err != nil {
			return nil, nil, 0, damaged(id, "its update time does not decode (%v)", err)
		}
		r.UpdatedAt = at
	}
	var rev uint64
	if raw, err := t.get(rb, legacyRev); err != nil {
		return nil, nil, 0, err
	} else if raw != nil {
		if rev, err = decodeUint(raw); err != nil {
			return nil, nil, 0, damaged(id, "its revision does not decode (%v)", err)
		}
	}
	err = eachLegacy(t, rb, legacyAnswers, id, func(k, v []byte) error {
		var a review.Answer
		if err := json.Unmarshal(v, &a); err != nil {
			return damaged(id, "its answer to %q does not decode (%v)", shorten(string(k)), err)
		}
		r.Answers[string(k)] = a
		return nil
	})
	if err != nil {
		return nil, nil, 0, err
	}
	err = eachLegacy(t, rb, legacySignOffs, id, func(_, v []byte) error {
		var so review.SignOff
		if err := json.Unmarshal(v, &so); err != nil {
			return damaged(id, "a sign-off does not decode (%v)", err)
		}
		r.SignOffs = append(r.SignOffs, so)
		return nil
	})
	if err != nil {
		return nil, nil, 0, err
	}
	var hist []review.Event
	err = eachLegacy(t, rb, bucketHistory, id, func(_, v []byte) error {
		var ev review.Event
		if err := json.Unmarshal(v, &ev); err != nil {
			return damaged(id, "a history event does not decode (%v)", err)
		}
		hist = append(hist, ev)
		return nil
	})
	return &r, hist, rev, err
}

// eachLegacy calls fn with every key and value of the review's bucket name.
func eachLegacy(t *txn, rb *bkt, name []byte, id string, fn func(k, v []byte) error) error {
	b, err := t.bucket(rb, name)
	if err != nil {
		return err
	}
	if b == nil {
		return damaged(id, "its %s bucket is missing", name)
	}
	return t.each(b, nil, func(k, v []byte) (bool, error) { return true, fn(k, v) })
}
