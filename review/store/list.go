package store

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// Summary is one line of prr list: what a review is and where it stands,
// kept in its own small record and rewritten with every change to the
// review, so that listing never decodes templates or answers.
type Summary struct {
	ID              string         `json:"id"`
	Service         string         `json:"service"`
	Team            string         `json:"team,omitempty"`
	Owner           string         `json:"owner,omitempty"`
	TemplateID      string         `json:"template_id"`
	TemplateVersion int            `json:"template_version"`
	TemplateTitle   string         `json:"template_title"`
	Verdict         review.Verdict `json:"verdict"`
	State           review.State   `json:"state"`
	Answered        int            `json:"answered"`
	Total           int            `json:"total"`
	Blocking        int            `json:"blocking"`
	OpenActions     int            `json:"open_actions"`
	Score           float64        `json:"score"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
	// VerdictUntil is the earliest expiry of a waiver in force when the
	// summary was written. The verdict depends on the date only through
	// waivers, so after that day the stored verdict may be out of date, and
	// List recomputes the row from the review.
	VerdictUntil review.Date `json:"verdict_until,omitempty"`
}

// summarize derives a review's summary with the domain's rules.
func summarize(r *review.Review, now time.Time) Summary {
	as := review.Assess(r, now)
	st := review.SignOffState(r)
	sum := Summary{
		ID: r.ID, Service: r.Service, Team: r.Team, Owner: r.Owner,
		TemplateID: r.Template.ID, TemplateVersion: r.Template.Version, TemplateTitle: r.Template.Title,
		Verdict: as.Verdict, State: st.State,
		Answered: as.Answered, Total: as.Total, Blocking: len(as.Blocking), OpenActions: len(as.OpenActions),
		Score:     as.Score,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
	for _, w := range as.Waivers {
		if !w.Expired && (sum.VerdictUntil == "" || w.Waiver.Expires < sum.VerdictUntil) {
			sum.VerdictUntil = w.Waiver.Expires
		}
	}
	return sum
}

// stale reports whether a stored summary's verdict may have changed since
// it was written, because a waiver it counted has expired by now.
func (sum Summary) stale(now time.Time) bool {
	return sum.VerdictUntil.Before(now)
}

// List returns the summary of every review, most recently updated first.
// It reads only the summary records, except for a review whose verdict
// rested on a waiver that has since expired: that one is decoded and its
// row recomputed, so the verdict shown never lies. (The stored summary is
// rewritten with the review's next change.)
func (s *Store) List() ([]Summary, error) {
	now := s.now()
	var out []Summary
	err := s.view(func(tx *bolt.Tx) error {
		sums, err := bucketOf(tx, bucketSummaries)
		if err != nil {
			return err
		}
		reviews, err := bucketOf(tx, bucketReviews)
		if err != nil {
			return err
		}
		return sums.ForEach(func(k, v []byte) error {
			var sum Summary
			if err := json.Unmarshal(v, &sum); err != nil {
				return damaged(shorten(string(k)), "its summary does not decode (%v)", err)
			}
			if sum.stale(now) {
				rb := reviews.Bucket(k)
				if rb == nil {
					return damaged(shorten(string(k)), "it has a summary but no review")
				}
				r, err := loadReview(rb, string(k))
				if err != nil {
					return err
				}
				sum = summarize(r, now)
			}
			out = append(out, sum)
			return nil
		})
	})
	if err != nil {
		return nil, contextError(err, "list reviews")
	}
	slices.SortFunc(out, func(a, b Summary) int {
		if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}
