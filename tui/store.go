package tui

import (
	"github.com/prr-dev/prr/review"
)

// Store is what the TUI needs from the review database: the methods it
// uses, no more. *store.Store satisfies it; tests use a fake.
type Store interface {
	Create(t review.Template, meta review.Meta) (*review.Review, error)
	// CreateWith is Create with fn filling the new review in before it is
	// first stored: the next review of a service carries the last one over
	// (review.CarryOver).
	CreateWith(t review.Template, meta review.Meta, fn func(r *review.Review) error) (*review.Review, error)
	Get(idOrPrefix string) (*review.Review, error)
	// List returns every review's summary, newest first.
	List() ([]review.Summary, error)
	// ListNewest returns the n newest of List's summaries, in its order,
	// and how many reviews there are in all.
	ListNewest(n int) ([]review.Summary, int, error)
	// Revision changes whenever the review changes, by this process or
	// another; with an empty id, whenever any review does. Screens poll it
	// to notice changes made elsewhere and reload only then.
	Revision(id string) (uint64, error)
	// UpdateAnswer changes one answer; the change is validated, audited and
	// durable when it returns without error.
	UpdateAnswer(id, itemID string, fn func(a *review.Answer) error) (review.Answer, error)
	// Update changes a review in one step: fn gets a copy of the review as
	// stored, and the result is validated and audited (review.DiffReview)
	// as UpdateAnswer's is. A change fn makes that DiffReview does not see
	// is not written. The meeting (roll call, time, parking lot) is
	// changed this way.
	Update(idOrPrefix string, fn func(r *review.Review) error) (*review.Review, error)
	Delete(idOrPrefix string) error
	// SignOff records a participant's decision on the review as stored at
	// that moment: the sign-off carries the review's content hash, computed
	// by the store inside its write, and is returned as stored.
	SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error)
	// AddSignOff records the sign-off fn makes from the review as stored
	// at that moment (a signed one: built, and its signature checked,
	// against that review), and returns it as stored.
	AddSignOff(id string, fn func(r *review.Review) (review.SignOff, error)) (review.SignOff, error)
}
