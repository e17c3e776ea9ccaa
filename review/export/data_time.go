package export

// The record over time: until when the review is valid, and where its
// answers came from (a review carried over, or moved to a newer checklist).

import (
	"time"

	"github.com/prr-dev/prr/review"
)

// Renewal is how long a signed-off review stays valid (review.Renewal),
// as of AsOf.
type Renewal struct {
	ValidFor   string // "180d", or empty for no limit
	Signed     string // YYYY-MM-DD of the approval it counts from; empty if not signed off
	ValidUntil string // YYYY-MM-DD, the last day it is valid; empty if none
	Expired    bool   // past ValidUntil as of AsOf
}

// Origin is where the review's answers came from (review.Origin).
type Origin struct {
	From        string // the id of the review carried over; empty if only moved
	FromVersion int    // the checklist version the answers were given against
	ToVersion   int
	New         int // items new since then
	Changed     int // items whose requirement, level, guidance or title changed
	Removed     []RemovedItem
}

// RemovedItem is an item the checklist dropped since the answers were given.
type RemovedItem struct {
	ID     string // code span
	Title  string // inline
	Status string // the status its answer had
}

// addRenewal fills in the renewal as of asOf, and where the answers came
// from.
func (d *Data) addRenewal(r *review.Review, asOf time.Time, def review.Period) {
	rn := review.RenewalAt(d.signedAt, review.ValidFor(&r.Template, def), asOf) // review.RenewalOf, hashing once
	if rn.ValidFor == "" {
		rn.ValidFor = review.ValidFor(&r.Template, def)
	}
	e := escapers
	d.Renewal = Renewal{ValidFor: periodText(rn.ValidFor), Signed: e.dateText(rn.Signed), ValidUntil: e.dateText(rn.ValidUntil), Expired: rn.Expired}
	if o := r.Origin; o != nil {
		ch := o.Template
		d.Origin = &Origin{From: e.code(o.From), FromVersion: ch.FromVersion, ToVersion: ch.ToVersion, New: len(ch.New), Changed: len(ch.Changed)}
		for _, rm := range ch.Removed {
			d.Origin.Removed = append(d.Origin.Removed, RemovedItem{ID: e.code(rm.Item), Title: e.inline(rm.Title), Status: e.statusText(rm.Status)})
		}
	}
}

// periodText prints a valid period as is and escapes anything else.
func periodText(p review.Period) string {
	if p.Valid() {
		return string(p)
	}
	return Inline(string(p))
}
