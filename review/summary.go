package review

import (
	"cmp"
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
	// SignedAt is when the review became signed off as it stands (its last
	// current approval); the zero time if it is not signed off.
	SignedAt time.Time `json:"signed_at,omitzero"`
	// ValidFor is how long the review stays valid once signed off: its
	// template's valid_for in the stored record, and in a listing (At)
	// the valid_for setting where the template has none.
	ValidFor Period `json:"valid_for,omitempty"`
	// NextDeadline is the earliest due date of an open action item or
	// expiry date of a waiver the verdict counts (one on a shortfall),
	// passed or not: prr due reads a review only when this falls within
	// its horizon.
	NextDeadline Date `json:"next_deadline,omitempty"`
	// ValidUntil and Expired are the review's Renewal on the day of the
	// listing; neither is stored.
	ValidUntil Date `json:"valid_until,omitempty"`
	Expired    bool `json:"expired,omitempty"`
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
//
// The review's own renewal date is the other way a listing changes with
// the date: the record keeps when the review was signed off and its
// template's valid_for, and At reads the renewal from them on the day of
// the listing (RenewalAt), so that an expired review lists as expired
// without the record being written again.
type SummaryRecord struct {
	Summary // VerdictUntil, ValidUntil and Expired are not stored: At derives them
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
	state, signed := h.stateSigned(r)
	rec := SummaryRecord{Summary: Summary{
		ID: r.ID, Service: r.Service, Team: r.Team, Owner: r.Owner,
		TemplateID: r.Template.ID, TemplateVersion: r.Template.Version, TemplateTitle: r.Template.Title,
		Verdict: as.Verdict, State: state, SignedAt: signed, ValidFor: r.Template.ValidFor,
		Answered: as.Answered, Total: as.Total, Blocking: len(as.Blocking), OpenActions: len(as.OpenActions),
		RequiredLeft: as.Standing.Left, Parked: as.Standing.Parked,
		Score:     as.Score,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}}
	rec.NextDeadline = nextDeadline(r)
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

// nextDeadline is the earliest date an open action item is due or a
// waiver on a shortfall expires (dueWaivers), in r. Neither depends on the
// date.
func nextDeadline(r *Review) Date {
	var first Date
	consider := func(d Date) {
		if d != "" && d.Valid() && (first == "" || d < first) {
			first = d
		}
	}
	for _, a := range r.Answers {
		for _, ac := range a.Actions {
			if !ac.Done {
				consider(ac.Due)
			}
		}
	}
	for _, w := range dueWaivers(r) {
		consider(w.Waiver.Expires)
	}
	return first
}

// dayOf is the start of day d in UTC: a time whose date, as Assess reads
// it, is d. d must be valid.
func dayOf(d Date) time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// At returns the summary as of now: the verdict and blocking count of the
// last waiver expiry that has passed, the next expiry still ahead, and
// the review's renewal, with def as the period of validity where its
// template has none (the valid_for setting).
func (rec *SummaryRecord) At(now time.Time, def Period) Summary {
	sum := rec.Summary
	sum.ValidFor = cmp.Or(sum.ValidFor, def)
	rn := RenewalAt(sum.SignedAt, sum.ValidFor, now)
	sum.ValidUntil, sum.Expired = rn.ValidUntil, rn.Expired
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
