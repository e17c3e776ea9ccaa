package store

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/prr-dev/prr/review"
)

// maxIDTries bounds the search for an unused id. With 2^40 ids a second try
// is already rare; twenty failures mean something other than bad luck.
const maxIDTries = 20

// stored is a review as read inside a transaction: its bucket, and the
// review with its template snapshot shared with the cache (never handed
// out as it is: see cloneTemplate).
type stored struct {
	rb     *bkt
	review *review.Review
	snap   *snapshot
}

// load reads the review idOrPrefix names: its record, and its snapshot
// from the cache or the file.
func (s *Store) load(t *txn, idOrPrefix string) (*stored, error) {
	id, rb, err := resolve(t, idOrPrefix)
	if err != nil {
		return nil, err
	}
	data, err := t.get(rb, keyRecord)
	if err != nil {
		return nil, err
	}
	r, key, err := decodeRecord(data, id)
	if err != nil {
		return nil, err
	}
	snap, err := s.loadSnapshot(t, key, id)
	if err != nil {
		return nil, err
	}
	r.Template = *snap.template
	return &stored{rb: rb, review: r, snap: snap}, nil
}

// handOut returns a review for a caller: its snapshot copied, so the
// caller may change anything.
func handOut(r *review.Review) *review.Review {
	c := *r
	c.Template = cloneTemplate(&r.Template)
	return &c
}

// Create starts a review of meta.Service against a snapshot of t, under a
// new random id, and records a "created" event. The returned review is
// read back as stored, so it shares nothing with t.
func (s *Store) Create(t review.Template, meta review.Meta) (*review.Review, error) {
	return s.CreateWith(t, meta, nil)
}

// CreateWith is Create, with fn filling the new review in before it is
// first written (prr new --from carries the last review of the service
// over: review.CarryOver). What fn leaves is checked as a change to the
// new review (review.ValidateStart), its answers stamped, and what it
// filled in audited after the "created" event, all in the one write. If
// fn returns an error, nothing is written and that error is returned.
func (s *Store) CreateWith(t review.Template, meta review.Meta, fn func(r *review.Review) error) (*review.Review, error) {
	if t.ID == "" {
		return nil, fmt.Errorf("create review: the template has no id")
	}
	now, actor := s.now(), s.actor
	var out *review.Review
	err := s.update(func(tx *txn) error {
		reviews, err := tx.topBucket(bucketReviews)
		if err != nil {
			return err
		}
		id := review.NewID()
		for try := 1; ; try++ {
			taken, err := tx.bucket(reviews, []byte(id))
			if err != nil {
				return err
			}
			if taken == nil {
				break
			}
			if try == maxIDTries {
				return fmt.Errorf("no unused review id found after %d tries", try)
			}
			id = review.NewID()
		}
		r, err := review.NewReview(id, t, meta, now, actor)
		if err != nil {
			return err
		}
		ev := review.Event{At: now.UTC(), Actor: actor, Field: "created",
			New: fmt.Sprintf("review of %s against template %s v%d", r.Service, t.ID, t.Version)}
		events := []review.Event{ev}
		if fn != nil {
			filled, err := fillNew(r, fn, now, actor)
			if err != nil {
				return err
			}
			events = append(events, filled...)
		}
		rb, err := tx.createBucket(reviews, []byte(id))
		if err != nil {
			return err
		}
		rev, err := tx.nextSequence(reviews)
		if err != nil {
			return err
		}
		review.AppendHistory(r, events)
		snap, err := s.writeReview(tx, rb, r, nil, events, rev, now)
		if err != nil {
			return err
		}
		r.Template = *snap.template
		out = handOut(r)
		return nil
	})
	return out, rethrow(contextError(err, "create review"))
}

// fillNew lets fn fill in r, a review just started, checks what it made of it
// and stamps its answers; it returns the audit events of the filling.
func fillNew(r *review.Review, fn func(r *review.Review) error, now time.Time, actor string) ([]review.Event, error) {
	start := *r
	start.Answers = map[string]review.Answer{}
	start.Participants = slices.Clone(r.Participants)
	if err := callUser(func() error { return fn(r) }); err != nil {
		return nil, err
	}
	r.SetMeta(r.Meta().Normalize())
	if err := review.ValidateStart(&start, r); err != nil {
		return nil, err
	}
	maps.DeleteFunc(r.Answers, func(_ string, a review.Answer) bool { return a.IsZero() })
	for id, a := range r.Answers {
		a.UpdatedAt, a.UpdatedBy = now.UTC(), actor
		r.Answers[id] = a
	}
	return review.DiffReview(&start, r, now, actor), nil
}

// Get returns the whole review: template snapshot, metadata, answers (only
// items that were answered have an entry) and sign-offs in the order given.
func (s *Store) Get(idOrPrefix string) (*review.Review, error) {
	var out *review.Review
	err := s.view(func(t *txn) error {
		st, err := s.load(t, idOrPrefix)
		if err == nil {
			out = handOut(st.review)
		}
		return err
	})
	return out, contextError(err, "read review %q", idOrPrefix)
}

