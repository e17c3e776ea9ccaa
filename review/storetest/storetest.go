// Package storetest is the contract of a review store, as the TUI uses one:
// a suite of tests that runs against the real store (review/store) and
// against the in-memory fake the TUI's tests use, so that the fake cannot
// drift from the real thing. It states what the screens rely on: lists in
// the domain's order (review.NewestFirst) with the domain's summaries
// (review.Summarize), answers changed in one step and checked with the
// domain's rules, revisions that move with every change and only then,
// sign-offs over the content as stored, and copies the caller may keep.
//
// The package is pure Go: it imports neither bbolt nor a terminal library.
package storetest

import (
	"sync"
	"time"

	"github.com/prr-dev/prr/review"
)

// Store is what the TUI asks of a review store; tui.Store has the same
// methods (a compile-time check in the TUI's tests holds them together).
type Store interface {
	Create(t review.Template, meta review.Meta) (*review.Review, error)
	// CreateWith is Create with fn filling the review in before it is
	// first stored (a re-review carries the last one over), checked by
	// review.ValidateStart; fn's error stores nothing.
	CreateWith(t review.Template, meta review.Meta, fn func(r *review.Review) error) (*review.Review, error)
	Get(idOrPrefix string) (*review.Review, error)
	List() ([]review.Summary, error)
	ListNewest(n int) ([]review.Summary, int, error)
	Revision(id string) (uint64, error)
	UpdateAnswer(id, itemID string, fn func(a *review.Answer) error) (review.Answer, error)
	Update(idOrPrefix string, fn func(r *review.Review) error) (*review.Review, error)
	Delete(idOrPrefix string) error
	SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error)
	AddSignOff(id string, fn func(r *review.Review) (review.SignOff, error)) (review.SignOff, error)
}

// Clock is the time a store under test reads (give Now to the store). It
// stands still until the suite moves it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Start is where a suite's clock starts: a time with nanoseconds, so that
// a store that rounds times is caught.
var Start = time.Date(2026, 3, 2, 10, 0, 0, 123456789, time.UTC)

// Template is the checklist the suite's reviews use: two required items,
// two optional ones.
func Template() review.Template {
	return review.Template{
		ID: "contract", Version: 2, Title: "Contract checklist",
		Sections: []review.Section{
			{ID: "basics", Title: "Basics", Items: []review.Item{
				{ID: "owner", Title: "A team owns it", Required: true, Level: 1},
				{ID: "oncall", Title: "Someone is on call", Required: true, Level: 1},
			}},
			{ID: "data", Title: "Data", Items: []review.Item{
				{ID: "backups", Title: "Backups restore", Level: 2},
				{ID: "dpia", Title: "A DPIA was made", Level: 3},
			}},
		},
	}
}

// normal makes times comparable with reflect.DeepEqual.
func normal(s review.Summary) review.Summary {
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC().Round(0), s.UpdatedAt.UTC().Round(0)
	if !s.SignedAt.IsZero() {
		s.SignedAt = s.SignedAt.UTC().Round(0)
	}
	return s
}
