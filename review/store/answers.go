package store

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// UpdateAnswer changes the answer to one item of a review, in one write
// transaction: it reads that item's current answer (so a change made a
// moment ago by another process, or to another item, is never overwritten
// with a stale copy), passes a copy to fn, validates the result against the
// item with the domain's rules, and stores it stamped with the time and the
// actor. The audit events are what review.DiffAnswer finds between the old
// and the new answer; the summary and the revision are refreshed with them.
//
// If fn returns an error nothing is written and that error is returned. If
// fn changes nothing that DiffAnswer sees, nothing is written, no event is
// recorded, and the current answer is returned. An item the review's
// template snapshot does not have is ErrUnknownItem. A panic in fn is
// re-raised after the transaction is rolled back.
//
// fn runs while the database is locked: keep it to editing the answer.
func (s *Store) UpdateAnswer(id, itemID string, fn func(a *review.Answer) error) (review.Answer, error) {
	now, actor := s.now(), s.opts.Actor
	var out review.Answer
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		out, err = updateAnswerTx(tx, &s.cache, id, itemID, fn, now, actor)
		return err
	})
	return out, rethrow(contextError(err, "review %s: answer %s", shorten(id), shorten(itemID)))
}

// updateAnswerTx is UpdateAnswer inside a write transaction, reading the
// review through cache (which may be nil). It returns errNoChange (with the
// current answer) when there is nothing to write.
func updateAnswerTx(tx *bolt.Tx, cache *reviewCache, id, itemID string, fn func(a *review.Answer) error, now time.Time, actor string) (review.Answer, error) {
	rid, rb, err := resolveTx(tx, id)
	if err != nil {
		return review.Answer{}, err
	}
	r, h, err := cache.load(rb, rid)
	if err != nil {
		return review.Answer{}, err
	}
	it, _, ok := r.Template.Find(itemID)
	if !ok {
		return review.Answer{}, newError(ErrUnknownItem, "review %s has no item %q (its template is %s v%d); prr show %s lists the items",
			rid, shorten(itemID), r.Template.ID, r.Template.Version, rid)
	}
	old := r.Answer(itemID).Clone() // the cache's copy is shared: never hand it out
	next := old.Clone()
	if err := callUser(func() error { return fn(&next) }); err != nil {
		return review.Answer{}, err
	}
	if err := next.Validate(it); err != nil {
		return review.Answer{}, err
	}
	events := review.DiffAnswer(itemID, old, next, now, actor)
	if len(events) == 0 {
		return old, errNoChange
	}
	next.UpdatedAt, next.UpdatedBy = now.UTC(), actor
	ab := rb.Bucket(bucketAnswers)
	if next.IsZero() {
		// Back to nothing at all: store nothing, like a new review.
		delete(r.Answers, itemID)
		err = ab.Delete([]byte(itemID))
	} else {
		r.Answers[itemID] = next
		err = putJSON(ab, []byte(itemID), next)
	}
	if err != nil {
		return review.Answer{}, err
	}
	return next, changed(tx, rb, r, h, events, now)
}
