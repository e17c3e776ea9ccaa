package review

import (
	"fmt"
	"slices"
	"time"
)

// SectionScore is how one section of a review stands.
type SectionScore struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Total    int    `json:"total"`
	Answered int    `json:"answered"`
	Passed   int    `json:"passed"`
	Partial  int    `json:"partial"`
	Failed   int    `json:"failed"`
	NA       int    `json:"na"`
	// Points counts a pass as 1 and a partial as 1/2; n/a items are left out
	// of both the points and the possible points.
	Points   float64 `json:"points"`
	Possible int     `json:"possible"`
	Blocking int     `json:"blocking"`
}

// Percent is the section's score from 0 to 100. A section whose items are
// all n/a scores 100: nothing in it is missing.
func (s SectionScore) Percent() float64 { return percent(s.Points, s.Possible) }

func percent(points float64, possible int) float64 {
	if possible == 0 {
		return 100
	}
	return 100 * points / float64(possible)
}

// Finding is one item that matters for the verdict, with its answer.
type Finding struct {
	Section string  `json:"section"`
	Item    Item    `json:"-"`
	ItemID  string  `json:"item"`
	Title   string  `json:"title"`
	Status  Status  `json:"status"`
	Reason  string  `json:"reason"`
	Waiver  *Waiver `json:"waiver,omitempty"`
	Expired bool    `json:"expired,omitempty"`
	// Parked is the item's parking, if it is parked.
	Parked *Parking `json:"parked,omitempty"`
	// Required says whether the item is required (blocking).
	Required bool `json:"required,omitempty"`
	// ToConfirm: the answer was carried over and is not confirmed yet, so
	// it counts as unanswered (Status is the status carried over).
	ToConfirm bool `json:"to_confirm,omitempty"`
}

// OpenAction is an action item not yet done.
type OpenAction struct {
	ItemID  string `json:"item"`
	Title   string `json:"title"`
	Index   int    `json:"index"`
	Action  Action `json:"action"`
	Overdue bool   `json:"overdue,omitempty"`
}

// Assessment is everything derived from a review's answers at one moment.
type Assessment struct {
	Verdict  Verdict        `json:"verdict"`
	Reasons  []string       `json:"reasons"`
	Score    float64        `json:"score"`
	Total    int            `json:"total"`
	Answered int            `json:"answered"`
	Sections []SectionScore `json:"sections"`
	// Blocking are the required items that keep the review blocked.
	Blocking []Finding `json:"blocking,omitempty"`
	// Conditions are the non-blocking shortfalls: failing or partial
	// optional items, and optional items not yet answered.
	Conditions  []Finding    `json:"conditions,omitempty"`
	OpenActions []OpenAction `json:"open_actions,omitempty"`
	Waivers     []Finding    `json:"waivers,omitempty"`
	// Parked are the items on the parking lot, in template order.
	Parked []Finding `json:"parked,omitempty"`
	// Standing says where the review stands in words a meeting uses: not
	// started, in progress, blocked, ready with conditions or ready,
	// with the counts that matter (StandingOf).
	Standing Standing `json:"standing"`
	// Level is the highest maturity level whose items, and those of every
	// lower level, all pass (or are n/a or waived); 0 if level 1 is not met.
	Level int `json:"level"`
}

// Progress is the share of items answered, from 0 to 1.
func (a Assessment) Progress() float64 {
	if a.Total == 0 {
		return 1
	}
	return float64(a.Answered) / float64(a.Total)
}

// WaiverActive reports whether a waiver still counts on the day of now.
func WaiverActive(w *Waiver, now time.Time) bool {
	return w != nil && !w.Expires.Before(now)
}

// Satisfied reports whether an answer meets its item's bar: a pass, an n/a,
// or a shortfall whose risk was accepted by a waiver still in force.
func Satisfied(a Answer, now time.Time) bool {
	switch a.Status {
	case Pass, NA:
		return true
	case Fail, Partial:
		return WaiverActive(a.Waiver, now)
	}
	return false
}

