package store

import (
	"bytes"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// maxCachedReviews bounds the cache. A screen edits one review at a time;
// a big template snapshot with its answers is some 100 KB.
const maxCachedReviews = 8

// reviewCache spares a write the decoding of the whole review it changes.
// Every write still reads the review inside its own transaction (so it
// never works from a stale copy), but it compares the stored bytes with the
// bytes it decoded last time (a memcmp), and decodes only what differs: the
// template snapshot only when the record was rewritten (UpdateMeta, Put),
// and of the answers usually just the one changed by the previous write.
//
// Keyed by the exact bytes, the cache cannot serve a stale value: a change
// by another process, a rolled-back transaction and a replaced review all
// show up as different bytes. What it holds is shared with the reviews load
// returns and is never modified (see load); nothing from it reaches the
// store's callers, whose reviews are decoded afresh (Get, Create).
type reviewCache struct {
	mu      sync.Mutex
	reviews map[string]*cachedReview
}

// cachedReview is one review's decoded record and answers, each with the
// bytes it was decoded from.
type cachedReview struct {
	record  []byte
	review  *review.Review // snapshot and metadata; no answers or sign-offs
	answers map[string]cachedAnswer
	// hasher hashes reviews of this snapshot without encoding it again:
	// a write to a signed review refreshes its state, which needs the
	// content hash, and the snapshot is most of the bytes hashed.
	hasher *review.Hasher
}

type cachedAnswer struct {
	raw    []byte
	answer review.Answer
}

// load is loadReview through the cache. The review it returns is the
// caller's to change at the top level (its fields, its Answers map, its
// SignOffs), but its template snapshot and what the answers' slices and
// waivers point to are shared with the cache: replace those, never modify
// them in place (updateAnswerTx clones the answer it edits). The Hasher is
// one of that shared snapshot, for the review's content hash. A nil cache
// decodes everything and returns a nil Hasher (which encodes per call).
func (c *reviewCache) load(rb *bolt.Bucket, id string) (*review.Review, *review.Hasher, error) {
	if c == nil {
		r, err := loadReview(rb, id)
		return r, nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r, err := c.loadLocked(rb, id)
	if err != nil {
		return nil, nil, err
	}
	return r, c.reviews[id].hasher, nil
}

func (c *reviewCache) loadLocked(rb *bolt.Bucket, id string) (*review.Review, error) {
	e, err := c.record(rb, id)
	if err != nil {
		return nil, err
	}
	r := *e.review
	if r.UpdatedAt, err = loadUpdated(rb, id, r.UpdatedAt); err != nil {
		return nil, err
	}
	ab, err := subBucket(rb, id, bucketAnswers)
	if err != nil {
		return nil, err
	}
	r.Answers = make(map[string]review.Answer, len(e.answers))
	err = ab.ForEach(func(k, v []byte) error {
		ca, ok := e.answers[string(k)]
		if !ok || !bytes.Equal(ca.raw, v) {
			a, err := decodeAnswer(v, id, k)
			if err != nil {
				return err
			}
			ca = cachedAnswer{raw: bytes.Clone(v), answer: a}
			e.answers[string(k)] = ca
		}
		r.Answers[string(k)] = ca.answer
		return nil
	})
	if err != nil {
		return nil, err
	}
	// An answer deleted since stays cached: harmless, as only what the
	// bucket holds is read out, and bounded by the template's items.
	if r.SignOffs, err = loadSignOffs(rb, id); err != nil {
		return nil, err
	}
	return &r, nil
}

// record returns the cache entry of the review, with its record decoded
// from the bytes stored now.
func (c *reviewCache) record(rb *bolt.Bucket, id string) (*cachedReview, error) {
	data, err := recordBytes(rb)
	if err != nil {
		return nil, err
	}
	if e := c.reviews[id]; e != nil && data != nil && bytes.Equal(e.record, data) {
		return e, nil
	}
	r, err := decodeRecord(data, id)
	if err != nil {
		delete(c.reviews, id)
		return nil, err
	}
	if c.reviews == nil {
		c.reviews = map[string]*cachedReview{}
	}
	if _, ok := c.reviews[id]; !ok && len(c.reviews) >= maxCachedReviews {
		for other := range c.reviews {
			delete(c.reviews, other) // any one: the cache is a convenience
			break
		}
	}
	e := &cachedReview{record: bytes.Clone(data), review: r, answers: map[string]cachedAnswer{}, hasher: review.NewHasher(&r.Template)}
	c.reviews[id] = e
	return e, nil
}
