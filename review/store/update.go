package store

import (
	"maps"
	"time"

	"github.com/prr-dev/prr/review"
)

// Update changes a review in one write transaction: it reads the review as
// stored, lets fn change it, normalises and checks the result with the
// domain's rules (review.ValidateChange: what a review keeps from its start
// must not change, everything changed must be valid), derives the audit
// events (review.DiffReview), and writes the review, its events and its
// summary. Answers that changed are stamped with the time and the actor;
// an answer changed back to nothing at all is removed.
//
// fn gets a copy it may change freely, its template snapshot included (a
// changed snapshot is refused). If fn returns an error, nothing is written
// and that error is returned. If fn changes nothing DiffReview sees,
// nothing is written and the review is returned as it is. A panic in fn is
// re-raised after the transaction is rolled back. fn runs while the
// database is locked: keep it to editing the review.
//
// Because the review is read, changed and written inside the transaction
// that serialises writes, a change made a moment ago by another process,
// to another item or another field, is never overwritten with a stale
// copy.
func (s *Store) Update(idOrPrefix string, fn func(r *review.Review) error) (*review.Review, error) {
	now := s.now()
	var out *review.Review
	err := s.update(func(t *txn) error {
		next, err := s.change(t, idOrPrefix, true, now, fn)
		if next != nil {
			out = handOut(next)
		}
		return err
	})
	return out, rethrow(contextError(err, "review %s", shorten(idOrPrefix)))
}

// UpdateAnswer changes the answer to one item of a review, in one write
// transaction, as Update does: fn gets a copy of the item's current
// answer, and the result is checked against the item, audited
// (review.DiffAnswer) and stamped. An item the review's template snapshot
// does not have is ErrUnknownItem. It returns the answer as stored: the
// current one if fn changed nothing.
func (s *Store) UpdateAnswer(id, itemID string, fn func(a *review.Answer) error) (review.Answer, error) {
	now := s.now()
	var out review.Answer
	err := s.update(func(t *txn) error {
		next, err := s.change(t, id, false, now, func(r *review.Review) error {
			if _, _, ok := r.Template.Find(itemID); !ok {
				return newError(ErrUnknownItem, "review %s has no item %q (its template is %s v%d)",
					r.ID, shorten(itemID), r.Template.ID, r.Template.Version)
			}
			a := r.Answer(itemID).Clone()
			if err := fn(&a); err != nil {
				return err
			}
			r.Answers[itemID] = a
			return nil
		})
		if next != nil {
			out = next.Answer(itemID)
		}
		return err
	})
	return out, rethrow(contextError(err, "review %s: answer %s", shorten(id), shorten(itemID)))
}

// UpdateMeta changes what describes a review (service, team, owner,
// participants), as Update does. A change here changes the content hash,
// so earlier sign-offs become stale.
func (s *Store) UpdateMeta(id string, fn func(m *review.Meta) error) error {
	now := s.now()
	err := s.update(func(t *txn) error {
		_, err := s.change(t, id, false, now, func(r *review.Review) error {
			m := r.Meta()
			if err := fn(&m); err != nil {
				return err
			}
			r.SetMeta(m)
			return nil
		})
		return err
	})
	return rethrow(contextError(err, "review %s: update details", shorten(id)))
}

// SignOff records a participant's decision on the review. The content hash
// it vouches for is computed inside the write transaction from the review as
// stored at that moment (review.NewSignOff), so it can never be the hash of
// a version that another process has changed since the screen was drawn.
func (s *Store) SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error) {
	now := s.now()
	return s.AddSignOff(id, func(r *review.Review) (review.SignOff, error) {
		return review.NewSignOff(r, name, role, d, comment, now)
	})
}

// AddSignOff records the sign-off fn makes from the review as stored at
// that moment, in one write transaction, as Update does: a signed
// sign-off is built and its signature checked against the review as it
// is now (review.SignOff.WithSignature), so a signature made over a
// statement of an older version is refused rather than recorded. It
// returns the sign-off as stored.
func (s *Store) AddSignOff(id string, fn func(r *review.Review) (review.SignOff, error)) (review.SignOff, error) {
	now := s.now()
	var out review.SignOff
	err := s.update(func(t *txn) error {
		_, err := s.change(t, id, false, now, func(r *review.Review) error {
			so, err := fn(r)
			if err != nil {
				return err
			}
			r.SignOffs = append(r.SignOffs, so)
			out = so
			return nil
		})
		return err
	})
	return out, contextError(err, "review %s: sign off", shorten(id))
}

