package review

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Suggestion is the answer an assessment computes for an item the
// template says it feeds (TemplateAssessments): the skill matrix for the
// bus-factor item, for instance. A suggestion is never an answer by
// itself: the facilitator accepts it (Edits), or answers otherwise and
// says why in the note. If the assessment changes after that, the stored
// answer stays, and Disagrees says it no longer matches.
type Suggestion struct {
	From   AssessmentKind
	Status Status
	// Reason says in one line what the assessment found; accepting the
	// suggestion makes it the answer's note.
	Reason string
	// Evidence is added to the answer on acceptance (the DPIA document).
	Evidence []string
}

// Suggest computes the suggested answer for an item, if an assessment
// feeds it and has enough to say. asOf decides which risk acceptances are
// in force.
func Suggest(r *Review, itemID string, asOf time.Time) (Suggestion, bool) {
	k, ok := r.Template.FedBy(itemID)
	if !ok {
		return Suggestion{}, false
	}
	switch k {
	case AssessSkills:
		return suggestSkills(r)
	case AssessRisks:
		return suggestRisks(r, asOf)
	case AssessDPIA:
		return suggestDPIA(r)
	case AssessRunbooks:
		return suggestRunbooks(r)
	}
	return Suggestion{}, false
}

// Edits are the changes that accept the suggestion: its status, and its
// reason as the note.
func (s Suggestion) Edits() Edits {
	es := Edits{SetStatus(s.Status), SetNote(s.Reason)}
	for _, e := range s.Evidence {
		es = append(es, AddEvidence(e))
	}
	return es
}

// Disagrees reports whether an answer given differs from the suggestion.
// An unanswered item does not disagree; it waits.
func (s Suggestion) Disagrees(a Answer) bool {
	return a.Status != "" && a.Status != Unanswered && a.Status != s.Status
}

// Accepted reports whether the answer is the suggestion as it stands now:
// its status and its reason.
func (s Suggestion) Accepted(a Answer) bool {
	for _, e := range s.Evidence {
		if !slices.Contains(a.Evidence, e) {
			return false
		}
	}
	return a.Status == s.Status && strings.TrimSpace(a.Note) == s.Reason
}

func suggestSkills(r *Review) (Suggestion, bool) {
	rep := BusFactors(r)
	if !rep.Filled || len(rep.Areas) == 0 {
		return Suggestion{}, false
	}
	below := rep.Below()
	s := Suggestion{From: AssessSkills}
	if len(below) == 0 {
		s.Status = Pass
		s.Reason = fmt.Sprintf("Skill matrix: all %d knowledge areas have at least %d people who can work in them alone.", len(rep.Areas), rep.Threshold)
		return s, true
	}
	var parts []string
	for _, a := range below {
		parts = append(parts, a.Area.Title+" ("+holdersText(a.Holders)+")")
	}
	s.Status = Fail
	s.Reason = fmt.Sprintf("Skill matrix: %d of %d knowledge areas have fewer than %d people who can work in them alone: %s.",
		len(below), len(rep.Areas), rep.Threshold, strings.Join(parts, "; "))
	return s, true
}

// holdersText names who holds an area: "nobody", "only Kari", "Kari, Ola".
func holdersText(h []string) string {
	switch len(h) {
	case 0:
		return "nobody"
	case 1:
		return "only " + h[0]
	}
	return strings.Join(h, ", ")
}

// HoldersText is holdersText for the front ends.
func HoldersText(h []string) string { return holdersText(h) }
