package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/prr-dev/prr/review"
)

// writer makes up what one team says about one service, deterministically
// from a seed: statuses in realistic proportions, notes, evidence links,
// action items with owners and due dates, and waivers on a few failures.
type writer struct {
	rng *rand.Rand
}

func newWriter(seed uint64) *writer {
	return &writer{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

func pick[T any](w *writer, list []T) T { return list[w.rng.IntN(len(list))] }

// meta describes a review of service: its team, owner and the people in
// the meeting (a data protection officer in one review of three).
func (w *writer) meta(service string) review.Meta {
	owner := pick(w, people)
	m := review.Meta{Service: service, Team: pick(w, teams), Owner: owner}
	m.Participants = []review.Participant{{Name: owner, Role: "owner"}}
	for _, role := range []string{"sre", "security", "dpo"} {
		if role == "dpo" && w.rng.IntN(3) > 0 {
			continue
		}
		m.Participants = append(m.Participants, review.Participant{Name: pick(w, people), Role: role})
	}
	return m
}

// answer is what the meeting decided about one item on day at.
func (w *writer) answer(it review.Item, service string, at time.Time) review.Answer {
	var a review.Answer
	switch p := w.rng.IntN(100); {
	case p < 70:
		a.Status = review.Pass
	case p < 82:
		a.Status = review.Partial
	case p < 92:
		a.Status = review.Fail
	default:
		a.Status = review.NA
	}
	if a.Status == review.NA {
		a.Note = pick(w, naReasons)
		return a
	}
	if w.rng.IntN(100) < 60 {
		a.Note = pick(w, notes)
		if w.rng.IntN(3) == 0 {
			a.Note += "\n\n" + pick(w, notes)
		}
	}
	for range w.rng.IntN(3) {
		a.Evidence = append(a.Evidence, fmt.Sprintf(pick(w, evidenceLinks), service))
	}
	if a.Status == review.Partial || a.Status == review.Fail {
		due := at.AddDate(0, 0, 14+w.rng.IntN(90))
		a.Actions = append(a.Actions, review.Action{
			Text: pick(w, actionTexts), Owner: pick(w, people),
			Due: review.Today(due), Done: w.rng.IntN(4) == 0,
		})
	}
	if a.Status == review.Fail && it.Required && w.rng.IntN(2) == 0 {
		a.Waiver = &review.Waiver{Reason: pick(w, waiverReasons), AcceptedBy: pick(w, people),
			Expires: review.Today(at.AddDate(0, 6+w.rng.IntN(12), 0))}
	}
	return a
}

// decision is how one participant signs a finished review.
func (w *writer) decision() (review.Decision, string) {
	switch p := w.rng.IntN(100); {
	case p < 75:
		return review.Approve, pick(w, signoffComments)
	case p < 95:
		return review.ApproveWithConditions, "Approved on condition the open action items are done before GA."
	default:
		return review.Reject, "Not yet: restore has never been tested."
	}
}