// GetWithHistory is Get and History in one read: what an export to JSON
// needs, from one open of the file.
func (s *Store) GetWithHistory(idOrPrefix string) (*review.Review, []review.Event, error) {
	var (
		out  *review.Review
		hist []review.Event
	)
	err := s.view(func(t *txn) error {
		st, err := s.load(t, idOrPrefix)
		if err != nil {
			return err
		}
		out = handOut(st.review)
		hist, err = loadHistory(t, st.rb, st.review.ID)
		return err
	})
	return out, hist, contextError(err, "read review %q", idOrPrefix)
}

// History returns the review's audit events, oldest first.
func (s *Store) History(idOrPrefix string) ([]review.Event, error) {
	var evs []review.Event
	err := s.view(func(t *txn) error {
		id, rb, err := resolve(t, idOrPrefix)
		if err != nil {
			return err
		}
		evs, err = loadHistory(t, rb, id)
		return err
	})
	return evs, contextError(err, "read the history of review %q", idOrPrefix)
}

// Revision is a counter that changes whenever the review changes (by this
// process or any other). It reads a few bytes of the review's record, so a
// screen can poll it to notice changes made elsewhere and reload only then.
// With an empty id it is the revision of the whole database, which also
// changes when a review is created, imported or deleted: what a list screen
// polls.
func (s *Store) Revision(id string) (uint64, error) {
	if rev, ok := s.revisions.lookup(s.path, id, time.Now()); ok {
		return rev, nil
	}
	before, _ := os.Stat(s.path)
	var rev uint64
	err := s.view(func(t *txn) error {
		if id == "" {
			reviews, err := t.topBucket(bucketReviews)
			if err == nil {
				rev = reviews.b.Sequence()
			}
			return err
		}
		rid, rb, err := resolve(t, id)
		if err != nil {
			return err
		}
		data, err := t.get(rb, keyRecord)
		if err == nil {
			rev, _, err = recordInfo(data, rid)
		}
		return err
	})
	if err == nil {
		s.revisions.remember(before, id, rev)
	}
	return rev, contextError(err, "read the revision of review %q", id)
}

// Delete removes a review, its history and its summary, and its template
// snapshot if no other review uses it. Nothing of it is kept: the audit
// trail of a deleted review goes with it (export it first if it matters).
// The CLI asks for --yes before calling this.
func (s *Store) Delete(idOrPrefix string) error {
	err := s.update(func(t *txn) error {
		id, rb, err := resolve(t, idOrPrefix)
		if err != nil {
			return err
		}
		return s.remove(t, id, rb)
	})
	return contextError(err, "delete review %q", idOrPrefix)
}

// remove deletes the stored review id (in bucket rb) and its summary, and
// releases its snapshot.
func (s *Store) remove(t *txn, id string, rb *bkt) error {
	data, err := t.get(rb, keyRecord)
	if err != nil {
		return err
	}
	_, key, err := recordInfo(data, id)
	if err != nil {
		return err
	}
	if err := dropSnapshot(t, key, id); err != nil {
		return err
	}
	reviews, err := t.topBucket(bucketReviews)
	if err != nil {
		return err
	}
	if err := t.deleteBucket(reviews, []byte(id)); err != nil {
		return err
	}
	sums, err := t.topBucket(bucketSummaries)
	if err != nil {
		return err
	}
	if err := t.del(sums, []byte(id)); err != nil {
		return err
	}
	_, err = t.nextSequence(reviews)
	return err
}

// writeRecord stores r's record at revision rev, referring to snapshot key.
func writeRecord(t *txn, rb *bkt, r *review.Review, rev uint64, key templateKey) error {
	data, err := encodeRecord(r, rev, key)
	if err != nil {
		return err
	}
	return t.put(rb, keyRecord, data)
}

// appendEvents appends audit events to a review's history bucket.
func appendEvents(t *txn, hb *bkt, evs []review.Event) error {
	hb.b.FillPercent = historyFill
	for _, ev := range evs {
		n, err := t.nextSequence(hb)
		if err != nil {
			return err
		}
		if err := t.put(hb, seqKey(n), encodeEvent(ev)); err != nil {
			return err
		}
	}
	return nil
}

// loadHistory decodes a review's audit events in order.
func loadHistory(t *txn, rb *bkt, id string) ([]review.Event, error) {
	hb, err := t.bucket(rb, bucketHistory)
	if err != nil {
		return nil, err
	}
	if hb == nil {
		return nil, damaged(id, "its history bucket is missing")
	}
	var evs []review.Event
	err = t.each(hb, nil, func(_, v []byte) (bool, error) {
		ev, err := decodeEvent(v)
		if err != nil {
			return false, damaged(id, "a history event does not decode (%v)", err)
		}
		evs = append(evs, ev)
		return true, nil
	})
	review.LinkHistory(id, evs) // the links are not stored (historycodec.go)
	return evs, err
}

// putSummary stores a review's summary record.
func putSummary(t *txn, rec review.SummaryRecord) error {
	sums, err := t.topBucket(bucketSummaries)
	if err != nil {
		return err
	}
	return t.put(sums, []byte(rec.ID), encodeSummary(rec))
}