// Assess scores a review and derives its verdict as of now.
//
// An answer still to confirm (Answer.ToConfirm) counts as unanswered: in
// the score, the level, the verdict and the answered count. Its open
// action items are open all the same.
//
// The verdict is blocked when a required item is unanswered or parked, or
// fails or is partial without a waiver in force; ready-with-conditions when
// the required items are fine but something else falls short (a failing,
// partial, unanswered or parked optional item, an open action item, a
// waiver in force); and ready otherwise. Standing says which kind of
// blocked it is: not finished, or failing.
func Assess(r *Review, now time.Time) Assessment {
	var as Assessment
	var points float64
	var possible int
	levelMet := map[int]bool{1: true, 2: true, 3: true}
	for _, s := range r.Template.Sections {
		ss := SectionScore{ID: s.ID, Title: s.Title, Total: len(s.Items)}
		for _, it := range s.Items {
			given := r.Answer(it.ID)
			a := given
			if a.ToConfirm {
				a = Answer{Status: Unanswered}
			}
			as.Total++
			if a.Status != Unanswered && a.Status != "" {
				ss.Answered++
				as.Answered++
			}
			switch a.Status {
			case Pass:
				ss.Passed++
				ss.Points++
			case Partial:
				ss.Partial++
				ss.Points += 0.5
			case Fail:
				ss.Failed++
			case NA:
				ss.NA++
			}
			if a.Status != NA {
				ss.Possible++
			}
			ok := Satisfied(a, now)
			parking, parked := r.Meeting.Parked[it.ID]
			if !ok {
				for l := max(it.Level, 1); l <= 3; l++ {
					levelMet[l] = false
				}
			}
			f := Finding{Section: s.Title, Item: it, ItemID: it.ID, Title: it.Title, Status: a.Status, Waiver: a.Waiver, Required: it.Required}
			if given.ToConfirm {
				f.Status, f.Waiver, f.ToConfirm = given.Status, given.Waiver, true
			}
			if parked {
				p := parking
				f.Parked = &p
				pf := f
				pf.Reason = "parked"
				if p.Note != "" {
					pf.Reason += ": " + p.Note
				}
				as.Parked = append(as.Parked, pf)
			}
			if a.Waiver != nil && (a.Status == Fail || a.Status == Partial) {
				wf := f
				wf.Expired = !WaiverActive(a.Waiver, now)
				wf.Reason = "risk accepted by " + a.Waiver.AcceptedBy + " until " + string(a.Waiver.Expires)
				if wf.Expired {
					wf.Reason = "waiver expired on " + string(a.Waiver.Expires)
				}
				as.Waivers = append(as.Waivers, wf)
			}
			switch {
			case it.Required && !ok && f.ToConfirm:
				f.Reason = "required item carried over from the last review, not confirmed yet"
				as.Blocking = append(as.Blocking, f)
				ss.Blocking++
			case it.Required && !ok:
				f.Reason = blockReason(a, now)
				as.Blocking = append(as.Blocking, f)
				ss.Blocking++
				if a.Status == Fail || a.Status == Partial {
					as.Standing.Failing++
				} else {
					as.Standing.Left++
				}
			case it.Required && parked:
				f.Reason = "required item is parked"
				if parking.Note != "" {
					f.Reason += ": " + parking.Note
				}
				as.Blocking = append(as.Blocking, f)
				ss.Blocking++
				as.Standing.Left++
			case !it.Required && (a.Status == Fail || a.Status == Partial) && !WaiverActive(a.Waiver, now):
				f.Reason = "optional item is " + string(a.Status)
				as.Conditions = append(as.Conditions, f)
			case !it.Required && f.ToConfirm:
				f.Reason = "optional item carried over from the last review, not confirmed yet"
				as.Conditions = append(as.Conditions, f)
			case !it.Required && (a.Status == Unanswered || a.Status == ""):
				f.Reason = "optional item not answered"
				as.Conditions = append(as.Conditions, f)
			case !it.Required && parked:
				f.Reason = "optional item is parked"
				as.Conditions = append(as.Conditions, f)
			}
			for i, ac := range given.Actions {
				if !ac.Done {
					as.OpenActions = append(as.OpenActions, OpenAction{ItemID: it.ID, Title: it.Title, Index: i, Action: ac, Overdue: ac.Due.Before(now)})
				}
			}
		}
		points += ss.Points
		possible += ss.Possible
		as.Sections = append(as.Sections, ss)
	}
	as.Score = percent(points, possible)
	for l := 1; l <= 3 && levelMet[l]; l++ {
		as.Level = l
	}
	activeWaivers := 0
	for _, w := range as.Waivers {
		if !w.Expired {
			activeWaivers++
		}
	}
	switch {
	case len(as.Blocking) > 0:
		as.Verdict = Blocked
		as.Reasons = append(as.Reasons, plural(len(as.Blocking), "required item is", "required items are")+" not met")
	case len(as.Conditions) > 0 || len(as.OpenActions) > 0 || activeWaivers > 0:
		as.Verdict = ReadyWithConditions
	default:
		as.Verdict = Ready
	}
	if n := len(as.Conditions); n > 0 {
		as.Reasons = append(as.Reasons, plural(n, "optional item is", "optional items are")+" not met")
	}
	if n := len(as.OpenActions); n > 0 {
		as.Reasons = append(as.Reasons, plural(n, "action item is", "action items are")+" open")
	}
	if activeWaivers > 0 {
		as.Reasons = append(as.Reasons, plural(activeWaivers, "waiver is", "waivers are")+" in force")
	}
	as.Standing = StandingOf(as.Verdict, as.Answered, as.Standing.Left, as.Standing.Failing, len(as.Parked))
	if n := as.ToConfirm(); n > 0 {
		as.Reasons = append(as.Reasons, plural(n, "answer carried over is", "answers carried over are")+" still to confirm")
	}
	return as
}

// ToConfirm counts the items whose answer was carried over and is not
// confirmed yet: they are among the blocking items and the conditions.
func (as Assessment) ToConfirm() int {
	n := 0
	for _, f := range slices.Concat(as.Blocking, as.Conditions) {
		if f.ToConfirm {
			n++
		}
	}
	return n
}

func blockReason(a Answer, now time.Time) string {
	switch {
	case a.Status == Unanswered || a.Status == "":
		return "required item not answered"
	case a.Waiver != nil && !WaiverActive(a.Waiver, now):
		return "required item is " + string(a.Status) + "; its waiver expired on " + string(a.Waiver.Expires)
	default:
		return "required item is " + string(a.Status) + " and not waived"
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
