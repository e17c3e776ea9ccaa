package store

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// maxIDTries bounds the search for an unused id. With 2^40 ids a second try
// is already rare; twenty failures mean something other than bad luck.
const maxIDTries = 20

// Create starts a review of meta.Service against a snapshot of t, under a
// new random id, and records a "created" event. The returned review is
// decoded from what was stored, so it shares nothing with t.
func (s *Store) Create(t review.Template, meta review.Meta) (*review.Review, error) {
	if t.ID == "" {
		return nil, fmt.Errorf("create review: the template has no id")
	}
	now, actor := s.now(), s.opts.Actor
	var out *review.Review
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		out, err = createTx(tx, t, meta, now, actor)
		return err
	})
	return out, contextError(err, "create review")
}

// createTx is Create inside a write transaction.
func createTx(tx *bolt.Tx, t review.Template, meta review.Meta, now time.Time, actor string) (*review.Review, error) {
	reviews, err := bucketOf(tx, bucketReviews)
	if err != nil {
		return nil, err
	}
	id := review.NewID()
	for try := 1; reviews.Bucket([]byte(id)) != nil; try++ {
		if try == maxIDTries {
			return nil, fmt.Errorf("no unused review id found after %d tries", try)
		}
		id = review.NewID()
	}
	r, err := review.NewReview(id, t, meta, now, actor)
	if err != nil {
		return nil, err
	}
	rb, err := newReviewBucket(reviews, id)
	if err != nil {
		return nil, err
	}
	if err := writeRecord(rb, r); err != nil {
		return nil, err
	}
	ev := review.Event{At: now.UTC(), Actor: actor, Field: "created",
		New: fmt.Sprintf("review of %s against template %s v%d", r.Service, t.ID, t.Version)}
	if err := changed(tx, rb, r, nil, []review.Event{ev}, now); err != nil {
		return nil, err
	}
	return loadReview(rb, id)
}

// Get returns the whole review: template snapshot, metadata, answers (only
// items that were answered have an entry) and sign-offs in the order given.
func (s *Store) Get(idOrPrefix string) (*review.Review, error) {
	var r *review.Review
	err := s.view(func(tx *bolt.Tx) error {
		id, rb, err := resolveTx(tx, idOrPrefix)
		if err != nil {
			return err
		}
		r, err = loadReview(rb, id)
		return err
	})
	return r, contextError(err, "read review %q", idOrPrefix)
}

// History returns the review's audit events, oldest first.
func (s *Store) History(idOrPrefix string) ([]review.Event, error) {
	var evs []review.Event
	err := s.view(func(tx *bolt.Tx) error {
		id, rb, err := resolveTx(tx, idOrPrefix)
		if err != nil {
			return err
		}
		evs, err = loadHistory(rb, id)
		return err
	})
	return evs, contextError(err, "read the history of review %q", idOrPrefix)
}

// Revision is a counter that changes whenever the review changes (by this
// process or any other). It costs one small read, so a screen can poll it
// to notice changes made elsewhere and reload only then. With an empty id it
// is the revision of the whole database, which also changes when a review
// is created, imported or deleted: what a list screen polls.
func (s *Store) Revision(id string) (uint64, error) {
	if rev, err := s.peekRevision(id); !errors.Is(err, errPeek) {
		return rev, contextError(err, "read the revision of review %q", id)
	}
	var rev uint64
	err := s.view(func(tx *bolt.Tx) error {
		if id == "" {
			reviews, err := bucketOf(tx, bucketReviews)
			if err != nil {
				return err
			}
			rev = reviews.Sequence()
			return nil
		}
		rid, rb, err := resolveTx(tx, id)
		if err != nil {
			return err
		}
		if rev, err = decodeUint(rb.Get(keyRev)); err != nil {
			return damaged(rid, "its revision counter does not decode (%v)", err)
		}
		return nil
	})
	return rev, contextError(err, "read the revision of review %q", id)
}

