package tui

import (
	"github.com/prr-dev/prr/review"
)

// Store is what the TUI needs from the review database: the methods it
// uses, no more. *store.Store satisfies it; tests use a fake.
type Store interface {
	Create(t review.Template, meta review.Meta) (*review.Review, error)
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
	// Update changes a review as a whole in one step (the skill matrix and
	// the other assessments): fn gets a copy to change; the change is
	// checked (review.ValidateChange), audited and durable when it returns,
	// and the review is returned as stored.
	Update(idOrPrefix string, fn func(r *review.Review) error) (*review.Review, error)
	Delete(idOrPrefix string) error
	// SignOff records a participant's decision on the review as stored at
	// that moment: the sign-off carries the review's content hash, computed
	// by the store inside its write, and is returned as stored.
	SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error)
}
