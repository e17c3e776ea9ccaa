package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
)

// signedError stops a change to a review whose current sign-offs it would
// make stale, until the user says yes.
type signedError struct {
	id      string
	current int
}

func (e *signedError) Error() string {
	return fmt.Sprintf("review %s is signed off (%d current sign-off(s)); pass --yes to change it anyway, which makes them stale", e.id, e.current)
}

// editReview applies change to the review idOrPrefix names, reading,
// changing and writing it in one store operation (one open of the file).
// Unless yes, a review with current sign-offs is not changed: on a
// terminal the user is asked first (and the change then made in a second
// operation), elsewhere the command refuses.
func (a *app) editReview(ctx context.Context, s *store.Store, idOrPrefix string, yes bool, change func(r *review.Review) error) (*review.Review, error) {
	r, err := s.Update(idOrPrefix, func(r *review.Review) error {
		if current := review.SignOffState(r).Current; current > 0 && !yes {
			return &signedError{id: r.ID, current: current}
		}
		return change(r)
	})
	var se *signedError
	if !errors.As(err, &se) {
		return r, err
	}
	if !a.interactive() {
		return nil, &exitError{code: exitUsage, err: se}
	}
	q := fmt.Sprintf("Review %s has %d current sign-off(s); changing it makes them stale. Continue?", se.id, se.current)
	if !a.confirm(ctx, q) {
		return nil, &exitError{code: exitFailure, err: errors.New("not changed")}
	}
	return s.Update(se.id, change)
}
