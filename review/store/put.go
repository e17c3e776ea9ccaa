package store

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"sync"

	"github.com/prr-dev/prr/review"
)

// Record is a whole review with its history, as an import brings it.
type Record struct {
	Review  *review.Review
	History []review.Event
}

// BatchResult is what PutMany did with each record of a batch.
type BatchResult struct {
	Imported int
	// Skipped counts records whose id was taken (without replace), also by
	// an earlier record of the same batch.
	Skipped int
	// Failed lists the records refused by the domain's checks, in order.
	Failed []RecordError
}

// RecordError is one refused record: its index in the batch, its id, why.
type RecordError struct {
	Index int
	ID    string
	Err   error
}

func (e RecordError) Error() string { return e.Err.Error() }
func (e RecordError) Unwrap() error { return e.Err }

// Put stores a whole review with its history, as prr import does. The
// review is checked first (a valid id, valid metadata, every answer for an
// item of its own template snapshot and valid for it, valid sign-offs). An
// existing review with the same id is refused with ErrExists unless
// replace is set, in which case it is replaced entirely. The given history
// is kept as it is, and so is the update time: a restored review is the
// same review, and export → import → export gives identical bytes. The
// history must be an unbroken hash chain to the review's head and every
// signature must verify (review.ImportHistory); a history from before
// chains existed is chained as it stands, and the review says so
// (ChainStart). r is not modified.
func (s *Store) Put(r *review.Review, history []review.Event, replace bool) error {
	if r == nil {
		return fmt.Errorf("import review: no review given")
	}
	res, err := s.PutMany([]Record{{Review: r, History: history}}, replace)
	switch {
	case err != nil:
		return err
	case len(res.Failed) > 0:
		return res.Failed[0]
	case res.Skipped > 0:
		return newError(ErrExists, "import review %s: %s", r.ID, ErrExists)
	}
	return nil
}

// PutMany stores a batch of records as Put stores one, in one write
// transaction: the batch is imported whole or not at all. Records are
// taken in order, as if Put were called for each: a record whose id is
// taken (by the database or an earlier record of the batch) is skipped
// unless replace is set, and a record the domain refuses is reported in
// the result and left out, without stopping the others. The error is for
// a batch that could not be written at all (the database is busy,
// damaged, ...); then nothing of it was.
//
// A template snapshot is checked (review.Template.Validate) once per
// process, however many records share it: it is most of the checking.
func (s *Store) PutMany(records []Record, replace bool) (BatchResult, error) {
	var res BatchResult
	type checked struct {
		Record
		js []byte // the snapshot's canonical JSON
	}
	valid := make([]checked, 0, len(records))
	now := s.now()
	for i, rec := range records {
		js, err := s.checkImport(rec.Review)
		if err == nil {
			// The history must be an unbroken chain, and every signature
			// must verify; one from before chains is chained as it stands.
			c := *rec.Review
			var hist []review.Event
			if hist, err = review.ImportHistory(&c, rec.History, now); err == nil {
				rec = Record{Review: &c, History: hist}
			}
		}
		if err != nil {
			id := ""
			if rec.Review != nil {
				id = rec.Review.ID
			}
			res.Failed = append(res.Failed, RecordError{Index: i, ID: id, Err: fmt.Errorf("import review %s: %w", shorten(id), err)})
			continue
		}
		valid = append(valid, checked{rec, js})
	}
	if len(valid) == 0 {
		return res, nil
	}
	imported, skipped := 0, 0
	err := s.update(func(t *txn) error {
		imported, skipped = 0, 0
		for _, rec := range valid {
			done, err := s.put(t, rec.Record, rec.js, replace)
			if err != nil {
				return contextError(err, "import review %s", rec.Review.ID)
			}
			if done {
				imported++
			} else {
				skipped++
			}
		}
		if imported == 0 {
			return errNoChange
		}
		return nil
	})
	if err != nil {
		return BatchResult{Failed: res.Failed}, err
	}
	res.Imported, res.Skipped = imported, skipped
	return res, nil
}

// put stores one checked record, or reports false when its id is taken
// and replace is not set. js is its snapshot's canonical JSON.
func (s *Store) put(t *txn, rec Record, js []byte, replace bool) (bool, error) {
	r := rec.Review
	reviews, err := t.topBucket(bucketReviews)
	if err != nil {
		return false, err
	}
	rb, err := t.bucket(reviews, []byte(r.ID))
	if err != nil {
		return false, err
	}
	if rb != nil {
		if !replace {
			return false, nil
		}
		if err := s.remove(t, r.ID, rb); err != nil {
			return false, err
		}
	}
	if rb, err = t.createBucket(reviews, []byte(r.ID)); err != nil {
		return false, err
	}
	rev, err := t.nextSequence(reviews)
	if err != nil {
		return false, err
	}
	c := *r
	c.Answers = maps.Clone(r.Answers)
	maps.DeleteFunc(c.Answers, func(_ string, a review.Answer) bool { return a.IsZero() })
	_, err = s.writeReview(t, rb, &c, js, rec.History, rev, c.UpdatedAt)
	return err == nil, err
}

// checkImport validates a review from outside before it is stored, with
// the domain's own rules; its snapshot only if this store has not checked
// the same one before. It returns the snapshot's canonical JSON.
func (s *Store) checkImport(r *review.Review) ([]byte, error) {
	if r == nil {
		return nil, errors.New("no review given")
	}
	js := review.NewHasher(&r.Template).TemplateJSON()
	key := templateKey(sha256.Sum256(js))
	var err error
	if s.checkedTemplates.has(key) {
		err = review.ValidateWithKnownTemplate(r)
	} else if err = r.Validate(); err == nil {
		s.checkedTemplates.add(key)
	}
	if errors.Is(err, review.ErrUnknownItem) {
		return nil, newError(ErrUnknownItem, "%s", err.Error())
	}
	return js, err
}

// keySet is a set of snapshot keys, bounded: past maxCheckedTemplates it
// starts again (a snapshot is then checked once more).
type keySet struct {
	mu sync.Mutex
	m  map[templateKey]bool
}

const maxCheckedTemplates = 256

func (k *keySet) has(key templateKey) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.m[key]
}

func (k *keySet) add(key templateKey) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil || len(k.m) >= maxCheckedTemplates {
		k.m = map[templateKey]bool{}
	}
	k.m[key] = true
}