// Upgrade moves a review onto t, a newer version of its own template
// (review.Upgrade), in one write transaction, as Update changes one:
// check, if not nil, first sees the review as stored and may refuse (a
// front end asks before staling sign-offs); then the answers are moved,
// checked against t (review.ValidateUpgrade), audited, and the review
// stored with t as its snapshot. It returns the review as it now stands.
func (s *Store) Upgrade(idOrPrefix string, t review.Template, check func(r *review.Review) error) (*review.Review, error) {
	now := s.now()
	var out *review.Review
	err := s.update(func(tx *txn) error {
		next, err := s.changeOrUpgrade(tx, idOrPrefix, false, true, now, func(r *review.Review) error {
			if check != nil {
				if err := check(r); err != nil {
					return err
				}
			}
			return review.Upgrade(r, cloneTemplate(&t))
		})
		if next != nil {
			out = handOut(next)
		}
		return err
	})
	return out, rethrow(contextError(err, "review %s: move to template %s v%d", shorten(idOrPrefix), shorten(t.ID), t.Version))
}

// change is Update inside a write transaction. ownTemplate gives fn a
// copy of the snapshot of its own; the store's own callers, which do not
// touch it, share the cached one. It returns the review as it now stands
// (with the shared snapshot), and errNoChange with the review as it was
// when there is nothing to write. now is the time of the change.
func (s *Store) change(t *txn, idOrPrefix string, ownTemplate bool, now time.Time, fn func(r *review.Review) error) (*review.Review, error) {
	return s.changeOrUpgrade(t, idOrPrefix, ownTemplate, false, now, fn)
}

// changeOrUpgrade is change; with upgrade, fn may move the review to a
// newer version of its template (review.ValidateUpgrade), which is then
// stored as the review's snapshot.
func (s *Store) changeOrUpgrade(t *txn, idOrPrefix string, ownTemplate, upgrade bool, now time.Time, fn func(r *review.Review) error) (*review.Review, error) {
	st, err := s.load(t, idOrPrefix)
	if err != nil {
		return nil, err
	}
	old := st.review
	next := *old
	next.Answers = make(map[string]review.Answer, len(old.Answers))
	for k, a := range old.Answers {
		next.Answers[k] = a.Clone()
	}
	next.SignOffs = append([]review.SignOff(nil), old.SignOffs...)
	next.Participants = append([]review.Participant(nil), old.Participants...)
	next.Meeting = old.Meeting.Clone()
	next.Assessments = old.Assessments.Clone()
	if ownTemplate {
		next.Template = cloneTemplate(&old.Template)
	}
	if err := callUser(func() error { return fn(&next) }); err != nil {
		return nil, err
	}
	next.SetMeta(next.Meta().Normalize())
	snap := st.snap
	if upgrade {
		if err := review.ValidateUpgrade(old, &next); err != nil {
			return nil, err
		}
	} else if err := review.ValidateChange(old, &next); err != nil {
		return nil, err
	}
	actor := s.actor
	events := review.DiffReview(old, &next, now, actor)
	if len(events) == 0 {
		return old, errNoChange
	}
	answered := map[string]bool{}
	for _, ev := range events {
		if ev.Item != "" {
			answered[ev.Item] = true
		}
	}
	for item := range maps.Keys(answered) {
		a := next.Answers[item]
		if a.IsZero() {
			// Back to nothing at all: store nothing, like a new review.
			delete(next.Answers, item)
			continue
		}
		if a.Status == "" {
			a.Status = review.Unanswered
		}
		a.UpdatedAt, a.UpdatedBy = now.UTC(), actor
		next.Answers[item] = a
	}
	if upgrade {
		// The review moves to another snapshot: count it, and let the old
		// one go if this was its last review.
		if snap, err = s.addSnapshot(t, review.NewHasher(&next.Template).TemplateJSON()); err != nil {
			return nil, err
		}
		if err := dropSnapshot(t, st.snap.key, next.ID); err != nil {
			return nil, err
		}
	}
	next.Template = *snap.template
	next.UpdatedAt = now.UTC()
	review.AppendHistory(&next, events) // ValidateChange kept the head as stored
	reviews, err := t.topBucket(bucketReviews)
	if err != nil {
		return nil, err
	}
	rev, err := t.nextSequence(reviews)
	if err != nil {
		return nil, err
	}
	if err := writeRecord(t, st.rb, &next, rev, snap.key); err != nil {
		return nil, err
	}
	hb, err := t.bucket(st.rb, bucketHistory)
	if err == nil && hb == nil {
		err = damaged(next.ID, "its history bucket is missing")
	}
	if err != nil {
		return nil, err
	}
	if err := appendEvents(t, hb, events); err != nil {
		return nil, err
	}
	return &next, putSummary(t, review.Summarize(&next, snap.hasher(), now))
}
