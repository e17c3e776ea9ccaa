package main

import (
	"fmt"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
)

const actor = "facilitator"

// bulkReview makes up review i of n as it stands after its meeting, with
// the history the meeting would have left, ready for Store.Put. Most
// reviews are finished and signed off; one in ten of the newest is still in
// progress.
func bulkReview(w *writer, cat *review.Catalog, i, n int, at time.Time) (*review.Review, []review.Event, error) {
	t := chooseTemplate(w, cat)
	service := serviceName(w, i)
	meta := w.meta(service)
	r, err := review.NewReview(review.NewID(), *t, meta, at, actor)
	if err != nil {
		return nil, nil, err
	}
	hist := []review.Event{{At: at.UTC(), Actor: actor, Field: "created",
		New: fmt.Sprintf("review of %s against template %s v%d", service, t.ID, t.Version)}}
	finished := i < n*9/10 || w.rng.IntN(2) == 0
	share := 100
	if !finished {
		share = 10 + w.rng.IntN(85)
	}
	tt := at
	for _, it := range t.Items() {
		if w.rng.IntN(100) >= share {
			continue
		}
		tt = tt.Add(time.Duration(20+w.rng.IntN(70)) * time.Second)
		a := w.answer(it, service, tt)
		a.UpdatedAt, a.UpdatedBy = tt.UTC(), actor
		r.Answers[it.ID] = a
		hist = append(hist, review.DiffAnswer(it.ID, review.Answer{Status: review.Unanswered}, a, tt, actor)...)
	}
	if finished {
		hash := "" // the content hash leaves sign-offs out: one for all
		for _, p := range signers(t, meta) {
			tt = tt.Add(time.Minute)
			d, comment := w.decision()
			so := review.SignOff{Name: p.Name, Role: p.Role, Decision: d, Comment: comment, At: tt.UTC(), Hash: hash}
			if hash == "" {
				var err error
				if so, err = review.NewSignOff(r, p.Name, p.Role, d, comment, tt); err != nil {
					return nil, nil, err
				}
				hash = so.Hash
			}
			r.SignOffs = append(r.SignOffs, so)
			hist = append(hist, review.Event{At: tt.UTC(), Actor: actor, Field: "signoff",
				New: fmt.Sprintf("%s (%s): %s", p.Name, p.Role, d)})
		}
	}
	r.UpdatedAt = tt.UTC()
	return r, hist, nil
}

// liveReview holds one meeting the way the TUI does: Create, one
// UpdateAnswer per item, one SignOff per role, each its own durable call.
// It returns the review's id.
func liveReview(st *store.Store, w *writer, t *review.Template, service string, clock *time.Time) (string, error) {
	meta := w.meta(service)
	r, err := st.Create(*t, meta)
	if err != nil {
		return "", err
	}
	for _, it := range t.Items() {
		*clock = clock.Add(time.Duration(20+w.rng.IntN(70)) * time.Second)
		a := w.answer(it, service, *clock)
		if _, err := st.UpdateAnswer(r.ID, it.ID, func(x *review.Answer) error { *x = a; return nil }); err != nil {
			return r.ID, err
		}
	}
	for _, p := range signers(t, meta) {
		*clock = clock.Add(time.Minute)
		d, comment := w.decision()
		if _, err := st.SignOff(r.ID, p.Name, p.Role, d, comment); err != nil {
			return r.ID, err
		}
	}
	return r.ID, nil
}
