package review

import (
	"slices"
	"time"
)

// Summary is one line of prr list: what a review is and where it stands,
// kept in its own small record and rewritten with every change to the
// review, so that listing never decodes templates or answers.
type Summary struct {
	ID              string  `json:"id"`
	Service         string  `json:"service"`
	Team            string  `json:"team,omitempty"`
	Owner           string  `json:"owner,omitempty"`
	TemplateID      string  `json:"template_id"`
	TemplateVersion int     `json:"template_version"`
	TemplateTitle   string  `json:"template_title"`
	Verdict         Verdict `json:"verdict"`
	State           State   `json:"state"`
	Answered        int     `json:"answered"`
	Total           int     `json:"total"`
	Blocking        int     `json:"blocking"`
	// RequiredLeft counts the blocking items that are not failing: required
	// items unanswered or parked. Blocking less RequiredLeft fail.
	RequiredLeft int `json:"required_left"`
	// Parked counts the items on the parking lot.
	Parked      int       `json:"parked,omitempty"`
	OpenActions int       `json:"open_actions"`
	Score       float64   `json:"score"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// VerdictUntil is the earliest expiry of a waiver still in force on the
	// day of the listing: the verdict and the blocking count hold until the
	// end of that day, and change the day after.
	VerdictUntil Date `json:"verdict_until,omitempty"`
	// Standing is where the review stands (StandingOf), derived from the
	// fields above: not stored.
	Standing StandingKind `json:"standing"`
}

// FullStanding is the summary's standing with its counts.
func (s *Summary) FullStanding() Standing {
	return StandingOf(s.Verdict, s.Answered, s.RequiredLeft, max(s.Blocking-s.RequiredLeft, 0), s.Parked)
}

// VerdictChange is the verdict of a review from the day after a waiver
// expiry date on, until the next change.
type VerdictChange struct {
	After    Date // the expiry date; the verdict holds from the day after
	Verdict  Verdict
	Blocking int
	Left     int // RequiredLeft from then on
}

// SummaryRecord is what a store keeps per review for its listing: the summary
// as it stands while every waiver is still in force, and the verdict from
// each waiver expiry date on, oldest first. The verdict depends on the date
// only through waivers (Assess), so these few entries tell the
// verdict on any day without decoding the review: a listing picks the entry for
// today, and a listing after an expiry never needs the review itself.
// Only the verdict and the blocking count change with the date; the state
// (SignOffState) does not depend on it at all.
type SummaryRecord struct {
	Summary // VerdictUntil is not stored: at derives it
	Changes []VerdictChange
}

// Summarize derives a review's summary record with the domain's rules.
// now is the time of the change; the record is the same whatever it is, as
// long as the domain's verdict depends on the date only through waivers
// (which Doctor checks: it recomputes records at its own time). It costs
// one Assess per distinct expiry date, and reviews carry few waivers. h
// hashes r for its state when it has sign-offs; nil encodes the snapshot
// afresh.
func Summarize(r *Review, h *Hasher, now time.Time) SummaryRecord {
	if h == nil {
		h = &Hasher{}
	}
	as := Assess(r, now)
	expiries := waiverExpiries(as)
	if len(expiries) > 0 && expiries[0].Before(now) {
		// Written after a waiver expired: the base entry is the verdict
		// while every waiver still counts, as on the earliest expiry day.
		as = Assess(r, dayOf(expiries[0]))
	}
	rec := SummaryRecord{Summary: Summary{
		ID: r.ID, Service: r.Service, Team: r.Team, Owner: r.Owner,
		TemplateID: r.Template.ID, TemplateVersion: r.Template.Version, TemplateTitle: r.Template.Title,
		Verdict: as.Verdict, State: h.StateOf(r),
		Answered: as.Answered, Total: as.Total, Blocking: len(as.Blocking), OpenActions: len(as.OpenActions),
		RequiredLeft: as.Standing.Left, Parked: as.Standing.Parked,
		Score:     as.Score,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}}
	for _, d := range expiries {
		after := Assess(r, dayOf(d).AddDate(0, 0, 1))
		rec.Changes = append(rec.Changes, VerdictChange{After: d, Verdict: after.Verdict, Blocking: len(after.Blocking), Left: after.Standing.Left})
	}
	rec.Standing = rec.FullStanding().Kind
	return rec
}

// waiverExpiries returns the distinct expiry dates of the waivers the
// assessment counts (those of failing and partial answers), in order. Which
// waivers count does not depend on the date; whether they are in force does.
func waiverExpiries(as Assessment) []Date {
	var out []Date
	for _, w := range as.Waivers {
		if w.Waiver != nil && w.Waiver.Expires.Valid() && w.Waiver.Expires != "" {
			out = append(out, w.Waiver.Expires)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dayOf is the start of day d in UTC: a time whose date, as Assess reads
// it, is d. d must be valid.
func dayOf(d Date) time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// At returns the summary as of now: the verdict and blocking count of the
// last waiver expiry that has passed, and the next expiry still ahead.
func (rec *SummaryRecord) At(now time.Time) Summary {
	sum := rec.Summary
	for _, c := range rec.Changes {
		if !c.After.Before(now) {
			sum.VerdictUntil = c.After
			break
		}
		sum.Verdict, sum.Blocking, sum.RequiredLeft = c.Verdict, c.Blocking, c.Left
	}
	sum.Standing = sum.FullStanding().Kind
	return sum
}