// peekRevision is Revision with plain reads (peek.go), for the database
// and for a review named by its whole id: what screens poll, without a
// memory map per poll. Anything else (a prefix, a missing review, a damaged
// counter) is errPeek, for the bbolt path to answer and report.
func (s *Store) peekRevision(id string) (uint64, error) {
	want := strings.ToLower(strings.TrimSpace(id))
	if want != "" && (len(want) != review.IDLength || !review.ValidIDPrefix(want)) {
		return 0, errPeek
	}
	var rev uint64
	err := s.peek(func(p *pageReader) error {
		reviews, err := p.bucket(p.root(), bucketReviews)
		if err != nil {
			return err
		}
		if want == "" {
			rev = reviews.seq
			return nil
		}
		rb, err := p.bucket(reviews, []byte(want))
		if err != nil {
			return err
		}
		v, err := p.value(rb, keyRev)
		if err != nil {
			return err
		}
		if rev, err = decodeUint(v); err != nil {
			return errPeek
		}
		return nil
	})
	return rev, err
}

// Delete removes a review, its history and its summary. Nothing of it is
// kept: the audit trail of a deleted review goes with it (export it first
// if it matters). The CLI asks for --yes before calling this.
func (s *Store) Delete(idOrPrefix string) error {
	err := s.update(func(tx *bolt.Tx) error {
		id, _, err := resolveTx(tx, idOrPrefix)
		if err != nil {
			return err
		}
		reviews, err := bucketOf(tx, bucketReviews)
		if err != nil {
			return err
		}
		if err := reviews.DeleteBucket([]byte(id)); err != nil {
			return err
		}
		sums, err := bucketOf(tx, bucketSummaries)
		if err != nil {
			return err
		}
		if err := sums.Delete([]byte(id)); err != nil {
			return err
		}
		_, err = bumpRevision(tx)
		return err
	})
	return contextError(err, "delete review %q", idOrPrefix)
}

// Put stores a whole review with its history, as prr import does. The
// review is checked first (a valid id, valid metadata, every answer for an
// item of its own template snapshot and valid for it, valid sign-offs). An
// existing review with the same id is refused with ErrExists unless
// replace is set, in which case it is replaced entirely. The given history
// is kept as it is, and so is the update time: a restored review is the
// same review, and export → import → export gives identical bytes.
// r is not modified.
func (s *Store) Put(r *review.Review, history []review.Event, replace bool) error {
	if r == nil {
		return fmt.Errorf("import review: no review given")
	}
	if err := checkImport(r); err != nil {
		return fmt.Errorf("import review %s: %w", shorten(r.ID), err)
	}
	err := s.update(func(tx *bolt.Tx) error {
		reviews, err := bucketOf(tx, bucketReviews)
		if err != nil {
			return err
		}
		if reviews.Bucket([]byte(r.ID)) != nil {
			if !replace {
				return newError(ErrExists, "import review %s: %s; replace it explicitly (prr import --replace) or delete it first", r.ID, ErrExists)
			}
			if err := reviews.DeleteBucket([]byte(r.ID)); err != nil {
				return err
			}
		}
		c := *r
		c.Answers = maps.Clone(r.Answers)
		rb, err := newReviewBucket(reviews, c.ID)
		if err != nil {
			return err
		}
		if err := writeRecord(rb, &c); err != nil {
			return err
		}
		ab := rb.Bucket(bucketAnswers)
		for itemID, a := range c.Answers {
			if a.IsZero() {
				continue
			}
			if err := putJSON(ab, []byte(itemID), a); err != nil {
				return err
			}
		}
		for _, so := range c.SignOffs {
			if err := appendSeq(rb.Bucket(bucketSignOffs), so); err != nil {
				return err
			}
		}
		hb := rb.Bucket(bucketHistory)
		for _, ev := range history {
			if err := appendSeq(hb, ev); err != nil {
				return err
			}
		}
		return changed(tx, rb, &c, nil, nil, c.UpdatedAt)
	})
	return contextError(err, "import review %s", r.ID)
}

// checkImport validates a review from outside before it is stored, with
// the domain's own rules.
func checkImport(r *review.Review) error {
	err := r.Validate()
	if errors.Is(err, review.ErrUnknownItem) {
		return newError(ErrUnknownItem, "%s", err.Error())
	}
	return err
}
